import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const awsSdk = { group: ['@aws-sdk/*', '@smithy/*'], message: 'Only src/aws, src/collectors and src/sinks talk to the AWS SDK.' };
const impure = {
  group: ['**/src/aws/**', '**/src/collectors/**', '**/src/sinks/**', '**/src/cli/**', '**/src/engine/**', '**/lambda/**', 'node:*', 'pino', 'p-limit'],
  message: 'Checks are pure: import only src/model, src/policy and src/reach.',
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'cdk.out/**', 'coverage/**', '.ci/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/**/*.ts', 'lambda/**/*.ts', 'infra/**/*.ts', 'checks/**/*.ts'],
    ignores: ['src/aws/**', 'src/collectors/**', 'src/sinks/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [awsSdk] }] },
  },
  {
    files: ['checks/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [awsSdk, impure] }] },
  },
);

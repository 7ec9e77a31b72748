import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { afterAll, describe, expect, it } from 'vitest';
import { makeApp } from './helpers.js';

const outdirs: string[] = [];
afterAll(() => outdirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('cdk-nag AWS Solutions', () => {
  it.each([
    ['the defaults', {}],
    ['OUs, an ExternalId and an alarm email', { ous: 'ou-ab12-cdef3456', externalId: 'privapi-ext', alarmEmail: 'ops@example.com', rolePath: '/audit/' }],
  ])('GIVEN %s THEN both stacks have no unacknowledged errors or warnings', (_name, overrides) => {
    const { app, nag, hub, memberRole } = makeApp(overrides);
    const report = nag.validateScope(app);
    expect(report.violations.map((v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`)).toEqual([]);
    for (const stack of [hub, memberRole]) {
      expect(Annotations.fromStack(stack).findError('*', Match.stringLikeRegexp('AwsSolutions-.*'))).toEqual([]);
      expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*'))).toEqual([]);
    }
  });

  it('GIVEN a resource that breaks a rule THEN the pack reports it (the check above is not vacuous)', () => {
    const { app, nag, hub } = makeApp();
    new Bucket(Stack.of(hub), 'Unsafe');
    expect(nag.validateScope(app).violations.map((v) => v.ruleName)).toEqual(expect.arrayContaining(['AwsSolutions-S1', 'AwsSolutions-S10']));
  });

  it('GIVEN cdk.json\'s sample context WHEN infra/app.ts runs as `cdk synth` runs it THEN both stacks synthesize and each function has an ESM bundle', () => {
    // A child process, as the CLI runs the app: bundling spawns esbuild with the parent's stdio,
    // which vitest's worker threads do not have. CDK's built-in CloudFormation validation is
    // left to `npm run synth` (it adds 6 s).
    const outdir = mkdtempSync(join(tmpdir(), 'privapi-cdk-'));
    outdirs.push(outdir);
    // NodejsFunction runs the project's esbuild through `npx --no-install esbuild` (npm lock file);
    // npm's start-up costs seconds per function on a loaded machine, so a shim runs the same
    // node_modules/.bin binary with the same arguments.
    const shim = join(outdir, 'bin');
    mkdirSync(shim);
    writeFileSync(join(shim, 'npx'), `#!/bin/sh\n[ "$1" = "--no-install" ] && shift && exec "${join(process.cwd(), 'node_modules', '.bin')}/$@"\nexit 127\n`, { mode: 0o755 });
    const context = (JSON.parse(readFileSync('cdk.json', 'utf8')) as { context: unknown }).context;
    execFileSync(process.execPath, ['--import', 'tsx', 'infra/app.ts'], {
      env: { ...process.env, CDK_CONTEXT_JSON: JSON.stringify(context), CDK_OUTDIR: outdir, CDK_VALIDATION: 'false', PATH: `${shim}:${process.env.PATH ?? ''}` },
      stdio: 'pipe',
    });
    const assets = readdirSync(outdir).filter((f) => f.startsWith('asset.') && statSync(join(outdir, f)).isDirectory());
    expect(assets).toHaveLength(3);
    for (const asset of assets) {
      expect(readFileSync(join(outdir, asset, 'index.mjs'), 'utf8')).toContain('createRequire(import.meta.url)');
      expect(existsSync(join(outdir, asset, 'index.mjs.map'))).toBe(true);
    }
    expect(readdirSync(outdir).filter((f) => f.endsWith('.template.json')).sort()).toEqual(['PrivapiHubStack.template.json', 'PrivapiMemberRoleStackSetStack.template.json']);
  }, 60_000);
});

import { parsePolicy, parsePolicyValue, type PolicyDocument } from '../../src/policy/parse.js';

/** Parses a policy object or text, failing the test on a parse error. */
export function mustParse(input: unknown): PolicyDocument {
  const result = typeof input === 'string' ? parsePolicy(input) : parsePolicyValue(input);
  if (!result.ok) throw new Error(`parse failed at ${result.error.path}: ${result.error.message}`);
  return result.policy;
}

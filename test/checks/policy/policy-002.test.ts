import policy002 from '../../../checks/policy/policy-002.js';
import { describe, expect, it } from 'vitest';
import { resultsOf, testCheck } from '../../helpers/check-tester.js';
import { allow, api, apiArnOf, apiListingFailed, method, policyText, regionalApi, VPCE, VPC, world } from './fixtures.js';

const deny = (extra: Record<string, unknown>) => ({ Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*', ...extra });
const open = policyText(allow());

testCheck(policy002, {
  pass: [
    world([api('a1')]),
    world([api('a2', { policy: policyText(allow({ Condition: { StringEquals: { 'aws:SourceVpce': VPCE } } })) })]),
    world([api('a3', { policy: policyText(allow(), deny({ Condition: { StringNotEquals: { 'aws:sourcevpc': VPC } } })) })]),
  ],
  fail: [
    { snapshot: world([api('o1', { policy: open }), api('a1')]), findings: [{ resource: apiArnOf('o1'), messageId: 'open' }] },
    {
      snapshot: world([api('o2', { policy: policyText(allow(), deny({ Resource: 'execute-api:/prod/*', Condition: { StringNotEquals: { 'aws:SourceVpce': VPCE } } })) })]),
      findings: [{ resource: apiArnOf('o2'), messageId: 'open' }],
    },
    { snapshot: world([api('o3', { policy: policyText(allow({ Condition: { StringLike: { 'aws:SourceVpce': 'vpce-*' } } })) })]), findings: [{ resource: apiArnOf('o3'), messageId: 'open' }] },
    { snapshot: world([api('o4', { policy: policyText(allow({ Condition: { StringEquals: { 'aws:VpceOrgID': 'o-abc123defg' } } })) })]), findings: [{ resource: apiArnOf('o4'), messageId: 'open' }] },
    { snapshot: world([api('o5', { policy: open, resources: [{ id: 'r', path: '/', methods: [method('GET', 'NONE')] }] })]), findings: [{ resource: apiArnOf('o5'), messageId: 'openUnauthenticated' }] },
    { snapshot: world([api('o6', { policy: open, resources: undefined })]), findings: [{ resource: apiArnOf('o6'), messageId: 'openMethodsUnknown' }] },
  ],
  notApplicable: [world([regionalApi('r1'), api('n1', { policy: undefined })])],
  error: [apiListingFailed, world([api('bad', { policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Maybe"}]}' })])],
});

describe('POLICY-002 severity', () => {
  const severityOf = (resources: Parameters<typeof api>[1]) => resultsOf(policy002, world([api('s1', { policy: open, ...resources })])).find((r) => r.status === 'FAIL')?.severity;

  it('is CRITICAL when a method has authorization NONE, HIGH otherwise', () => {
    expect(severityOf({ resources: [{ id: 'r', path: '/', methods: [method('GET', 'NONE')] }] })).toBe('CRITICAL');
    expect(severityOf({})).toBe('HIGH');
  });

  it('ignores a CORS preflight and stays HIGH, saying so, when methods were not collected', () => {
    expect(severityOf({ resources: [{ id: 'r', path: '/', methods: [method('GET', 'AWS_IAM'), method('OPTIONS', 'NONE', { integration: { type: 'MOCK' } })] }] })).toBe('HIGH');
    const [result] = resultsOf(policy002, world([api('s2', { policy: open, resources: undefined })]));
    expect(result?.severity).toBe('HIGH');
    expect(result?.message).toMatch(/CRITICAL.*could not be checked/);
  });

  it('names the allowed endpoint on a PASS', () => {
    const [result] = resultsOf(policy002, world([api('a1')]));
    expect(result?.related.map((r) => r.arn)).toEqual([expect.stringContaining(VPCE)]);
  });
});

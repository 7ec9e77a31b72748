import policy003 from '../../../checks/policy/policy-003.js';
import { describe, expect, it } from 'vitest';
import { resultsOf, testCheck } from '../../helpers/check-tester.js';
import { ACCOUNT_A } from '../../helpers/snapshot-builder.js';
import { allow, api, apiArnOf, apiListingFailed, denyUnlessVpce, endpoint, policyText, regionalApi, VPCE, VPCE2, VPC, withService, world } from './fixtures.js';

const PARTNER_VPCE = 'vpce-0fffffffffffffff1';
const PARTNER_ACCOUNT = '999999999999';
const withPartnerVpce = policyText(allow(), denyUnlessVpce(VPCE, PARTNER_VPCE));

testCheck(policy003, {
  pass: [
    world([api('a1')]),
    // A deleted endpoint that is still listed belongs to the organization (POLICY-004's).
    world([api('a2', { policy: policyText(allow(), denyUnlessVpce(VPCE, VPCE2)) })], [endpoint(VPCE), endpoint(VPCE2, 'deleted')]),
    world([api('a3', { policy: policyText(allow({ Principal: { AWS: `arn:aws:iam::${ACCOUNT_A}:root` } }), { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*', Condition: { StringNotEquals: { 'aws:SourceVpc': VPC } } }) })]),
  ],
  fail: [
    { snapshot: world([api('x1', { policy: withPartnerVpce }), api('a1')]), findings: [{ resource: apiArnOf('x1'), messageId: 'outside' }] },
    { snapshot: world([api('x2', { policy: policyText(allow({ Principal: { AWS: PARTNER_ACCOUNT } }), denyUnlessVpce(VPCE)) })]), findings: [{ resource: apiArnOf('x2'), messageId: 'outside' }] },
    { snapshot: world([api('x3', { policy: policyText(allow({ Condition: { StringEquals: { 'aws:SourceVpc': 'vpc-0fffffffffffffff1' } } })) })]), findings: [{ resource: apiArnOf('x3'), messageId: 'outside' }] },
  ],
  notApplicable: [world([regionalApi('r1'), api('n1', { policy: undefined })])],
  error: [
    apiListingFailed,
    // The partner id may be an endpoint in the account whose EC2 inventory failed.
    withService(world([api('x1', { policy: withPartnerVpce })]), 'ec2', 'partial'),
    world([api('bad', { policy: 'not json' })]),
  ],
});

describe('POLICY-003 details', () => {
  it('names the outside id and not the organization endpoint', () => {
    const [result] = resultsOf(policy003, world([api('x1', { policy: withPartnerVpce })]));
    expect(result?.message).toContain(PARTNER_VPCE);
    expect(result?.message).not.toContain(VPCE);
  });

  it('reports ERROR for unknown ids in single-account mode', () => {
    const [result] = resultsOf(policy003, { ...world([api('x1', { policy: withPartnerVpce })]), mode: 'account' });
    expect(result?.status).toBe('ERROR');
  });
});

import policy004 from '../../../checks/policy/policy-004.js';
import { describe, expect, it } from 'vitest';
import { resultsOf, testCheck } from '../../helpers/check-tester.js';
import { allow, api, apiArnOf, apiListingFailed, denyUnlessVpce, endpoint, policyText, regionalApi, VPCE, VPCE2, withService, world } from './fixtures.js';

const withOld = policyText(allow(), denyUnlessVpce(VPCE, VPCE2));

testCheck(policy004, {
  pass: [
    world([api('a1')]),
    // An id found nowhere (with complete inventory) is outside the organization: POLICY-003's.
    world([api('a2', { policy: withOld })]),
  ],
  fail: [
    { snapshot: world([api('s1', { policy: withOld }), api('a1')], [endpoint(VPCE), endpoint(VPCE2, 'deleted')]), findings: [{ resource: apiArnOf('s1'), messageId: 'deletedEndpoints' }] },
    { snapshot: world([api('s2', { policy: withOld })], [endpoint(VPCE), endpoint(VPCE2, 'Deleted')]), findings: [{ resource: apiArnOf('s2'), messageId: 'deletedEndpoints' }] },
  ],
  notApplicable: [world([regionalApi('r1'), api('n1', { policy: undefined })])],
  error: [apiListingFailed, withService(world([api('u1', { policy: withOld })]), 'ec2', 'failed'), world([api('bad', { policy: '{"Statement":[]}' })])],
});

describe('POLICY-004 details', () => {
  it('relates the deleted endpoint', () => {
    const [result] = resultsOf(policy004, world([api('s1', { policy: withOld })], [endpoint(VPCE), endpoint(VPCE2, 'deleted')]));
    expect(result?.related.map((r) => r.arn)).toEqual([endpoint(VPCE2).arn]);
  });
});

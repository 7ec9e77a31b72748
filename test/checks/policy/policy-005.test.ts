import policy005 from '../../../checks/policy/policy-005.js';
import { describe, expect, it } from 'vitest';
import { resultsOf, testCheck } from '../../helpers/check-tester.js';
import { allow, api, apiArnOf, apiListingFailed, denyUnlessVpce, policyText, regionalApi, VPCE, world } from './fixtures.js';

const ip = (condition: Record<string, unknown>) => policyText(allow({ Condition: condition }), denyUnlessVpce(VPCE));

testCheck(policy005, {
  pass: [world([api('a1')]), world([api('a2', { policy: ip({ IpAddress: { 'aws:VpcSourceIp': ['10.0.0.0/8', '2001:db8::/32'] } }) })])],
  fail: [
    { snapshot: world([api('i1', { policy: ip({ IpAddress: { 'aws:SourceIp': '10.0.0.0/16' } }) }), api('a1')]), findings: [{ resource: apiArnOf('i1'), messageId: 'sourceIp' }] },
    { snapshot: world([api('i2', { policy: ip({ NotIpAddress: { 'aws:sourceip': ['10.0.0.0/16', '2001:db8::/32'] } }) })]), findings: [{ resource: apiArnOf('i2'), messageId: 'sourceIp' }] },
    { snapshot: world([api('i3', { policy: ip({ IpAddress: { 'aws:VpcSourceIp': '10.0.0.0/8' } }) })]), findings: [{ resource: apiArnOf('i3'), messageId: 'ipv4Only' }] },
  ],
  notApplicable: [world([regionalApi('r1'), api('n1', { policy: undefined })])],
  error: [apiListingFailed, world([api('bad', { policy: ip({ IpAddres: { 'aws:SourceIp': '10.0.0.0/16' } }) })])],
});

describe('POLICY-005 severity', () => {
  it('reports IPv4-only conditions at LOW (the catalog WARN)', () => {
    const [result] = resultsOf(policy005, world([api('i3', { policy: ip({ IpAddress: { 'aws:VpcSourceIp': '10.0.0.0/8' } }) })]));
    expect(result?.severity).toBe('LOW');
  });
});

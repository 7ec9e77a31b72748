import policy008 from '../../../checks/policy/policy-008.js';
import { describe, expect, it } from 'vitest';
import { resultsOf, testCheck } from '../../helpers/check-tester.js';
import { allow, api, apiArnOf, apiListingFailed, denyUnlessVpce, policyText, regionalApi, VPCE, world } from './fixtures.js';

const orgKey = (key: string) => policyText(allow({ Condition: { StringEquals: { [key]: 'o-abc123defg' } } }), denyUnlessVpce(VPCE));

testCheck(policy008, {
  pass: [world([api('a1')])],
  fail: [
    { snapshot: world([api('k1', { policy: orgKey('aws:VpceOrgID') }), api('a1')]), findings: [{ resource: apiArnOf('k1'), messageId: 'vpceOrgKeys' }] },
    { snapshot: world([api('k2', { policy: orgKey('aws:vpceorgpaths') }), api('k3', { policy: orgKey('aws:VpceAccount') })]), findings: [{ resource: apiArnOf('k2'), messageId: 'vpceOrgKeys' }, { resource: apiArnOf('k3'), messageId: 'vpceOrgKeys' }] },
  ],
  notApplicable: [world([regionalApi('r1'), api('n1', { policy: undefined })])],
  error: [apiListingFailed, world([api('bad', { policy: 'not json' })])],
});

describe('POLICY-008 details', () => {
  it('is informational and names the key as AWS spells it', () => {
    const [result] = resultsOf(policy008, world([api('k2', { policy: orgKey('aws:vpceorgpaths') })]));
    expect(result?.severity).toBe('INFORMATIONAL');
    expect(result?.message).toContain('aws:VpceOrgPaths');
  });
});

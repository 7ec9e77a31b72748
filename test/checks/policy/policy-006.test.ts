import policy006 from '../../../checks/policy/policy-006.js';
import { testCheck } from '../../helpers/check-tester.js';
import { ACCOUNT_A } from '../../helpers/snapshot-builder.js';
import { allow, api, apiArnOf, apiListingFailed, denyUnlessVpce, method, policyText, regionalApi, VPCE, world } from './fixtures.js';

const principalPolicy = policyText(allow({ Principal: { AWS: `arn:aws:iam::${ACCOUNT_A}:root` } }), denyUnlessVpce(VPCE));
const orgIdPolicy = policyText(allow({ Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123defg' } } }), denyUnlessVpce(VPCE));
const methods = (...list: ReturnType<typeof method>[]) => [{ id: 'r', path: '/items', methods: list }];

testCheck(policy006, {
  pass: [
    world([api('a1')]),
    world([api('a2', { policy: principalPolicy })]),
    // Token-authorized methods are fine while the policy names no principal.
    world([api('a3', { resources: methods(method('GET', 'COGNITO_USER_POOLS')) })]),
    world([api('a4', { policy: orgIdPolicy, resources: methods(method('GET', 'AWS_IAM'), method('OPTIONS', 'NONE', { integration: { type: 'MOCK' } })) })]),
  ],
  fail: [
    { snapshot: world([api('p1', { policy: principalPolicy, resources: methods(method('GET', 'COGNITO_USER_POOLS')) }), api('a1')]), findings: [{ resource: apiArnOf('p1'), messageId: 'principalsWithoutIam' }] },
    { snapshot: world([api('p2', { policy: orgIdPolicy, resources: methods(method('GET', 'AWS_IAM'), method('POST', 'CUSTOM')) })]), findings: [{ resource: apiArnOf('p2'), messageId: 'principalsWithoutIam' }] },
  ],
  notApplicable: [world([regionalApi('r1'), api('n1', { policy: undefined }), api('n2', { policy: principalPolicy, resources: [] })])],
  error: [
    apiListingFailed,
    world([api('m1', { policy: principalPolicy, resources: undefined })]),
    world([api('u1', { policy: principalPolicy, resources: methods(method('GET', 'UNKNOWN')) })]),
    world([api('bad', { policy: '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"execute-api:Invoke"}}' })]),
  ],
});

import vpce005 from '../../../checks/domains/vpce-005.js';
import { testCheck } from '../../helpers/check-tester.js';
import { ACCOUNT_B, endpoint, executeApi, failing, FULL_ACCESS, ORG, R1, regional, scopedEndpointPolicy, world, ACCOUNT_A } from './fixtures.js';

const scoped = scopedEndpointPolicy([`${executeApi(R1, ACCOUNT_A, 'abcde12345')}/*`]);
const withEndpoints = (...vpcEndpoints: ReturnType<typeof endpoint>[]) => world([regional(ACCOUNT_B, R1, { vpcEndpoints })]);
const full = endpoint('vpce-0full000000000001', { policyDocument: FULL_ACCESS });

testCheck(vpce005, {
  pass: [
    withEndpoints(endpoint('vpce-0scoped0000000001', { policyDocument: scoped })),
    // aws:ResourceOrgID is a resource restriction: no finding (answer key).
    withEndpoints(endpoint('vpce-0org00000000001', { policyDocument: scopedEndpointPolicy([`arn:aws:execute-api:${R1}:*:*`], { StringEquals: { 'aws:ResourceOrgID': ORG } }) })),
    // Full access with a condition is not the default policy.
    withEndpoints(endpoint('vpce-0cond0000000001', { policyDocument: JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG } } }] }) })),
  ],
  fail: [
    { snapshot: withEndpoints(full, endpoint('vpce-0scoped0000000001', { policyDocument: scoped })), findings: [{ resource: full.arn, messageId: 'fullAccess' }] },
    // A deleted endpoint is ignored.
    { snapshot: withEndpoints(full, endpoint('vpce-0deleted00000001', { state: 'deleted' })), findings: [{ resource: full.arn, messageId: 'fullAccess' }] },
  ],
  notApplicable: [withEndpoints(endpoint('vpce-0s3000000000001', { serviceName: 'com.amazonaws.us-east-1.s3', type: 'Gateway' }), endpoint('vpce-0gone0000000001', { state: 'Deleted' }))],
  error: [
    failing(withEndpoints(full), ACCOUNT_B, R1, 'ec2', 'DescribeVpcEndpoints'),
    // A policy that cannot be parsed is an ERROR naming the problem, never a PASS.
    withEndpoints(endpoint('vpce-0bad00000000001', { policyDocument: JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*', Condition: { StringEqulas: { 'aws:PrincipalOrgID': ORG } } }] }) })),
  ],
});

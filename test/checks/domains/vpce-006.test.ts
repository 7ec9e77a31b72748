import { describe, expect, it } from 'vitest';
import vpce006 from '../../../checks/domains/vpce-006.js';
import { resultsOf, testCheck } from '../../helpers/check-tester.js';
import { ACCOUNT_A, api, endpoint, executeApi, failing, method, ORG, R1, regional, scopedEndpointPolicy, world } from './fixtures.js';

const E = 'vpce-0e00000000000e001';
const apiResources = `${executeApi(R1, ACCOUNT_A, 'tok0000001')}/*`;
const orgPrincipals = scopedEndpointPolicy([apiResources], { StringEquals: { 'aws:PrincipalOrgID': ORG } });
const orgResources = scopedEndpointPolicy([`arn:aws:execute-api:${R1}:*:*`], { StringEquals: { 'aws:ResourceOrgID': ORG } });
const cognito = { resources: [{ id: 'r1', path: '/items', methods: [method('GET', 'COGNITO_USER_POOLS'), method('POST', 'AWS_IAM')] }] };

const scenario = (endpointPolicy: string, apiOverrides = {}, apiEndpoints = [E]) =>
  world([regional(ACCOUNT_A, R1, { vpcEndpoints: [endpoint(E, { accountId: ACCOUNT_A, policyDocument: endpointPolicy })], restApis: [api('tok0000001', apiEndpoints, { ...cognito, ...apiOverrides })] })]);
const E_ARN = endpoint(E, { accountId: ACCOUNT_A }).arn;

testCheck(vpce006, {
  pass: [
    // Restricting on resources (aws:ResourceOrgID) keeps anonymous token callers in (answer key).
    scenario(orgResources),
    // Principals restricted, but every reachable method is IAM-authorized.
    scenario(orgPrincipals, { resources: [{ id: 'r1', path: '/items', methods: [method('GET', 'AWS_IAM')] }] }),
    // Principals restricted and token methods, but the API's policy does not admit this endpoint.
    scenario(orgPrincipals, {}, ['vpce-0other00000000001']),
  ],
  fail: [
    { snapshot: scenario(orgPrincipals), findings: [{ resource: E_ARN, messageId: 'anonymousDenied' }] },
    {
      snapshot: scenario(JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT_A}:root` }, Action: 'execute-api:Invoke', Resource: apiResources }] })),
      findings: [{ resource: E_ARN, messageId: 'anonymousDenied' }],
    },
  ],
  notApplicable: [world([regional(ACCOUNT_A, R1, { vpcEndpoints: [endpoint('vpce-0s3000000000001', { accountId: ACCOUNT_A, serviceName: 'com.amazonaws.us-east-1.s3', type: 'Gateway' })] })])],
  error: [
    failing(scenario(orgPrincipals), ACCOUNT_A, R1, 'ec2', 'DescribeVpcEndpoints'),
    // The methods of a reachable API were not collected: whether they use tokens is unknown.
    scenario(orgPrincipals, { resources: undefined }),
    // The reachable API's policy cannot be parsed.
    scenario(orgPrincipals, { policy: '{"Statement": [{"Effect": "Allow"' }),
  ],
});

describe('VPCE-006 details', () => {
  it('names the denied methods and relates the API', () => {
    const [fail] = resultsOf(vpce006, scenario(orgPrincipals)).filter((r) => r.status === 'FAIL');
    expect(fail?.message).toContain('GET /items [COGNITO_USER_POOLS]');
    expect(fail?.message).not.toContain('POST');
    expect(fail?.related.map((r) => r.arn)).toEqual([api('tok0000001', [E]).arn]);
    expect(fail?.severity).toBe('HIGH');
  });
});

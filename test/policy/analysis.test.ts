import { describe, expect, it } from 'vitest';
import { endpointPolicyProfile, invokeAccess } from '../../src/policy/analysis.js';
import type { ApiRef } from '../../src/policy/execute-api.js';
import { parsePolicy } from '../../src/policy/parse.js';
import {
  allowInvoke,
  apiGatewayPolicyText,
  denyUnlessSourceVpce,
  endpointPolicyFor,
  FULL_ACCESS_ENDPOINT_POLICY,
  policy,
  privateApiPolicy,
  type PolicyDocument as GeneratedPolicy,
} from '../../src/aws/simulation/generator/apigateway/policies.js';
import { mustParse } from './helpers.js';

const api: ApiRef = { partition: 'aws', region: 'us-east-1', accountId: '111122223333', apiId: 'abcde12345' };
const executeArn = 'arn:aws:execute-api:us-east-1:111122223333:abcde12345';
const resource = `${executeArn}/*`;
const VPCE = 'vpce-0a1b2c3d4e5f60718';
const VPCE2 = 'vpce-0ffeeddccbbaa9988';
const VPC = 'vpc-0123456789abcdef0';
const ORG = 'o-a1b2c3d4e5';

/** Round-trips a generated policy through the text API Gateway returns, as checks will see it. */
function fromApiGateway(doc: GeneratedPolicy) {
  return mustParse(apiGatewayPolicyText(doc));
}

const statement = (extra: Record<string, unknown>) => ({ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*', ...extra });

describe('invokeAccess: which sources can invoke', () => {
  it.each([
    ['allow * with no condition is open', [statement({})], { anyEndpoint: true, allowedEndpoints: [], allowedVpcs: [] }],
    ['allow only from listed endpoints', [statement({ Condition: { StringEquals: { 'aws:SourceVpce': [VPCE, VPCE2] } } })], { anyEndpoint: false, allowedEndpoints: [VPCE, VPCE2] }],
    ['allow + deny unless SourceVpce', [statement({}), statement({ Effect: 'Deny', Condition: { StringNotEquals: { 'aws:SourceVpce': VPCE } } })], { anyEndpoint: false, allowedEndpoints: [VPCE] }],
    ['allow + deny unless SourceVpc', [statement({}), statement({ Effect: 'Deny', Condition: { StringNotEquals: { 'aws:SourceVpc': VPC } } })], { anyEndpoint: false, allowedVpcs: [VPC], allowedEndpoints: [] }],
    ['operator and key case do not matter', [statement({}), statement({ Effect: 'Deny', Condition: { stringnotequals: { 'aws:sourceVPCE': VPCE } } })], { anyEndpoint: false, allowedEndpoints: [VPCE] }],
    ['StringLike "vpce-*" is no restriction', [statement({ Condition: { StringLike: { 'aws:SourceVpce': 'vpce-*' } } })], { anyEndpoint: true }],
    ['deny limited to one stage leaves the rest open', [statement({}), statement({ Effect: 'Deny', Resource: 'execute-api:/prod/*', Condition: { StringNotEquals: { 'aws:SourceVpce': VPCE } } })], { anyEndpoint: true, allowedEndpoints: [VPCE] }],
    ['allow limited to one stage, deny covering it', [statement({ Resource: 'execute-api:/prod/*' }), statement({ Effect: 'Deny', Condition: { StringNotEquals: { 'aws:SourceVpce': VPCE } } })], { anyEndpoint: false, allowedEndpoints: [VPCE] }],
    ['deny on another action does not restrict', [statement({}), statement({ Effect: 'Deny', Action: 'execute-api:ManageConnections', Condition: { StringNotEquals: { 'aws:SourceVpce': VPCE } } })], { anyEndpoint: true }],
    ['deny with StringNotEqualsIfExists still restricts private traffic', [statement({}), statement({ Effect: 'Deny', Condition: { StringNotEqualsIfExists: { 'aws:SourceVpce': VPCE } } })], { anyEndpoint: false, allowedEndpoints: [VPCE] }],
    ['source IP alone is no endpoint restriction', [statement({ Condition: { IpAddress: { 'aws:VpcSourceIp': '10.0.0.0/8' } } })], { anyEndpoint: true, ipv4OnlyIpConditions: true, usesSourceIp: false }],
    ['aws:VpceOrgID alone is no restriction', [statement({ Condition: { StringEquals: { 'aws:VpceOrgID': ORG } } })], { anyEndpoint: true, usesVpceOrgKeys: true }],
    ['allow for an action that is not invoke', [statement({ Action: 'execute-api:ManageConnections' })], { anyEndpoint: false }],
    ['allow for another API', [statement({ Resource: 'arn:aws:execute-api:us-east-1:111122223333:otherapi00/*' })], { anyEndpoint: false }],
    ['allow via NotResource excluding one stage', [statement({ Resource: undefined, NotResource: 'execute-api:/admin/*' })], { anyEndpoint: true }],
    ['deny via NotPrincipal for one account: others denied, that account open', [statement({}), { Effect: 'Deny', NotPrincipal: { AWS: '444455556666' }, Action: '*', Resource: '*' }], { anyEndpoint: true }],
    ['deny everything', [statement({}), statement({ Effect: 'Deny' })], { anyEndpoint: false, allowedEndpoints: [] }],
    ['dual-stack IP lists are not IPv4-only', [statement({ Condition: { IpAddress: { 'aws:VpcSourceIp': ['10.0.0.0/8', '2001:db8::/32'] }, StringEquals: { 'aws:SourceVpce': VPCE } } })], { anyEndpoint: false, ipv4OnlyIpConditions: false }],
  ])('%s', (_label, statements, expected) => {
    expect(invokeAccess(mustParse({ Version: '2012-10-17', Statement: statements }), api)).toMatchObject(expected);
  });

  it('lists AWS principals of Allow statements (documented cross-account example)', () => {
    const doc = mustParse({
      Statement: [
        { Effect: 'Allow', Principal: { AWS: ['arn:aws:iam::444455556666:role/developer', '444455556666'] }, Action: 'execute-api:Invoke', Resource: ['execute-api:/stage/GET/pets'] },
        { Effect: 'Deny', Principal: { AWS: '777788889999' }, Action: 'execute-api:Invoke', Resource: '*' },
      ],
    });
    const access = invokeAccess(doc, api);
    expect(access.awsPrincipals).toEqual(['arn:aws:iam::444455556666:role/developer', '444455556666']);
    expect(access.anyEndpoint).toBe(true);
  });

  it('reports aws:PrincipalOrgID and notes that it is chosen freely', () => {
    const access = invokeAccess(mustParse({ Statement: [statement({ Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG } } })] }), api);
    expect(access.usesPrincipalOrgId).toBe(true);
    expect(access.unsupported.join('\n')).toMatch(/PrincipalOrgID/);
  });

  it('notes wildcard endpoint patterns and policy variables instead of guessing', () => {
    const access = invokeAccess(
      mustParse({ Statement: [statement({ Condition: { StringLike: { 'aws:SourceVpce': 'vpce-0a1b*' }, StringEquals: { 'aws:userid': '${aws:username}' } } })] }),
      api,
    );
    expect(access.anyEndpoint).toBe(false);
    expect(access.allowedEndpoints).toEqual([]);
    expect(access.unsupported.length).toBeGreaterThanOrEqual(2);
  });

  it('is exact (no notes) for the documented private API policy', () => {
    expect(invokeAccess(fromApiGateway(privateApiPolicy(executeArn, [VPCE])), api).unsupported).toEqual([]);
  });
});

// The variants src/aws/simulation/generator builds (basic-private-api, cross-account-invocation,
// private-custom-domain), and what answer-key.ts says they mean for POLICY-002/005/006/008 and CDN-001.
describe('invokeAccess on the generator\'s policies', () => {
  const deny = denyUnlessSourceVpce(resource, [VPCE]);
  it.each([
    ['correct: privateApiPolicy', privateApiPolicy(executeArn, [VPCE]), { anyEndpoint: false, allowedEndpoints: [VPCE], usesSourceIp: false, usesVpceOrgKeys: false, awsPrincipals: [] }],
    ['correct: two endpoints (list form)', privateApiPolicy(executeArn, [VPCE, VPCE2]), { anyEndpoint: false, allowedEndpoints: [VPCE, VPCE2] }],
    ['POLICY-002 open-to-any-endpoint', policy(allowInvoke(resource)), { anyEndpoint: true }],
    ['POLICY-005 source-ip-condition', policy(allowInvoke(resource, { IpAddress: { 'aws:SourceIp': '10.1.0.0/16' } }), deny), { anyEndpoint: false, usesSourceIp: true, ipv4OnlyIpConditions: true }],
    ['POLICY-008 vpce-org-condition', policy(allowInvoke(resource, { StringEquals: { 'aws:VpceOrgID': ORG } }), deny), { anyEndpoint: false, usesVpceOrgKeys: true }],
    [
      'POLICY-006 iam-principal-with-token-auth',
      policy({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'execute-api:Invoke', Resource: resource }, deny),
      { anyEndpoint: false, awsPrincipals: ['arn:aws:iam::111122223333:root'], usesPrincipalOrgId: false },
    ],
    [
      'cross-account source-vpc-condition',
      policy(allowInvoke(resource), { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: resource, Condition: { StringNotEquals: { 'aws:SourceVpc': VPC } } }),
      { anyEndpoint: false, allowedVpcs: [VPC], allowedEndpoints: [] },
    ],
  ])('%s', (_label, doc, expected) => {
    expect(invokeAccess(fromApiGateway(doc), api)).toMatchObject(expected);
  });

  const domainArn = 'arn:aws:execute-api:us-east-1:111122223333:/domainnames/orders.corp.example.com+a1b2c3d4e5';
  it('CDN-001: the open domain policy admits any endpoint', () => {
    const access = invokeAccess(fromApiGateway(policy(allowInvoke(domainArn))), { executeArn: domainArn });
    expect(access.anyEndpoint).toBe(true);
  });
  it('CDN-001: the correct domain policy admits only the consumer endpoint (and a stale id is still listed)', () => {
    const access = invokeAccess(fromApiGateway(policy(allowInvoke(domainArn), denyUnlessSourceVpce(domainArn, [VPCE]))), { executeArn: domainArn });
    expect(access).toMatchObject({ anyEndpoint: false, allowedEndpoints: [VPCE] });
  });
});

describe('endpointPolicyProfile', () => {
  const parsed = (text: string) => {
    const result = parsePolicy(text);
    if (!result.ok) throw new Error(result.error.message);
    return endpointPolicyProfile(result.policy);
  };
  const otherApi = 'arn:aws:execute-api:us-east-1:111122223333:otherapi00';

  it('VPCE-005: EC2\'s default full-access policy', () => {
    const profile = parsed(FULL_ACCESS_ENDPOINT_POLICY);
    expect(profile).toMatchObject({ fullAccess: true, restrictsPrincipals: false });
    expect(profile.allowsInvoke(api)).toBe(true);
    expect(profile.allowsInvoke({ ...api, apiId: 'anything00' })).toBe(true);
  });

  it('an endpoint policy scoped to one API', () => {
    const profile = parsed(endpointPolicyFor([`${executeArn}/*`]));
    expect(profile).toMatchObject({ fullAccess: false, restrictsPrincipals: false });
    expect(profile.allowsInvoke(executeArn)).toBe(true);
    expect(profile.allowsInvoke(`${executeArn}/prod/GET/items`)).toBe(true);
    expect(profile.allowsInvoke(otherApi)).toBe(false);
    expect(profile.allowsInvoke(api, { principal: { type: 'anonymous' } })).toBe(true);
  });

  it('VPCE-006 endpoint-requires-org-principals: restricts principals, anonymous callers cannot invoke', () => {
    const profile = parsed(endpointPolicyFor([`${executeArn}/*`], { StringEquals: { 'aws:PrincipalOrgID': ORG } }));
    expect(profile).toMatchObject({ fullAccess: false, restrictsPrincipals: true });
    expect(profile.allowsInvoke(api)).toBe(true);
    expect(profile.allowsInvoke(api, { principal: { type: 'anonymous' }, context: { 'aws:principalorgid': undefined } })).toBe(false);
  });

  it('aws:ResourceOrgID (the network account\'s org-only policy) is neither full access nor a principal restriction', () => {
    const profile = parsed(endpointPolicyFor(['arn:aws:execute-api:us-east-1:*:*'], { StringEquals: { 'aws:ResourceOrgID': ORG } }));
    expect(profile).toMatchObject({ fullAccess: false, restrictsPrincipals: false });
    expect(profile.allowsInvoke(api)).toBe(true);
    expect(profile.allowsInvoke(api, { context: { 'aws:resourceorgid': 'o-someoneelse' } })).toBe(false);
    expect(profile.allowsInvoke({ ...api, region: 'eu-west-1' })).toBe(false);
  });

  it('an Allow naming AWS principals restricts principals', () => {
    const profile = endpointPolicyProfile(mustParse({ Statement: { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: '*', Resource: '*' } }));
    expect(profile).toMatchObject({ fullAccess: false, restrictsPrincipals: true });
    expect(profile.allowsInvoke(api, { principal: { type: 'anonymous' } })).toBe(false);
    expect(profile.allowsInvoke(api, { principal: { type: 'aws', accountId: '111122223333', arn: 'arn:aws:iam::111122223333:role/app' } })).toBe(true);
  });

  it('full access with a condition is not full access', () => {
    const profile = endpointPolicyProfile(mustParse({ Statement: { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalAccount': '111122223333' } } } }));
    expect(profile).toMatchObject({ fullAccess: false, restrictsPrincipals: true });
  });

  it('a Deny in the endpoint policy is honoured', () => {
    const profile = endpointPolicyProfile(
      mustParse({
        Statement: [
          { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' },
          { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: `${executeArn}/*` },
        ],
      }),
    );
    expect(profile.fullAccess).toBe(true);
    expect(profile.allowsInvoke(api)).toBe(false);
    expect(profile.allowsInvoke(otherApi)).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { evaluate, type PolicyRequest, type RequestPrincipal } from '../../src/policy/evaluate.js';
import { expandPolicyResources, type ApiRef } from '../../src/policy/execute-api.js';
import { mustParse } from './helpers.js';

const api: ApiRef = { partition: 'aws', region: 'us-east-1', accountId: '111122223333', apiId: 'abcde12345' };
const arn = (rest: string) => `arn:aws:execute-api:us-east-1:111122223333:abcde12345/${rest}`;
const anonymous: RequestPrincipal = { type: 'anonymous' };
const dev: RequestPrincipal = { type: 'aws', accountId: '444455556666', arn: 'arn:aws:iam::444455556666:role/developer' };

function policyFor(doc: unknown) {
  return expandPolicyResources(mustParse(doc), api);
}

function request(principal: RequestPrincipal, rest: string, context: PolicyRequest['context'] = {}, action = 'execute-api:Invoke'): PolicyRequest {
  return { principal, action, resource: arn(rest), context };
}

// AWS documented examples (apigateway-resource-policies-examples), with the shorthand API Gateway expands.
const crossAccount = policyFor({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: ['arn:aws:iam::444455556666:role/developer', 'arn:aws:iam::444455556666:role/Admin'] }, Action: 'execute-api:Invoke', Resource: ['execute-api:/stage/GET/pets'] }],
});
const denyUnlessVpce = policyFor({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: ['execute-api:/*'], Condition: { StringNotEquals: { 'aws:sourceVpce': 'vpce-1a2b3c4d' } } },
    { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: ['execute-api:/*'] },
  ],
});
const allowFromVpcs = policyFor({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: ['execute-api:/*'], Condition: { StringNotEquals: { 'aws:SourceVpc': ['vpc-1a2b3c4d', 'vpc-5e6f7a8b'] } } },
    { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: ['execute-api:/*'] },
  ],
});
const allowOnlyVpces = policyFor({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*', Condition: { StringEquals: { 'aws:SourceVpce': ['vpce-1', 'vpce-2'] } } }],
});
const denyVpcSourceIp = policyFor({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: ['execute-api:/*'] },
    { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: ['execute-api:/*'], Condition: { IpAddress: { 'aws:VpcSourceIp': ['192.0.2.0/24', '198.51.100.0/24'] } } },
  ],
});

describe('evaluate: documented examples', () => {
  it.each([
    ['cross-account role allowed on its method', crossAccount, request(dev, 'stage/GET/pets'), 'Allow'],
    ['cross-account role, other method', crossAccount, request(dev, 'stage/POST/pets'), 'ImplicitDeny'],
    ['cross-account: anonymous caller', crossAccount, request(anonymous, 'stage/GET/pets'), 'ImplicitDeny'],
    ['cross-account: other role of that account', crossAccount, request({ type: 'aws', accountId: '444455556666', arn: 'arn:aws:iam::444455556666:role/ops' }, 'stage/GET/pets'), 'ImplicitDeny'],
    ['deny unless SourceVpce: the endpoint', denyUnlessVpce, request(anonymous, 'prod/GET/x', { 'aws:sourcevpce': 'vpce-1a2b3c4d' }), 'Allow'],
    ['deny unless SourceVpce: another endpoint', denyUnlessVpce, request(anonymous, 'prod/GET/x', { 'aws:sourcevpce': 'vpce-9' }), 'ExplicitDeny'],
    ['deny unless SourceVpce: no endpoint at all', denyUnlessVpce, request(anonymous, 'prod/GET/x'), 'ExplicitDeny'],
    ['source VPCs: second VPC', allowFromVpcs, request(anonymous, 'prod/GET/x', { 'aws:sourcevpc': 'vpc-5e6f7a8b' }), 'Allow'],
    ['source VPCs: other VPC', allowFromVpcs, request(anonymous, 'prod/GET/x', { 'aws:sourcevpc': 'vpc-0' }), 'ExplicitDeny'],
    ['allow only from endpoints: listed', allowOnlyVpces, request(anonymous, 'prod/GET/x', { 'aws:sourcevpce': 'vpce-2' }), 'Allow'],
    ['allow only from endpoints: unlisted', allowOnlyVpces, request(anonymous, 'prod/GET/x', { 'aws:sourcevpce': 'vpce-3' }), 'ImplicitDeny'],
    ['VpcSourceIp deny: blocked range', denyVpcSourceIp, request(anonymous, 'prod/GET/x', { 'aws:vpcsourceip': '192.0.2.10' }), 'ExplicitDeny'],
    ['VpcSourceIp deny: other address', denyVpcSourceIp, request(anonymous, 'prod/GET/x', { 'aws:vpcsourceip': '10.0.0.1' }), 'Allow'],
  ])('%s', (_label, policy, req, expected) => {
    expect(evaluate(policy, req)).toBe(expected);
  });
});

describe('evaluate: statement elements', () => {
  const allowAll = { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' };
  it.each([
    ['explicit deny wins over allow', [allowAll, { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: arn('prod/*') }], anonymous, 'prod/GET/x', 'ExplicitDeny'],
    ['a deny on another stage leaves this one allowed', [allowAll, { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: arn('prod/*') }], anonymous, 'test/GET/x', 'Allow'],
    ['a deny on another action does not apply', [allowAll, { Effect: 'Deny', Principal: '*', Action: 'execute-api:ManageConnections', Resource: '*' }], anonymous, 'prod/GET/x', 'Allow'],
    ['no statement applies', [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: arn('prod/*') }], anonymous, 'test/GET/x', 'ImplicitDeny'],
    ['{"AWS":"*"} admits anonymous callers', [{ ...allowAll, Principal: { AWS: '*' } }], anonymous, 'prod/GET/x', 'Allow'],
    ['account id principal admits its roles', [{ ...allowAll, Principal: { AWS: '444455556666' } }], dev, 'prod/GET/x', 'Allow'],
    ['account root principal admits its roles', [{ ...allowAll, Principal: { AWS: 'arn:aws:iam::444455556666:root' } }], dev, 'prod/GET/x', 'Allow'],
    ['account principal does not admit anonymous', [{ ...allowAll, Principal: { AWS: '444455556666' } }], anonymous, 'prod/GET/x', 'ImplicitDeny'],
    ['service principal does not admit IAM callers', [{ ...allowAll, Principal: { Service: 'lambda.amazonaws.com' } }], dev, 'prod/GET/x', 'ImplicitDeny'],
    ['NotPrincipal deny spares the named account', [allowAll, { Effect: 'Deny', NotPrincipal: { AWS: '444455556666' }, Action: '*', Resource: '*' }], dev, 'prod/GET/x', 'Allow'],
    ['NotPrincipal deny hits anonymous', [allowAll, { Effect: 'Deny', NotPrincipal: { AWS: '444455556666' }, Action: '*', Resource: '*' }], anonymous, 'prod/GET/x', 'ExplicitDeny'],
    ['NotAction allow excludes the named action', [{ Effect: 'Allow', Principal: '*', NotAction: 'execute-api:Invoke', Resource: '*' }], anonymous, 'prod/GET/x', 'ImplicitDeny'],
    ['NotAction allow covers other actions', [{ Effect: 'Allow', Principal: '*', NotAction: 'execute-api:ManageConnections', Resource: '*' }], anonymous, 'prod/GET/x', 'Allow'],
    ['NotResource deny spares the named stage', [allowAll, { Effect: 'Deny', Principal: '*', Action: '*', NotResource: arn('public/*') }], anonymous, 'public/GET/x', 'Allow'],
    ['NotResource deny hits other stages', [allowAll, { Effect: 'Deny', Principal: '*', Action: '*', NotResource: arn('public/*') }], anonymous, 'prod/GET/x', 'ExplicitDeny'],
    ['aws:PrincipalAccount derived from the caller', [{ ...allowAll, Condition: { StringEquals: { 'aws:PrincipalAccount': '444455556666' } } }], dev, 'prod/GET/x', 'Allow'],
  ])('%s', (_label, statements, principal, rest, expected) => {
    expect(evaluate(policyFor({ Statement: statements }), request(principal, rest))).toBe(expected);
  });

  it('matches actions case-insensitively', () => {
    const policy = policyFor({ Statement: { Effect: 'Allow', Principal: '*', Action: 'EXECUTE-API:invoke', Resource: '*' } });
    expect(evaluate(policy, request(anonymous, 'prod/GET/x'))).toBe('Allow');
  });
});

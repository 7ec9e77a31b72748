import { itemMethods, cognitoAuthorizer, type AuthorizationType } from '../apigateway/methods.js';
import {
  allowInvoke,
  denyUnlessSourceVpce,
  endpointPolicyFor,
  FULL_ACCESS_ENDPOINT_POLICY,
  policy,
  privateApiPolicy,
  type PolicyDocument,
} from '../apigateway/policies.js';
import { createRestApi, executeApiArn } from '../apigateway/rest-api.js';
import type { SimRestApi } from '../../world.js';
import { createInterfaceEndpoint } from '../network/endpoints.js';
import { createSecurityGroup, createVpc, type RuleSpec } from '../network/vpc.js';
import { SERVICE_NAMES } from './services.js';
import { unexpectedCheck, type ArchitectureSpec, type InstanceContext } from './types.js';

/**
 * Whitepaper, "Basic architecture": EC2 instances and VPC Lambda functions call a private API
 * through an interface endpoint in their own VPC, found by private DNS. The endpoint's group
 * allows 443, the API's policy allows only that endpoint.
 */
export const basicPrivateApi: ArchitectureSpec = {
  kind: 'basic-private-api',
  description: 'a private API invoked from its own VPC through an execute-api endpoint with private DNS',
  workloadAccounts: 1,
  multiRegion: false,
  privateDns: true,
  variants: {
    correct: { breaks: [], description: 'IAM-authorized methods, policy and endpoint policy limited to each other' },
    // Without a policy every request is denied, and no client is named as intended: REACH-003 calls it dead.
    'no-resource-policy': { breaks: ['POLICY-001'], description: 'the private API has no resource policy' },
    'open-to-any-endpoint': { breaks: ['POLICY-002'], description: 'the policy allows anyone through any endpoint' },
    // The partner's endpoint is in no inventory: as an intended client it is cut off at the endpoint hop.
    'external-endpoint': {
      breaks: ['POLICY-003'],
      description: "the policy also allows a partner's endpoint outside the organization",
      reach: { status: 'unreachable', hop: 'endpoint' },
    },
    // The deleted endpoint is still listed, in the app VPC, which it names as intended once more: that VPC reaches the API.
    'deleted-endpoint': { breaks: ['POLICY-004'], description: 'the policy still allows the replaced, deleted endpoint' },
    // Through an endpoint aws:SourceIp is absent (aws:VpcSourceIp is set instead): the only Allow never matches.
    'source-ip-condition': {
      breaks: ['POLICY-005'],
      description: 'the policy tests aws:SourceIp, which the endpoint rewrites',
      reach: { status: 'unreachable', hop: 'resource-policy' },
    },
    // Callers with Cognito tokens are anonymous to IAM: an Allow for an IAM principal never matches them.
    'iam-principal-with-token-auth': {
      breaks: ['POLICY-006'],
      description: 'the policy allows an IAM principal while methods use a Cognito authorizer',
      reach: { status: 'unreachable', hop: 'resource-policy' },
    },
    // Whether execute-api sets aws:VpceOrgID is undocumented, so whether the only Allow matches cannot be told.
    'vpce-org-condition': { breaks: ['POLICY-008'], description: 'the policy adds an aws:VpceOrgID condition', reach: { status: 'unknown', hop: 'resource-policy' } },
    // These two lose the private DNS name only: the endpoint's public hostname (with a Host header) still works.
    'vpc-dns-hostnames-off': { breaks: ['DNS-001'], description: 'private DNS on the endpoint, enableDnsHostnames off in the VPC' },
    'custom-dns-servers': { breaks: ['DNS-002'], description: 'the VPC resolves through on-premises DNS servers, not AmazonProvidedDNS' },
    'public-api-alongside': { breaks: ['DNS-003'], description: 'a REGIONAL API in the same account and region, unreachable from the VPC', publicApi: true },
    'legacy-tls': { breaks: ['EP-001'], description: 'the API keeps the legacy TLS_1_2 security policy' },
    'endpoint-without-https': { breaks: ['VPCE-001'], description: "the endpoint's group allows only port 80", reach: { status: 'unreachable', hop: 'security-group' } },
    'endpoint-open-to-internet': { breaks: ['VPCE-002'], description: "the endpoint's group allows 443 from 0.0.0.0/0" },
    'endpoint-single-az': { breaks: ['VPCE-003'], description: 'the endpoint has one subnet' },
    'endpoint-failed': { breaks: ['VPCE-004'], description: 'the endpoint is in the failed state', reach: { status: 'unreachable', hop: 'endpoint' } },
    'endpoint-full-access-policy': { breaks: ['VPCE-005'], description: 'the endpoint keeps the default full-access policy' },
    // Token callers are anonymous, so aws:PrincipalOrgID is absent and the endpoint policy denies them.
    'endpoint-requires-org-principals': {
      breaks: ['VPCE-006'],
      description: 'the endpoint policy requires org principals while methods use Cognito tokens',
      reach: { status: 'unreachable', hop: 'endpoint-policy' },
    },
    'no-authorization': { breaks: ['AUTH-001'], description: 'methods with authorization NONE' },
    'missing-authorizer': {
      breaks: ['AUTH-002'],
      description: 'methods name a Lambda authorizer that was deleted',
      // Every method needs the authorizer, so every request fails before its integration.
      reach: { status: 'unreachable', hop: 'authorization' },
    },
    'execution-logging-off': { breaks: ['OPS-001'], description: 'stage execution logging OFF' },
    'no-access-logs': { breaks: ['OPS-002'], description: 'stage without access logging' },
    'data-trace-on': { breaks: ['OPS-003'], description: 'stage logs full request and response data' },
    'no-tracing-waf-or-cache-encryption': { breaks: ['OPS-004'], description: 'stage without X-Ray, WAF or cache encryption' },
    // A failed update leaves the last deployment serving.
    'api-failed': { breaks: ['OPS-005'], description: 'the API is in the FAILED state' },
  },
  build,
};

function build(ctx: InstanceContext): void {
  const { b, account, region } = ctx;
  const service = b.serviceName(account, b.rng.pick(SERVICE_NAMES));
  const vpc = createVpc(b, account, region, {
    name: `${service}-app`,
    enableDnsHostnames: !ctx.is('vpc-dns-hostnames-off'),
    ...(ctx.is('custom-dns-servers') && { customDnsServers: ['192.168.10.10', '192.168.10.11'] }),
  });
  const https: RuleSpec = { protocol: 'tcp', port: 443, cidr: vpc.cidr, description: 'HTTPS from the VPC' };
  const ingress: RuleSpec[] = ctx.is('endpoint-without-https')
    ? [{ ...https, port: 80, description: 'HTTP from the VPC' }]
    : ctx.is('endpoint-open-to-internet') ? [{ ...https, cidr: '0.0.0.0/0', description: 'HTTPS' }] : [https];
  const group = createSecurityGroup(b, vpc, ingress);

  const apiId = b.ids.apiId();
  const apiResources = `${executeApiArn(region, account, apiId)}/*`;
  const endpoint = createInterfaceEndpoint(b, vpc, {
    name: `${service}-execute-api`,
    privateDns: true,
    subnets: ctx.is('endpoint-single-az') ? vpc.subnets.slice(0, 1) : vpc.subnets,
    groupIds: [group],
    policy: ctx.is('endpoint-full-access-policy')
      ? FULL_ACCESS_ENDPOINT_POLICY
      : endpointPolicyFor([apiResources], ctx.is('endpoint-requires-org-principals') ? { StringEquals: { 'aws:PrincipalOrgID': b.org.organizationId } } : undefined),
    ...(ctx.is('endpoint-failed') && { state: 'failed', lastError: { Code: 'VpceInsufficientIpAddresses', Message: 'Insufficient free IP addresses in the subnet' } }),
  });

  const allowed = [endpoint.id];
  if (ctx.is('external-endpoint')) allowed.push(b.ids.ec2('vpce'));
  if (ctx.is('deleted-endpoint')) {
    const replaced = createInterfaceEndpoint(b, vpc, { name: `${service}-execute-api-old`, privateDns: true, subnets: vpc.subnets, groupIds: [group], policy: endpointPolicyFor([apiResources]), state: 'deleted' });
    allowed.push(replaced.id);
  }
  // The partner's endpoint external-endpoint adds: no client of the organization can use it.
  const stale = ctx.is('external-endpoint') ? allowed[1] : undefined;

  const tokenAuth = ctx.is('iam-principal-with-token-auth', 'endpoint-requires-org-principals');
  const authorizer = tokenAuth ? cognitoAuthorizer(b, account, region) : undefined;
  const authorization: AuthorizationType = tokenAuth ? 'COGNITO_USER_POOLS' : ctx.is('no-authorization') ? 'NONE' : ctx.is('missing-authorizer') ? 'CUSTOM' : 'AWS_IAM';
  // The deleted authorizer's id: still on the methods, gone from GetAuthorizers.
  const authorizerId = authorizer?.id ?? (ctx.is('missing-authorizer') ? b.ids.short(6) : undefined);

  const api = createRestApi(b, account, region, {
    id: apiId,
    name: service,
    type: 'PRIVATE',
    policy: ctx.is('no-resource-policy') ? undefined : (arn) => resourcePolicy(ctx, arn, allowed, vpc.cidr),
    methods: itemMethods(account, region, service, authorization, authorizerId),
    authorizers: authorizer ? [authorizer] : [],
  });
  breakApi(ctx, api.sim);

  if (ctx.is('public-api-alongside')) {
    const cognito = cognitoAuthorizer(b, account, region);
    createRestApi(b, account, region, {
      name: `${service}-partners`,
      type: 'REGIONAL',
      methods: itemMethods(account, region, `${service}-partners`, 'COGNITO_USER_POOLS', cognito.id),
      authorizers: [cognito],
    });
  }

  if (stale) ctx.expectReach(api, [stale], [vpc.id]);
  // A policy open to any endpoint singles out no client: every VPC of the region is one.
  else ctx.expectReach(api, ctx.is('open-to-any-endpoint', 'no-resource-policy') ? [] : [vpc.id]);

  ctx.expectBreaks((checkId) => {
    const at = (resource: string) => ({ accountId: account, region, resource });
    if (checkId.startsWith('POLICY') || checkId.startsWith('AUTH') || checkId === 'EP-001' || checkId === 'OPS-005') return at(api.arn);
    if (checkId.startsWith('OPS')) return at(api.stageArn());
    if (checkId.startsWith('VPCE')) return at(endpoint.arn);
    if (checkId.startsWith('DNS')) return at(vpc.arn);
    return unexpectedCheck(basicPrivateApi.kind, checkId);
  });
}

function resourcePolicy(ctx: InstanceContext, executeArn: string, allowed: string[], vpcCidr: string): PolicyDocument {
  const resource = `${executeArn}/*`;
  const deny = denyUnlessSourceVpce(resource, allowed);
  if (ctx.is('open-to-any-endpoint')) return policy(allowInvoke(resource));
  if (ctx.is('source-ip-condition')) return policy(allowInvoke(resource, { IpAddress: { 'aws:SourceIp': vpcCidr } }), deny);
  if (ctx.is('vpce-org-condition')) return policy(allowInvoke(resource, { StringEquals: { 'aws:VpceOrgID': ctx.b.org.organizationId } }), deny);
  if (ctx.is('iam-principal-with-token-auth')) {
    return policy({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ctx.account}:root` }, Action: 'execute-api:Invoke', Resource: resource }, deny);
  }
  return privateApiPolicy(executeArn, allowed);
}

function breakApi(ctx: InstanceContext, api: SimRestApi): void {
  const stage = api.stages[0];
  const settings = stage?.methodSettings?.['*/*'];
  if (!stage || !settings) return;
  if (ctx.is('legacy-tls')) {
    api.api.securityPolicy = 'TLS_1_2';
    api.api.endpointAccessMode = undefined;
  }
  if (ctx.is('api-failed')) {
    api.api.apiStatus = 'FAILED';
    api.api.apiStatusMessage = 'Deployment failed: the resource policy update could not be applied';
  }
  if (ctx.is('execution-logging-off')) settings.loggingLevel = 'OFF';
  if (ctx.is('no-access-logs')) stage.accessLogSettings = undefined;
  if (ctx.is('data-trace-on')) settings.dataTraceEnabled = true;
  if (ctx.is('no-tracing-waf-or-cache-encryption')) {
    stage.tracingEnabled = false;
    stage.webAclArn = undefined;
    settings.cacheDataEncrypted = false;
  }
}

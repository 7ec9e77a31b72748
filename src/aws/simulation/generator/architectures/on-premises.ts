import { cognitoAuthorizer, corsPreflight, itemMethods } from '../apigateway/methods.js';
import { endpointPolicyFor, privateApiPolicy } from '../apigateway/policies.js';
import { createRestApi, executeApiArn } from '../apigateway/rest-api.js';
import { createResolverEndpoint, forwardDomain } from '../dns/resolver.js';
import { dnsFrom, ON_PREMISES_TAG } from '../network-account.js';
import { createInterfaceEndpoint, type EndpointHandle } from '../network/endpoints.js';
import { createSecurityGroup, createVpc, ON_PREMISES_CIDR, type VpcHandle } from '../network/vpc.js';
import { SERVICE_NAMES } from './services.js';
import { unexpectedCheck, type ArchitectureSpec, type InstanceContext } from './types.js';

const OWN_VPC_VARIANTS = ['own-vpc-without-resolver', 'resolver-single-az', 'resolver-without-tcp-53'];

/**
 * Whitepaper, "On-premises architecture": a web application on premises calls a private API over
 * Direct Connect through an endpoint with private DNS off, by the API's Route 53 alias (the API is
 * associated with the endpoint) or by the endpoint's public DNS name; a Resolver inbound endpoint
 * answers on-premises forwarders. Methods use Cognito tokens; OPTIONS answers CORS preflights.
 */
export const onPremises: ArchitectureSpec = {
  kind: 'on-premises',
  description: 'on-premises clients over Direct Connect, Route 53 alias to the API and an inbound Resolver endpoint',
  workloadAccounts: 1,
  multiRegion: false,
  privateDns: false,
  variants: {
    correct: { breaks: [], description: "the API is associated with the network account's Direct Connect endpoint (Route 53 alias)" },
    'public-dns-hostname': { breaks: ['DNS-004'], description: "clients use the endpoint's public DNS name with a Host header; the API is not associated (WARN)" },
    'association-to-missing-endpoint': {
      breaks: ['DNS-004'],
      description: 'the API is also associated with an endpoint that no longer exists',
      reach: { status: 'unreachable', hop: 'endpoint' },
    },
    'own-vpc-without-resolver': { breaks: ['DNS-005'], description: "the team's own Direct Connect VPC has no inbound Resolver endpoint" },
    'resolver-single-az': { breaks: ['R53-007'], description: "the team's inbound Resolver endpoint has both addresses in one AZ" },
    'resolver-without-tcp-53': { breaks: ['R53-008'], description: "the team's inbound Resolver endpoint's group allows DNS over UDP only" },
    'forward-rule-overridden': { breaks: ['R53-009'], description: 'a client VPC forwards execute-api names to the hub resolver, but the rule association is overridden' },
  },
  build,
};

function build(ctx: InstanceContext): void {
  const { b, account, region } = ctx;
  const service = b.serviceName(account, b.rng.pick(SERVICE_NAMES));
  const apiId = b.ids.apiId();
  const own = ctx.is(...OWN_VPC_VARIANTS) ? ownDirectConnectVpc(ctx, service, `${executeApiArn(region, account, apiId)}/*`) : undefined;
  const endpoint = own?.endpoint ?? ctx.hub(region).onPremisesEndpoint;

  const associated = ctx.is('public-dns-hostname') ? undefined : [endpoint.id];
  const missing = ctx.is('association-to-missing-endpoint') ? b.ids.ec2('vpce') : undefined;
  if (missing) associated?.push(missing);
  const authorizer = cognitoAuthorizer(b, account, region);
  const api = createRestApi(b, account, region, {
    id: apiId,
    name: service,
    type: 'PRIVATE',
    policy: (arn) => privateApiPolicy(arn, [endpoint.id]),
    ...(associated && { vpcEndpointIds: associated }),
    methods: [corsPreflight('/items'), ...itemMethods(account, region, service, 'COGNITO_USER_POOLS', authorizer.id)],
    authorizers: [authorizer],
  });
  const ruleArn = ctx.is('forward-rule-overridden') ? forwardToHubResolver(ctx, service) : undefined;

  // The Resolver variants break how other networks find the endpoint: from its own VPC the
  // endpoint hostname and the Route 53 alias still resolve.
  if (missing) ctx.expectReach(api, [missing], [endpoint.vpc.id]);
  else ctx.expectReach(api, [endpoint.vpc.id]);

  ctx.expectBreaks((checkId) => {
    const at = (resource: string | undefined) => ({ accountId: account, region, resource: resource ?? '' });
    if (checkId === 'DNS-004') return at(api.arn);
    if (checkId === 'DNS-005') return at(own?.vpc.arn);
    if (checkId === 'R53-007' || checkId === 'R53-008') return at(own?.resolverArn);
    if (checkId === 'R53-009') return at(ruleArn);
    return unexpectedCheck(onPremises.kind, checkId);
  });
}

/** A team that built its own Direct Connect VPC instead of using the network account's. */
function ownDirectConnectVpc(ctx: InstanceContext, service: string, apiResources: string): { vpc: VpcHandle; endpoint: EndpointHandle; resolverArn?: string } {
  const { b, account, region } = ctx;
  const vpc = createVpc(b, account, region, { name: `${service}-dx`, tags: ON_PREMISES_TAG });
  const group = createSecurityGroup(b, vpc, [
    { protocol: 'tcp', port: 443, cidr: vpc.cidr, description: 'HTTPS from the VPC' },
    { protocol: 'tcp', port: 443, cidr: ON_PREMISES_CIDR, description: 'HTTPS from on-premises' },
  ]);
  const endpoint = createInterfaceEndpoint(b, vpc, { name: `${service}-execute-api`, privateDns: false, subnets: vpc.subnets, groupIds: [group], policy: endpointPolicyFor([apiResources]) });
  if (ctx.is('own-vpc-without-resolver')) return { vpc, endpoint };
  const dns = dnsFrom(ON_PREMISES_CIDR).filter((rule) => !(ctx.is('resolver-without-tcp-53') && rule.protocol === 'tcp'));
  const [first, second] = vpc.subnets;
  const resolver = createResolverEndpoint(b, vpc, {
    name: `${service}-inbound`,
    direction: 'INBOUND',
    ipSubnets: ctx.is('resolver-single-az') ? [first!, first!] : [first!, second!],
    groupIds: [createSecurityGroup(b, vpc, dns)],
  });
  return { vpc, endpoint, resolverArn: resolver.arn };
}

/** Clients in another VPC forward execute-api names to the hub's inbound resolver. Returns the rule ARN. */
function forwardToHubResolver(ctx: InstanceContext, service: string): string {
  const { b, account, region } = ctx;
  const vpc = createVpc(b, account, region, { name: `${service}-clients` });
  const group = createSecurityGroup(b, vpc, dnsFrom(vpc.cidr));
  const outbound = createResolverEndpoint(b, vpc, { name: `${service}-outbound`, direction: 'OUTBOUND', ipSubnets: vpc.subnets, groupIds: [group] });
  return forwardDomain(
    b,
    vpc,
    { name: 'execute-api-to-hub', domainName: `execute-api.${region}.amazonaws.com`, outbound, targetIps: ctx.hub(region).inboundResolver.ips },
    'OVERRIDDEN',
  );
}

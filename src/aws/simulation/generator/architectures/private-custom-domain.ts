import { associateEndpoint, createPrivateDomain, mapBasePath, type DomainHandle } from '../apigateway/domains.js';
import { itemMethods } from '../apigateway/methods.js';
import { allowInvoke, denyUnlessSourceVpce, policy, privateApiPolicy, type PolicyDocument } from '../apigateway/policies.js';
import { createRestApi } from '../apigateway/rest-api.js';
import { addRecord, createHostedZone, type ZoneHandle } from '../dns/route53.js';
import { CORPORATE_DOMAIN } from '../network-account.js';
import type { EndpointHandle } from '../network/endpoints.js';
import { SERVICE_NAMES } from './services.js';
import { unexpectedCheck, type ArchitectureSpec, type InstanceContext } from './types.js';

/**
 * Private custom domain names (Nov 2024): the provider account owns the domain with an invoke
 * policy and a management policy letting the network account associate its endpoint; the base
 * path maps to the private API; the consumer's private zone aliases the name to the endpoint.
 */
export const privateCustomDomain: ArchitectureSpec = {
  kind: 'private-custom-domain',
  description: "a private custom domain name shared with the network account's endpoint through an access association",
  workloadAccounts: 1,
  multiRegion: false,
  privateDns: false,
  variants: {
    correct: { breaks: [], description: 'domain and management policies limited to the consumer endpoint and account, zone alias in the hub zone' },
    'open-domain-policy': { breaks: ['CDN-001'], description: 'the domain policy allows anyone through any endpoint' },
    'open-management-policy': { breaks: ['CDN-002'], description: 'anyone may associate endpoints with the domain' },
    'external-association': { breaks: ['CDN-003'], description: 'an account outside the organization associated its endpoint' },
    // The domain's own invoke policy denies requests through the consumer's endpoint.
    'domain-policy-stale-endpoint': {
      breaks: ['CDN-004'],
      description: "the domain policy names the consumer's replaced endpoint, so the association is denied",
      reach: { status: 'unreachable', hop: 'resource-policy' },
    },
    'same-domain-twice': { breaks: ['CDN-005'], description: 'a second domain of the same name is associated with the same endpoint' },
    // With the default endpoint disabled the domain is the API's only name: leaving it leading nowhere (dns) cuts every client off.
    'domain-pending-certificate': { breaks: ['CDN-006'], description: 'the domain waits for its certificate to be reimported', reach: { status: 'unreachable', hop: 'dns' } },
    'mapping-to-missing-stage': { breaks: ['CDN-007'], description: 'the base path mapping names a stage that does not exist', reach: { status: 'unreachable', hop: 'dns' } },
    'no-consumer-record': { breaks: ['CDN-008'], description: "the consumer's zone has no record for the domain", reach: { status: 'unreachable', hop: 'dns' } },
    'default-endpoint-enabled': { breaks: ['EP-002'], description: "the API's execute-api endpoint stays enabled behind the domain" },
    'zone-not-associated': {
      breaks: ['R53-006', 'CDN-008'],
      description: "the name's own zone is associated with another region's hub VPC only",
      reach: { status: 'unreachable', hop: 'dns' },
    },
  },
  build,
};

function build(ctx: InstanceContext): void {
  const { b, account, region } = ctx;
  const network = b.org.networkAccountId;
  const consumer = ctx.hub(region).sharedEndpoint;
  const service = b.serviceName(account, b.rng.pick(SERVICE_NAMES));
  const domainName = `${service}.${b.accountName(account)}.${CORPORATE_DOMAIN}`;
  const api = createRestApi(b, account, region, {
    name: service,
    type: 'PRIVATE',
    policy: (arn) => privateApiPolicy(arn, [consumer.id]),
    methods: itemMethods(account, region, service, 'AWS_IAM'),
    disableExecuteApiEndpoint: !ctx.is('default-endpoint-enabled'),
  });
  const allowed = ctx.is('domain-policy-stale-endpoint') ? [b.ids.ec2('vpce')] : [consumer.id];
  const createDomain = () =>
    createPrivateDomain(b, account, region, {
      name: domainName,
      policy: (arn) => (ctx.is('open-domain-policy') ? policy(allowInvoke(arn)) : policy(allowInvoke(arn), denyUnlessSourceVpce(arn, allowed))),
      managementPolicy: (arn) => managementPolicy(arn, ctx.is('open-management-policy') ? '*' : { AWS: `arn:aws:iam::${network}:root` }),
    });
  const domain = createDomain();
  if (ctx.is('domain-pending-certificate')) {
    domain.sim.domain.domainNameStatus = 'PENDING_CERTIFICATE_REIMPORT';
    domain.sim.domain.domainNameStatusMessage = 'The imported certificate expired; reimport a renewed certificate';
  }
  mapBasePath(domain, api, ctx.is('mapping-to-missing-stage') ? 'v2' : 'prod');
  const associations = [associateEndpoint(b, domain, consumer)];
  if (ctx.is('same-domain-twice')) {
    const twin = createDomain();
    mapBasePath(twin, api);
    associations.push(associateEndpoint(b, twin, consumer));
  }
  if (ctx.is('external-association')) associateEndpoint(b, domain, { id: b.ids.ec2('vpce'), accountId: b.ids.account(), region });
  const zone = publishName(ctx, domain, consumer);
  ctx.expectReach(api, [consumer.vpc.id]);

  ctx.expectBreaks((checkId) => {
    const provider = (resource: string) => ({ accountId: account, region, resource });
    const inNetwork = (resource: string) => ({ accountId: network, region, resource });
    switch (checkId) {
      case 'CDN-001': case 'CDN-002': case 'CDN-003': case 'CDN-006': case 'CDN-007':
        return provider(domain.arn);
      case 'EP-002':
        return provider(api.arn);
      case 'CDN-004': case 'CDN-005': case 'CDN-008':
        return associations.map(inNetwork);
      case 'R53-006':
        return { accountId: network, region: 'global', resource: zone?.arn ?? '' };
      default:
        return unexpectedCheck(privateCustomDomain.kind, checkId);
    }
  });
}

/** Lets the consumer create access associations (apigateway:CreateAccessAssociation) on the domain. */
function managementPolicy(domainArn: string, principal: '*' | { AWS: string }): PolicyDocument {
  return policy({ Effect: 'Allow', Principal: principal, Action: 'apigateway:CreateAccessAssociation', Resource: domainArn });
}

/** The consumer's alias to its endpoint: in the hub zone of the provider, or a zone of its own. */
function publishName(ctx: InstanceContext, domain: DomainHandle, consumer: EndpointHandle): ZoneHandle | undefined {
  if (ctx.is('no-consumer-record')) return undefined;
  const alias = { HostedZoneId: consumer.dnsZoneId, DNSName: `${consumer.dnsName}.`, EvaluateTargetHealth: false };
  if (ctx.is('zone-not-associated')) {
    const zone = createHostedZone(ctx.b, ctx.b.org.networkAccountId, {
      name: domain.name,
      privateZone: true,
      vpcs: [ctx.hub(ctx.otherRegion(ctx.region)).hubVpc],
      comment: `${domain.name} for the hub`,
    });
    addRecord(zone, { Name: `${domain.name}.`, Type: 'A', AliasTarget: alias });
    return zone;
  }
  const zone = ctx.hubZone(ctx.account);
  addRecord(zone, { Name: `${domain.name}.`, Type: 'A', AliasTarget: alias });
  return zone;
}

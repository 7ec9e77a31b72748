import { endpointPolicyFor } from './apigateway/policies.js';
import { createResolverEndpoint, type ResolverEndpointHandle } from './dns/resolver.js';
import { createHostedZone, type ZoneHandle } from './dns/route53.js';
import { createGatewayEndpoint, createInterfaceEndpoint, type EndpointHandle } from './network/endpoints.js';
import { createSecurityGroup, createVpc, ON_PREMISES_CIDR, ORGANIZATION_CIDR, type VpcHandle } from './network/vpc.js';
import type { WorldBuilder } from './world-builder.js';

/** The parent of every workload account's private zone in the network account. */
export const CORPORATE_DOMAIN = 'corp.example.com';

/**
 * Marks a VPC that serves on-premises clients (over Direct Connect). Nothing in AWS says so, so
 * DNS-005 reads it from this tag: the convention the checks must share with the generator.
 */
export const ON_PREMISES_TAG = { 'privapi:clients': 'on-premises' } as const;

export interface HubRegion {
  region: string;
  hubVpc: VpcHandle;
  /** Private DNS on: the endpoint every workload account's APIs are invoked through. */
  sharedEndpoint: EndpointHandle;
  onPremisesVpc: VpcHandle;
  /** Private DNS off: on-premises clients use Route 53 aliases or the public DNS hostname. */
  onPremisesEndpoint: EndpointHandle;
  inboundResolver: ResolverEndpointHandle;
}

/**
 * The shared network account: in every region a hub VPC with the organization's execute-api
 * endpoint, a Direct Connect VPC with an endpoint and an inbound Resolver endpoint for on-premises
 * clients, and, hub-and-spoke, one private hosted zone per workload account that publishes names.
 */
export class NetworkHub {
  readonly accountId: string;
  private readonly regions = new Map<string, HubRegion>();
  private readonly zones = new Map<string, ZoneHandle>();

  constructor(private readonly b: WorldBuilder, regions: readonly string[]) {
    this.accountId = b.org.networkAccountId;
    for (const region of regions) this.regions.set(region, this.buildRegion(region));
  }

  region(region: string): HubRegion {
    const hub = this.regions.get(region);
    if (!hub) throw new Error(`the network account has no hub in ${region}`);
    return hub;
  }

  /** The private zone <account-name>.corp.example.com, visible from every hub VPC. */
  zoneFor(accountId: string): ZoneHandle {
    let zone = this.zones.get(accountId);
    if (!zone) {
      zone = createHostedZone(this.b, this.accountId, {
        name: `${this.b.accountName(accountId)}.${CORPORATE_DOMAIN}`,
        privateZone: true,
        vpcs: [...this.regions.values()].map((r) => r.hubVpc),
        comment: `Private names of account ${accountId}`,
      });
      this.zones.set(accountId, zone);
    }
    return zone;
  }

  private buildRegion(region: string): HubRegion {
    const b = this.b;
    const account = this.accountId;
    // Endpoints that serve the whole organization may only be used for the organization's APIs.
    const orgOnly = endpointPolicyFor([`arn:aws:execute-api:${region}:*:*`], { StringEquals: { 'aws:ResourceOrgID': b.org.organizationId } });

    const hubVpc = createVpc(b, account, region, { name: `network-hub-${region}`, azs: 3 });
    const hubGroup = createSecurityGroup(b, hubVpc, [{ protocol: 'tcp', port: 443, cidr: ORGANIZATION_CIDR, description: 'HTTPS from the organization' }]);
    const sharedEndpoint = createInterfaceEndpoint(b, hubVpc, { name: 'shared-execute-api', privateDns: true, subnets: hubVpc.subnets, groupIds: [hubGroup], policy: orgOnly });
    createGatewayEndpoint(b, hubVpc, 's3');

    const onPremisesVpc = createVpc(b, account, region, { name: `network-dx-${region}`, azs: 2, tags: ON_PREMISES_TAG });
    const onPremGroup = createSecurityGroup(b, onPremisesVpc, [
      { protocol: 'tcp', port: 443, cidr: onPremisesVpc.cidr, description: 'HTTPS from the VPC' },
      { protocol: 'tcp', port: 443, cidr: ON_PREMISES_CIDR, description: 'HTTPS from on-premises' },
    ]);
    const onPremisesEndpoint = createInterfaceEndpoint(b, onPremisesVpc, {
      name: 'onprem-execute-api',
      privateDns: false,
      subnets: onPremisesVpc.subnets,
      groupIds: [onPremGroup],
      policy: orgOnly,
    });
    const resolverGroup = createSecurityGroup(b, onPremisesVpc, dnsFrom(ON_PREMISES_CIDR));
    const inboundResolver = createResolverEndpoint(b, onPremisesVpc, { name: 'onprem-inbound', direction: 'INBOUND', ipSubnets: onPremisesVpc.subnets, groupIds: [resolverGroup] });
    return { region, hubVpc, sharedEndpoint, onPremisesVpc, onPremisesEndpoint, inboundResolver };
  }
}

/** DNS over UDP and TCP from a network: what an inbound Resolver endpoint's group must allow (R53-008). */
export function dnsFrom(cidr: string) {
  return [
    { protocol: 'udp' as const, port: 53, cidr, description: 'DNS (UDP)' },
    { protocol: 'tcp' as const, port: 53, cidr, description: 'DNS (TCP)' },
  ];
}

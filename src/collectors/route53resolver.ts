import {
  paginateListResolverEndpointIpAddresses,
  paginateListResolverEndpoints,
  paginateListResolverRuleAssociations,
  paginateListResolverRules,
  type IpAddressResponse,
  type ResolverEndpoint as SdkResolverEndpoint,
  type ResolverRule as SdkResolverRule,
  type ResolverRuleAssociation as SdkResolverRuleAssociation,
  type Route53ResolverClient,
} from '@aws-sdk/client-route53resolver';
import { mapLimited } from '../aws/concurrency.js';
import { loopGuarded } from '../aws/paginate.js';
import type { RegionalInventory, ResolverEndpoint, ResolverRule, ResolverRuleAssociation } from '../model/inventory.js';
import type { RegionalCollector, RegionalContext } from './contract.js';
import { allItems, byId, present } from './listing.js';

/**
 * Resolver endpoints (with their IP addresses), forwarding rules and the rules' VPC associations:
 * how names resolve between VPCs and on-premises networks.
 */
export const route53resolverCollector: RegionalCollector = {
  service: 'route53resolver',
  declares: [
    { operation: 'ListResolverEndpoints', action: 'route53resolver:ListResolverEndpoints' },
    {
      operation: 'ListResolverEndpointIpAddresses',
      action: 'route53resolver:ListResolverEndpointIpAddresses',
      resources: ['arn:${Partition}:route53resolver:*:*:resolver-endpoint/*'],
    },
    { operation: 'ListResolverRules', action: 'route53resolver:ListResolverRules' },
    { operation: 'ListResolverRuleAssociations', action: 'route53resolver:ListResolverRuleAssociations' },
  ],
  async collect(ctx, into) {
    const client = ctx.clients.route53resolver();
    await collectEndpoints(ctx, client, into);
    await collectRules(ctx, client, into);
    await collectRuleAssociations(ctx, client, into);
  },
};

/** Follows every page of a primary listing; undefined (and the service failed) if any page fails. */
async function listAll<TPage extends { NextToken?: string }, TItem>(
  ctx: RegionalContext,
  operation: string,
  pages: AsyncIterable<TPage>,
  items: (page: TPage) => TItem[] | undefined,
): Promise<TItem[] | undefined> {
  return ctx.recorder.primary(operation, () => allItems(loopGuarded(operation, pages, (page) => page.NextToken), items));
}

async function collectEndpoints(ctx: RegionalContext, client: Route53ResolverClient, into: RegionalInventory): Promise<void> {
  const pages = paginateListResolverEndpoints({ client }, { MaxResults: 100 });
  const endpoints = await listAll(ctx, 'ListResolverEndpoints', pages, (page) => page.ResolverEndpoints);
  if (endpoints === undefined) return;
  // The id and host VPC join an endpoint to its rules and VPC: without them it cannot be judged.
  const readable = ctx.recorder.readItems(
    'ListResolverEndpoints',
    endpoints,
    (endpoint, i) => {
      const id = present(endpoint.Id, `Resolver endpoint #${i + 1}`, 'Id');
      return { endpoint, id, hostVpcId: present(endpoint.HostVPCId, `Resolver endpoint ${id}`, 'HostVPCId') };
    },
    'primary',
  );
  const collected = await mapLimited(readable, 4, ({ endpoint, id, hostVpcId }) => toEndpoint(ctx, client, endpoint, id, hostVpcId));
  into.resolverEndpoints = collected.sort(byId);
}

async function toEndpoint(ctx: RegionalContext, client: Route53ResolverClient, endpoint: SdkResolverEndpoint, id: string, hostVpcId: string): Promise<ResolverEndpoint> {
  const ipAddresses = await ctx.recorder.attempt('ListResolverEndpointIpAddresses', id, () => listIpAddresses(client, id));
  return {
    accountId: ctx.accountId,
    region: ctx.region,
    arn: endpoint.Arn ?? '',
    id,
    name: endpoint.Name,
    direction: endpoint.Direction ?? '',
    status: endpoint.Status ?? '',
    hostVpcId,
    securityGroupIds: endpoint.SecurityGroupIds ?? [],
    ipAddressCount: endpoint.IpAddressCount ?? 0,
    // The model has no "not collected" state for this yet; the recorded error says it is unknown.
    ipAddresses,
  };
}

type EndpointIp = NonNullable<ResolverEndpoint['ipAddresses']>[number];

async function listIpAddresses(client: Route53ResolverClient, endpointId: string): Promise<EndpointIp[]> {
  const out: EndpointIp[] = [];
  const pages = paginateListResolverEndpointIpAddresses({ client }, { ResolverEndpointId: endpointId, MaxResults: 100 });
  for await (const page of loopGuarded('ListResolverEndpointIpAddresses', pages, (p) => p.NextToken)) {
    out.push(...(page.IpAddresses ?? []).map(toIpAddress));
  }
  return out;
}

function toIpAddress(ip: IpAddressResponse): EndpointIp {
  return { ipId: ip.IpId, ip: ip.Ip, ipv6: ip.Ipv6, subnetId: ip.SubnetId ?? '', status: ip.Status ?? '' };
}

async function collectRules(ctx: RegionalContext, client: Route53ResolverClient, into: RegionalInventory): Promise<void> {
  const pages = paginateListResolverRules({ client }, { MaxResults: 100 });
  const rules = await listAll(ctx, 'ListResolverRules', pages, (page) => page.ResolverRules);
  if (rules === undefined) return;
  into.resolverRules = ctx.recorder.readItems('ListResolverRules', rules, (rule, i) => toRule(ctx, rule, i), 'primary').sort(byId);
}

function toRule(ctx: RegionalContext, rule: SdkResolverRule, index: number): ResolverRule {
  const id = present(rule.Id, `Resolver rule #${index + 1}`, 'Id');
  return {
    accountId: ctx.accountId,
    region: ctx.region,
    arn: rule.Arn ?? '',
    id,
    name: rule.Name,
    domainName: present(rule.DomainName, `Resolver rule ${id}`, 'DomainName'),
    ruleType: rule.RuleType ?? '',
    status: rule.Status ?? '',
    resolverEndpointId: rule.ResolverEndpointId,
    targetIps: (rule.TargetIps ?? []).map((target) => ({ ip: target.Ip, ipv6: target.Ipv6, port: target.Port })),
    ownerId: rule.OwnerId,
    shareStatus: rule.ShareStatus,
  };
}

async function collectRuleAssociations(ctx: RegionalContext, client: Route53ResolverClient, into: RegionalInventory): Promise<void> {
  const pages = paginateListResolverRuleAssociations({ client }, { MaxResults: 100 });
  const associations = await listAll(ctx, 'ListResolverRuleAssociations', pages, (page) => page.ResolverRuleAssociations);
  if (associations === undefined) return;
  into.resolverRuleAssociations = ctx.recorder.readItems('ListResolverRuleAssociations', associations, (association, i) => toRuleAssociation(ctx, association, i), 'primary').sort(byId);
}

function toRuleAssociation(ctx: RegionalContext, association: SdkResolverRuleAssociation, index: number): ResolverRuleAssociation {
  const id = present(association.Id, `Resolver rule association #${index + 1}`, 'Id');
  return {
    accountId: ctx.accountId,
    region: ctx.region,
    id,
    resolverRuleId: present(association.ResolverRuleId, `Resolver rule association ${id}`, 'ResolverRuleId'),
    vpcId: present(association.VPCId, `Resolver rule association ${id}`, 'VPCId'),
    status: association.Status ?? '',
    statusMessage: association.StatusMessage,
  };
}

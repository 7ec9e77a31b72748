import { isIP } from 'node:net';
import {
  DescribeVpcAttributeCommand,
  paginateDescribeDhcpOptions,
  paginateDescribeNetworkInterfaces,
  paginateDescribeSecurityGroupRules,
  paginateDescribeSubnets,
  paginateDescribeVpcEndpoints,
  paginateDescribeVpcs,
  State,
  type DhcpOptions as SdkDhcpOptions,
  type EC2Client,
  type NetworkInterface as SdkNetworkInterface,
  type SecurityGroupRule as SdkSecurityGroupRule,
  type Subnet as SdkSubnet,
  type Tag,
  type Vpc as SdkVpc,
  type VpcAttributeName,
  type VpcEndpoint as SdkVpcEndpoint,
} from '@aws-sdk/client-ec2';
import { mapLimited } from '../aws/concurrency.js';
import { chunks, loopGuarded } from '../aws/paginate.js';
import { arns } from '../model/arn.js';
import type {
  DhcpOptions,
  NetworkInterface,
  RegionalInventory,
  SecurityGroup,
  SecurityGroupRule,
  Subnet,
  Vpc,
  VpcEndpoint,
} from '../model/inventory.js';
import type { RegionalCollector, RegionalContext } from './contract.js';
import { allItems, byId, known, present } from './listing.js';

const PAGE_SIZE = 1000;
/** EC2 accepts at most 200 values in one filter. */
const FILTER_CHUNK = 200;
const CONCURRENCY = 4;

export const ec2Collector: RegionalCollector = {
  service: 'ec2',
  declares: [
    { operation: 'DescribeVpcEndpoints', action: 'ec2:DescribeVpcEndpoints' },
    { operation: 'DescribeVpcs', action: 'ec2:DescribeVpcs' },
    { operation: 'DescribeVpcAttribute', action: 'ec2:DescribeVpcAttribute' },
    { operation: 'DescribeDhcpOptions', action: 'ec2:DescribeDhcpOptions' },
    { operation: 'DescribeSubnets', action: 'ec2:DescribeSubnets' },
    { operation: 'DescribeSecurityGroupRules', action: 'ec2:DescribeSecurityGroupRules' },
    { operation: 'DescribeNetworkInterfaces', action: 'ec2:DescribeNetworkInterfaces' },
  ],
  async collect(ctx, into) {
    const client = ctx.clients.ec2();
    const endpoints = await ctx.recorder.primary('DescribeVpcEndpoints', () => listVpcEndpoints(ctx, client));
    if (endpoints) into.vpcEndpoints = endpoints;
    const vpcs = await ctx.recorder.primary('DescribeVpcs', () => listVpcs(ctx, client));
    if (vpcs) into.vpcs = await withDnsAttributes(ctx, client, vpcs);
    const dhcpOptions = await ctx.recorder.primary('DescribeDhcpOptions', () => listDhcpOptions(ctx, client));
    if (dhcpOptions) into.dhcpOptions = dhcpOptions;
    const subnets = await ctx.recorder.primary('DescribeSubnets', () => listSubnets(ctx, client));
    if (subnets) into.subnets = subnets;
    into.securityGroups = await collectSecurityGroups(ctx, client, into);
    into.networkInterfaces = await collectNetworkInterfaces(ctx, client, into);
  },
};

function tagMap(tags: readonly Tag[] | undefined): Record<string, string> {
  return Object.fromEntries((tags ?? []).flatMap((t) => (t.Key === undefined ? [] : [[t.Key, t.Value ?? '']])));
}

function defined<T>(values: readonly (T | undefined)[] | undefined): T[] {
  return (values ?? []).filter((v): v is T => v !== undefined);
}

// ---------- VPC endpoints ----------

/** China regions name the service with a "cn." prefix; sending both covers every partition. */
function executeApiServiceNames(region: string): string[] {
  return [`com.amazonaws.${region}.execute-api`, `cn.com.amazonaws.${region}.execute-api`];
}

async function listVpcEndpoints(ctx: RegionalContext, client: EC2Client): Promise<VpcEndpoint[]> {
  const pages = paginateDescribeVpcEndpoints(
    { client },
    { MaxResults: PAGE_SIZE, Filters: [{ Name: 'service-name', Values: executeApiServiceNames(ctx.region) }] },
  );
  const endpoints = await allItems(loopGuarded('DescribeVpcEndpoints', pages, (p) => p.NextToken), (p) => p.VpcEndpoints);
  return ctx.recorder.readItems('DescribeVpcEndpoints', endpoints, (e, i) => toVpcEndpoint(ctx, e, i), 'primary').sort(byId);
}

function toVpcEndpoint(ctx: RegionalContext, e: SdkVpcEndpoint, index: number): VpcEndpoint {
  const id = present(e.VpcEndpointId, `VPC endpoint #${index + 1}`, 'VpcEndpointId');
  return {
    accountId: ctx.accountId,
    region: ctx.region,
    arn: arns.ec2(ctx.partition, ctx.region, ctx.accountId, 'vpc-endpoint', id),
    id,
    vpcId: present(e.VpcId, `VPC endpoint ${id}`, 'VpcId'),
    serviceName: e.ServiceName ?? '',
    type: e.VpcEndpointType ?? '',
    // Checks set apart deleted and available endpoints; a state they do not know is neither for sure.
    state: known(e.State, State, `VPC endpoint ${id}`, 'State') ?? '',
    lastError: lastError(e),
    privateDnsEnabled: e.PrivateDnsEnabled ?? false,
    subnetIds: e.SubnetIds ?? [],
    securityGroupIds: defined(e.Groups?.map((g) => g.GroupId)),
    networkInterfaceIds: e.NetworkInterfaceIds ?? [],
    policyDocument: e.PolicyDocument,
    dnsEntries: (e.DnsEntries ?? [])
      .filter((d) => d.DnsName !== undefined)
      .map((d) => ({ dnsName: d.DnsName ?? '', hostedZoneId: d.HostedZoneId })),
    ipAddressType: e.IpAddressType,
    tags: tagMap(e.Tags),
  };
}

function lastError(e: SdkVpcEndpoint): string | undefined {
  const { Code: code, Message: message } = e.LastError ?? {};
  if (code && message) return `${code}: ${message}`;
  return code || message || undefined;
}

// ---------- VPCs, DHCP options, subnets ----------

async function listVpcs(ctx: RegionalContext, client: EC2Client): Promise<Vpc[]> {
  const vpcs = await allItems(loopGuarded('DescribeVpcs', paginateDescribeVpcs({ client }, { MaxResults: PAGE_SIZE }), (p) => p.NextToken), (p) => p.Vpcs);
  return ctx.recorder.readItems('DescribeVpcs', vpcs, (v, i) => toVpc(ctx, v, i), 'primary').sort(byId);
}

function toVpc(ctx: RegionalContext, v: SdkVpc, index: number): Vpc {
  const id = present(v.VpcId, `VPC #${index + 1}`, 'VpcId');
  const associated = defined(v.CidrBlockAssociationSet?.filter((a) => a.CidrBlockState?.State === 'associated').map((a) => a.CidrBlock));
  return {
    accountId: ctx.accountId,
    region: ctx.region,
    arn: arns.ec2(ctx.partition, ctx.region, ctx.accountId, 'vpc', id),
    id,
    cidrBlocks: associated.length > 0 ? associated : defined([v.CidrBlock]),
    ipv6CidrBlocks: defined(
      v.Ipv6CidrBlockAssociationSet?.filter((a) => a.Ipv6CidrBlockState?.State === 'associated').map((a) => a.Ipv6CidrBlock),
    ),
    dhcpOptionsId: v.DhcpOptionsId,
    isDefault: v.IsDefault ?? false,
    tags: tagMap(v.Tags),
  };
}

/** DNS attributes are per-VPC calls; one that fails leaves its attribute unknown rather than false. */
async function withDnsAttributes(ctx: RegionalContext, client: EC2Client, vpcs: Vpc[]): Promise<Vpc[]> {
  return mapLimited(vpcs, CONCURRENCY, async (vpc) => {
    const [enableDnsSupport, enableDnsHostnames] = await Promise.all([
      vpcAttribute(ctx, client, vpc.id, 'enableDnsSupport'),
      vpcAttribute(ctx, client, vpc.id, 'enableDnsHostnames'),
    ]);
    return { ...vpc, enableDnsSupport, enableDnsHostnames };
  });
}

async function vpcAttribute(
  ctx: RegionalContext,
  client: EC2Client,
  vpcId: string,
  attribute: Extract<VpcAttributeName, 'enableDnsSupport' | 'enableDnsHostnames'>,
): Promise<boolean | undefined> {
  const out = await ctx.recorder.attempt('DescribeVpcAttribute', vpcId, () =>
    client.send(new DescribeVpcAttributeCommand({ VpcId: vpcId, Attribute: attribute })),
  );
  const value = attribute === 'enableDnsSupport' ? out?.EnableDnsSupport : out?.EnableDnsHostnames;
  return value?.Value;
}

async function listDhcpOptions(ctx: RegionalContext, client: EC2Client): Promise<DhcpOptions[]> {
  const sets = await allItems(loopGuarded('DescribeDhcpOptions', paginateDescribeDhcpOptions({ client }, { MaxResults: PAGE_SIZE }), (p) => p.NextToken), (p) => p.DhcpOptions);
  return ctx.recorder.readItems('DescribeDhcpOptions', sets, (d, i) => toDhcpOptions(ctx, d, i), 'primary').sort(byId);
}

function toDhcpOptions(ctx: RegionalContext, d: SdkDhcpOptions, index: number): DhcpOptions {
  const id = present(d.DhcpOptionsId, `DHCP option set #${index + 1}`, 'DhcpOptionsId');
  const values = (key: string) => defined(d.DhcpConfigurations?.find((c) => c.Key === key)?.Values?.map((v) => v.Value));
  return {
    accountId: ctx.accountId,
    region: ctx.region,
    arn: arns.ec2(ctx.partition, ctx.region, ctx.accountId, 'dhcp-options', id),
    id,
    domainNameServers: values('domain-name-servers'),
    domainName: values('domain-name')[0],
    tags: tagMap(d.Tags),
  };
}

async function listSubnets(ctx: RegionalContext, client: EC2Client): Promise<Subnet[]> {
  const subnets = await allItems(loopGuarded('DescribeSubnets', paginateDescribeSubnets({ client }, { MaxResults: PAGE_SIZE }), (p) => p.NextToken), (p) => p.Subnets);
  return ctx.recorder.readItems('DescribeSubnets', subnets, (s, i) => toSubnet(ctx, s, i), 'primary').sort(byId);
}

function toSubnet(ctx: RegionalContext, s: SdkSubnet, index: number): Subnet {
  const id = present(s.SubnetId, `subnet #${index + 1}`, 'SubnetId');
  return {
    accountId: ctx.accountId,
    region: ctx.region,
    arn: s.SubnetArn ?? arns.ec2(ctx.partition, ctx.region, ctx.accountId, 'subnet', id),
    id,
    vpcId: s.VpcId ?? '',
    availabilityZone: s.AvailabilityZone ?? '',
    availabilityZoneId: s.AvailabilityZoneId ?? '',
    cidrBlock: s.CidrBlock,
    tags: tagMap(s.Tags),
  };
}

// ---------- Security groups ----------

/** Only the groups guarding what the audit looks at: endpoints, load balancers, VPC links, resolvers. */
function wantedGroupIds(into: RegionalInventory): string[] {
  const ids = [
    ...into.vpcEndpoints.flatMap((e) => e.securityGroupIds),
    ...into.loadBalancers.flatMap((lb) => lb.securityGroupIds),
    ...into.vpcLinksV2.flatMap((l) => l.securityGroupIds),
    ...into.resolverEndpoints.flatMap((r) => r.securityGroupIds),
  ];
  return [...new Set(ids)].sort();
}

async function collectSecurityGroups(ctx: RegionalContext, client: EC2Client, into: RegionalInventory): Promise<SecurityGroup[]> {
  const batches = await mapLimited(chunks(wantedGroupIds(into), FILTER_CHUNK), CONCURRENCY, (groupIds) => securityGroupBatch(ctx, client, groupIds));
  return batches.flat().sort(byId);
}

/** A batch that failed yields no records at all: a group with a partial rule list would look wrongly closed. */
async function securityGroupBatch(
  ctx: RegionalContext,
  client: EC2Client,
  groupIds: string[],
): Promise<SecurityGroup[]> {
  let rules: SdkSecurityGroupRule[];
  try {
    const pages = paginateDescribeSecurityGroupRules({ client }, { MaxResults: PAGE_SIZE, Filters: [{ Name: 'group-id', Values: groupIds }] });
    rules = await allItems(loopGuarded('DescribeSecurityGroupRules', pages, (p) => p.NextToken), (p) => p.SecurityGroupRules);
  } catch (err) {
    for (const groupId of groupIds) ctx.recorder.error('DescribeSecurityGroupRules', err, groupId);
    return [];
  }
  const rulesOf = new Map<string | undefined, SdkSecurityGroupRule[]>();
  for (const rule of rules) {
    const list = rulesOf.get(rule.GroupId);
    if (list) list.push(rule);
    else rulesOf.set(rule.GroupId, [rule]);
  }
  return groupIds.map((id) => {
    const own = rulesOf.get(id) ?? [];
    const owner = own.find((r) => r.GroupOwnerId)?.GroupOwnerId ?? ctx.accountId;
    return {
      accountId: ctx.accountId,
      region: ctx.region,
      arn: arns.ec2(ctx.partition, ctx.region, owner, 'security-group', id),
      id,
      // The rules do not name the group's VPC, and since security group VPC associations an
      // attachment no longer proves it, so it stays unknown.
      vpcId: undefined,
      rules: own.map(toRule).sort(byId),
    };
  });
}

function toRule(r: SdkSecurityGroupRule): SecurityGroupRule {
  return {
    id: r.SecurityGroupRuleId ?? '',
    isEgress: r.IsEgress ?? false,
    ipProtocol: r.IpProtocol ?? '',
    fromPort: r.FromPort,
    toPort: r.ToPort,
    cidrIpv4: r.CidrIpv4,
    cidrIpv6: r.CidrIpv6,
    prefixListId: r.PrefixListId,
    referencedGroupId: r.ReferencedGroupInfo?.GroupId,
    description: r.Description,
  };
}

// ---------- Network interfaces ----------

interface EniLookup {
  filter: string;
  values: string[];
}

/**
 * The execute-api endpoints' ENIs (their IPs are what load balancers should target) and the ENIs
 * behind IP targets (to tell which endpoint or peer a target IP belongs to). Instance and Lambda
 * target ids are not addresses, so only 'ip' target groups are looked up.
 */
function eniLookups(into: RegionalInventory): EniLookup[] {
  const eniIds = [...new Set(into.vpcEndpoints.flatMap((e) => e.networkInterfaceIds))].sort();
  const targetIps = [
    ...new Set(into.targetGroups.filter((tg) => tg.targetType === 'ip').flatMap((tg) => (tg.targets ?? []).map((t) => t.targetId))),
  ].sort();
  const lookups = (filter: string, values: string[]) => chunks(values, FILTER_CHUNK).map((chunk) => ({ filter, values: chunk }));
  return [
    ...lookups('network-interface-id', eniIds),
    ...lookups('addresses.private-ip-address', targetIps.filter((ip) => isIP(ip) === 4)),
    // The IPv4 address filter never matches an IPv6 address; IPv6 has its own filter.
    ...lookups('ipv6-addresses.ipv6-address', targetIps.filter((ip) => isIP(ip) === 6)),
  ];
}

async function collectNetworkInterfaces(ctx: RegionalContext, client: EC2Client, into: RegionalInventory): Promise<NetworkInterface[]> {
  const found = await mapLimited(eniLookups(into), CONCURRENCY, async ({ filter, values }) => {
    const resource = values.length > 1 ? `${values[0]} (+${values.length - 1} more)` : values[0];
    const enis = await ctx.recorder.attempt('DescribeNetworkInterfaces', resource, () =>
      allItems(
        // Managed resources are hidden by default where an account opted in; the audit must see them all.
        loopGuarded(
          'DescribeNetworkInterfaces',
          paginateDescribeNetworkInterfaces({ client }, { MaxResults: PAGE_SIZE, IncludeManagedResources: true, Filters: [{ Name: filter, Values: values }] }),
          (p) => p.NextToken,
        ),
        (p) => p.NetworkInterfaces,
      ),
    );
    return enis ?? [];
  });
  const unique = new Map(found.flat().map((eni) => [eni.NetworkInterfaceId ?? '', eni]));
  return [...unique.values()].map((eni) => toNetworkInterface(ctx, eni)).sort(byId);
}

function toNetworkInterface(ctx: RegionalContext, n: SdkNetworkInterface): NetworkInterface {
  const id = n.NetworkInterfaceId ?? '';
  return {
    accountId: ctx.accountId,
    region: ctx.region,
    arn: arns.ec2(ctx.partition, ctx.region, ctx.accountId, 'network-interface', id),
    id,
    vpcId: n.VpcId,
    subnetId: n.SubnetId,
    interfaceType: n.InterfaceType,
    status: n.Status,
    privateIpAddresses: defined(n.PrivateIpAddresses?.map((a) => a.PrivateIpAddress)),
    ipv6Addresses: defined(n.Ipv6Addresses?.map((a) => a.Ipv6Address)),
    description: n.Description,
    vpcEndpointId: vpcEndpointIdOf(n.Description),
  };
}

/** Interface endpoints name their ENIs "VPC Endpoint Interface vpce-…"; nothing else identifies them reliably. */
function vpcEndpointIdOf(description: string | undefined): string | undefined {
  return description?.match(/^VPC Endpoint Interface (vpce-[0-9a-f]+)$/)?.[1];
}

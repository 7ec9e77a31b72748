import type { DhcpOptions, NetworkInterface, SecurityGroupRule, Tag } from '@aws-sdk/client-ec2';
import { arns } from '../../../../model/arn.js';
import { availabilityZones } from '../regions.js';
import { ipv4, type WorldBuilder } from '../world-builder.js';

export interface SubnetHandle {
  id: string;
  vpcId: string;
  accountId: string;
  region: string;
  az: string;
  azId: string;
  cidr: string;
  /** The subnet's network address as a number; host addresses are handed out above it. */
  base: number;
  nextHost: number;
}

export interface VpcHandle {
  id: string;
  arn: string;
  accountId: string;
  region: string;
  name: string;
  cidr: string;
  subnets: SubnetHandle[];
}

export interface VpcOptions {
  name: string;
  /** Subnets, one per AZ (default 2). */
  azs?: number;
  enableDnsSupport?: boolean;
  enableDnsHostnames?: boolean;
  /** DNS servers other than AmazonProvidedDNS (custom resolvers, e.g. on-premises). */
  customDnsServers?: string[];
  tags?: Record<string, string>;
}

/** On-premises networks, reached over Direct Connect; outside every VPC's 10.0.0.0/8 block. */
export const ON_PREMISES_CIDR = '192.168.0.0/16';
/** Every VPC of the organization, reached through the Transit Gateway. */
export const ORGANIZATION_CIDR = '10.0.0.0/8';

export function tagList(tags: Record<string, string>): Tag[] {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

export function createVpc(b: WorldBuilder, accountId: string, region: string, opts: VpcOptions): VpcHandle {
  const state = b.region(accountId, region).ec2;
  const id = b.ids.ec2('vpc');
  const { cidr, base } = b.vpcCidr();
  const dhcpOptionsId = opts.customDnsServers ? customDhcpOptions(b, accountId, region, opts.customDnsServers) : defaultDhcpOptions(b, accountId, region);
  state.vpcs.push({
    vpc: {
      VpcId: id,
      OwnerId: accountId,
      CidrBlock: cidr,
      CidrBlockAssociationSet: [{ AssociationId: b.ids.ec2('vpc-cidr-assoc'), CidrBlock: cidr, CidrBlockState: { State: 'associated' } }],
      DhcpOptionsId: dhcpOptionsId,
      State: 'available',
      InstanceTenancy: 'default',
      IsDefault: false,
      Tags: tagList({ Name: opts.name, ...opts.tags }),
    },
    enableDnsSupport: opts.enableDnsSupport ?? true,
    enableDnsHostnames: opts.enableDnsHostnames ?? true,
  });
  const zones = availabilityZones(region).slice(0, opts.azs ?? 2);
  const subnets = zones.map((zone, i): SubnetHandle => {
    const subnetBase = base + i * 256;
    const subnet: SubnetHandle = {
      id: b.ids.ec2('subnet'),
      vpcId: id,
      accountId,
      region,
      az: zone.name,
      azId: zone.id,
      cidr: `${ipv4(subnetBase)}/24`,
      base: subnetBase,
      nextHost: b.rng.int(4, 40),
    };
    state.subnets.push({
      SubnetId: subnet.id,
      SubnetArn: arns.ec2(b.partition, region, accountId, 'subnet', subnet.id),
      VpcId: id,
      OwnerId: accountId,
      CidrBlock: subnet.cidr,
      AvailabilityZone: zone.name,
      AvailabilityZoneId: zone.id,
      AvailableIpAddressCount: 251,
      State: 'available',
      MapPublicIpOnLaunch: false,
      DefaultForAz: false,
      Tags: tagList({ Name: `${opts.name}-${zone.name.slice(-1)}` }),
    });
    return subnet;
  });
  return { id, arn: arns.ec2(b.partition, region, accountId, 'vpc', id), accountId, region, name: opts.name, cidr, subnets };
}

/** The next free host address of a subnet (AWS reserves .0–.3 and .255). */
export function allocateIp(b: WorldBuilder, subnet: SubnetHandle): string {
  subnet.nextHost += b.rng.int(1, 6);
  if (subnet.nextHost > 254) throw new RangeError(`subnet ${subnet.id} (${subnet.cidr}) is full`);
  return ipv4(subnet.base + subnet.nextHost);
}

function dhcpOptions(b: WorldBuilder, accountId: string, domainName: string, servers: string[], name: string): DhcpOptions {
  return {
    DhcpOptionsId: b.ids.ec2('dopt'),
    OwnerId: accountId,
    DhcpConfigurations: [
      { Key: 'domain-name', Values: [{ Value: domainName }] },
      { Key: 'domain-name-servers', Values: servers.map((Value) => ({ Value })) },
    ],
    Tags: tagList({ Name: name }),
  };
}

/** One AmazonProvidedDNS set per account and region, shared by its VPCs as the default set is. */
function defaultDhcpOptions(b: WorldBuilder, accountId: string, region: string): string {
  const state = b.region(accountId, region).ec2;
  const existing = state.dhcpOptions.find((d) => d.Tags?.some((t) => t.Key === 'Name' && t.Value === 'default'));
  if (existing?.DhcpOptionsId) return existing.DhcpOptionsId;
  const domain = region === 'us-east-1' ? 'ec2.internal' : `${region}.compute.internal`;
  const created = dhcpOptions(b, accountId, domain, ['AmazonProvidedDNS'], 'default');
  state.dhcpOptions.push(created);
  return created.DhcpOptionsId ?? '';
}

function customDhcpOptions(b: WorldBuilder, accountId: string, region: string, servers: string[]): string {
  const created = dhcpOptions(b, accountId, 'corp.example.com', servers, 'corporate-dns');
  b.region(accountId, region).ec2.dhcpOptions.push(created);
  return created.DhcpOptionsId ?? '';
}

export interface RuleSpec {
  protocol: 'tcp' | 'udp' | '-1';
  /** One port; absent for protocol -1 (all traffic). */
  port?: number;
  cidr?: string;
  /** A referenced security group id. */
  group?: string;
  description?: string;
}

const ALL_OUTBOUND: RuleSpec = { protocol: '-1', cidr: '0.0.0.0/0' };

/** A security group of the VPC; only its rules are stored, as DescribeSecurityGroupRules returns them. */
export function createSecurityGroup(b: WorldBuilder, vpc: VpcHandle, ingress: RuleSpec[], egress: RuleSpec[] = [ALL_OUTBOUND]): string {
  const groupId = b.ids.ec2('sg');
  const rules = b.region(vpc.accountId, vpc.region).ec2.securityGroupRules;
  const add = (spec: RuleSpec, isEgress: boolean) => rules.push(securityGroupRule(b, vpc, groupId, spec, isEgress));
  ingress.forEach((spec) => add(spec, false));
  egress.forEach((spec) => add(spec, true));
  return groupId;
}

function securityGroupRule(b: WorldBuilder, vpc: VpcHandle, groupId: string, spec: RuleSpec, isEgress: boolean): SecurityGroupRule {
  const id = b.ids.ec2('sgr');
  return {
    SecurityGroupRuleId: id,
    GroupId: groupId,
    GroupOwnerId: vpc.accountId,
    IsEgress: isEgress,
    IpProtocol: spec.protocol,
    FromPort: spec.port ?? -1,
    ToPort: spec.port ?? -1,
    CidrIpv4: spec.cidr,
    ReferencedGroupInfo: spec.group === undefined ? undefined : { GroupId: spec.group, UserId: vpc.accountId },
    Description: spec.description,
    SecurityGroupRuleArn: arns.ec2(b.partition, vpc.region, vpc.accountId, 'security-group-rule', id),
    Tags: [],
  };
}

export interface EniHandle {
  id: string;
  ip: string;
  subnet: SubnetHandle;
}

export interface EniOptions {
  description: string;
  interfaceType: NonNullable<NetworkInterface['InterfaceType']>;
  groupIds: string[];
  requesterManaged?: boolean;
}

export function createNetworkInterface(b: WorldBuilder, subnet: SubnetHandle, opts: EniOptions): EniHandle {
  const id = b.ids.ec2('eni');
  const ip = allocateIp(b, subnet);
  const dnsName = `ip-${ip.replaceAll('.', '-')}.${subnet.region === 'us-east-1' ? 'ec2.internal' : `${subnet.region}.compute.internal`}`;
  const eni: NetworkInterface = {
    NetworkInterfaceId: id,
    SubnetId: subnet.id,
    VpcId: subnet.vpcId,
    AvailabilityZone: subnet.az,
    Description: opts.description,
    InterfaceType: opts.interfaceType,
    OwnerId: subnet.accountId,
    RequesterManaged: opts.requesterManaged ?? true,
    Status: 'in-use',
    PrivateIpAddress: ip,
    PrivateDnsName: dnsName,
    PrivateIpAddresses: [{ Primary: true, PrivateIpAddress: ip, PrivateDnsName: dnsName }],
    Groups: opts.groupIds.map((GroupId) => ({ GroupId })),
    SourceDestCheck: true,
    TagSet: [],
  };
  b.region(subnet.accountId, subnet.region).ec2.networkInterfaces.push(eni);
  return { id, ip, subnet };
}

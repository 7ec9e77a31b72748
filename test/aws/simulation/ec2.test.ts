import {
  DescribeDhcpOptionsCommand,
  DescribeNetworkInterfacesCommand,
  DescribeRegionsCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcsCommand,
  EC2Client,
  paginateDescribeDhcpOptions,
  paginateDescribeNetworkInterfaces,
  paginateDescribeSecurityGroupRules,
  paginateDescribeSubnets,
  paginateDescribeVpcEndpoints,
  paginateDescribeVpcs,
  type DhcpOptions,
  type Filter,
  type NetworkInterface,
  type SecurityGroupRule,
  type Subnet,
  type Vpc,
  type VpcEndpoint,
} from '@aws-sdk/client-ec2';
import type { AwsCredentialIdentity } from '@smithy/types';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CallStats } from '../../../src/aws/call-stats.js';
import { ClientFactory } from '../../../src/aws/clients.js';
import { RateLimiters } from '../../../src/aws/rate-limit.js';
import { regionAvailability } from '../../../src/aws/regions.js';
import type { SimulatedAws, SimulationOptions } from '../../../src/aws/simulation/server.js';
import type { SimWorld } from '../../../src/aws/simulation/world.js';
import { CollectionRecorder, type RegionalContext } from '../../../src/collectors/contract.js';
import { ec2Collector } from '../../../src/collectors/ec2.js';
import { emptyRegional, type Service } from '../../../src/model/inventory.js';
import { silentLogger } from '../../helpers/collector-context.js';
import { MEMBER, OTHER, REGION, regionState, simAccount, simClientConfig, simulate, simWorld } from '../../helpers/sim-world.js';

// ---------- the world ----------

const VPC_A = 'vpc-0a0000000000000a1';
const VPC_B = 'vpc-0b0000000000000b2';
const VPC_C = 'vpc-0c0000000000000c3';
const API_SERVICE = `com.amazonaws.${REGION}.execute-api`;
/** Resource ids in EC2's shape: prefix, then 17 hex digits. */
const idOf = (prefix: string, n: number) => `${prefix}-0${n}${'0'.repeat(14)}${n}`;
const vpce = (n: number) => idOf('vpce', n);
const sg = (n: number) => idOf('sg', n);
const eniId = (n: number) => idOf('eni', n);
const dopt = (n: number) => idOf('dopt', n);
const sgr = (n: number) => idOf('sgr', n);

function endpoint(n: number, vpcId: string, service: string, extra: Partial<VpcEndpoint> = {}): VpcEndpoint {
  const id = vpce(n);
  const interfaceType = service.endsWith('execute-api');
  return {
    VpcEndpointId: id,
    VpcEndpointType: interfaceType ? 'Interface' : 'Gateway',
    VpcId: vpcId,
    ServiceName: service,
    State: 'Available',
    PolicyDocument: '{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}',
    RouteTableIds: [],
    SubnetIds: interfaceType ? [`subnet-0${n}1`] : [],
    Groups: interfaceType ? [{ GroupId: sg(n), GroupName: `endpoint-${n}` }] : [],
    IpAddressType: 'ipv4',
    PrivateDnsEnabled: interfaceType,
    RequesterManaged: false,
    NetworkInterfaceIds: interfaceType ? [eniId(n)] : [],
    DnsEntries: interfaceType ? [{ DnsName: `${id}-abc.execute-api.${REGION}.vpce.amazonaws.com`, HostedZoneId: 'Z1K56Z6FNPJRR' }] : [],
    CreationTimestamp: new Date('2025-01-0' + n + 'T00:00:00Z'),
    Tags: [{ Key: 'Name', Value: `endpoint-${n}` }],
    OwnerId: MEMBER,
    ...extra,
  };
}

const ENDPOINTS: VpcEndpoint[] = [
  endpoint(1, VPC_A, API_SERVICE),
  endpoint(2, VPC_A, `com.amazonaws.${REGION}.s3`),
  endpoint(3, VPC_B, API_SERVICE, { Tags: [{ Key: 'team', Value: 'payments' }] }),
  endpoint(4, VPC_B, `com.amazonaws.${REGION}.dynamodb`),
  endpoint(5, VPC_C, API_SERVICE, { State: 'PendingAcceptance' }),
];

function vpc(id: string, cidr: string, extra: Partial<Vpc> = {}): Vpc {
  return {
    VpcId: id,
    CidrBlock: cidr,
    CidrBlockAssociationSet: [{ AssociationId: `${id}-cidr`, CidrBlock: cidr, CidrBlockState: { State: 'associated' } }],
    DhcpOptionsId: dopt(1),
    State: 'available',
    OwnerId: MEMBER,
    InstanceTenancy: 'default',
    IsDefault: false,
    Tags: [{ Key: 'Name', Value: id }],
    ...extra,
  };
}

const VPCS = [
  { vpc: vpc(VPC_A, '10.0.0.0/16'), enableDnsSupport: true, enableDnsHostnames: true },
  { vpc: vpc(VPC_B, '10.1.0.0/16'), enableDnsSupport: true, enableDnsHostnames: false },
  { vpc: vpc(VPC_C, '172.31.0.0/16', { IsDefault: true }), enableDnsSupport: false, enableDnsHostnames: false },
];

const DHCP: DhcpOptions[] = [1, 2, 3].map((n) => ({
  DhcpOptionsId: dopt(n),
  OwnerId: MEMBER,
  DhcpConfigurations: [
    { Key: 'domain-name', Values: [{ Value: `corp${n}.example.com` }] },
    { Key: 'domain-name-servers', Values: [{ Value: n === 2 ? '10.0.0.2' : 'AmazonProvidedDNS' }] },
  ],
  Tags: [],
}));

const SUBNETS: Subnet[] = [1, 2, 3].map((n) => ({
  SubnetId: `subnet-0${n}1`,
  SubnetArn: `arn:aws:ec2:${REGION}:${MEMBER}:subnet/subnet-0${n}1`,
  VpcId: n === 3 ? VPC_B : VPC_A,
  AvailabilityZone: `${REGION}${'abc'[n - 1]}`,
  AvailabilityZoneId: `use1-az${n}`,
  CidrBlock: `10.0.${n}.0/24`,
  State: 'available',
  OwnerId: MEMBER,
}));

function rule(id: string, groupId: string, isEgress: boolean, cidr: string): SecurityGroupRule {
  return { SecurityGroupRuleId: id, GroupId: groupId, GroupOwnerId: MEMBER, IsEgress: isEgress, IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIpv4: cidr, Tags: [] };
}

const SG_1 = sg(1);
const SG_3 = sg(3);
const RULES: SecurityGroupRule[] = [
  rule(sgr(1), SG_1, false, '10.0.0.0/16'),
  rule(sgr(2), SG_1, true, '0.0.0.0/0'),
  rule(sgr(3), SG_3, false, '0.0.0.0/0'),
  rule(sgr(4), sg(9), false, '10.9.0.0/16'),
  rule(sgr(5), SG_3, true, '0.0.0.0/0'),
];

function eni(id: string, vpcId: string, ip: string, extra: Partial<NetworkInterface> = {}): NetworkInterface {
  return {
    NetworkInterfaceId: id,
    VpcId: vpcId,
    SubnetId: 'subnet-011',
    AvailabilityZone: `${REGION}a`,
    InterfaceType: 'interface',
    Status: 'in-use',
    OwnerId: MEMBER,
    RequesterManaged: false,
    PrivateIpAddress: ip,
    PrivateIpAddresses: [{ PrivateIpAddress: ip, Primary: true }],
    Ipv6Addresses: [],
    Groups: [],
    TagSet: [],
    ...extra,
  };
}

const ENIS: NetworkInterface[] = [
  eni(eniId(1), VPC_A, '10.0.1.10', { Description: `VPC Endpoint Interface ${vpce(1)}`, RequesterManaged: true }),
  eni(eniId(3), VPC_B, '10.1.1.10', { Description: `VPC Endpoint Interface ${vpce(3)}`, Ipv6Addresses: [{ Ipv6Address: '2600:1f18::10' }] }),
  eni(eniId(5), VPC_C, '172.31.0.5', { Description: `VPC Endpoint Interface ${vpce(5)}` }),
  eni(eniId(9), VPC_A, '10.0.2.99', { Description: 'an instance', TagSet: [{ Key: 'role', Value: 'web' }] }),
];

function world(): SimWorld {
  return simWorld([
    simAccount(MEMBER, {
      regions: {
        [REGION]: regionState({
          ec2: { vpcEndpoints: ENDPOINTS, vpcs: VPCS, dhcpOptions: DHCP, subnets: SUBNETS, securityGroupRules: RULES, networkInterfaces: ENIS },
        }),
      },
    }),
    simAccount(OTHER, { optedInRegions: ['ap-east-1'] }),
  ]);
}

function client(options: SimulationOptions = { pageSize: 2 }, maxAttempts = 1): { sim: SimulatedAws; ec2: EC2Client } {
  const sim = simulate(world(), options);
  return { sim, ec2: new EC2Client(simClientConfig(sim, MEMBER, REGION, maxAttempts)) };
}

/** Every page of a paginator, so a test can check both the items and that there was more than one page. */
async function pages<P>(paginator: AsyncIterable<P>): Promise<P[]> {
  const out: P[] = [];
  for await (const page of paginator) out.push(page);
  return out;
}

async function rejection(promise: Promise<unknown>): Promise<{ name: string; status: number | undefined; message: string }> {
  const err = (await promise.then(
    () => expect.fail('expected the call to fail'),
    (e: unknown) => e,
  )) as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
  return { name: err.name, status: err.$metadata?.httpStatusCode, message: err.message };
}

const ids = (endpoints: readonly VpcEndpoint[] | undefined) => (endpoints ?? []).map((e) => e.VpcEndpointId);

afterEach(() => {
  vi.restoreAllMocks();
});

// ---------- DescribeVpcEndpoints ----------

describe('DescribeVpcEndpoints', () => {
  it('returns every endpoint, in the world order, across pages of the simulation page size', async () => {
    const { ec2 } = client();
    const all = await pages(paginateDescribeVpcEndpoints({ client: ec2 }, {}));
    expect(all.map((p) => p.VpcEndpoints?.length)).toEqual([2, 2, 1]);
    expect(ids(all.flatMap((p) => p.VpcEndpoints ?? []))).toEqual(ids(ENDPOINTS));
  });

  it('round-trips the endpoint fields the collector reads', async () => {
    const { ec2 } = client();
    const out = await ec2.send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: [ENDPOINTS[0]!.VpcEndpointId!] }));
    const [e] = out.VpcEndpoints ?? [];
    expect(e).toMatchObject({
      VpcEndpointId: ENDPOINTS[0]!.VpcEndpointId,
      VpcEndpointType: 'Interface',
      ServiceName: API_SERVICE,
      PrivateDnsEnabled: true,
      Groups: ENDPOINTS[0]!.Groups,
      NetworkInterfaceIds: ENDPOINTS[0]!.NetworkInterfaceIds,
      DnsEntries: ENDPOINTS[0]!.DnsEntries,
      CreationTimestamp: ENDPOINTS[0]!.CreationTimestamp,
      Tags: ENDPOINTS[0]!.Tags,
    });
  });

  it.each<[string, Filter[], string[]]>([
    ['service-name', [{ Name: 'service-name', Values: [API_SERVICE, `cn.${API_SERVICE}`] }], [1, 3, 5].map(vpce)],
    ['vpc-id', [{ Name: 'vpc-id', Values: [VPC_B] }], [vpce(3), vpce(4)]],
    ['vpc-endpoint-type', [{ Name: 'vpc-endpoint-type', Values: ['Gateway'] }], [vpce(2), vpce(4)]],
    ['vpc-endpoint-id', [{ Name: 'vpc-endpoint-id', Values: [vpce(5), 'vpce-0999'] }], [vpce(5)]],
    ['a wildcard', [{ Name: 'service-name', Values: ['com.amazonaws.*.s?'] }], [vpce(2)]],
    ['two filters (ANDed)', [{ Name: 'vpc-id', Values: [VPC_A, VPC_B] }, { Name: 'vpc-endpoint-type', Values: ['Interface'] }], [vpce(1), vpce(3)]],
    ['a tag', [{ Name: 'tag:team', Values: ['payments'] }], [vpce(3)]],
    ['a tag key', [{ Name: 'tag-key', Values: ['Name'] }], [vpce(1), vpce(2), vpce(4), vpce(5)]],
  ])('filters by %s', async (_name, Filters, expected) => {
    const { ec2 } = client();
    const all = await pages(paginateDescribeVpcEndpoints({ client: ec2 }, { Filters }));
    expect(ids(all.flatMap((p) => p.VpcEndpoints ?? []))).toEqual(expected);
  });

  it('selects by VpcEndpointId.N and rejects an id that does not exist', async () => {
    const { ec2 } = client();
    const out = await ec2.send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: [vpce(4), vpce(1)] }));
    expect(ids(out.VpcEndpoints)).toEqual([vpce(1), vpce(4)]);
    const err = await rejection(ec2.send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: [vpce(1), 'vpce-0deadbeef'] })));
    expect(err).toMatchObject({ name: 'InvalidVpcEndpointId.NotFound', status: 400 });
    expect(err.message).toContain('vpce-0deadbeef');
  });

  it('rejects an unknown filter name, as EC2 does, instead of ignoring it', async () => {
    const { ec2 } = client();
    const err = await rejection(ec2.send(new DescribeVpcEndpointsCommand({ Filters: [{ Name: 'service', Values: [API_SERVICE] }] })));
    expect(err).toMatchObject({ name: 'InvalidParameterValue', status: 400 });
  });

  it('rejects more than 200 values in one filter', async () => {
    const { ec2 } = client();
    const Values = Array.from({ length: 201 }, (_, i) => `vpce-${i}`);
    const err = await rejection(ec2.send(new DescribeVpcEndpointsCommand({ Filters: [{ Name: 'vpc-endpoint-id', Values }] })));
    expect(err).toMatchObject({ name: 'FilterLimitExceeded', status: 400 });
  });

  it('returns everything in one response when MaxResults is absent and no page cap applies', async () => {
    const { ec2 } = client({});
    const out = await ec2.send(new DescribeVpcEndpointsCommand({}));
    expect(ids(out.VpcEndpoints)).toEqual(ids(ENDPOINTS));
    expect(out.NextToken).toBeUndefined();
  });

  it('pages by MaxResults, rejects one below 5 and caps one above 1000', async () => {
    const { ec2 } = client({});
    const first = await ec2.send(new DescribeVpcEndpointsCommand({ MaxResults: 5 }));
    expect(first.VpcEndpoints).toHaveLength(5);
    expect(first.NextToken).toBeUndefined();
    expect(await rejection(ec2.send(new DescribeVpcEndpointsCommand({ MaxResults: 4 })))).toMatchObject({ name: 'InvalidParameterValue', status: 400 });
    const capped = await ec2.send(new DescribeVpcEndpointsCommand({ MaxResults: 5000 }));
    expect(capped.VpcEndpoints).toHaveLength(5);
  });

  it('rejects a NextToken it did not issue', async () => {
    const { ec2 } = client();
    const first = await ec2.send(new DescribeVpcsCommand({}));
    expect(first.NextToken).toBeDefined();
    const err = await rejection(ec2.send(new DescribeVpcEndpointsCommand({ NextToken: first.NextToken })));
    expect(err).toMatchObject({ name: 'InvalidPaginationToken', status: 400 });
  });
});

// ---------- VPCs, DHCP options, subnets ----------

describe('DescribeVpcs and DescribeVpcAttribute', () => {
  it('lists every VPC in order and selects by VpcId.N or the vpc-id filter', async () => {
    const { ec2 } = client();
    const all = await pages(paginateDescribeVpcs({ client: ec2 }, { MaxResults: 1000 }));
    expect(all.length).toBe(2);
    expect(all.flatMap((p) => p.Vpcs ?? []).map((v) => v.VpcId)).toEqual([VPC_A, VPC_B, VPC_C]);
    const byId = await ec2.send(new DescribeVpcsCommand({ VpcIds: [VPC_C] }));
    expect(byId.Vpcs?.map((v) => [v.VpcId, v.IsDefault, v.CidrBlock])).toEqual([[VPC_C, true, '172.31.0.0/16']]);
    const filtered = await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'vpc-id', Values: [VPC_B] }] }));
    expect(filtered.Vpcs?.map((v) => v.VpcId)).toEqual([VPC_B]);
  });

  it('rejects an unknown VPC id and a MaxResults outside 5..1000', async () => {
    const { ec2 } = client();
    expect(await rejection(ec2.send(new DescribeVpcsCommand({ VpcIds: ['vpc-0nothere'] })))).toMatchObject({ name: 'InvalidVpcID.NotFound', status: 400 });
    expect(await rejection(ec2.send(new DescribeVpcsCommand({ MaxResults: 1001 })))).toMatchObject({ name: 'InvalidParameterValue', status: 400 });
  });

  it.each([
    [VPC_A, 'enableDnsSupport', true],
    [VPC_B, 'enableDnsHostnames', false],
    [VPC_B, 'enableDnsSupport', true],
    [VPC_C, 'enableDnsSupport', false],
  ] as const)('reports %s %s = %s', async (VpcId, Attribute, value) => {
    const { ec2 } = client();
    const out = await ec2.send(new DescribeVpcAttributeCommand({ VpcId, Attribute }));
    expect(out.VpcId).toBe(VpcId);
    expect(Attribute === 'enableDnsSupport' ? out.EnableDnsSupport : out.EnableDnsHostnames).toEqual({ Value: value });
  });

  it('rejects the attribute of a VPC that does not exist', async () => {
    const { ec2 } = client();
    const err = await rejection(ec2.send(new DescribeVpcAttributeCommand({ VpcId: 'vpc-0nothere', Attribute: 'enableDnsSupport' })));
    expect(err).toMatchObject({ name: 'InvalidVpcID.NotFound', status: 400 });
  });

  it('lists DHCP options and subnets across pages', async () => {
    const { ec2 } = client();
    const dhcp = (await pages(paginateDescribeDhcpOptions({ client: ec2 }, { MaxResults: 1000 }))).flatMap((p) => p.DhcpOptions ?? []);
    expect(dhcp).toEqual(DHCP);
    const subnets = (await pages(paginateDescribeSubnets({ client: ec2 }, { MaxResults: 1000 }))).flatMap((p) => p.Subnets ?? []);
    expect(subnets.map((s) => s.SubnetId)).toEqual(SUBNETS.map((s) => s.SubnetId));
    const inB = await pages(paginateDescribeSubnets({ client: ec2 }, { Filters: [{ Name: 'vpc-id', Values: [VPC_B] }] }));
    expect(inB.flatMap((p) => p.Subnets ?? []).map((s) => s.SubnetId)).toEqual(['subnet-031']);
    const byKey = await ec2.send(new DescribeDhcpOptionsCommand({ Filters: [{ Name: 'value', Values: ['10.0.0.2'] }] }));
    expect(byKey.DhcpOptions?.map((d) => d.DhcpOptionsId)).toEqual([dopt(2)]);
  });
});

// ---------- security group rules, network interfaces ----------

describe('DescribeSecurityGroupRules', () => {
  it('filters by group-id across pages, in the world order', async () => {
    const { ec2 } = client();
    const all = await pages(paginateDescribeSecurityGroupRules({ client: ec2 }, { Filters: [{ Name: 'group-id', Values: [SG_1, SG_3] }] }));
    expect(all.length).toBe(2);
    expect(all.flatMap((p) => p.SecurityGroupRules ?? []).map((r) => r.SecurityGroupRuleId)).toEqual([
      sgr(1),
      sgr(2),
      sgr(3),
      sgr(5),
    ]);
  });

  it('selects by SecurityGroupRuleId.N', async () => {
    const { ec2 } = client();
    const all = await pages(paginateDescribeSecurityGroupRules({ client: ec2 }, { SecurityGroupRuleIds: [sgr(4)] }));
    expect(all.flatMap((p) => p.SecurityGroupRules ?? [])).toEqual([RULES[3]]);
  });
});

describe('DescribeNetworkInterfaces', () => {
  it.each<[string, Filter, string[]]>([
    ['network-interface-id', { Name: 'network-interface-id', Values: [eniId(3), eniId(1)] }, [eniId(1), eniId(3)]],
    ['addresses.private-ip-address', { Name: 'addresses.private-ip-address', Values: ['10.0.2.99', '172.31.0.5'] }, [eniId(5), eniId(9)]],
    ['ipv6-addresses.ipv6-address', { Name: 'ipv6-addresses.ipv6-address', Values: ['2600:1f18::10'] }, [eniId(3)]],
    ['vpc-id', { Name: 'vpc-id', Values: [VPC_A] }, [eniId(1), eniId(9)]],
    ['tag:role', { Name: 'tag:role', Values: ['web'] }, [eniId(9)]],
  ])('filters by %s (managed ENIs included)', async (_name, filter, expected) => {
    const { ec2 } = client();
    const all = await pages(paginateDescribeNetworkInterfaces({ client: ec2 }, { MaxResults: 1000, IncludeManagedResources: true, Filters: [filter] }));
    expect(all.flatMap((p) => p.NetworkInterfaces ?? []).map((n) => n.NetworkInterfaceId)).toEqual(expected);
  });

  it('lists every ENI and selects by NetworkInterfaceId.N', async () => {
    const { ec2 } = client();
    const all = await pages(paginateDescribeNetworkInterfaces({ client: ec2 }, {}));
    expect(all.flatMap((p) => p.NetworkInterfaces ?? [])).toEqual(ENIS);
    const one = await ec2.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [eniId(9)] }));
    expect(one.NetworkInterfaces?.map((n) => n.Description)).toEqual(['an instance']);
    const err = await rejection(ec2.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: ['eni-0nothere'] })));
    expect(err).toMatchObject({ name: 'InvalidNetworkInterfaceID.NotFound', status: 400 });
    const combined = await rejection(ec2.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [eniId(9)], MaxResults: 5 })));
    expect(combined).toMatchObject({ name: 'InvalidParameterCombination', status: 400 });
  });
});

// ---------- DescribeRegions ----------

describe('DescribeRegions', () => {
  it('lists every region with its opt-in status when AllRegions is set', async () => {
    const sim = simulate(world());
    const member = new EC2Client(simClientConfig(sim, MEMBER));
    const other = new EC2Client(simClientConfig(sim, OTHER));
    const regions = async (c: EC2Client) => (await c.send(new DescribeRegionsCommand({ AllRegions: true }))).Regions?.map((r) => [r.RegionName, r.OptInStatus, r.Endpoint]);
    expect(await regions(member)).toEqual([
      ['us-east-1', 'opt-in-not-required', 'ec2.us-east-1.amazonaws.com'],
      ['eu-west-1', 'opt-in-not-required', 'ec2.eu-west-1.amazonaws.com'],
      ['ap-east-1', 'not-opted-in', 'ec2.ap-east-1.amazonaws.com'],
    ]);
    expect((await regions(other))?.[2]).toEqual(['ap-east-1', 'opted-in', 'ec2.ap-east-1.amazonaws.com']);
  });

  it('lists only enabled regions without AllRegions, and filters by opt-in-status', async () => {
    const sim = simulate(world());
    const member = new EC2Client(simClientConfig(sim, MEMBER));
    const enabled = await member.send(new DescribeRegionsCommand({}));
    expect(enabled.Regions?.map((r) => r.RegionName)).toEqual(['us-east-1', 'eu-west-1']);
    const notOptedIn = await member.send(new DescribeRegionsCommand({ AllRegions: true, Filters: [{ Name: 'opt-in-status', Values: ['not-opted-in'] }] }));
    expect(notOptedIn.Regions?.map((r) => r.RegionName)).toEqual(['ap-east-1']);
  });

  it('feeds regionAvailability, including a region the regionNotEnabled fault disables', async () => {
    const sim = simulate(world(), { faults: { regionNotEnabled: [{ accountId: MEMBER, region: 'eu-west-1' }] } });
    expect(await regionAvailability(new EC2Client(simClientConfig(sim, MEMBER)))).toEqual({ enabled: ['us-east-1'], notEnabled: ['ap-east-1', 'eu-west-1'] });
    expect(await regionAvailability(new EC2Client(simClientConfig(sim, OTHER)))).toEqual({ enabled: ['ap-east-1', 'eu-west-1', 'us-east-1'], notEnabled: [] });
  });
});

// ---------- throttling, unknown operations ----------

describe('throttling', () => {
  it('returns RequestLimitExceeded (503) when throttled', async () => {
    const { ec2, sim } = client({ faults: { throttlingStorm: { probability: 1 } } });
    const err = await rejection(ec2.send(new DescribeVpcsCommand({})));
    expect(err).toMatchObject({ name: 'RequestLimitExceeded', status: 503 });
    expect(sim.metrics.throttled).toBe(1);
  });

  it('is retried by the SDK until the server-side quota lets the call through', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    // Each look at the clock is 600 ms later: the second call is throttled (1/s), its retry is not.
    let t = 0;
    const clock = { now: () => (t += 600), sleep: async () => {} };
    const { ec2, sim } = client({ quotas: { ec2: { rate: 1, burst: 1 } }, clock }, 3);
    await ec2.send(new DescribeVpcsCommand({}));
    const out = await ec2.send(new DescribeVpcsCommand({}));
    expect(out.Vpcs).toHaveLength(3);
    expect(sim.metrics.requests).toBe(3);
    expect(sim.metrics.throttled).toBe(1);
  });

  it('gives up after maxAttempts when throttling persists', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const { ec2, sim } = client({ faults: { throttlingStorm: { probability: 1, services: ['ec2'] } } }, 3);
    const err = await rejection(ec2.send(new DescribeVpcsCommand({})));
    expect(err).toMatchObject({ name: 'RequestLimitExceeded', status: 503 });
    expect(sim.metrics.requests).toBe(3);
  });
});

// ---------- the real collector ----------

function simRegionalContext(sim: SimulatedAws, accountId: string, service: Service): RegionalContext {
  const credentials: AwsCredentialIdentity = sim.issueCredentials(accountId, 'privapi-test');
  const factory = new ClientFactory({ settings: { maxAttempts: 3, retryMode: 'standard', requestHandler: sim }, limiters: new RateLimiters(), stats: new CallStats() });
  return {
    accountId,
    region: REGION,
    partition: 'aws',
    log: silentLogger,
    recorder: new CollectionRecorder(service, silentLogger),
    clients: factory.regionClients(accountId, REGION, async () => credentials),
  };
}

describe('the EC2 collector against the simulation', () => {
  it('collects the execute-api endpoints, VPCs with DNS attributes, DHCP options, subnets, groups and ENIs', async () => {
    const sim = simulate(world(), { pageSize: 2 });
    const ctx = simRegionalContext(sim, MEMBER, 'ec2');
    const into = emptyRegional(MEMBER, REGION);
    await ec2Collector.collect(ctx, into);

    expect(ctx.recorder.state).toBe('complete');
    expect(ctx.recorder.errors).toEqual([]);
    expect(into.vpcEndpoints.map((e) => [e.id, e.vpcId, e.state, e.securityGroupIds, e.networkInterfaceIds])).toEqual([
      [vpce(1), VPC_A, 'Available', [SG_1], [eniId(1)]],
      [vpce(3), VPC_B, 'Available', [SG_3], [eniId(3)]],
      [vpce(5), VPC_C, 'PendingAcceptance', [sg(5)], [eniId(5)]],
    ]);
    expect(into.vpcEndpoints[0]).toMatchObject({
      arn: `arn:aws:ec2:${REGION}:${MEMBER}:vpc-endpoint/${vpce(1)}`,
      privateDnsEnabled: true,
      dnsEntries: [{ dnsName: ENDPOINTS[0]!.DnsEntries![0]!.DnsName, hostedZoneId: 'Z1K56Z6FNPJRR' }],
      tags: { Name: 'endpoint-1' },
    });
    expect(into.vpcs.map((v) => [v.id, v.cidrBlocks, v.isDefault, v.enableDnsSupport, v.enableDnsHostnames])).toEqual([
      [VPC_A, ['10.0.0.0/16'], false, true, true],
      [VPC_B, ['10.1.0.0/16'], false, true, false],
      [VPC_C, ['172.31.0.0/16'], true, false, false],
    ]);
    expect(into.dhcpOptions.map((d) => [d.id, d.domainName, d.domainNameServers])).toEqual([
      [dopt(1), 'corp1.example.com', ['AmazonProvidedDNS']],
      [dopt(2), 'corp2.example.com', ['10.0.0.2']],
      [dopt(3), 'corp3.example.com', ['AmazonProvidedDNS']],
    ]);
    expect(into.subnets.map((s) => [s.id, s.vpcId, s.availabilityZoneId])).toEqual(SUBNETS.map((s) => [s.SubnetId, s.VpcId, s.AvailabilityZoneId]));
    expect(into.securityGroups.map((g) => [g.id, g.rules.map((r) => r.id)])).toEqual([
      [SG_1, [sgr(1), sgr(2)]],
      [SG_3, [sgr(3), sgr(5)]],
      [sg(5), []],
    ]);
    expect(into.networkInterfaces.map((n) => [n.id, n.vpcEndpointId, n.privateIpAddresses])).toEqual([
      [eniId(1), vpce(1), ['10.0.1.10']],
      [eniId(3), vpce(3), ['10.1.1.10']],
      [eniId(5), vpce(5), ['172.31.0.5']],
    ]);
  });

  it('marks the service failed when the primary listing is denied', async () => {
    const sim = simulate(world(), { faults: { accessDenied: [{ accountId: MEMBER, service: 'ec2', operation: 'DescribeVpcEndpoints' }] } });
    const ctx = simRegionalContext(sim, MEMBER, 'ec2');
    await ec2Collector.collect(ctx, emptyRegional(MEMBER, REGION));
    expect(ctx.recorder.state).toBe('failed');
    expect(ctx.recorder.errors[0]).toMatchObject({ operation: 'DescribeVpcEndpoints', code: 'UnauthorizedOperation' });
  });
});

import {
  DescribeDhcpOptionsCommand,
  DescribeNetworkInterfacesCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeSubnetsCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcsCommand,
  EC2Client,
  type DescribeNetworkInterfacesRequest,
  type DescribeSecurityGroupRulesRequest,
  type NetworkInterface as SdkNetworkInterface,
  type SecurityGroupRule as SdkSecurityGroupRule,
  type VpcEndpoint as SdkVpcEndpoint,
} from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { ec2Collector } from '../../src/collectors/ec2.js';
import { emptyRegional, type RegionalInventory } from '../../src/model/inventory.js';
import { ACCOUNT, REGION, accessDenied, expectOnlyDeclaredCalls, regionalContext } from '../helpers/collector-context.js';

const ec2 = mockClient(EC2Client);

beforeEach(() => {
  ec2.reset();
  // Every listing answers "nothing" unless a test says otherwise.
  ec2.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [] });
  ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [] });
  ec2.on(DescribeDhcpOptionsCommand).resolves({ DhcpOptions: [] });
  ec2.on(DescribeSubnetsCommand).resolves({ Subnets: [] });
  ec2.on(DescribeSecurityGroupRulesCommand).resolves({ SecurityGroupRules: [] });
  ec2.on(DescribeNetworkInterfacesCommand).resolves({ NetworkInterfaces: [] });
  ec2.on(DescribeVpcAttributeCommand, { Attribute: 'enableDnsSupport' }).resolves({ EnableDnsSupport: { Value: true } });
  ec2.on(DescribeVpcAttributeCommand, { Attribute: 'enableDnsHostnames' }).resolves({ EnableDnsHostnames: { Value: true } });
});

type Seed = Partial<Pick<RegionalInventory, 'loadBalancers' | 'vpcLinksV2' | 'resolverEndpoints' | 'targetGroups'>>;

async function run(opts: Parameters<typeof regionalContext>[1] = {}, seed: Seed = {}) {
  const ctx = regionalContext('ec2', opts);
  const into: RegionalInventory = { ...emptyRegional(ctx.accountId, ctx.region), ...seed };
  await ec2Collector.collect(ctx, into);
  return { ctx, into };
}

/** EC2 sends endpoint states in lower case although the SDK's State enum spells them capitalised. */
const wireState = (state: string) => state as SdkVpcEndpoint['State'];

const located = (region = REGION) => ({ accountId: ACCOUNT, region });

function endpoint(id: string, overrides: Partial<SdkVpcEndpoint> = {}): SdkVpcEndpoint {
  return {
    VpcEndpointId: id,
    VpcEndpointType: 'Interface',
    VpcId: 'vpc-0aaa',
    ServiceName: `com.amazonaws.${REGION}.execute-api`,
    State: wireState('available'),
    PrivateDnsEnabled: true,
    SubnetIds: ['subnet-0a'],
    Groups: [{ GroupId: 'sg-0e1', GroupName: 'vpce' }],
    NetworkInterfaceIds: [],
    ...overrides,
  };
}

function sgRule(id: string, groupId: string, overrides: Partial<SdkSecurityGroupRule> = {}): SdkSecurityGroupRule {
  return { SecurityGroupRuleId: id, GroupId: groupId, GroupOwnerId: ACCOUNT, IsEgress: false, IpProtocol: 'tcp', FromPort: 443, ToPort: 443, ...overrides };
}

function eni(id: string, overrides: Partial<SdkNetworkInterface> = {}): SdkNetworkInterface {
  return { NetworkInterfaceId: id, VpcId: 'vpc-0aaa', SubnetId: 'subnet-0a', InterfaceType: 'interface', Status: 'in-use', ...overrides };
}

function filtersOf(input: DescribeNetworkInterfacesRequest | DescribeSecurityGroupRulesRequest) {
  return (input.Filters ?? []).map((f) => ({ name: f.Name, values: f.Values }));
}

describe('ec2Collector field mapping', () => {
  it('maps every listing from realistic responses, with non-aws partition ARNs, and sends only declared calls', async () => {
    const region = 'us-gov-west-1';
    ec2.on(DescribeVpcEndpointsCommand).resolves({
      VpcEndpoints: [
        {
          VpcEndpointId: 'vpce-0b2',
          VpcEndpointType: 'Interface',
          VpcId: 'vpc-0aaa',
          ServiceName: `com.amazonaws.${region}.execute-api`,
          State: wireState('failed'),
          LastError: { Code: 'InsufficientIpAddresses', Message: 'Subnet has no free addresses' },
          PrivateDnsEnabled: false,
          SubnetIds: ['subnet-0a', 'subnet-0b'],
          Groups: [{ GroupId: 'sg-0e1', GroupName: 'vpce' }],
          NetworkInterfaceIds: ['eni-0e1', 'eni-0e2'],
          PolicyDocument: '{\n  "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}]\n}',
          DnsEntries: [
            { DnsName: 'vpce-0b2-abcd.execute-api.us-gov-west-1.vpce.amazonaws.com', HostedZoneId: 'Z1ABCDEF' },
            { DnsName: 'vpce-0b2-abcd-us-gov-west-1a.execute-api.us-gov-west-1.vpce.amazonaws.com', HostedZoneId: 'Z1ABCDEF' },
          ],
          IpAddressType: 'dualstack',
          Tags: [{ Key: 'Name', Value: 'api-endpoint' }],
          OwnerId: ACCOUNT,
        },
        { VpcEndpointId: 'vpce-0a1', VpcId: 'vpc-0aaa', ServiceName: `com.amazonaws.${region}.execute-api`, State: wireState('available') },
      ],
    });
    ec2.on(DescribeVpcsCommand).resolves({
      Vpcs: [
        {
          VpcId: 'vpc-0aaa',
          CidrBlock: '10.0.0.0/16',
          CidrBlockAssociationSet: [
            { AssociationId: 'a1', CidrBlock: '10.0.0.0/16', CidrBlockState: { State: 'associated' } },
            { AssociationId: 'a2', CidrBlock: '10.1.0.0/16', CidrBlockState: { State: 'associated' } },
            { AssociationId: 'a3', CidrBlock: '10.9.0.0/16', CidrBlockState: { State: 'disassociated' } },
          ],
          Ipv6CidrBlockAssociationSet: [{ AssociationId: 'i1', Ipv6CidrBlock: '2600:1f14::/56', Ipv6CidrBlockState: { State: 'associated' } }],
          DhcpOptionsId: 'dopt-01',
          IsDefault: false,
          Tags: [{ Key: 'env', Value: 'prod' }],
        },
        { VpcId: 'vpc-0bbb', CidrBlock: '172.31.0.0/16', DhcpOptionsId: 'dopt-01', IsDefault: true },
      ],
    });
    ec2.on(DescribeVpcAttributeCommand, { VpcId: 'vpc-0bbb', Attribute: 'enableDnsHostnames' }).resolves({ EnableDnsHostnames: { Value: false } });
    ec2.on(DescribeDhcpOptionsCommand).resolves({
      DhcpOptions: [
        {
          DhcpOptionsId: 'dopt-01',
          DhcpConfigurations: [
            { Key: 'domain-name', Values: [{ Value: 'us-gov-west-1.compute.internal' }] },
            { Key: 'domain-name-servers', Values: [{ Value: '10.0.0.2' }, { Value: '10.0.0.3' }] },
          ],
          Tags: [],
        },
      ],
    });
    ec2.on(DescribeSubnetsCommand).resolves({
      Subnets: [
        {
          SubnetId: 'subnet-0b',
          SubnetArn: `arn:aws-us-gov:ec2:${region}:${ACCOUNT}:subnet/subnet-0b`,
          VpcId: 'vpc-0aaa',
          AvailabilityZone: 'us-gov-west-1b',
          AvailabilityZoneId: 'usgw1-az2',
          CidrBlock: '10.0.2.0/24',
        },
        { SubnetId: 'subnet-0a', VpcId: 'vpc-0aaa', AvailabilityZone: 'us-gov-west-1a', AvailabilityZoneId: 'usgw1-az1', Tags: [{ Key: 'tier', Value: 'private' }] },
      ],
    });
    ec2.on(DescribeSecurityGroupRulesCommand).resolves({
      SecurityGroupRules: [
        sgRule('sgr-02', 'sg-0e1', { IsEgress: true, IpProtocol: '-1', FromPort: -1, ToPort: -1, CidrIpv6: '::/0', GroupOwnerId: '222222222222' }),
        sgRule('sgr-01', 'sg-0e1', { CidrIpv4: '10.0.0.0/8', Description: 'HTTPS from the VPC' }),
        sgRule('sgr-03', 'sg-0lb', { PrefixListId: 'pl-0123', ReferencedGroupInfo: { GroupId: 'sg-0e1', UserId: ACCOUNT } }),
      ],
    });
    ec2.on(DescribeNetworkInterfacesCommand).resolves({
      NetworkInterfaces: [
        eni('eni-0e2', {
          Description: 'VPC Endpoint Interface vpce-0b2',
          InterfaceType: 'vpc_endpoint',
          PrivateIpAddresses: [{ PrivateIpAddress: '10.0.2.10', Primary: true }],
          Ipv6Addresses: [{ Ipv6Address: '2600:1f14::10' }],
        }),
        eni('eni-0e1', { Description: 'VPC Endpoint Interface vpce-0b2', InterfaceType: 'vpc_endpoint', PrivateIpAddresses: [{ PrivateIpAddress: '10.0.1.10' }] }),
      ],
    });

    const { ctx, into } = await run(
      { partition: 'aws-us-gov', region },
      {
        loadBalancers: [
          {
            ...located(region),
            arn: `arn:aws-us-gov:elasticloadbalancing:${region}:${ACCOUNT}:loadbalancer/app/lb/1`,
            name: 'lb',
            type: 'application',
            scheme: 'internal',
            state: 'active',
            vpcId: 'vpc-0aaa',
            availabilityZones: [],
            securityGroupIds: ['sg-0lb'],
          },
        ],
        vpcLinksV2: [
          { ...located(region), arn: 'link', id: 'link01', name: 'link', status: 'AVAILABLE', securityGroupIds: ['sg-0vl'], subnetIds: ['subnet-0b'], tags: {} },
        ],
      },
    );

    expect(ctx.recorder.errors).toEqual([]);
    expect(ctx.recorder.state).toBe('complete');
    const arn = (kind: string, id: string) => `arn:aws-us-gov:ec2:${region}:${ACCOUNT}:${kind}/${id}`;
    expect(into.vpcEndpoints).toEqual([
      {
        ...located(region),
        arn: arn('vpc-endpoint', 'vpce-0a1'),
        id: 'vpce-0a1',
        vpcId: 'vpc-0aaa',
        serviceName: `com.amazonaws.${region}.execute-api`,
        type: '',
        state: 'available',
        lastError: undefined,
        privateDnsEnabled: false,
        subnetIds: [],
        securityGroupIds: [],
        networkInterfaceIds: [],
        policyDocument: undefined,
        dnsEntries: [],
        ipAddressType: undefined,
        tags: {},
      },
      {
        ...located(region),
        arn: arn('vpc-endpoint', 'vpce-0b2'),
        id: 'vpce-0b2',
        vpcId: 'vpc-0aaa',
        serviceName: `com.amazonaws.${region}.execute-api`,
        type: 'Interface',
        state: 'failed',
        lastError: 'InsufficientIpAddresses: Subnet has no free addresses',
        privateDnsEnabled: false,
        subnetIds: ['subnet-0a', 'subnet-0b'],
        securityGroupIds: ['sg-0e1'],
        networkInterfaceIds: ['eni-0e1', 'eni-0e2'],
        policyDocument: '{\n  "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}]\n}',
        dnsEntries: [
          { dnsName: 'vpce-0b2-abcd.execute-api.us-gov-west-1.vpce.amazonaws.com', hostedZoneId: 'Z1ABCDEF' },
          { dnsName: 'vpce-0b2-abcd-us-gov-west-1a.execute-api.us-gov-west-1.vpce.amazonaws.com', hostedZoneId: 'Z1ABCDEF' },
        ],
        ipAddressType: 'dualstack',
        tags: { Name: 'api-endpoint' },
      },
    ]);
    expect(into.vpcs).toEqual([
      {
        ...located(region),
        arn: arn('vpc', 'vpc-0aaa'),
        id: 'vpc-0aaa',
        cidrBlocks: ['10.0.0.0/16', '10.1.0.0/16'],
        ipv6CidrBlocks: ['2600:1f14::/56'],
        dhcpOptionsId: 'dopt-01',
        isDefault: false,
        enableDnsSupport: true,
        enableDnsHostnames: true,
        tags: { env: 'prod' },
      },
      {
        ...located(region),
        arn: arn('vpc', 'vpc-0bbb'),
        id: 'vpc-0bbb',
        cidrBlocks: ['172.31.0.0/16'],
        ipv6CidrBlocks: [],
        dhcpOptionsId: 'dopt-01',
        isDefault: true,
        enableDnsSupport: true,
        enableDnsHostnames: false,
        tags: {},
      },
    ]);
    expect(into.dhcpOptions).toEqual([
      {
        ...located(region),
        arn: arn('dhcp-options', 'dopt-01'),
        id: 'dopt-01',
        domainNameServers: ['10.0.0.2', '10.0.0.3'],
        domainName: 'us-gov-west-1.compute.internal',
        tags: {},
      },
    ]);
    expect(into.subnets).toEqual([
      {
        ...located(region),
        arn: arn('subnet', 'subnet-0a'),
        id: 'subnet-0a',
        vpcId: 'vpc-0aaa',
        availabilityZone: 'us-gov-west-1a',
        availabilityZoneId: 'usgw1-az1',
        cidrBlock: undefined,
        tags: { tier: 'private' },
      },
      {
        ...located(region),
        arn: `arn:aws-us-gov:ec2:${region}:${ACCOUNT}:subnet/subnet-0b`,
        id: 'subnet-0b',
        vpcId: 'vpc-0aaa',
        availabilityZone: 'us-gov-west-1b',
        availabilityZoneId: 'usgw1-az2',
        cidrBlock: '10.0.2.0/24',
        tags: {},
      },
    ]);
    const noRuleFields = { cidrIpv4: undefined, cidrIpv6: undefined, prefixListId: undefined, referencedGroupId: undefined, description: undefined };
    expect(into.securityGroups).toEqual([
      {
        ...located(region),
        arn: `arn:aws-us-gov:ec2:${region}:222222222222:security-group/sg-0e1`,
        id: 'sg-0e1',
        vpcId: undefined,
        rules: [
          { ...noRuleFields, id: 'sgr-01', isEgress: false, ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIpv4: '10.0.0.0/8', description: 'HTTPS from the VPC' },
          { ...noRuleFields, id: 'sgr-02', isEgress: true, ipProtocol: '-1', fromPort: -1, toPort: -1, cidrIpv6: '::/0' },
        ],
      },
      {
        ...located(region),
        arn: arn('security-group', 'sg-0lb'),
        id: 'sg-0lb',
        vpcId: undefined,
        rules: [{ ...noRuleFields, id: 'sgr-03', isEgress: false, ipProtocol: 'tcp', fromPort: 443, toPort: 443, prefixListId: 'pl-0123', referencedGroupId: 'sg-0e1' }],
      },
      { ...located(region), arn: arn('security-group', 'sg-0vl'), id: 'sg-0vl', vpcId: undefined, rules: [] },
    ]);
    expect(into.networkInterfaces).toEqual([
      {
        ...located(region),
        arn: arn('network-interface', 'eni-0e1'),
        id: 'eni-0e1',
        vpcId: 'vpc-0aaa',
        subnetId: 'subnet-0a',
        interfaceType: 'vpc_endpoint',
        status: 'in-use',
        privateIpAddresses: ['10.0.1.10'],
        ipv6Addresses: [],
        description: 'VPC Endpoint Interface vpce-0b2',
        vpcEndpointId: 'vpce-0b2',
      },
      {
        ...located(region),
        arn: arn('network-interface', 'eni-0e2'),
        id: 'eni-0e2',
        vpcId: 'vpc-0aaa',
        subnetId: 'subnet-0a',
        interfaceType: 'vpc_endpoint',
        status: 'in-use',
        privateIpAddresses: ['10.0.2.10'],
        ipv6Addresses: ['2600:1f14::10'],
        description: 'VPC Endpoint Interface vpce-0b2',
        vpcEndpointId: 'vpce-0b2',
      },
    ]);
    expect(filtersOf(ec2.commandCalls(DescribeNetworkInterfacesCommand)[0]?.args[0].input ?? {})).toEqual([
      { name: 'network-interface-id', values: ['eni-0e1', 'eni-0e2'] },
    ]);
    expect(ec2.commandCalls(DescribeVpcAttributeCommand)).toHaveLength(4);
    expectOnlyDeclaredCalls(ec2Collector.declares, ec2);
  });

  it('declares every Describe* action without resource ARNs', () => {
    expect(ec2Collector.declares.map((d) => d.action).sort()).toEqual([
      'ec2:DescribeDhcpOptions',
      'ec2:DescribeNetworkInterfaces',
      'ec2:DescribeSecurityGroupRules',
      'ec2:DescribeSubnets',
      'ec2:DescribeVpcAttribute',
      'ec2:DescribeVpcEndpoints',
      'ec2:DescribeVpcs',
    ]);
    expect(ec2Collector.declares.every((d) => d.resources === undefined)).toBe(true);
  });
});

describe('ec2Collector execute-api endpoint filter', () => {
  it.each([
    { region: 'us-east-1', partition: 'aws' as const },
    { region: 'cn-north-1', partition: 'aws-cn' as const },
  ])('asks for both service-name spellings in $region', async ({ region, partition }) => {
    ec2.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [endpoint('vpce-01', { ServiceName: `cn.com.amazonaws.${region}.execute-api` })] });

    const { into } = await run({ region, partition });

    const input = ec2.commandCalls(DescribeVpcEndpointsCommand)[0]?.args[0].input;
    expect(input?.MaxResults).toBe(1000);
    expect(input?.Filters).toEqual([
      { Name: 'service-name', Values: [`com.amazonaws.${region}.execute-api`, `cn.com.amazonaws.${region}.execute-api`] },
    ]);
    expect(into.vpcEndpoints.map((e) => e.arn)).toEqual([`arn:${partition}:ec2:${region}:${ACCOUNT}:vpc-endpoint/vpce-01`]);
  });
});

describe('ec2Collector pagination', () => {
  it('follows every listing across pages', async () => {
    ec2.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [endpoint('vpce-01', { NetworkInterfaceIds: ['eni-01'] })], NextToken: 'e2' });
    ec2.on(DescribeVpcEndpointsCommand, { NextToken: 'e2' }).resolves({ VpcEndpoints: [endpoint('vpce-02', { NetworkInterfaceIds: ['eni-02'] })] });
    ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [{ VpcId: 'vpc-01' }], NextToken: 'v2' });
    ec2.on(DescribeVpcsCommand, { NextToken: 'v2' }).resolves({ Vpcs: [{ VpcId: 'vpc-02' }] });
    ec2.on(DescribeDhcpOptionsCommand).resolves({ DhcpOptions: [{ DhcpOptionsId: 'dopt-01' }], NextToken: 'd2' });
    ec2.on(DescribeDhcpOptionsCommand, { NextToken: 'd2' }).resolves({ DhcpOptions: [{ DhcpOptionsId: 'dopt-02' }] });
    ec2.on(DescribeSubnetsCommand).resolves({ Subnets: [{ SubnetId: 'subnet-01' }], NextToken: 's2' });
    ec2.on(DescribeSubnetsCommand, { NextToken: 's2' }).resolves({ Subnets: [{ SubnetId: 'subnet-02' }] });
    ec2.on(DescribeSecurityGroupRulesCommand).resolves({ SecurityGroupRules: [sgRule('sgr-01', 'sg-0e1')], NextToken: 'r2' });
    ec2.on(DescribeSecurityGroupRulesCommand, { NextToken: 'r2' }).resolves({ SecurityGroupRules: [sgRule('sgr-02', 'sg-0e1')] });
    ec2.on(DescribeNetworkInterfacesCommand).resolves({ NetworkInterfaces: [eni('eni-01')], NextToken: 'n2' });
    ec2.on(DescribeNetworkInterfacesCommand, { NextToken: 'n2' }).resolves({ NetworkInterfaces: [eni('eni-02')] });

    const { ctx, into } = await run();

    expect(ctx.recorder.state).toBe('complete');
    expect(into.vpcEndpoints.map((e) => e.id)).toEqual(['vpce-01', 'vpce-02']);
    expect(into.vpcs.map((v) => v.id)).toEqual(['vpc-01', 'vpc-02']);
    expect(into.dhcpOptions.map((d) => d.id)).toEqual(['dopt-01', 'dopt-02']);
    expect(into.subnets.map((s) => s.id)).toEqual(['subnet-01', 'subnet-02']);
    expect(into.securityGroups.flatMap((g) => g.rules.map((r) => r.id))).toEqual(['sgr-01', 'sgr-02']);
    expect(into.networkInterfaces.map((n) => n.id)).toEqual(['eni-01', 'eni-02']);
    for (const [command, token] of [
      [DescribeVpcEndpointsCommand, 'e2'],
      [DescribeVpcsCommand, 'v2'],
      [DescribeDhcpOptionsCommand, 'd2'],
      [DescribeSubnetsCommand, 's2'],
      [DescribeSecurityGroupRulesCommand, 'r2'],
      [DescribeNetworkInterfacesCommand, 'n2'],
    ] as const) {
      const calls = ec2.commandCalls(command);
      expect(calls, command.name).toHaveLength(2);
      expect(calls[1]?.args[0].input, command.name).toMatchObject({ NextToken: token, MaxResults: 1000 });
    }
  });
});

describe('ec2Collector empty region', () => {
  it('is complete with empty lists and sends no security group or ENI lookups', async () => {
    const { ctx, into } = await run();

    expect(ctx.recorder.state).toBe('complete');
    expect(ctx.recorder.errors).toEqual([]);
    for (const key of ['vpcEndpoints', 'vpcs', 'dhcpOptions', 'subnets', 'securityGroups', 'networkInterfaces'] as const) {
      expect(into[key], key).toEqual([]);
    }
    expect(ec2).not.toHaveReceivedCommand(DescribeSecurityGroupRulesCommand);
    expect(ec2).not.toHaveReceivedCommand(DescribeNetworkInterfacesCommand);
    expect(ec2).not.toHaveReceivedCommand(DescribeVpcAttributeCommand);
  });
});

describe('ec2Collector primary listing failures', () => {
  it('fails on a denied DescribeVpcEndpoints, fabricates no endpoints or their ENIs, and still lists the rest', async () => {
    ec2.on(DescribeVpcEndpointsCommand).rejects(accessDenied());
    ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [{ VpcId: 'vpc-01' }] });

    const { ctx, into } = await run();

    expect(ctx.recorder.state).toBe('failed');
    expect(ctx.recorder.errors).toEqual([
      { operation: 'DescribeVpcEndpoints', code: 'AccessDeniedException', message: 'User is not authorized to perform this operation' },
    ]);
    expect(into.vpcEndpoints).toEqual([]);
    expect(into.vpcs.map((v) => v.id)).toEqual(['vpc-01']);
    expect(ec2).not.toHaveReceivedCommand(DescribeNetworkInterfacesCommand);
  });

  it.each([
    { operation: 'DescribeVpcs', command: DescribeVpcsCommand, key: 'vpcs' },
    { operation: 'DescribeDhcpOptions', command: DescribeDhcpOptionsCommand, key: 'dhcpOptions' },
    { operation: 'DescribeSubnets', command: DescribeSubnetsCommand, key: 'subnets' },
  ] as const)('fails on a denied $operation without fabricating records', async ({ operation, command, key }) => {
    ec2.on(command).rejects(accessDenied());

    const { ctx, into } = await run();

    expect(ctx.recorder.state).toBe('failed');
    expect(ctx.recorder.errors).toEqual([expect.objectContaining({ operation, code: 'AccessDeniedException' })]);
    expect(into[key]).toEqual([]);
  });

  it('fails when a later page of a primary listing is denied, keeping no half list', async () => {
    ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [{ VpcId: 'vpc-01' }], NextToken: 'v2' });
    ec2.on(DescribeVpcsCommand, { NextToken: 'v2' }).rejects(accessDenied());

    const { ctx, into } = await run();

    expect(ctx.recorder.state).toBe('failed');
    expect(into.vpcs).toEqual([]);
    expect(ec2).not.toHaveReceivedCommand(DescribeVpcAttributeCommand);
  });
});

describe('ec2Collector VPC DNS attributes', () => {
  it('leaves a denied attribute undefined (unknown, not false) and marks the collection partial', async () => {
    ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [{ VpcId: 'vpc-01' }, { VpcId: 'vpc-02' }] });
    ec2.on(DescribeVpcAttributeCommand, { VpcId: 'vpc-02', Attribute: 'enableDnsHostnames' }).rejects(accessDenied());

    const { ctx, into } = await run();

    expect(ctx.recorder.state).toBe('partial');
    expect(ctx.recorder.errors).toEqual([expect.objectContaining({ operation: 'DescribeVpcAttribute', code: 'AccessDeniedException', resource: 'vpc-02' })]);
    expect(into.vpcs.map((v) => [v.id, v.enableDnsSupport, v.enableDnsHostnames])).toEqual([
      ['vpc-01', true, true],
      ['vpc-02', true, undefined],
    ]);
  });
});

describe('ec2Collector security groups', () => {
  const groups = (from: number, count: number) => Array.from({ length: count }, (_, i) => `sg-${String(from + i).padStart(4, '0')}`);

  /** Mocks the endpoints' groups and returns the other sources' groups as inventory. */
  function seedWith250Groups(): Seed {
    const lb = { ...located(), name: 'nlb', type: 'network', scheme: 'internal', state: 'active', availabilityZones: [] };
    ec2.on(DescribeVpcEndpointsCommand).resolves({
      VpcEndpoints: [endpoint('vpce-01', { VpcId: 'vpc-01', Groups: [...groups(0, 60), 'sg-0249'].map((GroupId) => ({ GroupId })) })],
    });
    return {
      loadBalancers: [{ ...lb, arn: 'lb-1', vpcId: 'vpc-02', securityGroupIds: groups(60, 60) }],
      vpcLinksV2: [{ ...located(), arn: 'l', id: 'link', name: 'link', status: 'AVAILABLE', securityGroupIds: groups(120, 60), subnetIds: [], tags: {} }],
      resolverEndpoints: [
        { ...located(), arn: 'r', id: 'rslvr-in-01', direction: 'INBOUND', status: 'OPERATIONAL', hostVpcId: 'vpc-03', securityGroupIds: groups(180, 70), ipAddressCount: 0, ipAddresses: [] },
      ],
    };
  }

  it('gathers groups from endpoints, load balancers, VPC links V2 and resolver endpoints in chunks of 200', async () => {
    ec2.on(DescribeSecurityGroupRulesCommand).callsFake((input: DescribeSecurityGroupRulesRequest) => ({
      SecurityGroupRules: (input.Filters?.[0]?.Values ?? []).filter((g) => g !== 'sg-0249').map((g) => sgRule(`sgr-${g}`, g)),
    }));

    const { ctx, into } = await run({}, seedWith250Groups());

    expect(ctx.recorder.state).toBe('complete');
    const calls = ec2.commandCalls(DescribeSecurityGroupRulesCommand);
    expect(calls.map((c) => c.args[0].input.Filters?.[0]?.Values?.length)).toEqual([200, 50]);
    expect(calls.every((c) => c.args[0].input.Filters?.[0]?.Name === 'group-id' && c.args[0].input.MaxResults === 1000)).toBe(true);
    expect(calls.flatMap((c) => c.args[0].input.Filters?.[0]?.Values)).toEqual(groups(0, 250));
    expect(into.securityGroups.map((g) => g.id)).toEqual(groups(0, 250));
    // A group with no rules is still a record: it was collected and has none.
    expect(into.securityGroups.find((g) => g.id === 'sg-0249')).toEqual({
      ...located(),
      arn: `arn:aws:ec2:${REGION}:${ACCOUNT}:security-group/sg-0249`,
      id: 'sg-0249',
      vpcId: undefined,
      rules: [],
    });
  });

  it('records an error per group of a failed chunk and produces no record for them', async () => {
    ec2.on(DescribeSecurityGroupRulesCommand).callsFake((input: DescribeSecurityGroupRulesRequest) => {
      const values = input.Filters?.[0]?.Values ?? [];
      if (values.length === 50) throw accessDenied();
      return { SecurityGroupRules: values.map((g) => sgRule(`sgr-${g}`, g)) };
    });

    const { ctx, into } = await run({}, seedWith250Groups());

    expect(ctx.recorder.state).toBe('partial');
    expect(ctx.recorder.errors).toHaveLength(50);
    expect(ctx.recorder.errors[0]).toEqual(expect.objectContaining({ operation: 'DescribeSecurityGroupRules', code: 'AccessDeniedException', resource: 'sg-0200' }));
    expect(ctx.recorder.errors.map((e) => e.resource)).toEqual(groups(200, 50));
    expect(into.securityGroups.map((g) => g.id)).toEqual(groups(0, 200));
  });
});

describe('ec2Collector network interfaces', () => {
  const targetGroup = (name: string, targetType: string, targetIds: string[]) => ({
    ...located(),
    arn: `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:targetgroup/${name}/1`,
    name,
    targetType,
    loadBalancerArns: [],
    healthCheckEnabled: true,
    targets: targetIds.map((targetId) => ({ targetId, port: 443, state: 'healthy' })),
  });

  it('looks up target IPs only for ip target groups, with the IPv6 filter for IPv6 targets', async () => {
    ec2.on(DescribeNetworkInterfacesCommand).callsFake((input: DescribeNetworkInterfacesRequest) => ({
      NetworkInterfaces: input.Filters?.[0]?.Name === 'addresses.private-ip-address' ? [eni('eni-0e1', { PrivateIpAddresses: [{ PrivateIpAddress: '10.0.1.10' }] })] : [],
    }));

    const { ctx, into } = await run(
      {},
      {
        targetGroups: [
          targetGroup('ips', 'ip', ['10.0.1.10', '10.0.2.20', '2600:1f14::10', '10.0.1.10']),
          targetGroup('instances', 'instance', ['i-0123456789abcdef0']),
          targetGroup('alb', 'alb', [`arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:loadbalancer/app/x/1`]),
          { ...targetGroup('not-collected', 'ip', []), targets: undefined },
        ],
      },
    );

    expect(ctx.recorder.state).toBe('complete');
    const calls = ec2.commandCalls(DescribeNetworkInterfacesCommand);
    expect(calls.map((c) => filtersOf(c.args[0].input))).toEqual([
      [{ name: 'addresses.private-ip-address', values: ['10.0.1.10', '10.0.2.20'] }],
      [{ name: 'ipv6-addresses.ipv6-address', values: ['2600:1f14::10'] }],
    ]);
    expect(into.networkInterfaces.map((n) => n.id)).toEqual(['eni-0e1']);
  });

  it('dedupes an ENI found both as an endpoint ENI and as a target IP owner', async () => {
    const endpointEni = eni('eni-0e1', { Description: 'VPC Endpoint Interface vpce-0abc123', PrivateIpAddresses: [{ PrivateIpAddress: '10.0.1.10' }] });
    ec2.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [endpoint('vpce-0abc123', { NetworkInterfaceIds: ['eni-0e1'] })] });
    ec2.on(DescribeNetworkInterfacesCommand).resolves({ NetworkInterfaces: [endpointEni] });

    const { into } = await run({}, { targetGroups: [targetGroup('ips', 'ip', ['10.0.1.10'])] });

    expect(ec2.commandCalls(DescribeNetworkInterfacesCommand)).toHaveLength(2);
    expect(into.networkInterfaces.map((n) => [n.id, n.vpcEndpointId])).toEqual([['eni-0e1', 'vpce-0abc123']]);
  });

  it('parses the vpce id only from the VPC endpoint ENI description', async () => {
    ec2.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [endpoint('vpce-0abc123', { NetworkInterfaceIds: ['eni-01', 'eni-02', 'eni-03'] })] });
    ec2.on(DescribeNetworkInterfacesCommand).resolves({
      NetworkInterfaces: [
        eni('eni-01', { Description: 'VPC Endpoint Interface vpce-0abc123' }),
        eni('eni-02', { Description: 'ELB net/my-nlb/50dc6c495c0c9188', InterfaceType: 'network_load_balancer' }),
        eni('eni-03', { Description: 'mentions vpce-0def456 in passing' }),
      ],
    });

    const { into } = await run();

    expect(into.networkInterfaces.map((n) => [n.id, n.vpcEndpointId])).toEqual([
      ['eni-01', 'vpce-0abc123'],
      ['eni-02', undefined],
      ['eni-03', undefined],
    ]);
  });

  it('records a failed lookup against its first value and count, and keeps the other lookups', async () => {
    const eniIds = Array.from({ length: 201 }, (_, i) => `eni-${String(i).padStart(4, '0')}`);
    ec2.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [endpoint('vpce-01', { NetworkInterfaceIds: eniIds })] });
    ec2.on(DescribeNetworkInterfacesCommand).callsFake((input: DescribeNetworkInterfacesRequest) => {
      const values = input.Filters?.[0]?.Values ?? [];
      if (values.length === 200) throw accessDenied();
      return { NetworkInterfaces: values.map((id) => eni(id)) };
    });

    const { ctx, into } = await run();

    expect(ctx.recorder.state).toBe('partial');
    expect(ctx.recorder.errors).toEqual([
      expect.objectContaining({ operation: 'DescribeNetworkInterfaces', code: 'AccessDeniedException', resource: 'eni-0000 (+199 more)' }),
    ]);
    expect(into.networkInterfaces.map((n) => n.id)).toEqual(['eni-0200']);
    expect(into.vpcEndpoints.map((e) => e.id)).toEqual(['vpce-01']);
  });
});

describe('ec2Collector with malformed responses', () => {
  it('leaves out endpoints missing a field AWS always sends or in a state the SDK does not know, failing the listing and naming each', async () => {
    // GIVEN one well-formed endpoint, one without VpcId, one without an id and one in an unknown state
    ec2.on(DescribeVpcEndpointsCommand).resolves({
      VpcEndpoints: [endpoint('vpce-0good'), endpoint('vpce-0novpc', { VpcId: undefined }), endpoint('', {}), endpoint('vpce-0new', { State: wireState('migrating') })],
    });

    // WHEN the collector runs
    const { ctx, into } = await run();

    // THEN the readable endpoint stays, and the listing failed with the others named
    expect(into.vpcEndpoints.map((e) => e.id)).toEqual(['vpce-0good']);
    expect(ctx.recorder.state).toBe('failed');
    expect(ctx.recorder.errors).toEqual([
      {
        operation: 'DescribeVpcEndpoints',
        code: 'MalformedResponse',
        message:
          'DescribeVpcEndpoints returned 3 item(s) privapi cannot read: VPC endpoint vpce-0novpc without VpcId; VPC endpoint #3 without VpcEndpointId; VPC endpoint vpce-0new with State "migrating", which privapi does not know',
      },
    ]);
  });

  it('stops a listing whose next token comes back, instead of asking for the same page forever', async () => {
    // GIVEN DescribeVpcs that answers every page with the same NextToken
    ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [{ VpcId: 'vpc-0aaa' }], NextToken: 'stuck' });

    // WHEN the collector runs
    const { ctx, into } = await run();

    // THEN the listing failed after the second page, and no partial list was stored
    expect(ec2.commandCalls(DescribeVpcsCommand)).toHaveLength(2);
    expect(into.vpcs).toEqual([]);
    expect(ctx.recorder.state).toBe('failed');
    expect(ctx.recorder.errors).toEqual([expect.objectContaining({ operation: 'DescribeVpcs', code: 'PaginationLoop', message: expect.stringContaining('"stuck" twice') })]);
  });

  it('records an answer the SDK could not parse as MalformedResponse, not as a bare Error', async () => {
    // GIVEN a 200 response whose body the SDK failed to deserialize
    ec2.on(DescribeSubnetsCommand).rejects(Object.assign(new Error('@aws-sdk XML parse error: unexpected end of input.'), { $metadata: { httpStatusCode: 200 } }));

    // WHEN the collector runs
    const { ctx } = await run();

    // THEN the failed listing says the response was malformed
    expect(ctx.recorder.errors).toEqual([{ operation: 'DescribeSubnets', code: 'MalformedResponse', message: '@aws-sdk XML parse error: unexpected end of input.' }]);
  });
});

import type { VpcEndpoint } from '@aws-sdk/client-ec2';
import { arns } from '../../../../model/arn.js';
import { vpceHostedZoneId } from '../regions.js';
import type { WorldBuilder } from '../world-builder.js';
import { createNetworkInterface, tagList, type EniHandle, type SubnetHandle, type VpcHandle } from './vpc.js';

export interface EndpointHandle {
  id: string;
  arn: string;
  accountId: string;
  region: string;
  vpc: VpcHandle;
  privateDns: boolean;
  enis: EniHandle[];
  /** The regional DNS name (vpce-…-xxxxxxxx.execute-api.<region>.vpce.amazonaws.com). */
  dnsName: string;
  dnsZoneId: string;
  sim: VpcEndpoint;
}

export interface InterfaceEndpointOptions {
  name: string;
  /** Default: the region's execute-api service. */
  serviceName?: string;
  privateDns: boolean;
  subnets: SubnetHandle[];
  groupIds: string[];
  policy: string;
  /** EC2 reports endpoint states in lower case ("available", "failed", "deleted"). */
  state?: string;
  lastError?: { Code: string; Message: string };
}

function executeApiService(region: string): string {
  return `com.amazonaws.${region}.execute-api`;
}

/** An interface endpoint with one ENI per subnet and the DNS entries EC2 reports for it. */
export function createInterfaceEndpoint(b: WorldBuilder, vpc: VpcHandle, opts: InterfaceEndpointOptions): EndpointHandle {
  const id = b.ids.ec2('vpce');
  const region = vpc.region;
  const serviceName = opts.serviceName ?? executeApiService(region);
  const state = opts.state ?? 'available';
  // A deleted endpoint no longer has network interfaces.
  const enis = state === 'deleted'
    ? []
    : opts.subnets.map((subnet) =>
        createNetworkInterface(b, subnet, { description: `VPC Endpoint Interface ${id}`, interfaceType: 'vpc_endpoint', groupIds: opts.groupIds }),
      );
  const suffix = b.rng.alnum(8);
  const serviceLabel = serviceName.split('.').at(-1) ?? 'execute-api';
  const host = `${serviceLabel}.${region}.vpce.amazonaws.com`;
  const dnsZoneId = vpceHostedZoneId(region);
  const dnsName = `${id}-${suffix}.${host}`;
  const dnsEntries = [
    { DnsName: dnsName, HostedZoneId: dnsZoneId },
    ...opts.subnets.map((s) => ({ DnsName: `${id}-${suffix}-${s.az}.${host}`, HostedZoneId: dnsZoneId })),
    ...(opts.privateDns ? [{ DnsName: `${serviceLabel}.${region}.amazonaws.com`, HostedZoneId: b.ids.hostedZone() }] : []),
  ];
  const sim: VpcEndpoint = {
    VpcEndpointId: id,
    VpcEndpointType: 'Interface',
    VpcId: vpc.id,
    ServiceName: serviceName,
    State: state as VpcEndpoint['State'],
    LastError: opts.lastError,
    PolicyDocument: opts.policy,
    RouteTableIds: [],
    SubnetIds: opts.subnets.map((s) => s.id),
    Groups: opts.groupIds.map((GroupId) => ({ GroupId, GroupName: `${opts.name}-endpoint` })),
    IpAddressType: 'ipv4',
    DnsOptions: { DnsRecordIpType: 'ipv4' },
    PrivateDnsEnabled: opts.privateDns,
    RequesterManaged: false,
    NetworkInterfaceIds: enis.map((e) => e.id),
    DnsEntries: dnsEntries,
    CreationTimestamp: b.date(),
    Tags: tagList({ Name: opts.name }),
    OwnerId: vpc.accountId,
  };
  b.region(vpc.accountId, region).ec2.vpcEndpoints.push(sim);
  return {
    id,
    arn: arns.ec2(b.partition, region, vpc.accountId, 'vpc-endpoint', id),
    accountId: vpc.accountId,
    region,
    vpc,
    privateDns: opts.privateDns,
    enis,
    dnsName,
    dnsZoneId,
    sim,
  };
}

/** A gateway endpoint (S3, DynamoDB): no ENIs, no DNS names, only route tables. */
export function createGatewayEndpoint(b: WorldBuilder, vpc: VpcHandle, service: 's3' | 'dynamodb'): void {
  b.region(vpc.accountId, vpc.region).ec2.vpcEndpoints.push({
    VpcEndpointId: b.ids.ec2('vpce'),
    VpcEndpointType: 'Gateway',
    VpcId: vpc.id,
    ServiceName: `com.amazonaws.${vpc.region}.${service}`,
    State: 'available' as VpcEndpoint['State'],
    PolicyDocument: JSON.stringify({ Version: '2008-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] }),
    RouteTableIds: [b.ids.ec2('rtb'), b.ids.ec2('rtb')],
    SubnetIds: [],
    Groups: [],
    PrivateDnsEnabled: false,
    RequesterManaged: false,
    NetworkInterfaceIds: [],
    DnsEntries: [],
    CreationTimestamp: b.date(),
    Tags: tagList({ Name: `${vpc.name}-${service}` }),
    OwnerId: vpc.accountId,
  });
}

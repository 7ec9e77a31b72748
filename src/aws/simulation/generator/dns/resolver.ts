import type { ResolverEndpointStatus, ResolverRuleAssociationStatus } from '@aws-sdk/client-route53resolver';
import { allocateIp, type SubnetHandle, type VpcHandle } from '../network/vpc.js';
import type { WorldBuilder } from '../world-builder.js';

export interface ResolverEndpointHandle {
  id: string;
  arn: string;
  ips: string[];
}

export interface ResolverEndpointOptions {
  name: string;
  direction: 'INBOUND' | 'OUTBOUND';
  /** One IP address per entry; the same subnet twice puts both in one AZ. */
  ipSubnets: SubnetHandle[];
  groupIds: string[];
  status?: ResolverEndpointStatus;
}

export function createResolverEndpoint(b: WorldBuilder, vpc: VpcHandle, opts: ResolverEndpointOptions): ResolverEndpointHandle {
  const id = b.ids.ec2(opts.direction === 'INBOUND' ? 'rslvr-in' : 'rslvr-out');
  const arn = `arn:aws:route53resolver:${vpc.region}:${vpc.accountId}:resolver-endpoint/${id}`;
  const created = b.date().toISOString();
  const ipAddresses = opts.ipSubnets.map((subnet) => ({
    IpId: b.ids.ec2('rni'),
    SubnetId: subnet.id,
    Ip: allocateIp(b, subnet),
    Status: 'ATTACHED' as const,
    StatusMessage: 'This IP address is operational.',
    CreationTime: created,
    ModificationTime: created,
  }));
  b.region(vpc.accountId, vpc.region).route53resolver.endpoints.push({
    endpoint: {
      Id: id,
      CreatorRequestId: b.ids.uuid(),
      Arn: arn,
      Name: opts.name,
      SecurityGroupIds: opts.groupIds,
      Direction: opts.direction,
      IpAddressCount: ipAddresses.length,
      HostVPCId: vpc.id,
      Status: opts.status ?? 'OPERATIONAL',
      StatusMessage: 'This Resolver Endpoint is operational.',
      CreationTime: created,
      ModificationTime: created,
      ResolverEndpointType: 'IPV4',
      Protocols: ['Do53'],
    },
    ipAddresses,
  });
  return { id, arn, ips: ipAddresses.map((a) => a.Ip) };
}

export interface ForwardRuleOptions {
  name: string;
  domainName: string;
  outbound: ResolverEndpointHandle;
  targetIps: string[];
}

/** A FORWARD rule owned by the VPC's account, associated with that VPC. Returns the rule ARN. */
export function forwardDomain(b: WorldBuilder, vpc: VpcHandle, opts: ForwardRuleOptions, associationStatus: ResolverRuleAssociationStatus): string {
  const id = b.ids.ec2('rslvr-rr');
  const arn = `arn:aws:route53resolver:${vpc.region}:${vpc.accountId}:resolver-rule/${id}`;
  const state = b.region(vpc.accountId, vpc.region).route53resolver;
  state.rules.push({
    Id: id,
    CreatorRequestId: b.ids.uuid(),
    Arn: arn,
    DomainName: `${opts.domainName}.`,
    Status: 'COMPLETE',
    StatusMessage: '[Trace id: 1-00000000-000000000000000000000000] Successfully created Resolver Rule.',
    RuleType: 'FORWARD',
    Name: opts.name,
    TargetIps: opts.targetIps.map((Ip) => ({ Ip, Port: 53, Protocol: 'Do53' as const })),
    ResolverEndpointId: opts.outbound.id,
    OwnerId: vpc.accountId,
    ShareStatus: 'NOT_SHARED',
    CreationTime: b.date().toISOString(),
  });
  state.ruleAssociations.push({
    Id: b.ids.ec2('rslvr-rrassoc'),
    ResolverRuleId: id,
    Name: `${opts.name}-${vpc.name}`,
    VPCId: vpc.id,
    Status: associationStatus,
    StatusMessage: associationStatus === 'OVERRIDDEN' ? 'A private hosted zone or a more specific rule for this domain overrides the rule in this VPC.' : '',
  });
  return arn;
}

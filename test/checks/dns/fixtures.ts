import { arns } from '../../../src/model/arn.js';
import {
  emptyGlobal,
  emptyRegional,
  GLOBAL_REGION,
  type CollectionStatus,
  type HealthCheck,
  type HostedZone,
  type Listener,
  type LoadBalancer,
  type NetworkInterface,
  type RecordSet,
  type RegionalInventory,
  type ResolverEndpoint,
  type ResolverRule,
  type ResolverRuleAssociation,
  type SecurityGroup,
  type SecurityGroupRule,
  type Snapshot,
  type Subnet,
  type TargetGroup,
  type VpcEndpoint,
} from '../../../src/model/inventory.js';
import { ACCOUNT_A, ACCOUNT_B, snapshotWith } from '../../helpers/snapshot-builder.js';

export const REGION = 'us-east-1';
export const VPC = 'vpc-0a1';
export const ENDPOINT = 'vpce-0e1';
export const ENDPOINT_IPS = ['10.0.1.10', '10.0.2.10'];
const elb = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT_A}`;
export const lbArn = (name: string) => `${elb}:loadbalancer/net/${name}/0123456789abcdef`;
export const tgArn = (name: string) => `${elb}:targetgroup/${name}/0123456789abcdef`;
export const listenerArn = (name: string, port = 443) => `${elb}:listener/net/${name}/0123456789abcdef/${port}`;

export function endpoint(overrides: Partial<VpcEndpoint> = {}): VpcEndpoint {
  return {
    accountId: ACCOUNT_A,
    region: REGION,
    arn: arns.ec2('aws', REGION, ACCOUNT_A, 'vpc-endpoint', ENDPOINT),
    id: ENDPOINT,
    vpcId: VPC,
    serviceName: `com.amazonaws.${REGION}.execute-api`,
    type: 'Interface',
    state: 'available',
    privateDnsEnabled: false,
    subnetIds: ['subnet-a', 'subnet-b'],
    securityGroupIds: [],
    networkInterfaceIds: ['eni-1', 'eni-2'],
    dnsEntries: [{ dnsName: `${ENDPOINT}-abcd1234.execute-api.${REGION}.vpce.amazonaws.com`, hostedZoneId: 'Z7HUB22UULQXV' }],
    tags: {},
    ...overrides,
  };
}

export function eni(id: string, ip: string, vpcEndpointId: string | undefined = ENDPOINT): NetworkInterface {
  return {
    accountId: ACCOUNT_A,
    region: REGION,
    arn: arns.ec2('aws', REGION, ACCOUNT_A, 'network-interface', id),
    id,
    vpcId: VPC,
    privateIpAddresses: [ip],
    ipv6Addresses: [],
    ...(vpcEndpointId !== undefined && { description: `VPC Endpoint Interface ${vpcEndpointId}`, vpcEndpointId }),
  };
}

export function loadBalancer(name: string, overrides: Partial<LoadBalancer> = {}): LoadBalancer {
  return {
    accountId: ACCOUNT_A,
    region: REGION,
    arn: lbArn(name),
    name,
    dnsName: `${name}-0123456789abcdef.elb.${REGION}.amazonaws.com`,
    type: 'network',
    scheme: 'internal',
    state: 'active',
    vpcId: VPC,
    availabilityZones: [],
    securityGroupIds: [],
    ...overrides,
  };
}

export function targetGroup(name: string, lb: string, targets: string[] | undefined = ENDPOINT_IPS, overrides: Partial<TargetGroup> = {}): TargetGroup {
  return {
    accountId: ACCOUNT_A,
    region: REGION,
    arn: tgArn(name),
    name,
    targetType: 'ip',
    protocol: 'TLS',
    port: 443,
    vpcId: VPC,
    loadBalancerArns: [lbArn(lb)],
    healthCheckProtocol: 'HTTPS',
    healthCheckPath: '/ping',
    healthCheckPort: 'traffic-port',
    healthCheckEnabled: true,
    matcherHttpCode: '200',
    ...(targets !== undefined && { targets: targets.map((targetId) => ({ targetId, port: 443, availabilityZone: 'us-east-1a', state: 'healthy' })) }),
    ...overrides,
  };
}

export function listener(lb: string, overrides: Partial<Listener> = {}): Listener {
  return {
    accountId: ACCOUNT_A,
    region: REGION,
    arn: listenerArn(lb),
    loadBalancerArn: lbArn(lb),
    port: 443,
    protocol: 'TLS',
    sslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
    certificateArns: [`arn:aws:acm:${REGION}:${ACCOUNT_A}:certificate/11111111-2222-3333-4444-555555555555`],
    defaultTargetGroupArns: [tgArn(`${lb}-tg`)],
    ...overrides,
  };
}

/** A group whose DescribeTargetHealth was not answered. */
export function withoutTargets(tg: TargetGroup): TargetGroup {
  const { targets: _targets, ...rest } = tg;
  return rest;
}

/** An internal NLB "front" whose target group "front-tg" targets the endpoint's two ENIs. */
export function frontRegion(o: { lb?: Partial<LoadBalancer>; tg?: Partial<TargetGroup>; targets?: string[] | undefined; listener?: Partial<Listener>; extra?: Partial<RegionalInventory> } = {}): RegionalInventory {
  const targets = 'targets' in o ? o.targets : ENDPOINT_IPS;
  return {
    ...emptyRegional(ACCOUNT_A, REGION),
    vpcEndpoints: [endpoint()],
    networkInterfaces: [eni('eni-1', '10.0.1.10'), eni('eni-2', '10.0.2.10')],
    loadBalancers: [loadBalancer('front', o.lb)],
    targetGroups: [targets === undefined ? withoutTargets(targetGroup('front-tg', 'front', [], o.tg)) : targetGroup('front-tg', 'front', targets, o.tg)],
    listeners: [listener('front', o.listener)],
    ...o.extra,
  };
}

/** A load balancer whose targets are an application's instances: nothing to do with the endpoint. */
export function unrelatedRegion(): RegionalInventory {
  return {
    ...emptyRegional(ACCOUNT_A, REGION),
    networkInterfaces: [eni('eni-9', '10.0.9.9', undefined)],
    loadBalancers: [loadBalancer('app')],
    targetGroups: [targetGroup('app-tg', 'app', ['10.0.9.9'], { healthCheckPath: '/health' }), targetGroup('app-i', 'app', ['i-0123'], { targetType: 'instance' })],
    listeners: [listener('app', { sslPolicy: 'ELBSecurityPolicy-TLS-1-0-2015-04' })],
  };
}

/** Marks a service's collection in one scope (adding the status if absent). */
export function withStatus(s: Snapshot, status: Omit<CollectionStatus, 'errors'> & { errors?: CollectionStatus['errors'] }): Snapshot {
  const full: CollectionStatus = { errors: [], ...status };
  const others = s.collections.filter((c) => !(c.accountId === full.accountId && c.region === full.region && c.service === full.service));
  return { ...s, collections: [...others, full] };
}

export const regionalSnapshot = (...regional: RegionalInventory[]) => snapshotWith(regional);

/**
 * Account A's region (by default its front without the endpoint and ENIs, as when they are a
 * shared-VPC participant's) beside account B, whose EC2 listing in the same region failed.
 */
export function participantUnlisted(front: RegionalInventory = frontRegion({ extra: { vpcEndpoints: [], networkInterfaces: [] } })): Snapshot {
  return withStatus(regionalSnapshot(front, emptyRegional(ACCOUNT_B, REGION)), { accountId: ACCOUNT_B, region: REGION, service: 'ec2', state: 'failed', errors: [{ operation: 'DescribeNetworkInterfaces', code: 'AccessDenied', message: 'denied' }] });
}

// ---------- Route 53 ----------

export const zoneArn = (id: string) => arns.hostedZone('aws', id);
export const hcArn = (id: string) => arns.healthCheck('aws', id);
export const recordId = (zone: string, name: string, type: string, set = '') => `${zoneArn(zone)}#${name}/${type}/${set}`;

export function zone(id: string, name: string, records: RecordSet[] | undefined, overrides: Partial<HostedZone> = {}): HostedZone {
  return {
    accountId: ACCOUNT_A,
    region: GLOBAL_REGION,
    arn: zoneArn(id),
    id,
    name,
    privateZone: true,
    vpcs: [{ vpcId: VPC, vpcRegion: REGION }],
    ...(records !== undefined && { records }),
    ...overrides,
  };
}

export function record(name: string, type: string, overrides: Partial<RecordSet> = {}): RecordSet {
  return { name, type, values: [], ...overrides };
}

export function healthCheck(id: string, overrides: Partial<HealthCheck> = {}): HealthCheck {
  return {
    accountId: ACCOUNT_A,
    region: GLOBAL_REGION,
    arn: hcArn(id),
    id,
    type: 'CLOUDWATCH_METRIC',
    disabled: false,
    inverted: false,
    alarmName: 'orders-availability',
    alarmRegion: REGION,
    insufficientDataHealthStatus: 'Unhealthy',
    childHealthChecks: [],
    ...overrides,
  };
}

/** A snapshot whose account A owns these zones and health checks, Route 53 collected completely. */
export function route53Snapshot(zones: HostedZone[], checks: HealthCheck[] = [], regional: RegionalInventory[] = [emptyRegional(ACCOUNT_A, REGION)]): Snapshot {
  const s = snapshotWith(regional);
  const global = s.global.map((g) => (g.accountId === ACCOUNT_A ? { ...emptyGlobal(ACCOUNT_A), hostedZones: zones, healthChecks: checks } : g));
  return withStatus({ ...s, global }, { accountId: ACCOUNT_A, region: GLOBAL_REGION, service: 'route53', state: 'complete' });
}

export const route53Failed = (s: Snapshot) =>
  withStatus({ ...s, global: s.global.map((g) => emptyGlobal(g.accountId)) }, { accountId: ACCOUNT_A, region: GLOBAL_REGION, service: 'route53', state: 'failed', errors: [{ operation: 'ListHostedZones', code: 'AccessDenied', message: 'denied' }] });

// ---------- Resolver ----------

export function subnet(id: string, az: string): Subnet {
  return { accountId: ACCOUNT_A, region: REGION, arn: arns.ec2('aws', REGION, ACCOUNT_A, 'subnet', id), id, vpcId: VPC, availabilityZone: az, availabilityZoneId: `use1-${az.slice(-2)}`, tags: {} };
}

export const SUBNETS = [subnet('subnet-a', 'us-east-1a'), subnet('subnet-b', 'us-east-1b')];

export function resolverEndpoint(id: string, overrides: Partial<ResolverEndpoint> = {}): ResolverEndpoint {
  return {
    accountId: ACCOUNT_A,
    region: REGION,
    arn: `arn:aws:route53resolver:${REGION}:${ACCOUNT_A}:resolver-endpoint/${id}`,
    id,
    name: id,
    direction: 'INBOUND',
    status: 'OPERATIONAL',
    hostVpcId: VPC,
    securityGroupIds: ['sg-dns'],
    ipAddressCount: 2,
    ipAddresses: [
      { ipId: 'rni-1', ip: '10.0.1.53', subnetId: 'subnet-a', status: 'ATTACHED' },
      { ipId: 'rni-2', ip: '10.0.2.53', subnetId: 'subnet-b', status: 'ATTACHED' },
    ],
    ...overrides,
  };
}

export function rule(id: string, protocol: string, port: number | undefined, isEgress = false): SecurityGroupRule {
  return { id, isEgress, ipProtocol: protocol, ...(port !== undefined && { fromPort: port, toPort: port }), cidrIpv4: '192.168.0.0/16' };
}

export function securityGroup(id: string, rules: SecurityGroupRule[]): SecurityGroup {
  return { accountId: ACCOUNT_A, region: REGION, arn: arns.ec2('aws', REGION, ACCOUNT_A, 'security-group', id), id, vpcId: VPC, rules };
}

export const DNS_RULES = [rule('sgr-u', 'udp', 53), rule('sgr-t', 'tcp', 53), rule('sgr-e', '-1', undefined, true)];

export function resolverRule(id: string, domainName: string, overrides: Partial<ResolverRule> = {}): ResolverRule {
  return {
    accountId: ACCOUNT_A,
    region: REGION,
    arn: `arn:aws:route53resolver:${REGION}:${ACCOUNT_A}:resolver-rule/${id}`,
    id,
    name: id,
    domainName,
    ruleType: 'FORWARD',
    status: 'COMPLETE',
    targetIps: [{ ip: '10.1.0.53', port: 53 }],
    ...overrides,
  };
}

export function association(ruleId: string, status = 'COMPLETE', vpcId = VPC): ResolverRuleAssociation {
  return { accountId: ACCOUNT_A, region: REGION, id: `rslvr-rrassoc-${ruleId}-${vpcId}`, resolverRuleId: ruleId, vpcId, status };
}

export const regional = (extra: Partial<RegionalInventory>): RegionalInventory => ({ ...emptyRegional(ACCOUNT_A, REGION), ...extra });

import type { LoadBalancer, ProtocolEnum, TargetGroup, TargetHealthDescription, TargetHealthReasonEnum, TargetHealthStateEnum } from '@aws-sdk/client-elastic-load-balancing-v2';
import { loadBalancerHostedZoneId } from '../regions.js';
import type { WorldBuilder } from '../world-builder.js';
import type { SubnetHandle, VpcHandle } from './vpc.js';

const MODERN_SSL_POLICY = 'ELBSecurityPolicy-TLS13-1-2-2021-06';
/** Still accepts TLS 1.0: what LB-004 flags. */
export const LEGACY_SSL_POLICY = 'ELBSecurityPolicy-TLS-1-0-2015-04';

export type LoadBalancerType = 'network' | 'application';

export interface LoadBalancerOptions {
  name: string;
  type: LoadBalancerType;
  scheme?: 'internal' | 'internet-facing';
  subnets: SubnetHandle[];
  /** NLBs may have none; ALBs always have at least one. */
  groupIds?: string[];
  /** NLB with security groups: whether they apply to PrivateLink traffic (INT-011). */
  enforceOnPrivateLink?: 'on' | 'off';
}

export interface LoadBalancerHandle {
  arn: string;
  name: string;
  type: LoadBalancerType;
  dnsName: string;
  zoneId: string;
  accountId: string;
  region: string;
  vpc: VpcHandle;
  sim: LoadBalancer;
}

const arnPrefix = (region: string, accountId: string) => `arn:aws:elasticloadbalancing:${region}:${accountId}`;

export function createLoadBalancer(b: WorldBuilder, vpc: VpcHandle, opts: LoadBalancerOptions): LoadBalancerHandle {
  const name = opts.name.slice(0, 32);
  const suffix = b.ids.hex(16);
  const kind = opts.type === 'network' ? 'net' : 'app';
  const scheme = opts.scheme ?? 'internal';
  const { region, accountId } = vpc;
  const dnsName = opts.type === 'network'
    ? `${name}-${suffix}.elb.${region}.amazonaws.com`
    : `${scheme === 'internal' ? 'internal-' : ''}${name}-${b.rng.digits(10)}.${region}.elb.amazonaws.com`;
  const zoneId = loadBalancerHostedZoneId(region, opts.type);
  const sim: LoadBalancer = {
    LoadBalancerArn: `${arnPrefix(region, accountId)}:loadbalancer/${kind}/${name}/${suffix}`,
    DNSName: dnsName,
    CanonicalHostedZoneId: zoneId,
    CreatedTime: b.date(),
    LoadBalancerName: name,
    Scheme: scheme,
    VpcId: vpc.id,
    State: { Code: 'active' },
    Type: opts.type,
    AvailabilityZones: opts.subnets.map((s) => ({ ZoneName: s.az, SubnetId: s.id, LoadBalancerAddresses: [] })),
    SecurityGroups: opts.groupIds,
    IpAddressType: 'ipv4',
    EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic: opts.type === 'network' && opts.groupIds?.length ? (opts.enforceOnPrivateLink ?? 'off') : undefined,
  };
  b.region(accountId, region).elbv2.loadBalancers.push(sim);
  return { arn: sim.LoadBalancerArn ?? '', name, type: opts.type, dnsName, zoneId, accountId, region, vpc, sim };
}

export interface TargetGroupOptions {
  name: string;
  protocol: ProtocolEnum;
  port: number;
  targetType: 'ip' | 'alb' | 'instance';
  healthCheck: { protocol: ProtocolEnum; path?: string; matcher?: string };
  loadBalancer: LoadBalancerHandle;
}

export interface TargetGroupHandle {
  arn: string;
  accountId: string;
  region: string;
  sim: TargetGroup;
}

export function createTargetGroup(b: WorldBuilder, vpc: VpcHandle, opts: TargetGroupOptions): TargetGroupHandle {
  const name = opts.name.slice(0, 32);
  const { region, accountId } = vpc;
  const httpCheck = opts.healthCheck.protocol === 'HTTP' || opts.healthCheck.protocol === 'HTTPS';
  const sim: TargetGroup = {
    TargetGroupArn: `${arnPrefix(region, accountId)}:targetgroup/${name}/${b.ids.hex(16)}`,
    TargetGroupName: name,
    Protocol: opts.protocol,
    Port: opts.port,
    VpcId: vpc.id,
    HealthCheckProtocol: opts.healthCheck.protocol,
    HealthCheckPort: 'traffic-port',
    HealthCheckEnabled: true,
    HealthCheckIntervalSeconds: 10,
    HealthCheckTimeoutSeconds: 5,
    HealthyThresholdCount: 3,
    UnhealthyThresholdCount: 3,
    HealthCheckPath: httpCheck ? (opts.healthCheck.path ?? '/') : undefined,
    Matcher: httpCheck ? { HttpCode: opts.healthCheck.matcher ?? '200' } : undefined,
    LoadBalancerArns: [opts.loadBalancer.arn],
    TargetType: opts.targetType,
    IpAddressType: 'ipv4',
  };
  const state = b.region(accountId, region).elbv2;
  state.targetGroups.push(sim);
  state.targetHealth[sim.TargetGroupArn ?? ''] = [];
  return { arn: sim.TargetGroupArn ?? '', accountId, region, sim };
}

export interface TargetSpec {
  id: string;
  port: number;
  /** "all" for IP targets outside the load balancer's VPC (peered or on-premises). */
  az?: string;
  state?: TargetHealthStateEnum;
  reason?: TargetHealthReasonEnum;
}

export function registerTargets(b: WorldBuilder, tg: TargetGroupHandle, targets: TargetSpec[]): void {
  const health = b.region(tg.accountId, tg.region).elbv2.targetHealth;
  const descriptions: TargetHealthDescription[] = targets.map((t) => ({
    Target: { Id: t.id, Port: t.port, AvailabilityZone: t.az },
    HealthCheckPort: String(t.port),
    TargetHealth: { State: t.state ?? 'healthy', Reason: t.reason, Description: t.reason && describeReason(t.reason) },
  }));
  health[tg.arn] = [...(health[tg.arn] ?? []), ...descriptions];
}

function describeReason(reason: TargetHealthReasonEnum): string {
  return reason === 'Target.Timeout' ? 'Request timed out' : reason === 'Target.ResponseCodeMismatch' ? 'Health checks failed with these codes: [403]' : 'Health checks failed';
}

export interface ListenerOptions {
  port: number;
  protocol: ProtocolEnum;
  sslPolicy?: string;
  targetGroup: TargetGroupHandle;
}

/** A listener forwarding to one group; TLS and HTTPS listeners get an ACM certificate. */
export function createListener(b: WorldBuilder, lb: LoadBalancerHandle, opts: ListenerOptions): string {
  const secure = opts.protocol === 'TLS' || opts.protocol === 'HTTPS';
  const lbPath = lb.arn.slice(lb.arn.indexOf(':loadbalancer/') + ':loadbalancer/'.length);
  const arn = `${arnPrefix(lb.region, lb.accountId)}:listener/${lbPath}/${b.ids.hex(16)}`;
  b.region(lb.accountId, lb.region).elbv2.listeners.push({
    ListenerArn: arn,
    LoadBalancerArn: lb.arn,
    Port: opts.port,
    Protocol: opts.protocol,
    Certificates: secure ? [{ CertificateArn: `arn:aws:acm:${lb.region}:${lb.accountId}:certificate/${b.ids.uuid()}` }] : undefined,
    SslPolicy: secure ? (opts.sslPolicy ?? MODERN_SSL_POLICY) : undefined,
    DefaultActions: [{ Type: 'forward', TargetGroupArn: opts.targetGroup.arn, ForwardConfig: { TargetGroups: [{ TargetGroupArn: opts.targetGroup.arn, Weight: 1 }] } }],
  });
  return arn;
}

import {
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
  ListenerNotFoundException,
  LoadBalancerNotFoundException,
  TargetGroupNotFoundException,
  paginateDescribeListeners,
  paginateDescribeLoadBalancers,
  paginateDescribeTargetGroups,
  type Listener,
  type LoadBalancer,
  type TargetGroup,
  type TargetHealthDescription,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { AwsCredentialIdentity } from '@smithy/types';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CallStats } from '../../../src/aws/call-stats.js';
import { ClientFactory } from '../../../src/aws/clients.js';
import { RateLimiters } from '../../../src/aws/rate-limit.js';
import type { SimulatedAws, SimulationOptions } from '../../../src/aws/simulation/server.js';
import type { SimWorld } from '../../../src/aws/simulation/world.js';
import { CollectionRecorder, type RegionalContext } from '../../../src/collectors/contract.js';
import { elbv2Collector } from '../../../src/collectors/elbv2.js';
import { emptyRegional } from '../../../src/model/inventory.js';
import { silentLogger } from '../../helpers/collector-context.js';
import { MEMBER, REGION, regionState, simAccount, simClientConfig, simulate, simWorld } from '../../helpers/sim-world.js';

// ---------- the world ----------

const VPC = 'vpc-0a0000000000000a1';
const arn = (kind: string, path: string) => `arn:aws:elasticloadbalancing:${REGION}:${MEMBER}:${kind}/${path}`;

const NLB = arn('loadbalancer', 'net/vpclink-nlb/1111111111111111');
const ALB = arn('loadbalancer', 'app/orders-alb/2222222222222222');
const NLB_2 = arn('loadbalancer', 'net/batch-nlb/3333333333333333');
const ALB_2 = arn('loadbalancer', 'app/legacy-alb/4444444444444444');
const GWLB = arn('loadbalancer', 'gwy/inspection/5555555555555555');

function lb(lbArn: string, type: 'application' | 'network' | 'gateway', extra: Partial<LoadBalancer> = {}): LoadBalancer {
  const name = lbArn.split('/')[2] ?? 'lb';
  return {
    LoadBalancerArn: lbArn,
    LoadBalancerName: name,
    DNSName: `internal-${name}-123.${REGION}.elb.amazonaws.com`,
    CanonicalHostedZoneId: 'Z26RNL4JYFTOTI',
    CreatedTime: new Date('2025-06-01T00:00:00Z'),
    Scheme: 'internal',
    VpcId: VPC,
    State: { Code: 'active' },
    Type: type,
    AvailabilityZones: [
      { ZoneName: `${REGION}a`, SubnetId: 'subnet-011', LoadBalancerAddresses: [] },
      { ZoneName: `${REGION}b`, SubnetId: 'subnet-021', LoadBalancerAddresses: [] },
    ],
    SecurityGroups: type === 'gateway' ? [] : [`sg-${name}`],
    IpAddressType: 'ipv4',
    ...extra,
  };
}

const LOAD_BALANCERS = [
  lb(NLB, 'network', { EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic: 'on' }),
  lb(ALB, 'application'),
  lb(NLB_2, 'network'),
  lb(ALB_2, 'application', { State: { Code: 'provisioning' } }),
  lb(GWLB, 'gateway'),
];

const TG_IP = arn('targetgroup', 'execute-api-ips/aaaaaaaaaaaaaaaa');
const TG_ALB = arn('targetgroup', 'nlb-to-alb/bbbbbbbbbbbbbbbb');
const TG_ORDERS = arn('targetgroup', 'orders-ips/cccccccccccccccc');
const TG_INSTANCES = arn('targetgroup', 'legacy-instances/dddddddddddddddd');
const TG_GENEVE = arn('targetgroup', 'geneve/eeeeeeeeeeeeeeee');

function tg(tgArn: string, targetType: 'instance' | 'ip' | 'alb', loadBalancerArns: string[], extra: Partial<TargetGroup> = {}): TargetGroup {
  return {
    TargetGroupArn: tgArn,
    TargetGroupName: tgArn.split('/')[1] ?? 'tg',
    Protocol: 'TCP',
    Port: 443,
    VpcId: VPC,
    HealthCheckProtocol: 'HTTPS',
    HealthCheckPort: 'traffic-port',
    HealthCheckEnabled: true,
    HealthCheckPath: '/ping',
    Matcher: { HttpCode: '200-399' },
    LoadBalancerArns: loadBalancerArns,
    TargetType: targetType,
    IpAddressType: 'ipv4',
    ...extra,
  };
}

const TARGET_GROUPS = [
  tg(TG_IP, 'ip', [NLB]),
  tg(TG_ALB, 'alb', [NLB]),
  tg(TG_ORDERS, 'ip', [ALB], { Protocol: 'HTTPS', HealthCheckEnabled: false }),
  tg(TG_INSTANCES, 'instance', [ALB_2]),
  tg(TG_GENEVE, 'ip', [GWLB], { Protocol: 'GENEVE', Port: 6081 }),
];

function listener(lbArn: string, id: string, port: number, targetGroupArn: string, extra: Partial<Listener> = {}): Listener {
  const listenerArn = lbArn.replace(':loadbalancer/', ':listener/') + `/${id}`;
  return {
    ListenerArn: listenerArn,
    LoadBalancerArn: lbArn,
    Port: port,
    Protocol: 'TLS',
    DefaultActions: [{ Type: 'forward', TargetGroupArn: targetGroupArn, ForwardConfig: { TargetGroups: [{ TargetGroupArn: targetGroupArn, Weight: 1 }] } }],
    ...extra,
  };
}

const LISTENERS = [
  listener(NLB, 'l1', 443, TG_IP, { SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06', Certificates: [{ CertificateArn: `arn:aws:acm:${REGION}:${MEMBER}:certificate/abc` }] }),
  listener(ALB, 'l2', 443, TG_ORDERS, { Protocol: 'HTTPS' }),
  listener(NLB, 'l3', 8443, TG_ALB, { Protocol: 'TCP' }),
  listener(ALB_2, 'l4', 80, TG_INSTANCES, { Protocol: 'HTTP' }),
  listener(NLB, 'l5', 9443, TG_IP),
];

function health(id: string, state: 'healthy' | 'unhealthy' | 'draining', port = 443, reason?: TargetHealthDescription['TargetHealth']): TargetHealthDescription {
  return { Target: { Id: id, Port: port, AvailabilityZone: `${REGION}a` }, HealthCheckPort: String(port), TargetHealth: reason ?? { State: state } };
}

const TARGET_HEALTH: Record<string, TargetHealthDescription[]> = {
  [TG_IP]: [health('10.0.1.10', 'healthy'), health('10.0.2.10', 'unhealthy', 443, { State: 'unhealthy', Reason: 'Target.Timeout', Description: 'Request timed out' }), health('10.0.1.10', 'healthy', 8443)],
  [TG_ALB]: [health(ALB, 'healthy')],
  [TG_ORDERS]: [health('10.0.3.7', 'draining')],
  [TG_INSTANCES]: [health('i-0123456789abcdef0', 'healthy', 80)],
};

function world(): SimWorld {
  return simWorld([
    simAccount(MEMBER, {
      regions: {
        [REGION]: regionState({ elbv2: { loadBalancers: LOAD_BALANCERS, targetGroups: TARGET_GROUPS, listeners: LISTENERS, targetHealth: TARGET_HEALTH } }),
      },
    }),
  ]);
}

function client(options: SimulationOptions = { pageSize: 2 }, maxAttempts = 1): { sim: SimulatedAws; elb: ElasticLoadBalancingV2Client } {
  const sim = simulate(world(), options);
  return { sim, elb: new ElasticLoadBalancingV2Client(simClientConfig(sim, MEMBER, REGION, maxAttempts)) };
}

async function pages<P>(paginator: AsyncIterable<P>): Promise<P[]> {
  const out: P[] = [];
  for await (const page of paginator) out.push(page);
  return out;
}

async function failure(promise: Promise<unknown>): Promise<Error & { $metadata?: { httpStatusCode?: number } }> {
  return (await promise.then(
    () => expect.fail('expected the call to fail'),
    (e: unknown) => e,
  )) as Error & { $metadata?: { httpStatusCode?: number } };
}

async function expectError(promise: Promise<unknown>, name: string, status: number, type?: abstract new (...args: never[]) => Error): Promise<void> {
  const err = await failure(promise);
  expect(err.name).toBe(name);
  expect(err.$metadata?.httpStatusCode).toBe(status);
  if (type) expect(err).toBeInstanceOf(type);
}

afterEach(() => {
  vi.restoreAllMocks();
});

// ---------- DescribeLoadBalancers ----------

describe('DescribeLoadBalancers', () => {
  it('returns every load balancer, in the world order, across Marker pages', async () => {
    const { elb } = client();
    const all = await pages(paginateDescribeLoadBalancers({ client: elb }, { PageSize: 400 }));
    expect(all.map((p) => p.LoadBalancers?.length)).toEqual([2, 2, 1]);
    expect(all.slice(0, 2).every((p) => typeof p.NextMarker === 'string')).toBe(true);
    expect(all.flatMap((p) => p.LoadBalancers ?? [])).toEqual(LOAD_BALANCERS);
  });

  it('honours a PageSize smaller than the page cap and rejects one above 400', async () => {
    const { elb } = client({});
    const first = await elb.send(new DescribeLoadBalancersCommand({ PageSize: 3 }));
    expect(first.LoadBalancers?.map((l) => l.LoadBalancerArn)).toEqual([NLB, ALB, NLB_2]);
    const rest = await elb.send(new DescribeLoadBalancersCommand({ PageSize: 3, Marker: first.NextMarker }));
    expect(rest.LoadBalancers?.map((l) => l.LoadBalancerArn)).toEqual([ALB_2, GWLB]);
    expect(rest.NextMarker).toBeUndefined();
    await expectError(elb.send(new DescribeLoadBalancersCommand({ PageSize: 401 })), 'ValidationError', 400);
  });

  it('selects by LoadBalancerArns.member.N and Names.member.N', async () => {
    const { elb } = client();
    const byArn = await elb.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [GWLB, ALB] }));
    expect(byArn.LoadBalancers?.map((l) => l.LoadBalancerArn)).toEqual([ALB, GWLB]);
    const byName = await elb.send(new DescribeLoadBalancersCommand({ Names: ['batch-nlb'] }));
    expect(byName.LoadBalancers?.map((l) => l.LoadBalancerArn)).toEqual([NLB_2]);
  });

  it('fails with LoadBalancerNotFound for an ARN or a name that does not exist', async () => {
    const { elb } = client();
    await expectError(elb.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [NLB, arn('loadbalancer', 'app/gone/9')] })), 'LoadBalancerNotFoundException', 400, LoadBalancerNotFoundException);
    await expectError(elb.send(new DescribeLoadBalancersCommand({ Names: ['gone'] })), 'LoadBalancerNotFoundException', 400, LoadBalancerNotFoundException);
  });

  it('rejects a Marker it did not issue', async () => {
    const { elb } = client();
    const tgPage = await elb.send(new DescribeTargetGroupsCommand({}));
    await expectError(elb.send(new DescribeLoadBalancersCommand({ Marker: tgPage.NextMarker })), 'ValidationError', 400);
  });
});

// ---------- DescribeTargetGroups ----------

describe('DescribeTargetGroups', () => {
  it('returns every target group in order across pages', async () => {
    const { elb } = client();
    const all = await pages(paginateDescribeTargetGroups({ client: elb }, { PageSize: 400 }));
    expect(all).toHaveLength(3);
    expect(all.flatMap((p) => p.TargetGroups ?? [])).toEqual(TARGET_GROUPS);
  });

  it('selects by LoadBalancerArn, TargetGroupArns and Names', async () => {
    const { elb } = client();
    const ofNlb = await pages(paginateDescribeTargetGroups({ client: elb }, { LoadBalancerArn: NLB }));
    expect(ofNlb.flatMap((p) => p.TargetGroups ?? []).map((t) => t.TargetGroupArn)).toEqual([TG_IP, TG_ALB]);
    const byArn = await elb.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [TG_GENEVE] }));
    expect(byArn.TargetGroups?.map((t) => t.TargetGroupArn)).toEqual([TG_GENEVE]);
    const byName = await elb.send(new DescribeTargetGroupsCommand({ Names: ['orders-ips'] }));
    expect(byName.TargetGroups?.map((t) => t.TargetGroupArn)).toEqual([TG_ORDERS]);
  });

  it('fails for an unknown load balancer or target group, and for two selectors at once', async () => {
    const { elb } = client();
    await expectError(elb.send(new DescribeTargetGroupsCommand({ LoadBalancerArn: arn('loadbalancer', 'net/gone/9') })), 'LoadBalancerNotFoundException', 400, LoadBalancerNotFoundException);
    await expectError(elb.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [arn('targetgroup', 'gone/9')] })), 'TargetGroupNotFoundException', 400, TargetGroupNotFoundException);
    await expectError(elb.send(new DescribeTargetGroupsCommand({ LoadBalancerArn: NLB, Names: ['orders-ips'] })), 'ValidationError', 400);
  });
});

// ---------- DescribeListeners ----------

describe('DescribeListeners', () => {
  it('lists a load balancer’s listeners across pages', async () => {
    const { elb } = client();
    const all = await pages(paginateDescribeListeners({ client: elb }, { LoadBalancerArn: NLB, PageSize: 400 }));
    expect(all.map((p) => p.Listeners?.length)).toEqual([2, 1]);
    expect(all.flatMap((p) => p.Listeners ?? [])).toEqual([LISTENERS[0], LISTENERS[2], LISTENERS[4]]);
  });

  it('selects by ListenerArns', async () => {
    const { elb } = client();
    const out = await elb.send(new DescribeListenersCommand({ ListenerArns: [LISTENERS[3]!.ListenerArn!] }));
    expect(out.Listeners).toEqual([LISTENERS[3]]);
  });

  it('fails for an unknown load balancer or listener, and without either', async () => {
    const { elb } = client();
    await expectError(elb.send(new DescribeListenersCommand({ LoadBalancerArn: arn('loadbalancer', 'app/gone/9') })), 'LoadBalancerNotFoundException', 400, LoadBalancerNotFoundException);
    await expectError(elb.send(new DescribeListenersCommand({ ListenerArns: [arn('listener', 'app/gone/9/1')] })), 'ListenerNotFoundException', 400, ListenerNotFoundException);
    await expectError(elb.send(new DescribeListenersCommand({})), 'ValidationError', 400);
  });
});

// ---------- DescribeTargetHealth ----------

describe('DescribeTargetHealth', () => {
  it('returns the registered targets and their health', async () => {
    const { elb } = client();
    const out = await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: TG_IP }));
    expect(out.TargetHealthDescriptions).toEqual(TARGET_HEALTH[TG_IP]);
    const empty = await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: TG_GENEVE }));
    expect(empty.TargetHealthDescriptions).toEqual([]);
  });

  it('reports the targets asked for, an unregistered one as unused', async () => {
    const { elb } = client();
    const out = await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: TG_IP, Targets: [{ Id: '10.0.1.10', Port: 8443 }, { Id: '10.9.9.9', Port: 443 }] }));
    expect(out.TargetHealthDescriptions?.map((d) => [d.Target?.Id, d.Target?.Port, d.TargetHealth?.State, d.TargetHealth?.Reason])).toEqual([
      ['10.0.1.10', 8443, 'healthy', undefined],
      ['10.9.9.9', 443, 'unused', 'Target.NotRegistered'],
    ]);
  });

  it('fails with TargetGroupNotFound for a target group that does not exist', async () => {
    const { elb } = client();
    await expectError(elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: arn('targetgroup', 'gone/9') })), 'TargetGroupNotFoundException', 400, TargetGroupNotFoundException);
  });
});

// ---------- throttling ----------

describe('throttling', () => {
  it('returns ThrottlingException (400) when throttled', async () => {
    const { elb, sim } = client({ faults: { throttlingStorm: { probability: 1 } } });
    await expectError(elb.send(new DescribeLoadBalancersCommand({})), 'ThrottlingException', 400);
    expect(sim.metrics.throttled).toBe(1);
  });

  it('is retried by the SDK until the server-side quota lets the call through', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    // Each look at the clock is 600 ms later: the second call is throttled (1/s), its retry is not.
    let t = 0;
    const clock = { now: () => (t += 600), sleep: async () => {} };
    const { elb, sim } = client({ quotas: { elbv2: { rate: 1, burst: 1 } }, clock }, 3);
    await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: TG_IP }));
    const out = await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: TG_ORDERS }));
    expect(out.TargetHealthDescriptions).toEqual(TARGET_HEALTH[TG_ORDERS]);
    expect(sim.metrics.requests).toBe(3);
    expect(sim.metrics.throttled).toBe(1);
  });
});

// ---------- the real collector ----------

function simRegionalContext(sim: SimulatedAws, accountId: string): RegionalContext {
  const credentials: AwsCredentialIdentity = sim.issueCredentials(accountId, 'privapi-test');
  const factory = new ClientFactory({ settings: { maxAttempts: 3, retryMode: 'standard', requestHandler: sim }, limiters: new RateLimiters(), stats: new CallStats() });
  return {
    accountId,
    region: REGION,
    partition: 'aws',
    log: silentLogger,
    recorder: new CollectionRecorder('elbv2', silentLogger),
    clients: factory.regionClients(accountId, REGION, async () => credentials),
  };
}

describe('the ELBv2 collector against the simulation', () => {
  it('collects load balancers, target groups, and the listeners and targets of the relevant ones', async () => {
    const sim = simulate(world(), { pageSize: 2 });
    const ctx = simRegionalContext(sim, MEMBER);
    const into = emptyRegional(MEMBER, REGION);
    await elbv2Collector.collect(ctx, into);

    expect(ctx.recorder.state).toBe('complete');
    expect(ctx.recorder.errors).toEqual([]);
    expect(into.loadBalancers.map((l) => [l.arn, l.type, l.state, l.securityGroupIds])).toEqual(
      [...LOAD_BALANCERS].sort((a, b) => (a.LoadBalancerArn! < b.LoadBalancerArn! ? -1 : 1)).map((l) => [l.LoadBalancerArn, l.Type, l.State?.Code, l.SecurityGroups]),
    );
    expect(into.loadBalancers.find((l) => l.arn === NLB)).toMatchObject({
      name: 'vpclink-nlb',
      scheme: 'internal',
      vpcId: VPC,
      enforceSecurityGroupInboundRulesOnPrivateLinkTraffic: 'on',
      availabilityZones: [{ zoneName: `${REGION}a`, subnetId: 'subnet-011' }, { zoneName: `${REGION}b`, subnetId: 'subnet-021' }],
    });
    // The NLB (ip and alb groups) and the ALB (an ip group) may front API endpoints; the
    // instance-target ALB does not, and a gateway load balancer never carries API traffic.
    expect(into.listeners.map((l) => [l.arn, l.port, l.protocol, l.defaultTargetGroupArns])).toEqual([
      [LISTENERS[1]!.ListenerArn, 443, 'HTTPS', [TG_ORDERS]],
      [LISTENERS[0]!.ListenerArn, 443, 'TLS', [TG_IP]],
      [LISTENERS[2]!.ListenerArn, 8443, 'TCP', [TG_ALB]],
      [LISTENERS[4]!.ListenerArn, 9443, 'TLS', [TG_IP]],
    ]);
    expect(into.listeners[1]).toMatchObject({ sslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06', certificateArns: [`arn:aws:acm:${REGION}:${MEMBER}:certificate/abc`] });
    const targets = Object.fromEntries(into.targetGroups.map((t) => [t.arn, t.targets?.map((x) => [x.targetId, x.port, x.state, x.reason])]));
    expect(targets).toEqual({
      [TG_IP]: [['10.0.1.10', 443, 'healthy', undefined], ['10.0.1.10', 8443, 'healthy', undefined], ['10.0.2.10', 443, 'unhealthy', 'Target.Timeout']],
      [TG_ALB]: [[ALB, 443, 'healthy', undefined]],
      [TG_ORDERS]: [['10.0.3.7', 443, 'draining', undefined]],
      [TG_INSTANCES]: undefined,
      [TG_GENEVE]: undefined,
    });
    expect(into.targetGroups.find((t) => t.arn === TG_ORDERS)).toMatchObject({ targetType: 'ip', protocol: 'HTTPS', healthCheckEnabled: false, healthCheckPath: '/ping', matcherHttpCode: '200-399', loadBalancerArns: [ALB] });
  });

  it('records a failed DescribeTargetHealth as partial, not failed', async () => {
    const sim = simulate(world(), { faults: { accessDenied: [{ accountId: MEMBER, service: 'elbv2', operation: 'DescribeTargetHealth' }] } });
    const ctx = simRegionalContext(sim, MEMBER);
    const into = emptyRegional(MEMBER, REGION);
    await elbv2Collector.collect(ctx, into);
    expect(ctx.recorder.state).toBe('partial');
    expect(new Set(ctx.recorder.errors.map((e) => `${e.operation}:${e.code}`))).toEqual(new Set(['DescribeTargetHealth:AccessDenied']));
    expect(into.listeners).toHaveLength(4);
  });
});

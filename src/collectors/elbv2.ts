import {
  DescribeTargetHealthCommand,
  paginateDescribeListeners,
  paginateDescribeLoadBalancers,
  paginateDescribeTargetGroups,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type {
  Action,
  ElasticLoadBalancingV2Client,
  Listener as SdkListener,
  LoadBalancer as SdkLoadBalancer,
  TargetGroup as SdkTargetGroup,
  TargetHealthDescription,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { mapLimited } from '../aws/concurrency.js';
import { loopGuarded } from '../aws/paginate.js';
import type { Listener, LoadBalancer, RegionalInventory, TargetGroup, TargetHealth } from '../model/inventory.js';
import type { RegionalCollector, RegionalContext } from './contract.js';
import { allItems, byArn, compareStrings, present, readAll } from './listing.js';

/** The maximum the Describe* listings accept. */
const PAGE_SIZE = 400;
const CONCURRENCY = 4;
/** Stands in for a missing enum value so it never reads as a specific (e.g. "active") one. */
const UNKNOWN = 'unknown';
/**
 * Target types whose groups can put a load balancer in front of execute-api endpoints (ip) or an
 * NLB in front of an ALB (alb): such load balancers matter even when no API references them.
 */
const FRONTING_TARGET_TYPES: ReadonlySet<string> = new Set(['ip', 'alb']);
const LISTENER_ARN = /^(arn:[^:]+:elasticloadbalancing:[^:]*:[^:]*:)listener\/((?:app|net)\/[^/]+\/[^/]+)\/[^/]+$/;

export const elbv2Collector: RegionalCollector = {
  service: 'elbv2',
  declares: [
    { operation: 'DescribeLoadBalancers', action: 'elasticloadbalancing:DescribeLoadBalancers' },
    { operation: 'DescribeTargetGroups', action: 'elasticloadbalancing:DescribeTargetGroups' },
    { operation: 'DescribeListeners', action: 'elasticloadbalancing:DescribeListeners' },
    { operation: 'DescribeTargetHealth', action: 'elasticloadbalancing:DescribeTargetHealth' },
  ],
  async collect(ctx, into) {
    const client = ctx.clients.elbv2();
    const [loadBalancers, targetGroups] = await Promise.all([
      ctx.recorder.primary('DescribeLoadBalancers', () => listLoadBalancers(ctx, client)),
      ctx.recorder.primary('DescribeTargetGroups', () => listTargetGroups(ctx, client)),
    ]);
    if (loadBalancers !== undefined) into.loadBalancers = loadBalancers;
    if (targetGroups !== undefined) into.targetGroups = targetGroups;
    // Which load balancers matter is decided from both listings; with either missing the
    // service is already failed and a partial relevance set would only add misleading detail.
    if (loadBalancers === undefined || targetGroups === undefined) return;

    const relevant = relevantLoadBalancerArns(into, loadBalancers, targetGroups);
    const [listeners, targets] = await Promise.all([
      collectListeners(ctx, client, [...relevant]),
      collectTargets(ctx, client, targetGroups.filter((tg) => tg.loadBalancerArns.some((arn) => relevant.has(arn)))),
    ]);
    into.listeners = listeners;
    into.targetGroups = targetGroups.map((tg) => (targets.has(tg.arn) ? { ...tg, targets: targets.get(tg.arn) } : tg));
  },
};

// ---------- listings ----------

async function listLoadBalancers(ctx: RegionalContext, client: ElasticLoadBalancingV2Client): Promise<LoadBalancer[]> {
  const pages = loopGuarded('DescribeLoadBalancers', paginateDescribeLoadBalancers({ client }, { PageSize: PAGE_SIZE }), (p) => p.NextMarker);
  const raw = await allItems(pages, (p) => p.LoadBalancers);
  return ctx.recorder.readItems('DescribeLoadBalancers', raw, (lb, i) => toLoadBalancer(ctx, lb, present(lb.LoadBalancerArn, `load balancer #${i + 1}${lb.LoadBalancerName ? ` (${lb.LoadBalancerName})` : ''}`, 'LoadBalancerArn')), 'primary').sort(byArn);
}

async function listTargetGroups(ctx: RegionalContext, client: ElasticLoadBalancingV2Client): Promise<TargetGroup[]> {
  const pages = loopGuarded('DescribeTargetGroups', paginateDescribeTargetGroups({ client }, { PageSize: PAGE_SIZE }), (p) => p.NextMarker);
  const raw = await allItems(pages, (p) => p.TargetGroups);
  return ctx.recorder.readItems('DescribeTargetGroups', raw, (tg, i) => toTargetGroup(ctx, tg, present(tg.TargetGroupArn, `target group #${i + 1}${tg.TargetGroupName ? ` (${tg.TargetGroupName})` : ''}`, 'TargetGroupArn')), 'primary').sort(byArn);
}

async function listListeners(ctx: RegionalContext, client: ElasticLoadBalancingV2Client, loadBalancerArn: string): Promise<Listener[]> {
  const pages = loopGuarded('DescribeListeners', paginateDescribeListeners({ client }, { LoadBalancerArn: loadBalancerArn, PageSize: PAGE_SIZE }), (p) => p.NextMarker);
  const raw = await allItems(pages, (p) => p.Listeners);
  return readAll('DescribeListeners', raw, (listener, i) => toListener(ctx, listener, present(listener.ListenerArn, `listener #${i + 1} of ${loadBalancerArn}`, 'ListenerArn'), loadBalancerArn));
}

async function describeTargetHealth(client: ElasticLoadBalancingV2Client, targetGroupArn: string): Promise<TargetHealth[]> {
  const res = await client.send(new DescribeTargetHealthCommand({ TargetGroupArn: targetGroupArn }));
  return (res.TargetHealthDescriptions ?? []).flatMap(toTargetHealth).sort(byTarget);
}

// ---------- relevance ----------

/** Load balancers of this region that an API path can reach or that may front API endpoints. */
function relevantLoadBalancerArns(into: RegionalInventory, loadBalancers: readonly LoadBalancer[], targetGroups: readonly TargetGroup[]): Set<string> {
  const wanted = new Set([...referencedByApis(into)].map(loadBalancerArnOf));
  for (const tg of targetGroups) {
    if (FRONTING_TARGET_TYPES.has(tg.targetType)) tg.loadBalancerArns.forEach((arn) => wanted.add(arn));
  }
  // Referenced ARNs may name another account's or a deleted load balancer: only describe ours.
  // Gateway load balancers carry no API traffic, though their GENEVE groups may use ip targets.
  return new Set(loadBalancers.filter((lb) => lb.type !== 'gateway' && wanted.has(lb.arn)).map((lb) => lb.arn));
}

function* referencedByApis(into: RegionalInventory): Generator<string> {
  for (const link of into.vpcLinksV1) yield* link.targetArns;
  for (const api of into.restApis) {
    for (const resource of api.resources ?? []) {
      for (const method of resource.methods) {
        const target = method.integration?.integrationTarget;
        if (target !== undefined) yield target;
      }
    }
  }
}

/** A VPC link V2 integration may target a listener; what we describe is its load balancer. */
function loadBalancerArnOf(arn: string): string {
  const m = LISTENER_ARN.exec(arn);
  return m ? `${m[1]}loadbalancer/${m[2]}` : arn;
}

// ---------- secondary calls ----------

async function collectListeners(ctx: RegionalContext, client: ElasticLoadBalancingV2Client, loadBalancerArns: readonly string[]): Promise<Listener[]> {
  const perLb = await mapLimited(loadBalancerArns, CONCURRENCY, (arn) =>
    ctx.recorder.attempt('DescribeListeners', arn, () => listListeners(ctx, client, arn)),
  );
  return perLb.flatMap((listeners) => listeners ?? []).sort(byArn);
}

/** Target health by target group ARN; a group whose call failed is absent (targets stay undefined). */
async function collectTargets(ctx: RegionalContext, client: ElasticLoadBalancingV2Client, groups: readonly TargetGroup[]): Promise<Map<string, TargetHealth[]>> {
  const results = await mapLimited(groups, CONCURRENCY, async (tg) => {
    const targets = await ctx.recorder.attempt('DescribeTargetHealth', tg.arn, () => describeTargetHealth(client, tg.arn));
    return [tg.arn, targets] as const;
  });
  return new Map(results.flatMap(([arn, targets]) => (targets === undefined ? [] : [[arn, targets] as const])));
}

// ---------- mapping ----------

function toLoadBalancer(ctx: RegionalContext, lb: SdkLoadBalancer, arn: string): LoadBalancer {
  return {
    accountId: ctx.accountId,
    region: ctx.region,
    arn,
    name: lb.LoadBalancerName ?? '',
    dnsName: lb.DNSName,
    type: lb.Type ?? UNKNOWN,
    scheme: lb.Scheme ?? UNKNOWN,
    state: lb.State?.Code ?? UNKNOWN,
    vpcId: lb.VpcId,
    availabilityZones: (lb.AvailabilityZones ?? []).map((az) => ({ zoneName: az.ZoneName ?? UNKNOWN, subnetId: az.SubnetId })),
    securityGroupIds: lb.SecurityGroups ?? [],
    enforceSecurityGroupInboundRulesOnPrivateLinkTraffic: lb.EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic,
    canonicalHostedZoneId: lb.CanonicalHostedZoneId,
  };
}

function toTargetGroup(ctx: RegionalContext, tg: SdkTargetGroup, arn: string): TargetGroup {
  return {
    accountId: ctx.accountId,
    region: ctx.region,
    arn,
    name: tg.TargetGroupName ?? '',
    targetType: tg.TargetType ?? UNKNOWN,
    protocol: tg.Protocol,
    port: tg.Port,
    vpcId: tg.VpcId,
    loadBalancerArns: tg.LoadBalancerArns ?? [],
    healthCheckProtocol: tg.HealthCheckProtocol,
    healthCheckPath: tg.HealthCheckPath,
    healthCheckPort: tg.HealthCheckPort,
    // ELBv2 health checks are on unless explicitly disabled.
    healthCheckEnabled: tg.HealthCheckEnabled ?? true,
    matcherHttpCode: tg.Matcher?.HttpCode,
    targets: undefined,
  };
}

function toListener(ctx: RegionalContext, listener: SdkListener, arn: string, loadBalancerArn: string): Listener {
  return {
    accountId: ctx.accountId,
    region: ctx.region,
    arn,
    loadBalancerArn: listener.LoadBalancerArn ?? loadBalancerArn,
    port: listener.Port ?? 0,
    protocol: listener.Protocol ?? UNKNOWN,
    sslPolicy: listener.SslPolicy,
    certificateArns: (listener.Certificates ?? []).flatMap((c) => (c.CertificateArn === undefined ? [] : [c.CertificateArn])),
    defaultTargetGroupArns: forwardedTargetGroups(listener.DefaultActions ?? []),
  };
}

/** A simple forward sets both TargetGroupArn and ForwardConfig to the same group: report it once. */
function forwardedTargetGroups(actions: readonly Action[]): string[] {
  const arns = actions.flatMap((a) => [a.TargetGroupArn, ...(a.ForwardConfig?.TargetGroups ?? []).map((t) => t.TargetGroupArn)]);
  return [...new Set(arns.filter((arn): arn is string => arn !== undefined))];
}

function toTargetHealth(d: TargetHealthDescription): TargetHealth[] {
  if (d.Target?.Id === undefined) return [];
  return [{
    targetId: d.Target.Id,
    port: d.Target.Port,
    availabilityZone: d.Target.AvailabilityZone,
    state: d.TargetHealth?.State ?? UNKNOWN,
    reason: d.TargetHealth?.Reason,
  }];
}

// ---------- ordering ----------

/** One IP can be registered on several ports: order by port too so output is stable. */
function byTarget(a: TargetHealth, b: TargetHealth): number {
  return compareStrings(a.targetId, b.targetId) || (a.port ?? 0) - (b.port ?? 0);
}

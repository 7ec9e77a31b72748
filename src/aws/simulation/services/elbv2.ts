import * as elbv2Sdk from '@aws-sdk/client-elastic-load-balancing-v2';
import type { TargetDescription, TargetHealthDescription } from '@aws-sdk/client-elastic-load-balancing-v2';
import { formList, SimError, type SimRequest } from '../protocol.js';
import { numberParam, unknownOperation, type HandlerContext, type ServiceHandler, type SimReply } from '../service.js';

/** The simulated Elastic Load Balancing v2 Query API: the Describe* calls of privapi's collector. */

/** PageSize is 1..400 and defaults to 400 on every Describe* listing. */
const MAX_PAGE_SIZE = 400;
/** DescribeLoadBalancers takes at most 20 ARNs in one call. */
const MAX_LOAD_BALANCER_ARNS = 20;

export const elbv2Handler: ServiceHandler = {
  service: 'elbv2',
  spec: { protocol: 'awsQuery', xmlNamespace: 'http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/', schemas: elbv2Sdk },
  quota: 'elbv2',
  throttle: { code: 'ThrottlingException', status: 400 },
  handle(req, ctx) {
    switch (req.operation) {
      case 'DescribeLoadBalancers': return describeLoadBalancers(req, ctx);
      case 'DescribeTargetGroups': return describeTargetGroups(req, ctx);
      case 'DescribeListeners': return describeListeners(req, ctx);
      case 'DescribeTargetHealth': return describeTargetHealth(req, ctx);
      default: throw unknownOperation('elbv2', req.operation);
    }
  },
};

function validationError(message: string): SimError {
  return new SimError('ValidationError', 400, message);
}

/** At most one of the ways to select items may be used in one call. */
function atMostOne(selectors: Record<string, boolean>): void {
  const used = Object.entries(selectors).filter(([, set]) => set).map(([name]) => name);
  if (used.length > 1) throw validationError(`${used.join(' and ')} cannot be specified at the same time`);
}

function page<T>(req: SimRequest, ctx: HandlerContext, operation: string, items: readonly T[]): { items: T[]; next: string | undefined } {
  const requested = numberParam(req.form.get('PageSize'));
  if (requested !== undefined && (requested < 1 || requested > MAX_PAGE_SIZE)) {
    throw validationError(`1 validation error detected: Value '${requested}' at 'pageSize' failed to satisfy constraint: Member must have value between 1 and ${MAX_PAGE_SIZE}`);
  }
  return ctx.page(items, {
    token: req.form.get('Marker'),
    requested,
    max: MAX_PAGE_SIZE,
    defaultSize: MAX_PAGE_SIZE,
    operation,
    errors: { token: 'ValidationError', size: 'ValidationError' },
  });
}

function requireAll(requested: readonly string[], known: ReadonlySet<string | undefined>, code: string, message: string): void {
  if (requested.some((x) => !known.has(x))) throw new SimError(code, 400, message);
}

function describeLoadBalancers(req: SimRequest, ctx: HandlerContext): SimReply {
  const arns = formList(req.form, 'LoadBalancerArns');
  const names = formList(req.form, 'Names');
  atMostOne({ LoadBalancerArns: arns.length > 0, Names: names.length > 0 });
  if (arns.length > MAX_LOAD_BALANCER_ARNS) throw validationError(`You can specify up to ${MAX_LOAD_BALANCER_ARNS} load balancer ARNs`);
  const all = ctx.regionState.elbv2.loadBalancers;
  requireAll(arns, new Set(all.map((lb) => lb.LoadBalancerArn)), 'LoadBalancerNotFound', 'One or more load balancers not found');
  requireAll(names, new Set(all.map((lb) => lb.LoadBalancerName)), 'LoadBalancerNotFound', 'One or more load balancers not found');
  const selected = all.filter(
    (lb) => (arns.length === 0 || arns.includes(lb.LoadBalancerArn ?? '')) && (names.length === 0 || names.includes(lb.LoadBalancerName ?? '')),
  );
  const { items, next } = page(req, ctx, 'DescribeLoadBalancers', selected);
  return { operation: 'DescribeLoadBalancers', output: { LoadBalancers: items, NextMarker: next } };
}

function describeTargetGroups(req: SimRequest, ctx: HandlerContext): SimReply {
  const loadBalancerArn = req.form.get('LoadBalancerArn');
  const arns = formList(req.form, 'TargetGroupArns');
  const names = formList(req.form, 'Names');
  atMostOne({ LoadBalancerArn: loadBalancerArn !== undefined, TargetGroupArns: arns.length > 0, Names: names.length > 0 });
  const { loadBalancers, targetGroups } = ctx.regionState.elbv2;
  if (loadBalancerArn !== undefined && !loadBalancers.some((lb) => lb.LoadBalancerArn === loadBalancerArn)) {
    throw new SimError('LoadBalancerNotFound', 400, `Load balancer '${loadBalancerArn}' not found`);
  }
  requireAll(arns, new Set(targetGroups.map((tg) => tg.TargetGroupArn)), 'TargetGroupNotFound', 'One or more target groups not found');
  requireAll(names, new Set(targetGroups.map((tg) => tg.TargetGroupName)), 'TargetGroupNotFound', 'One or more target groups not found');
  const selected = targetGroups.filter(
    (tg) =>
      (loadBalancerArn === undefined || (tg.LoadBalancerArns ?? []).includes(loadBalancerArn)) &&
      (arns.length === 0 || arns.includes(tg.TargetGroupArn ?? '')) &&
      (names.length === 0 || names.includes(tg.TargetGroupName ?? '')),
  );
  const { items, next } = page(req, ctx, 'DescribeTargetGroups', selected);
  return { operation: 'DescribeTargetGroups', output: { TargetGroups: items, NextMarker: next } };
}

function describeListeners(req: SimRequest, ctx: HandlerContext): SimReply {
  const loadBalancerArn = req.form.get('LoadBalancerArn');
  const arns = formList(req.form, 'ListenerArns');
  atMostOne({ LoadBalancerArn: loadBalancerArn !== undefined, ListenerArns: arns.length > 0 });
  if (loadBalancerArn === undefined && arns.length === 0) throw validationError('You must specify either listener ARNs or a load balancer ARN');
  const { loadBalancers, listeners } = ctx.regionState.elbv2;
  if (loadBalancerArn !== undefined && !loadBalancers.some((lb) => lb.LoadBalancerArn === loadBalancerArn)) {
    throw new SimError('LoadBalancerNotFound', 400, `Load balancer '${loadBalancerArn}' not found`);
  }
  requireAll(arns, new Set(listeners.map((l) => l.ListenerArn)), 'ListenerNotFound', 'One or more listeners not found');
  const selected = listeners.filter((l) => (loadBalancerArn !== undefined ? l.LoadBalancerArn === loadBalancerArn : arns.includes(l.ListenerArn ?? '')));
  const { items, next } = page(req, ctx, 'DescribeListeners', selected);
  return { operation: 'DescribeListeners', output: { Listeners: items, NextMarker: next } };
}

function describeTargetHealth(req: SimRequest, ctx: HandlerContext): SimReply {
  const arn = req.form.get('TargetGroupArn');
  if (!arn) throw validationError("1 validation error detected: Value null at 'targetGroupArn' failed to satisfy constraint: Member must not be null");
  const { targetGroups, targetHealth } = ctx.regionState.elbv2;
  if (!targetGroups.some((tg) => tg.TargetGroupArn === arn)) throw new SimError('TargetGroupNotFound', 400, `Target groups '${arn}' not found`);
  const registered = targetHealth[arn] ?? [];
  const asked = requestedTargets(req);
  const descriptions = asked.length === 0 ? registered : asked.map((t) => healthOf(registered, t));
  return { operation: 'DescribeTargetHealth', output: { TargetHealthDescriptions: descriptions } };
}

/** `Targets.member.N.Id` / `.Port` / `.AvailabilityZone`. */
function requestedTargets(req: SimRequest): TargetDescription[] {
  const targets = new Map<number, TargetDescription>();
  for (const [key, value] of req.form) {
    const m = /^Targets\.member\.(\d+)\.(Id|Port|AvailabilityZone)$/.exec(key);
    if (!m) continue;
    const n = Number(m[1]);
    const target = targets.get(n) ?? { Id: undefined };
    if (m[2] === 'Port') target.Port = Number(value);
    else if (m[2] === 'Id') target.Id = value;
    else target.AvailabilityZone = value;
    targets.set(n, target);
  }
  return [...targets.entries()].sort((a, b) => a[0] - b[0]).map(([, t]) => t);
}

/** A target asked for but not registered is reported as ELB does: unused, Target.NotRegistered. */
function healthOf(registered: readonly TargetHealthDescription[], target: TargetDescription): TargetHealthDescription {
  const found = registered.find((d) => d.Target?.Id === target.Id && (target.Port === undefined || d.Target?.Port === target.Port));
  return (
    found ?? {
      Target: target,
      TargetHealth: { State: 'unused', Reason: 'Target.NotRegistered', Description: 'Target is not registered to the target group' },
    }
  );
}

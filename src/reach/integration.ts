import {
  connectionIdsOf,
  findLink,
  linksUnusable,
  listenersUnusable,
  loadBalancerArnOf,
  loadBalancerUnusable,
  stageVariableOf,
  uriTargetsOf,
  vpcLinkIntegrationsOf,
} from '../../checks/integration/common.js';
import { arns } from '../model/arn.js';
import type { InventoryIndex } from '../model/inventory-index.js';
import type { Integration, RestApi } from '../model/inventory.js';
import { broken, inWords, ok, unknown, type Outcome } from './outcome.js';

/**
 * The `integration` hop of one API: every private integration must get from its VPC link to an
 * active load balancer listening on the URI's port and on to a healthy target. One broken method
 * breaks the hop: an intended client of that method cannot use it, even if others work.
 */

/** An INACTIVE V2 link (idle 60 days) has lost its network interfaces: requests fail until API Gateway re-creates them. */
const USABLE_LINK = new Set(['AVAILABLE']);
/** An NLB in front of an ALB in front of ...: deeper chains are not a pattern anyone builds. */
const MAX_CHAIN = 4;

export function integrationHop(index: InventoryIndex, api: RestApi, lbHealth: (arn: string, ports: readonly number[]) => Outcome): Outcome {
  if (api.resources === undefined) return unknown(`the resources (methods and integrations) of API ${api.id} were not read`, api.arn);
  const uses = vpcLinkIntegrationsOf(api);
  if (uses.length === 0) return ok();
  for (const { path, httpMethod, integration } of uses) {
    const where = `${httpMethod} ${path}`;
    const ids = connectionIdsOf(api, integration);
    const variable = stageVariableOf(integration.connectionId);
    // A stage that does not set the variable fails every call of this method on that stage.
    const unset = variable === undefined ? undefined : api.stages?.find((st) => st.variables[variable] === undefined);
    if (ids.length > 0 && unset) return broken(`${where} takes its VPC link from \${stageVariables.${variable}}, which stage ${unset.stageName} does not set`, unset.arn);
    if (ids.length === 0) {
      if (variable !== undefined && api.stages === undefined) return unknown(`the stages of API ${api.id} were not read (${where} takes its VPC link from \${stageVariables.${variable}})`, api.arn);
      return broken(`${where} uses a VPC link but ${variable === undefined ? 'has no connection id' : `no stage sets \${stageVariables.${variable}}`}`, api.arn);
    }
    for (const id of ids) {
      const outcome = linkPath(index, api, integration, id, where, lbHealth);
      if (outcome.kind !== 'ok') return outcome;
    }
  }
  return ok();
}

function linkPath(index: InventoryIndex, api: RestApi, integration: Integration, id: string, where: string, lbHealth: (arn: string, ports: readonly number[]) => Outcome): Outcome {
  const { v1, v2 } = findLink(index, api, id);
  const link = v2 ?? v1;
  if (!link) {
    const why = linksUnusable(index, api);
    const arn = arns.vpcLink(index.snapshot.partition, api.region, id);
    return why ? unknown(why, arn) : broken(`${where}: VPC link ${id} does not exist in ${api.accountId}/${api.region}`, arn);
  }
  if (!USABLE_LINK.has(link.status.toUpperCase())) return broken(`${where}: VPC link ${link.name} (${id}) is ${link.status}${link.statusMessage ? `: ${link.statusMessage}` : ''}`, link.arn);
  if (v1 && !v2) {
    // PrivateLink traffic from a V1 link comes from addresses AWS does not document, so enforced NLB rules cannot be judged.
    const enforced = v1.targetArns.map((arn) => index.loadBalancers.get(arn)).find((lb) => lb && lb.securityGroupIds.length > 0 && lb.enforceSecurityGroupInboundRulesOnPrivateLinkTraffic?.toLowerCase() === 'on');
    if (enforced) return unknown(`${where}: NLB ${enforced.name} enforces its security groups on PrivateLink traffic, and the source addresses of VPC link ${id} are not documented`, enforced.arn);
  }
  const targets = integration.integrationTarget !== undefined ? [loadBalancerArnOf(integration.integrationTarget)] : (v1?.targetArns ?? []);
  if (targets.length === 0) return broken(`${where}: VPC link ${link.name} (${id}) leads to no load balancer`, link.arn);
  const ports = uriTargetsOf(api, integration).map((t) => t.port);
  for (const arn of targets) {
    const outcome = lbHealth(arn, ports);
    if (outcome.kind !== 'ok') return outcome.kind === 'broken' ? broken(`${where}: ${outcome.reason}`, outcome.arn) : outcome;
  }
  return ok();
}

/**
 * Whether a load balancer serves: active, a listener on one of `ports` (any listener when the URI
 * gives none), and a healthy target in a group those listeners forward to, following "alb" groups
 * into the ALB behind an NLB. `fallback` locates an ARN whose load balancer has no record.
 */
export function loadBalancerHealth(index: InventoryIndex, arn: string, ports: readonly number[], fallback: { accountId: string; region: string }, depth = 0): Outcome {
  const lb = index.loadBalancers.get(arn);
  if (!lb) {
    const why = loadBalancerUnusable(index, arn, fallback);
    return why ? unknown(why, arn) : broken(`load balancer ${arn} does not exist`, arn);
  }
  if (lb.state.toLowerCase() !== 'active') return broken(`load balancer ${lb.name} is ${lb.state}`, lb.arn);
  const unread = listenersUnusable(index, lb);
  if (unread) return unknown(unread, lb.arn);
  const listeners = index.listenersByLoadBalancer.get(lb.arn) ?? [];
  const serving = ports.length > 0 ? listeners.filter((l) => ports.includes(l.port)) : listeners;
  if (serving.length === 0) return broken(listeners.length > 0 ? `load balancer ${lb.name} has no listener on port ${inWords(ports.map(String))}` : `load balancer ${lb.name} has no listener`, lb.arn);

  const groupArns = [...new Set(serving.flatMap((l) => l.defaultTargetGroupArns))];
  let missing: Outcome | undefined;
  let deeper: Outcome | undefined;
  const names: string[] = [];
  for (const groupArn of groupArns) {
    const tg = index.targetGroups.get(groupArn);
    if (!tg || tg.targets === undefined) {
      missing ??= unknown(`the targets of target group ${tg?.name ?? groupArn} were not read`, groupArn);
      continue;
    }
    names.push(tg.name);
    // With health checks off, ELB reports targets "unavailable" yet sends to them.
    const live = tg.targets.filter((t) => t.state === 'healthy' || (!tg.healthCheckEnabled && t.state === 'unavailable'));
    if (tg.targetType !== 'alb') {
      if (live.length > 0) return ok();
      continue;
    }
    if (depth >= MAX_CHAIN) continue;
    for (const t of live) {
      const behind = loadBalancerHealth(index, t.targetId, tg.port === undefined ? [] : [tg.port], tg, depth + 1);
      if (behind.kind === 'ok') return behind;
      if (behind.kind === 'unknown') missing ??= behind;
      else deeper ??= behind;
    }
  }
  if (missing) return missing;
  if (deeper) return deeper;
  const first = groupArns[0];
  return broken(
    groupArns.length === 0 ? `the listeners of load balancer ${lb.name} forward to no target group` : `no healthy target in target group(s) ${inWords(names)} of load balancer ${lb.name}`,
    first ?? lb.arn,
  );
}

import type { Located, ResourceRef } from '../../src/model/check.js';
import type { InventoryIndex } from '../../src/model/inventory-index.js';
import type { Integration, Listener, LoadBalancer, RestApi, SecurityGroupRule, Service, Stage, VpcLinkV1, VpcLinkV2 } from '../../src/model/inventory.js';
import { parseArn } from '../../src/model/arn.js';

/**
 * Shared reading of private integrations for the INT-* checks: which integrations use a VPC link,
 * what a connection id or stage variable resolves to, which load balancer and listener an
 * integration reaches, and whether the data needed to say so was collected.
 */

// ASFF has types for REST APIs, stages and ELBv2 load balancers; links, listeners and target groups are "Other".
export const TYPES = { api: 'AwsApiGatewayRestApi', stage: 'AwsApiGatewayStage', lb: 'AwsElbv2LoadBalancer', link: 'Other', listener: 'Other', targetGroup: 'Other' } as const;

export const apiRef = (api: RestApi): ResourceRef => ({ arn: api.arn, type: TYPES.api });
export const stageRef = (stage: Stage): ResourceRef => ({ arn: stage.arn, type: TYPES.stage });
export const lbRef = (arn: string): ResourceRef => ({ arn, type: TYPES.lb });
export const linkRef = (link: { arn: string }): ResourceRef => ({ arn: link.arn, type: TYPES.link });
export const listenerRef = (arn: string): ResourceRef => ({ arn, type: TYPES.listener });
export const targetGroupRef = (arn: string): ResourceRef => ({ arn, type: TYPES.targetGroup });

/** Deduplicated by ARN, in first-seen order, without the primary resource. */
export function uniqueRefs(refs: readonly ResourceRef[], except?: string): ResourceRef[] {
  const seen = new Set<string>(except === undefined ? [] : [except]);
  return refs.filter((r) => (seen.has(r.arn) ? false : (seen.add(r.arn), true)));
}

/**
 * Why a service's data cannot be relied on in a scope, or undefined when it can. A failed or
 * missing collection always blocks; a partial one blocks only through errors of the given
 * operations (all operations when none are given) and, when a resource is given, only errors about
 * that resource or about none in particular.
 */
export function unusable(inventory: InventoryIndex, at: Located, service: Service, operations?: readonly string[], resource?: string): string | undefined {
  const status = inventory.status(at.accountId, at.region, service);
  const where = `${at.accountId}/${at.region}`;
  if (status === undefined) return `${service} was not collected in ${where}`;
  if (status.state === 'complete') return undefined;
  const detail = (errors: typeof status.errors) => errors.map((e) => `${e.operation} ${e.code}`).join(', ');
  if (status.state !== 'partial') return `${service} collection ${status.state} in ${where}${status.errors.length ? `: ${detail(status.errors)}` : ''}`;
  const relevant = status.errors.filter((e) => (operations === undefined || operations.includes(e.operation)) && (resource === undefined || e.resource === undefined || e.resource === resource));
  return relevant.length ? `${service} collection partial in ${where}: ${detail(relevant)}` : undefined;
}

/** Scopes where a service's listing failed, with a pseudo-ARN for the listing and the reason. */
function unlistedScopes(inventory: InventoryIndex, service: Service, what: string, path: string): Array<Located & { arn: string; reason: string }> {
  return inventory.unlistedScopes(service, { skipped: true }).map((s) => ({
    accountId: s.accountId,
    region: s.region,
    arn: `arn:${inventory.snapshot.partition}:apigateway:${s.region}:${s.accountId}:${path}`,
    reason: `${what} were not listed: ${s.reason}`,
  }));
}

/** The ERROR results for scopes whose REST API listing failed: nothing can be said about their APIs. */
export function unlistedApiScopes(inventory: InventoryIndex): Array<Located & { arn: string; reason: string }> {
  return unlistedScopes(inventory, 'apigateway', 'REST APIs', '/restapis');
}

/** The same for VPC links V2 (API Gateway v2's listing). */
export function unlistedV2LinkScopes(inventory: InventoryIndex): Array<Located & { arn: string; reason: string }> {
  return unlistedScopes(inventory, 'apigatewayv2', 'VPC links V2', '/vpclinks');
}

export interface LinkIntegration {
  api: RestApi;
  path: string;
  httpMethod: string;
  integration: Integration;
}

/** Every integration of the API (resources must have been collected). */
export function integrationsOf(api: RestApi): LinkIntegration[] {
  return (api.resources ?? []).flatMap((resource) =>
    resource.methods.flatMap((method) => (method.integration ? [{ api, path: resource.path, httpMethod: method.httpMethod, integration: method.integration }] : [])),
  );
}

export function vpcLinkIntegrationsOf(api: RestApi): LinkIntegration[] {
  return integrationsOf(api).filter((i) => i.integration.connectionType === 'VPC_LINK');
}

const STAGE_VARIABLE = /^\$\{stageVariables\.([A-Za-z0-9_.-]+)\}$/;

/** The stage variable a connection id reads, e.g. "vpcLinkId" for ${stageVariables.vpcLinkId}. */
export function stageVariableOf(connectionId: string | undefined): string | undefined {
  return connectionId === undefined ? undefined : STAGE_VARIABLE.exec(connectionId.trim())?.[1];
}

/** The link ids an integration's connection id stands for: the literal id, or each stage's variable value. */
export function connectionIdsOf(api: RestApi, integration: Integration): string[] {
  const id = integration.connectionId;
  if (id === undefined || id === '') return [];
  const variable = stageVariableOf(id);
  if (variable === undefined) return [id];
  return [...new Set((api.stages ?? []).flatMap((s) => (s.variables[variable] === undefined ? [] : [s.variables[variable]])))];
}

export interface FoundLink {
  v1?: VpcLinkV1;
  v2?: VpcLinkV2;
}

/** A VPC link an API can use: the same id in the API's own account and region. */
export function findLink(inventory: InventoryIndex, at: Located, id: string): FoundLink {
  const here = (l: { accountId: string; region: string }) => l.accountId === at.accountId && l.region === at.region;
  const v1 = inventory.vpcLinksV1.get(id);
  const v2 = inventory.vpcLinksV2.get(id);
  return { ...(v1 && here(v1) && { v1 }), ...(v2 && here(v2) && { v2 }) };
}

/** Why VPC link listings cannot be relied on in a scope (either version), or undefined. */
export function linksUnusable(inventory: InventoryIndex, at: Located): string | undefined {
  return unusable(inventory, at, 'apigateway', ['GetVpcLinks']) ?? unusable(inventory, at, 'apigatewayv2', ['GetVpcLinks']);
}

export interface UriTarget {
  scheme: 'http' | 'https';
  port: number;
}

const URI = /^(https?):\/\/(?:\[[^\]]+\]|[^/:?#[]+)(?::(\d+))?(?=[/?#]|$)/i;

function parseUri(uri: string): UriTarget | undefined {
  const m = URI.exec(uri.trim());
  if (!m) return undefined;
  const scheme = (m[1] ?? '').toLowerCase() === 'https' ? 'https' : 'http';
  return { scheme, port: m[2] !== undefined ? Number(m[2]) : scheme === 'https' ? 443 : 80 };
}

/** Scheme and port of the integration URI; a URI built from stage variables is read per stage. */
export function uriTargetsOf(api: RestApi, integration: Integration): UriTarget[] {
  const uri = integration.uri;
  if (uri === undefined) return [];
  const candidates = uri.includes('${stageVariables.')
    ? (api.stages ?? []).map((s) => uri.replace(/\$\{stageVariables\.([A-Za-z0-9_.-]+)\}/g, (whole, name: string) => s.variables[name] ?? whole))
    : [uri];
  const out = new Map<string, UriTarget>();
  for (const c of candidates) {
    const t = parseUri(c);
    if (t) out.set(`${t.scheme}:${t.port}`, t);
  }
  return [...out.values()];
}

const LISTENER_ARN = /^(arn:[^:]+:elasticloadbalancing:[^:]*:[^:]*:)listener\/((?:app|net)\/[^/]+\/[^/]+)\/[^/]+$/;

/** The load balancer ARN of a listener ARN, or the ARN itself when it names a load balancer. */
export function loadBalancerArnOf(arn: string): string {
  const m = LISTENER_ARN.exec(arn);
  return m ? `${m[1] ?? ''}loadbalancer/${m[2] ?? ''}` : arn;
}

export const isListenerArn = (arn: string) => LISTENER_ARN.test(arn);

export function listenersByArn(inventory: InventoryIndex): Map<string, Listener> {
  return new Map([...inventory.listenersByLoadBalancer.values()].flat().map((l) => [l.arn, l] as const));
}

/** Where the target ARN says it lives (account and region), for the collection-status lookups. */
export function locationOfArn(arn: string, fallback: Located): Located {
  const p = parseArn(arn);
  return p && p.accountId && p.region ? { accountId: p.accountId, region: p.region } : fallback;
}

/** Why a load balancer's record cannot be relied on (its listing failed there), or undefined. */
export function loadBalancerUnusable(inventory: InventoryIndex, arn: string, fallback: Located): string | undefined {
  return unusable(inventory, locationOfArn(arn, fallback), 'elbv2', ['DescribeLoadBalancers']);
}

/** Why a load balancer's listeners cannot be relied on, or undefined. */
export function listenersUnusable(inventory: InventoryIndex, lb: LoadBalancer): string | undefined {
  return unusable(inventory, lb, 'elbv2', ['DescribeListeners', 'DescribeLoadBalancers'], lb.arn);
}

export const SECURE_PROTOCOLS: ReadonlySet<string> = new Set(['TLS', 'HTTPS']);
export const PLAINTEXT_PROTOCOLS: ReadonlySet<string> = new Set(['TCP', 'HTTP']);

export interface BackendUse {
  lb: LoadBalancer;
  /** The APIs, links, front load balancers and groups through which the load balancer is reached. */
  via: ResourceRef[];
}

/**
 * Load balancers an integration sends to: V1 link targets, V2 integration targets, and the ALBs
 * registered in "alb" target groups of those. Referenced ARNs with no record are left to INT-003/004.
 */
export function backendLoadBalancers(inventory: InventoryIndex): Map<string, BackendUse> {
  const out = new Map<string, BackendUse>();
  const add = (arn: string, via: ResourceRef[]) => {
    const lb = inventory.loadBalancers.get(arn);
    if (!lb) return false;
    const known = out.get(arn);
    if (known) {
      known.via.push(...via);
      return false;
    }
    out.set(arn, { lb, via: [...via] });
    return true;
  };
  const queue: string[] = [];
  for (const link of inventory.vpcLinksV1.values()) {
    for (const target of link.targetArns) if (add(target, [linkRef(link)])) queue.push(target);
  }
  for (const api of inventory.restApis) {
    for (const { integration } of integrationsOf(api)) {
      const target = integration.integrationTarget;
      if (target === undefined) continue;
      const arn = loadBalancerArnOf(target);
      const links = connectionIdsOf(api, integration).flatMap((id) => {
        const found = findLink(inventory, api, id).v2;
        return found ? [linkRef(found)] : [];
      });
      if (add(arn, [apiRef(api), ...links])) queue.push(arn);
    }
  }
  // An NLB in front of an ALB: the ALB is a backend too.
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    for (const tg of inventory.targetGroupsByLoadBalancer.get(next) ?? []) {
      if (tg.targetType !== 'alb') continue;
      for (const t of tg.targets ?? []) if (add(t.targetId, [lbRef(next), targetGroupRef(tg.arn)])) queue.push(t.targetId);
    }
  }
  for (const use of out.values()) use.via = uniqueRefs(use.via, use.lb.arn);
  return out;
}

/**
 * Why the backend set of a scope is uncertain: an API whose resources were not read, or VPC links
 * or an "alb" group's targets not listed there. Undefined when it is known.
 */
export function backendsUncertain(inventory: InventoryIndex, at: Located): string | undefined {
  const here = (x: Located) => x.accountId === at.accountId && x.region === at.region;
  const apis = unusable(inventory, at, 'apigateway', ['GetRestApis', 'GetVpcLinks']) ?? unusable(inventory, at, 'elbv2', ['DescribeLoadBalancers', 'DescribeTargetGroups']);
  if (apis) return apis;
  const unread = inventory.restApis.find((a) => here(a) && a.resources === undefined);
  if (unread) return `the resources of API ${unread.id} were not read`;
  const albGroup = [...inventory.targetGroups.values()].find((tg) => here(tg) && tg.targetType === 'alb' && tg.loadBalancerArns.length > 0 && tg.targets === undefined);
  return albGroup ? `the targets of group ${albGroup.name} were not read` : undefined;
}

export function portMatches(rule: SecurityGroupRule, port: number): boolean {
  const protocol = rule.ipProtocol.toLowerCase();
  if (protocol === '-1' || protocol === 'all') return true;
  if (protocol !== 'tcp' && protocol !== '6') return false;
  const from = rule.fromPort ?? -1;
  const to = rule.toPort ?? -1;
  if (from === -1 && to === -1) return true;
  return from <= port && port <= to;
}

/** Load balancers that VPC links V1 target (INT-011). */
export function v1LinkTargets(inventory: InventoryIndex): Map<string, BackendUse> {
  const out = new Map<string, BackendUse>();
  for (const link of inventory.vpcLinksV1.values()) {
    for (const arn of link.targetArns) {
      const lb = inventory.loadBalancers.get(arn);
      if (!lb) continue;
      const use = out.get(arn) ?? { lb, via: [] };
      use.via.push(linkRef(link));
      out.set(arn, use);
    }
  }
  return out;
}

/** Scope-level ERRORs where the load balancer listing failed: their load balancers are unknown. */
export function unlistedLoadBalancerScopes(inventory: InventoryIndex): Array<Located & { arn: string; reason: string }> {
  return inventory.unlistedScopes('elbv2', { skipped: true }).map((s) => ({
    accountId: s.accountId,
    region: s.region,
    arn: `arn:${inventory.snapshot.partition}:elasticloadbalancing:${s.region}:${s.accountId}:loadbalancer/*`,
    reason: `load balancers were not listed: ${s.reason}`,
  }));
}

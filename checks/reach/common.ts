import type { CheckResult, Reporter, ResourceRef } from '../../src/model/check.js';
import type { InventoryIndex } from '../../src/model/inventory-index.js';
import type { RestApi } from '../../src/model/inventory.js';
import { reachability } from '../../src/reach/evaluate.js';
import { endpointRef } from '../network/common.js';
import type { ApiReach, ClientResult, IntendedClient, Reachability } from '../../src/reach/model.js';
import { apiRef, isPrivate, OTHER_TYPE, unlistedApis } from '../ops/common.js';

/** Shared helpers of the reachability checks (not a check module). */


/**
 * One reachability per inventory, however many checks ask: the engine's answer is the same for
 * all of them, and computing it is the costly part (about 2 s at 1,000 accounts). Keyed by the
 * index object, so two evaluations never share an answer. On-premises networks are configuration,
 * not inventory: the checks judge VPC clients only (`privapi reach` and the HTML report add them).
 */
const computed = new WeakMap<InventoryIndex, Reachability>();

export function reachOf(inventory: InventoryIndex): Reachability {
  let r = computed.get(inventory);
  if (!r) {
    r = reachability(inventory);
    computed.set(inventory, r);
  }
  return r;
}

/** One result per REST API: NOT_APPLICABLE unless private, else the check's judgement of its reachability; plus unlisted-API errors. */
export function perPrivateApi<M extends string>(
  inventory: InventoryIndex,
  report: Reporter<M>,
  judge: (api: RestApi, reach: ApiReach, resource: ResourceRef, r: Reachability) => CheckResult,
): CheckResult[] {
  const r = reachOf(inventory);
  const byArn = new Map(r.apis.map((a) => [a.apiArn, a]));
  const results = inventory.restApis.map((api) => {
    const resource = apiRef(api);
    const reach = isPrivate(api) ? byArn.get(api.arn) : undefined;
    return reach ? judge(api, reach, resource, r) : report.notApplicable(api, resource);
  });
  return [...results, ...unlistedApis(inventory, report)];
}

/**
 * Intended clients that are clients of the inventory. An id the policy names that is nowhere in
 * the organization is POLICY-003's (outside) or POLICY-004's (deleted); it counts here only when
 * EC2 gaps mean it might be in the organization after all (its result is then unknown).
 */
export function knownIntended(reach: ApiReach, r: Reachability): IntendedClient[] {
  const clients = new Set(r.clients.map((c) => c.id));
  return reach.intended.filter((i) => clients.has(i.clientId) || i.result.status === 'unknown');
}

/** At most `max` items, then how many more: messages name a few clients, not thousands. */
export function shortList(items: readonly string[], max: number): string {
  const shown = items.slice(0, max).join('; ');
  return items.length > max ? `${shown}; and ${items.length - max} more` : shown;
}

/** "vpc-1 (security-group: no rule admits …)", at most `max` of them and how many more. */
export function describeClients(items: readonly IntendedClient[], max = 5): string {
  return shortList(items.map((i) => `${i.clientId} (${whyNot(i.result)})`), max);
}

/** The endpoints with these ids that the inventory holds, as related resources. */
export function endpointRefs(inventory: InventoryIndex, ids: Iterable<string>): ResourceRef[] {
  return [...new Set(ids)].flatMap((id) => {
    const e = inventory.vpcEndpoints.get(id);
    return e ? [endpointRef(e)] : [];
  });
}

function whyNot(result: ClientResult): string {
  if (result.broken) return `${result.broken.hop}: ${result.broken.reason}`;
  if (result.unknown) return `${result.unknown.hop} unknown: ${result.unknown.missing}`;
  return result.status;
}

/** The resources to fix, named by the first broken hops, without repeating the primary resource. */
export function brokenRefs(items: readonly IntendedClient[], primary: string): ResourceRef[] {
  const arns = new Set(items.flatMap((i) => (i.result.broken ? [i.result.broken.arn] : [])));
  arns.delete(primary);
  return [...arns].map((arn) => ({ arn, type: OTHER_TYPE }));
}

/** Accounts whose EC2 inventory of `region` is incomplete: an endpoint or VPC could hide there. */
export function ec2GapsIn(inventory: InventoryIndex, region: string): string[] {
  return [...inventory.accounts.keys()].filter((account) => !inventory.isComplete(account, region, 'ec2'));
}

/** The services whose inventory a path reads: endpoints and VPCs, APIs, links, load balancers, zones and resolvers. */
export const PATH_SERVICES = ['apigateway', 'apigatewayv2', 'ec2', 'elbv2', 'route53', 'route53resolver'] as const;

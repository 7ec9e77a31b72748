import type { CheckResult, Reporter, ResourceRef } from '../../src/model/check.js';
import type { InventoryIndex } from '../../src/model/inventory-index.js';
import type { RestApi, Snapshot } from '../../src/model/inventory.js';
import { invokeAccess, parsePolicy, type InvokeAccess, type PolicyDocument } from '../../src/policy/index.js';
import { apiRef, isPrivate, unlistedApis } from '../ops/common.js';

/** Shared helpers of the resource policy checks (not a check module). */

export const VPCE_TYPE = 'AwsEc2VpcEndpoint';
export const VPC_TYPE = 'AwsEc2Vpc';

/**
 * What a resource policy check can read from an API: NOT_APPLICABLE when the API is not private or
 * has no policy (POLICY-001 reports that), `unreadable` when the text does not parse.
 */
export type PolicyView = { kind: 'none' } | { kind: 'unreadable'; reason: string } | { kind: 'parsed'; policy: PolicyDocument };

const parsed = new WeakMap<RestApi, PolicyView>();
const analysed = new WeakMap<RestApi, InvokeAccess>();

export function readPolicy(api: RestApi): PolicyView {
  const cached = parsed.get(api);
  if (cached) return cached;
  let view: PolicyView;
  if (!api.policy?.trim()) view = { kind: 'none' };
  else {
    const result = parsePolicy(api.policy);
    view = result.ok
      ? { kind: 'parsed', policy: result.policy }
      : { kind: 'unreadable', reason: `The resource policy of API ${api.name} (${api.id}) could not be understood${result.error.path ? ` at ${result.error.path}` : ''}: ${result.error.message}` };
  }
  parsed.set(api, view);
  return view;
}

/**
 * One result per REST API for a check that reads resource policies: NOT_APPLICABLE unless the API
 * is private and has a policy (POLICY-001 reports a missing one), ERROR when the policy cannot be
 * read, otherwise the check's own judgement; plus an ERROR for each scope whose APIs were not listed.
 */
export function perApiPolicy<M extends string>(
  inventory: InventoryIndex,
  report: Reporter<M>,
  judge: (api: RestApi, resource: ResourceRef, policy: PolicyDocument) => CheckResult,
): CheckResult[] {
  const results = inventory.restApis.map((api) => {
    const resource = apiRef(api);
    if (!isPrivate(api)) return report.notApplicable(api, resource);
    const view = readPolicy(api);
    if (view.kind === 'none') return report.notApplicable(api, resource);
    if (view.kind === 'unreadable') return report.error(api, resource, view.reason);
    return judge(api, resource, view.policy);
  });
  return [...results, ...unlistedApis(inventory, report)];
}

/** The invoke analysis of an API's parsed policy, computed once per API however many checks ask. */
export function accessOf(api: RestApi, policy: PolicyDocument, partition: Snapshot['partition']): InvokeAccess {
  const cached = analysed.get(api);
  if (cached) return cached;
  const access = invokeAccess(policy, { partition, region: api.region, accountId: api.accountId, apiId: api.id });
  analysed.set(api, access);
  return access;
}

/**
 * The limits `invokeAccess` reports, by kind. Each check decides which of them can change its
 * answer; the matching is on the engine's wording, kept in this one place.
 */
export const NOTE = {
  variables: /policy variables/i,
  otherPrincipals: /Service\/Federated\/CanonicalUser/i,
  multiValued: /ForAnyValue\/ForAllValues/i,
  principalAttributes: /principal attribute keys/i,
  truncated: /search stopped/i,
  wildcardIds: /compared with wildcard patterns/i,
} as const;

export function notes(access: InvokeAccess, ...kinds: (keyof typeof NOTE)[]): string[] {
  return access.unsupported.filter((n) => kinds.some((k) => NOTE[k].test(n)));
}

export function unsupportedReason(api: RestApi, found: string[]): string {
  return `The resource policy of API ${api.name} (${api.id}) could not be analysed exactly: ${found.join('; ')}`;
}

/** The account a principal names: a 12-digit id, an IAM/STS ARN; undefined for anything else. */
export function accountOfPrincipal(name: string): string | undefined {
  if (/^\d{12}$/.test(name)) return name;
  return /^arn:[^:]+:(?:iam|sts)::(\d{12}):/.exec(name)?.[1];
}

/** Literal ids compared with a condition key anywhere in the policy (no wildcards or variables). */
export function literalConditionValues(policy: PolicyDocument, key: string, prefix: string): string[] {
  const values = policy.statements.flatMap((s) => s.conditions.filter((c) => c.key === key).flatMap((c) => c.values));
  return [...new Set(values.filter((v) => v.startsWith(prefix) && !/[*?]/.test(v) && !v.includes('${')))];
}

/**
 * Where the EC2 inventory is not complete: every account and scanned region whose ec2 collection
 * did not finish. An id not found while this is non-empty may live there.
 */
export function ec2Gaps(inventory: InventoryIndex): string[] {
  const gaps: string[] = [];
  for (const account of inventory.accounts.keys()) {
    for (const region of inventory.snapshot.regions) {
      if (!inventory.isComplete(account, region, 'ec2')) gaps.push(`${account} ${region} (${inventory.status(account, region, 'ec2')?.state ?? 'not collected'})`);
    }
  }
  return gaps;
}

export function endpointRef(inventory: InventoryIndex, id: string): ResourceRef | undefined {
  const e = inventory.vpcEndpoints.get(id);
  return e ? { arn: e.arn, type: VPCE_TYPE } : undefined;
}

export function vpcRef(inventory: InventoryIndex, id: string): ResourceRef | undefined {
  const v = inventory.vpcs.get(id);
  return v ? { arn: v.arn, type: VPC_TYPE } : undefined;
}

export const defined = <T>(v: T | undefined): v is T => v !== undefined;

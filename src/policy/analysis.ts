/**
 * The questions policy checks ask, answered by evaluating representative requests.
 *
 * Approach (a bounded existential search, not a proof): every condition key the policy mentions
 * gets a small set of candidate values — absent, an unrelated probe value, and for each value the
 * policy compares it with, a value that satisfies that comparison (the value itself, a wildcard
 * pattern's instance, a CIDR's first address, a number either side of a bound...). Candidate
 * principals are anonymous, every principal the policy names (account roots, ARNs, accounts in
 * aws:PrincipalAccount conditions) and an unrelated AWS principal. Candidate resources are a probe
 * method on an unnamed stage and path of the API plus one instance of every Resource/NotResource
 * pattern of the policy rewritten onto the API. "Someone can invoke" means one combination is
 * allowed by `evaluate`.
 *
 * Because every comparison the policy makes is represented by a candidate on each side, the search
 * is exact for policies whose conditions compare each key with literal values, one value per key
 * in the request. Limits, reported in `unsupported` where they apply:
 * - policy variables (`${aws:username}`) are not substituted;
 * - multi-valued request keys are only tried with one value (ForAllValues/ForAnyValue are still
 *   evaluated correctly, but a witness needing two values at once is not searched);
 * - principal attribute keys other than aws:PrincipalAccount/aws:PrincipalArn (e.g.
 *   aws:PrincipalOrgID) are chosen freely, even for anonymous callers (an over-approximation);
 * - Service/Federated/CanonicalUser principals never match the modelled callers;
 * - the search stops after SEARCH_BUDGET evaluations and says so.
 */
import { contextValues, type RequestContext } from './conditions.js';
import { evaluate, rootAccount, type RequestPrincipal } from './evaluate.js';
import { apiArn, expandPolicyResources, parseExecuteApiArn, type ApiRef } from './execute-api.js';
import { cidrFirstAddress, parseCidr } from './ip.js';
import { actionMatches, wildcardMatch, wildcardWitness } from './match.js';
import type { Condition, PolicyDocument, Statement } from './parse.js';

export const INVOKE_ACTION = 'execute-api:Invoke';
export const SEARCH_BUDGET = 200_000;

const SOURCE_VPCE = 'aws:sourcevpce';
const SOURCE_VPC = 'aws:sourcevpc';
const SOURCE_IP_KEYS = new Set(['aws:sourceip', 'aws:vpcsourceip']);
const VPCE_ORG_KEYS = new Set(['aws:vpceaccount', 'aws:vpceorgid', 'aws:vpceorgpaths']);
const PRINCIPAL_RESTRICTING_KEYS = new Set(['aws:principalorgid', 'aws:principalaccount', 'aws:principalarn', 'aws:principalorgpaths']);
/** Derived from the principal by `evaluate`; enumerated through the principal candidates instead. */
const PRINCIPAL_IDENTITY_KEYS = new Set(['aws:principalaccount', 'aws:principalarn']);

const PROBE_VPCE = 'vpce-0privapiprobe000001';
const PROBE_VPC = 'vpc-0privapiprobe000001';
const PROBE_VALUE = 'privapi-probe';
const PROBE_ACCOUNT = '000000000000';
const PROBE_STAGE = 'privapi-probe-stage';
const PROBE_PATH = 'privapi-probe-path';

/** A private custom domain's execute ARN: `arn:aws:execute-api:<region>:<account>:/domainnames/<name>+<id>`. */
export interface DomainTarget {
  executeArn: string;
}

export interface InvokeAccess {
  /** Some invoke resource is allowed with an unknown aws:SourceVpce and aws:SourceVpc. */
  anyEndpoint: boolean;
  /** Literal vpce- ids the policy names that are allowed to invoke some resource. */
  allowedEndpoints: string[];
  /** Literal vpc- ids the policy names that are allowed to invoke some resource. */
  allowedVpcs: string[];
  /** Account ids / ARNs named in the Principal of Allow statements for execute-api:Invoke. */
  awsPrincipals: string[];
  usesSourceIp: boolean;
  /** IP conditions exist and all their values are IPv4. */
  ipv4OnlyIpConditions: boolean;
  usesVpceOrgKeys: boolean;
  usesPrincipalOrgId: boolean;
  /** What the analysis could not decide exactly; empty when the answer is exact. */
  unsupported: string[];
}

interface SearchSpace {
  principals: RequestPrincipal[];
  resources: string[];
  /** Keys and their candidate values (undefined = absent), enumerated as a product. */
  keys: [string, (string | undefined)[]][];
}

interface SearchState {
  evaluations: number;
  truncated: boolean;
}

function allConditions(policy: PolicyDocument): Condition[] {
  return policy.statements.flatMap((s) => s.conditions);
}

function coversInvoke(statement: Statement): boolean {
  const hit = statement.action.values.some((a) => actionMatches(a, INVOKE_ACTION));
  return statement.action.kind === 'Action' ? hit : !hit;
}

function hasWildcard(value: string): boolean {
  return value.includes('*') || value.includes('?');
}

function uniq<T>(values: Iterable<T>): T[] {
  return [...new Set(values)];
}

/** Values that satisfy, or fail, each comparison the policy makes on a key. */
function candidateValues(conditions: Condition[], key: string): (string | undefined)[] {
  const out = new Set<string | undefined>([undefined]);
  const onKey = conditions.filter((c) => c.key === key);
  const isIp = onKey.some((c) => c.operator.family === 'Ip');
  if (isIp) {
    out.add('198.51.100.77');
    out.add('2001:db8:ffff::77');
  } else {
    out.add(PROBE_VALUE);
  }
  for (const c of onKey) {
    for (const v of c.values) {
      switch (c.operator.family) {
        case 'String':
        case 'Arn':
        case 'Binary':
          out.add(v);
          if (hasWildcard(v)) out.add(wildcardWitness(v));
          break;
        case 'Ip': {
          const cidr = parseCidr(v);
          if (cidr) out.add(cidrFirstAddress(cidr));
          break;
        }
        case 'Numeric': {
          const n = Number(v);
          out.add(String(n));
          out.add(String(n - 1));
          out.add(String(n + 1));
          break;
        }
        case 'Date': {
          const t = /^\d+(\.\d+)?$/.test(v.trim()) ? Number(v) * 1000 : Date.parse(v);
          // A bound at the edge of the Date range (or epoch seconds beyond it) has neighbours a Date cannot hold.
          for (const d of [t, t - 86_400_000, t + 86_400_000]) if (!Number.isNaN(new Date(d).getTime())) out.add(new Date(d).toISOString());
          break;
        }
        case 'Bool':
          out.add('true');
          out.add('false');
          break;
        case 'Null':
          break;
      }
    }
  }
  return [...out];
}

function principalFromName(name: string): RequestPrincipal | undefined {
  if (/^\d{12}$/.test(name)) return { type: 'aws', accountId: name, arn: `arn:aws:iam::${name}:root` };
  const root = rootAccount(name);
  if (root) return { type: 'aws', accountId: root, arn: name };
  const m = /^arn:[^:]+:(?:iam|sts)::(\d{12}):/.exec(name);
  if (m?.[1]) return { type: 'aws', accountId: m[1], arn: name };
  return undefined;
}

function candidatePrincipals(policy: PolicyDocument): RequestPrincipal[] {
  const names = new Set<string>();
  for (const s of policy.statements) for (const p of s.principal.set.aws) names.add(p);
  for (const c of allConditions(policy)) {
    if (c.key === 'aws:principalaccount') for (const v of c.values) names.add(wildcardWitness(v, '0'));
    if (c.key === 'aws:principalarn') for (const v of c.values) names.add(wildcardWitness(v, 'x'));
  }
  const out: RequestPrincipal[] = [{ type: 'anonymous' }, { type: 'aws', accountId: PROBE_ACCOUNT, arn: `arn:aws:iam::${PROBE_ACCOUNT}:role/privapi-probe` }];
  for (const name of names) {
    const p = principalFromName(name);
    if (p) out.push(p);
  }
  return out;
}

function someAllowed(policy: PolicyDocument, action: string, space: SearchSpace, fixed: RequestContext, state: SearchState): boolean {
  const context: RequestContext = { ...fixed };
  const walk = (i: number): boolean => {
    if (state.truncated) return false;
    const entry = space.keys[i];
    if (!entry) {
      for (const principal of space.principals) {
        for (const resource of space.resources) {
          if (++state.evaluations > SEARCH_BUDGET) {
            state.truncated = true;
            return false;
          }
          if (evaluate(policy, { principal, action, resource, context }) === 'Allow') return true;
        }
      }
      return false;
    }
    const [key, values] = entry;
    for (const v of values) {
      context[key] = v;
      if (walk(i + 1)) return true;
    }
    delete context[key];
    return false;
  };
  return walk(0);
}

/** Probe resources for an API: an unnamed stage/path, and every pattern of the policy rewritten onto the API. */
function apiProbeResources(policy: PolicyDocument, api: ApiRef): string[] {
  const base = apiArn(api);
  const out = [`${base}/${PROBE_STAGE}/GET/${PROBE_PATH}`];
  for (const s of policy.statements) {
    for (const r of s.resource.values) {
      const parsed = parseExecuteApiArn(r);
      if (!parsed || !wildcardMatch(parsed.apiId, api.apiId)) continue;
      const stage = parsed.stage === '' ? PROBE_STAGE : wildcardWitness(parsed.stage);
      const method = parsed.method === '' ? 'GET' : wildcardWitness(parsed.method, 'X');
      const path = wildcardWitness(parsed.path);
      out.push(`${base}/${stage}/${method}/${path}`);
    }
  }
  return uniq(out);
}

function domainProbeResources(policy: PolicyDocument, executeArn: string): string[] {
  const out = [executeArn, `${executeArn}/${PROBE_PATH}`];
  for (const s of policy.statements) for (const r of s.resource.values) if (r.startsWith(executeArn)) out.push(wildcardWitness(r));
  return uniq(out);
}

function commonNotes(policy: PolicyDocument): string[] {
  const notes: string[] = [];
  const conditions = allConditions(policy);
  if (policy.statements.some((s) => s.resource.values.some((r) => r.includes('${'))) || conditions.some((c) => c.values.some((v) => v.includes('${')))) {
    notes.push('policy variables (${...}) are not substituted: statements using them are evaluated literally');
  }
  const others = policy.statements.filter((s) => s.principal.set.service.length + s.principal.set.federated.length + s.principal.set.canonicalUser.length > 0);
  if (others.length > 0) notes.push('Service/Federated/CanonicalUser principals are not modelled: they never match anonymous or IAM callers here');
  if (conditions.some((c) => c.operator.qualifier && !PRINCIPAL_IDENTITY_KEYS.has(c.key))) {
    notes.push('ForAnyValue/ForAllValues conditions are searched with single-valued request keys only');
  }
  if (conditions.some((c) => PRINCIPAL_RESTRICTING_KEYS.has(c.key) && !PRINCIPAL_IDENTITY_KEYS.has(c.key))) {
    notes.push('principal attribute keys (aws:PrincipalOrgID, aws:PrincipalOrgPaths) are chosen freely, also for anonymous callers');
  }
  return notes;
}

function searchKeys(conditions: Condition[], exclude: Set<string>): [string, (string | undefined)[]][] {
  const keys = uniq(conditions.map((c) => c.key)).filter((k) => !exclude.has(k) && !PRINCIPAL_IDENTITY_KEYS.has(k));
  return keys.map((k) => [k, candidateValues(conditions, k)]);
}

function literalValues(conditions: Condition[], key: string, prefix: string): string[] {
  return uniq(conditions.filter((c) => c.key === key).flatMap((c) => c.values)).filter((v) => v.startsWith(prefix) && !hasWildcard(v) && !v.includes('${'));
}

/**
 * Which sources can invoke the API (or private custom domain) under this resource policy.
 * `policy` may hold `execute-api:/...` shorthand: it is expanded against the target first.
 */
export interface InvokeCaller {
  /** The only principal requests come as (anonymous when no method takes SigV4); every candidate when omitted. */
  principal?: RequestPrincipal;
  /** Condition keys requests never carry (aws:SourceIp through a VPC endpoint). */
  absentKeys?: readonly string[];
}

export function invokeAccess(policy: PolicyDocument, target: ApiRef | DomainTarget, caller: InvokeCaller = {}): InvokeAccess {
  const isDomain = 'executeArn' in target;
  const base = isDomain ? target.executeArn : apiArn(target);
  const expanded = expandPolicyResources(policy, base);
  const conditions = allConditions(expanded);
  const resources = isDomain ? domainProbeResources(expanded, base) : apiProbeResources(expanded, target);
  const principals = caller.principal ? [caller.principal] : candidatePrincipals(expanded);
  const absent = new Set((caller.absentKeys ?? []).map((k) => k.toLowerCase()));
  const keys = searchKeys(conditions, new Set([SOURCE_VPCE, SOURCE_VPC])).map(([k, values]): [string, (string | undefined)[]] => [k, absent.has(k) ? [undefined] : values]);
  const space: SearchSpace = { principals, resources, keys };
  const state: SearchState = { evaluations: 0, truncated: false };

  const endpoints = literalValues(conditions, SOURCE_VPCE, 'vpce-');
  const vpcs = literalValues(conditions, SOURCE_VPC, 'vpc-');
  const vpceChoices = [PROBE_VPCE, ...candidateValues(conditions, SOURCE_VPCE).filter((v): v is string => v !== undefined && v !== PROBE_VALUE)];
  const vpcChoices = [PROBE_VPC, ...candidateValues(conditions, SOURCE_VPC).filter((v): v is string => v !== undefined && v !== PROBE_VALUE)];
  const allowedWith = (vpce: string[], vpc: string[]): boolean =>
    vpce.some((e) => vpc.some((v) => someAllowed(expanded, INVOKE_ACTION, space, { [SOURCE_VPCE]: e, [SOURCE_VPC]: v }, state)));

  const anyEndpoint = allowedWith([PROBE_VPCE], [PROBE_VPC]);
  const allowedEndpoints = endpoints.filter((e) => allowedWith([e], uniq(vpcChoices)));
  const allowedVpcs = vpcs.filter((v) => allowedWith(uniq(vpceChoices), [v]));

  const awsPrincipals = uniq(
    expanded.statements.filter((s) => s.effect === 'Allow' && s.principal.kind === 'Principal' && coversInvoke(s)).flatMap((s) => s.principal.set.aws),
  );
  const ipValues = conditions.filter((c) => c.operator.family === 'Ip' || SOURCE_IP_KEYS.has(c.key)).flatMap((c) => c.values);
  const unsupported = commonNotes(expanded);
  if (state.truncated) unsupported.push(`search stopped after ${SEARCH_BUDGET} evaluations: answers may be incomplete`);
  if (conditions.some((c) => (c.key === SOURCE_VPCE || c.key === SOURCE_VPC) && c.values.some(hasWildcard))) {
    unsupported.push('aws:SourceVpce/aws:SourceVpc compared with wildcard patterns: only literal ids are listed as allowed');
  }
  if (isDomain) unsupported.push('private custom domain: invoke resources probed as the domain execute ARN and paths under it');

  return {
    anyEndpoint,
    allowedEndpoints,
    allowedVpcs,
    awsPrincipals,
    usesSourceIp: conditions.some((c) => c.key === 'aws:sourceip'),
    ipv4OnlyIpConditions: ipValues.length > 0 && ipValues.every((v) => !v.includes(':')),
    usesVpceOrgKeys: conditions.some((c) => VPCE_ORG_KEYS.has(c.key)),
    usesPrincipalOrgId: conditions.some((c) => c.key === 'aws:principalorgid'),
    unsupported,
  };
}

export interface EndpointPolicyProfile {
  /** An Allow with Principal "*", Action "*", Resource "*" and no Condition (EC2's default policy). */
  fullAccess: boolean;
  /** Some Allow requires specific AWS principals, or aws:PrincipalOrgID/PrincipalAccount/PrincipalArn/PrincipalOrgPaths. */
  restrictsPrincipals: boolean;
  /**
   * Whether some request through the endpoint may invoke the API: `target` is an ApiRef, an API
   * ARN (probed on an unnamed stage/path and on the policy's own patterns) or a full invoke ARN
   * (probed as given). `principal` and `context` fix the caller and keys instead of searching them.
   */
  allowsInvoke(target: ApiRef | string, options?: { principal?: RequestPrincipal; context?: RequestContext }): boolean;
  unsupported: string[];
}

function isWildcardAll(values: string[]): boolean {
  return values.includes('*');
}

/** The facts VPCE-005/VPCE-006 and CDN-004 need about a VPC endpoint policy. */
export function endpointPolicyProfile(policy: PolicyDocument): EndpointPolicyProfile {
  const allows = policy.statements.filter((s) => s.effect === 'Allow');
  const fullAccess = allows.some(
    (s) =>
      (s.principal.kind === 'none' || (s.principal.kind === 'Principal' && s.principal.set.any)) &&
      s.action.kind === 'Action' &&
      isWildcardAll(s.action.values) &&
      s.resource.kind === 'Resource' &&
      isWildcardAll(s.resource.values) &&
      s.conditions.length === 0,
  );
  const restrictsPrincipals = allows.some(
    (s) =>
      (s.principal.kind === 'Principal' && !s.principal.set.any && s.principal.set.aws.length > 0) ||
      s.conditions.some((c) => PRINCIPAL_RESTRICTING_KEYS.has(c.key) && !c.operator.negated),
  );
  const conditions = allConditions(policy);
  const unsupported = commonNotes(policy);
  if (policy.statements.some((s) => s.resource.values.some((r) => r.startsWith('execute-api:/')))) {
    unsupported.push('endpoint policy uses execute-api:/ shorthand, which only API Gateway resource policies expand');
  }

  const allowsInvoke: EndpointPolicyProfile['allowsInvoke'] = (target, options = {}) => {
    let resources: string[];
    if (typeof target !== 'string') {
      resources = apiProbeResources(policy, target);
    } else {
      const parsed = parseExecuteApiArn(target);
      resources = parsed && parsed.stage === '' ? apiProbeResources(policy, parsed) : [target];
    }
    const fixedContext = options.context ?? {};
    const fixedKeys = new Set(Object.keys(fixedContext).map((k) => k.toLowerCase()));
    const keys = searchKeys(conditions, fixedKeys);
    const principals = options.principal ? [options.principal] : candidatePrincipals(policy);
    const state: SearchState = { evaluations: 0, truncated: false };
    const fixed: RequestContext = {};
    for (const k of fixedKeys) fixed[k] = contextValues(fixedContext, k);
    return someAllowed(policy, INVOKE_ACTION, { principals, resources, keys }, fixed, state);
  };

  return { fullAccess, restrictsPrincipals, allowsInvoke, unsupported };
}

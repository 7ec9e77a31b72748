import type { CheckResult, Located, Reporter, ResourceRef } from '../../src/model/check.js';
import type { InventoryIndex } from '../../src/model/inventory-index.js';
import type {
  DomainName,
  DomainNameAccessAssociation,
  HostedZone,
  LoadBalancer,
  RecordSet,
  RestApi,
  Service,
  TargetGroup,
  VpcEndpoint,
} from '../../src/model/inventory.js';
import { parsePolicy, type InvokeAccess, type PolicyDocument } from '../../src/policy/index.js';
import { accessOf } from '../policy/common.js';

/**
 * Shared reading of private custom domain names, their access associations, endpoint policies and
 * the Route 53 records that resolve them (catalog sections C VPCE-005..007, H and I). Not a check:
 * checks/domains/index.ts lists the checks.
 */

/** ASFF resource types; ASFF has none for custom domain names, access associations or records. */
export const TYPES = {
  restApi: 'AwsApiGatewayRestApi',
  vpcEndpoint: 'AwsEc2VpcEndpoint',
  vpc: 'AwsEc2Vpc',
  domainName: 'Other',
  association: 'Other',
  hostedZone: 'AwsRoute53HostedZone',
  loadBalancer: 'AwsElbv2LoadBalancer',
  targetGroup: 'Other',
} as const;

export const ref = (arn: string, type: string): ResourceRef => ({ arn, type });
export const apiRef = (api: RestApi): ResourceRef => ref(api.arn, TYPES.restApi);
export const endpointRef = (e: VpcEndpoint): ResourceRef => ref(e.arn, TYPES.vpcEndpoint);
export const domainRef = (d: DomainName): ResourceRef => ref(d.arn, TYPES.domainName);
export const associationRef = (a: DomainNameAccessAssociation): ResourceRef => ref(a.arn, TYPES.association);
export const zoneRef = (z: HostedZone): ResourceRef => ref(z.arn, TYPES.hostedZone);

/** Unique refs, first occurrence kept. */
export const uniqueRefs = (refs: readonly ResourceRef[]): ResourceRef[] => [...new Map(refs.map((r) => [r.arn, r])).values()];

const errorText = (errors: ReadonlyArray<{ operation: string; code: string }>) => errors.map((e) => `${e.operation} ${e.code}`).join(', ');

/**
 * Why a service's listing in one account and region cannot be trusted, or undefined when it can:
 * not collected, skipped or failed; or partial with an error of one of `operations` (a listing
 * call) that names no single resource.
 */
export function scopeProblem(inventory: InventoryIndex, at: Located, service: Service, operations: readonly string[]): string | undefined {
  const status = inventory.status(at.accountId, at.region, service);
  if (!status) return `${service} was not collected in ${at.accountId}/${at.region}`;
  if (status.state === 'skipped') return `${service} collection was skipped in ${at.accountId}/${at.region}`;
  if (status.state === 'failed') return `${service} was not collected in ${at.accountId}/${at.region}: ${errorText(status.errors) || 'collection failed'}`;
  if (status.state === 'partial') {
    const listing = status.errors.filter((e) => operations.includes(e.operation) && e.resource === undefined);
    if (listing.length) return `${service} was only partly collected in ${at.accountId}/${at.region}: ${errorText(listing)}`;
  }
  return undefined;
}

/** The listing call that would have found each kind of record target. */
const TARGET_LISTINGS = { elbv2: ['DescribeLoadBalancers'], ec2: ['DescribeVpcEndpoints'] } as const;

/**
 * Why a DNS name that matches no listed load balancer or endpoint may still be one, or undefined.
 * The name carries no account, so any account's failed listing could hide it; it does carry its
 * region (…us-east-1.elb.amazonaws.com), which narrows the scopes. A non-AWS name is neither.
 */
export function unlistedTarget(inventory: InventoryIndex, target: string, services: ReadonlyArray<keyof typeof TARGET_LISTINGS>): string | undefined {
  if (!/\.amazonaws\.com(\.cn)?$/.test(target)) return undefined;
  const labels = new Set(target.split('.'));
  const scopes = inventory.snapshot.collections.filter((s): s is typeof s & { service: keyof typeof TARGET_LISTINGS } => (services as readonly string[]).includes(s.service));
  const named = scopes.filter((s) => labels.has(s.region));
  const candidates = named.length ? [...named, ...scopes.filter((s) => s.region === '*')] : scopes;
  const problems = [...new Set(candidates.flatMap((s) => scopeProblem(inventory, s, s.service, TARGET_LISTINGS[s.service]) ?? []))];
  return problems.length ? `${target} may name a resource that was not listed: ${problems.join('; ')}` : undefined;
}

/** One ERROR per account and region (or account-wide "*") whose listing of `service` cannot be trusted. */
export function untrustedScopes<M extends string>(inventory: InventoryIndex, report: Reporter<M>, service: Service, operations: readonly string[], what: string): CheckResult[] {
  const partition = inventory.snapshot.partition;
  const seen = new Set<string>();
  return inventory.snapshot.collections
    .filter((s) => s.service === service)
    .flatMap((s) => {
      const key = `${s.accountId}|${s.region}`;
      const problem = scopeProblem(inventory, s, service, operations);
      if (problem === undefined || seen.has(key)) return [];
      seen.add(key);
      return [report.error(s, ref(`arn:${partition}:${service}:${s.region}:${s.accountId}:${what}`, 'Other'), problem)];
    });
}

/** Keys of the scopes untrustedScopes reported, so no PASS or FAIL is given there. */
export const scopeKeys = (errors: readonly CheckResult[]): Set<string> => new Set(errors.map((e) => `${e.accountId}|${e.region}`));
export const scopeKey = (at: Located): string => `${at.accountId}|${at.region}`;

// ---------- policies ----------

export type Parsed = { ok: true; policy: PolicyDocument } | { ok: false; reason: string };

/** A policy as text, parsed; the reason names the JSON path of what could not be understood. */
export function parse(text: string, what: string): Parsed {
  const result = parsePolicy(text);
  if (result.ok) return result;
  return { ok: false, reason: `${what} could not be understood: ${result.error.message}${result.error.path ? ` at ${result.error.path}` : ''}` };
}

/** The analysis note invokeAccess always adds for domains: how it probes, not a limit of the answer. */
export const DOMAIN_PROBE_NOTE = 'private custom domain: invoke resources probed as the domain execute ARN and paths under it';

/** Whether a resource policy's invoke access admits requests through this endpoint (by id or by its VPC). */
export const admits = (access: InvokeAccess, endpoint: VpcEndpoint): boolean =>
  access.anyEndpoint || access.allowedEndpoints.includes(endpoint.id) || access.allowedVpcs.includes(endpoint.vpcId);

export type Access = { ok: true; access: InvokeAccess } | { ok: false; reason: string } | { ok: true; access: undefined };

/**
 * Invoke access of each API's resource policy, computed once per evaluation (the search is not
 * free). `access` undefined: the API has no policy, so nobody can invoke it.
 */
export function apiAccessCache(inventory: InventoryIndex): (api: RestApi) => Access {
  const cache = new Map<string, Access>();
  return (api) => {
    let hit = cache.get(api.arn);
    if (!hit) {
      if (!api.policy?.trim()) hit = { ok: true, access: undefined };
      else {
        const parsed = parse(api.policy, `The resource policy of API ${api.name} (${api.id})`);
        if (!parsed.ok) hit = parsed;
        else {
          const access = accessOf(api, parsed.policy, inventory.snapshot.partition);
          hit = access.unsupported.length ? { ok: false, reason: `The resource policy of API ${api.name} (${api.id}) could not be fully analysed: ${access.unsupported.join('; ')}` } : { ok: true, access };
        }
      }
      cache.set(api.arn, hit);
    }
    return hit;
  };
}

// ---------- API Gateway ----------

export const isPrivateApi = (api: RestApi): boolean => api.endpointConfiguration.types.includes('PRIVATE');
export const isPrivateDomain = (d: DomainName): boolean => d.endpointTypes.includes('PRIVATE');

/** The domain's execute-api ARN, which invoke policies name: arn:aws:execute-api:<region>:<account>:/domainnames/<name>+<id>. */
export function domainExecuteArn(inventory: InventoryIndex, d: DomainName): string {
  const suffix = d.domainNameId ? `${d.domainName}+${d.domainNameId}` : d.domainName;
  return `arn:${inventory.snapshot.partition}:execute-api:${d.region}:${d.accountId}:/domainnames/${suffix}`;
}

/** Private domains owned by the account that lists them (shared views carry no policies or mappings). */
export function ownedPrivateDomains(inventory: InventoryIndex): DomainName[] {
  return ownedDomains(inventory).filter(isPrivateDomain);
}

/** Every domain an account owns, private or not (section H applies to private ones only). */
export function ownedDomains(inventory: InventoryIndex): DomainName[] {
  return inventory.snapshot.regional.flatMap((r) => r.domainNames).filter((d) => d.resourceOwner === 'SELF');
}

/**
 * The walk every private-custom-domain check shares: each domain this account owns, judged only
 * where the listing `operations` succeeded (their failed scopes become ERRORs), public domains
 * not applicable.
 */
export function perPrivateDomain<M extends string>(
  inventory: InventoryIndex,
  report: Reporter<M>,
  operations: readonly string[],
  judge: (d: DomainName, resource: ResourceRef) => CheckResult,
): CheckResult[] {
  const errors = untrustedScopes(inventory, report, 'apigateway', operations, '/domainnames');
  const skip = scopeKeys(errors);
  const results = ownedDomains(inventory)
    .filter((d) => !skip.has(scopeKey(d)))
    .map((d) => (isPrivateDomain(d) ? judge(d, domainRef(d)) : report.notApplicable(d, domainRef(d))));
  return [...results, ...errors];
}

export function ownedDomainsByArn(inventory: InventoryIndex): Map<string, DomainName> {
  return new Map(ownedPrivateDomains(inventory).map((d) => [d.arn, d]));
}

/** Account id in an ARN's fifth field (association ARNs carry the consumer's). */
export const arnAccount = (arn: string): string => arn.split(':')[4] ?? '';

/** `…/domainnames/<name>+<id>` → the name. */
export function domainNameOfArn(arn: string): string {
  const m = /\/domainnames\/([^/+]+)(?:\+([^/]+))?/.exec(arn);
  return m?.[1] ?? arn;
}

/** Associations as the consumer holds them (resourceOwner SELF): each once. */
export function consumerAssociations(inventory: InventoryIndex): DomainNameAccessAssociation[] {
  const all = inventory.snapshot.regional.flatMap((r) => r.domainNameAccessAssociations).filter((a) => a.resourceOwner === 'SELF');
  return [...new Map(all.map((a) => [a.arn, a])).values()];
}

export function apiIn(inventory: InventoryIndex, at: Located, apiId: string): RestApi | undefined {
  return inventory.restApis.find((a) => a.id === apiId && a.accountId === at.accountId && a.region === at.region);
}

export const isOrgAccount = (inventory: InventoryIndex, accountId: string): boolean => inventory.accounts.has(accountId);

// ---------- EC2 ----------

export const isExecuteApiEndpoint = (e: VpcEndpoint | undefined): e is VpcEndpoint =>
  e !== undefined && e.type.toLowerCase() === 'interface' && e.state.trim().toLowerCase() !== 'deleted' && /^(cn\.)?com\.amazonaws\.[a-z0-9-]+\.execute-api$/.test(e.serviceName);

/** Every endpoint listed: the VPCE checks answer NOT_APPLICABLE for those that are not live execute-api ones. */
export const allEndpoints = (inventory: InventoryIndex): VpcEndpoint[] => [...inventory.vpcEndpoints.values()];

export const liveExecuteApiEndpoints = (inventory: InventoryIndex): VpcEndpoint[] => [...inventory.vpcEndpoints.values()].filter(isExecuteApiEndpoint);

// ---------- Route 53 and load balancers ----------

/** A DNS name as compared: lower case, no trailing dot, no "dualstack." prefix. */
export const normalizeName = (name: string): string => name.toLowerCase().replace(/\.$/, '').replace(/^dualstack\./, '');

export const hostedZones = (inventory: InventoryIndex): HostedZone[] => inventory.snapshot.global.flatMap((g) => g.hostedZones);

/** Where a record points: the alias target or, for a CNAME, its value. */
export function recordTarget(record: RecordSet): string | undefined {
  if (record.aliasTarget) return normalizeName(record.aliasTarget.dnsName);
  if (record.type.toUpperCase() === 'CNAME' && record.values[0] !== undefined) return normalizeName(record.values[0]);
  return undefined;
}

/** What resolving the endpoints behind a load balancer found; `missing` names unknown data. */
export interface Fronted {
  endpoints: VpcEndpoint[];
  groups: TargetGroup[];
  missing?: string;
}

/**
 * The execute-api endpoints whose ENI addresses a load balancer's IP target groups target (also
 * through one ALB-type group: an NLB in front of an ALB). Addresses are matched within the
 * group's VPC, since private addresses repeat across VPCs.
 */
export function endpointsBehind(inventory: InventoryIndex, lb: LoadBalancer): Fronted {
  const direct = inventory.targetGroupsByLoadBalancer.get(lb.arn) ?? [];
  const chained = direct.filter((tg) => tg.targetType === 'alb').flatMap((tg) => (tg.targets ?? []).flatMap((t) => inventory.targetGroupsByLoadBalancer.get(t.targetId) ?? []));
  const endpoints = new Map<string, VpcEndpoint>();
  const groups: TargetGroup[] = [];
  let missing: string | undefined;
  for (const tg of [...direct, ...chained]) {
    if (tg.targets === undefined) {
      missing ??= `targets of target group ${tg.name} were not collected`;
      continue;
    }
    if (tg.targetType !== 'ip') continue;
    let hit = false;
    for (const t of tg.targets) {
      const eni = inventory.networkInterfacesByIp.get(t.targetId);
      if (!eni || (tg.vpcId !== undefined && eni.vpcId !== undefined && eni.vpcId !== tg.vpcId)) continue;
      const endpoint = inventory.vpcEndpoints.get(eni.vpcEndpointId ?? '');
      if (isExecuteApiEndpoint(endpoint)) {
        endpoints.set(endpoint.id, endpoint);
        hit = true;
      }
    }
    if (hit) groups.push(tg);
    else if (tg.targets.length > 0) missing ??= scopeProblem(inventory, tg, 'ec2', ['DescribeNetworkInterfaces', 'DescribeVpcEndpoints']);
  }
  // Without its target groups a load balancer seems to front nothing.
  if (endpoints.size === 0) missing ??= scopeProblem(inventory, lb, 'elbv2', ['DescribeTargetGroups']);
  return { endpoints: [...endpoints.values()], groups, ...(endpoints.size === 0 && missing !== undefined && { missing }) };
}

/** Load balancers by normalized DNS name. */
export function loadBalancersByDns(inventory: InventoryIndex): Map<string, LoadBalancer> {
  return new Map([...inventory.loadBalancers.values()].filter((lb) => lb.dnsName).map((lb) => [normalizeName(lb.dnsName ?? ''), lb]));
}

/** Endpoints by each of their normalized DNS names. */
export function endpointsByDns(inventory: InventoryIndex): Map<string, VpcEndpoint> {
  return new Map(liveExecuteApiEndpoints(inventory).flatMap((e) => e.dnsEntries.map((d) => [normalizeName(d.dnsName), e] as const)));
}

const RECORD_TYPES = new Set(['A', 'AAAA', 'CNAME']);

type Resolution = { resolved: true; zone: HostedZone } | { resolved: false; zones: HostedZone[]; unknown: string[] };

/**
 * Whether a private zone associated with the endpoint's VPC has a record of the name that aliases
 * (or, as a CNAME, names) the endpoint's DNS name or a load balancer whose IP targets are the
 * endpoint's ENI addresses.
 */
export function resolveThroughEndpoint(inventory: InventoryIndex, name: string, endpoint: VpcEndpoint): Resolution {
  const wanted = normalizeName(name);
  const endpointNames = new Set(endpoint.dnsEntries.map((d) => normalizeName(d.dnsName)));
  const lbs = loadBalancersByDns(inventory);
  const unknown: string[] = [];
  const zones: HostedZone[] = [];
  for (const zone of hostedZones(inventory)) {
    if (!zone.privateZone) continue;
    if (zone.vpcs === undefined) {
      unknown.push(`the VPCs of private zone ${zone.name} (${zone.id}) were not collected`);
      continue;
    }
    if (!zone.vpcs.some((v) => v.vpcId === endpoint.vpcId)) continue;
    zones.push(zone);
    if (zone.records === undefined) {
      unknown.push(`the records of private zone ${zone.name} (${zone.id}) were not collected`);
      continue;
    }
    for (const record of zone.records) {
      if (normalizeName(record.name) !== wanted || !RECORD_TYPES.has(record.type.toUpperCase())) continue;
      const target = recordTarget(record);
      if (target === undefined) continue;
      if (endpointNames.has(target)) return { resolved: true, zone };
      const lb = lbs.get(target);
      if (!lb) {
        const gap = unlistedTarget(inventory, target, ['elbv2']);
        if (gap) unknown.push(gap);
        continue;
      }
      const fronted = endpointsBehind(inventory, lb);
      if (fronted.endpoints.some((e) => e.id === endpoint.id)) return { resolved: true, zone };
      if (fronted.missing) unknown.push(`load balancer ${lb.name}: ${fronted.missing}`);
    }
  }
  for (const s of inventory.snapshot.collections) {
    if (s.service !== 'route53') continue;
    const problem = scopeProblem(inventory, s, 'route53', ['ListHostedZones']);
    if (problem) unknown.push(problem);
  }
  return { resolved: false, zones, unknown };
}

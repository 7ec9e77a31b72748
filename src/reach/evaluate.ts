import { isExecuteApi, problemAt, stateOf } from '../../checks/network/common.js';
import { ec2Gaps } from '../../checks/policy/common.js';
import { dnsSuffix, executeApiHost } from '../model/arn.js';
import type { InventoryIndex } from '../model/inventory-index.js';
import type { RestApi, Snapshot, VpcEndpoint } from '../model/inventory.js';
import { createContext, type Context, type EntryPoint } from './facts.js';
import { HOPS, type ApiReach, type Client, type ClientResult, type ClientView, type DnsName, type EndpointlessGroup, type HopId, type IntendedClient, type PrivateDnsVpcs, type Reachability, type Reacher, type ReachOptions } from './model.js';
import { broken, unknown, whyNot, type Fact, type Outcome, type Stop } from './outcome.js';

/**
 * Who can invoke each private API. The work is organised so nothing is done per (VPC, API) pair
 * in bulk: an API's reachers are found from the endpoints its policy admits (all of the region's
 * only when the policy admits any endpoint), each hop's facts come from the context's caches, VPCs
 * without an execute-api endpoint are reported once per region, and a client's full row is only
 * computed when asked for.
 */

/** One request path: a client entry, through one endpoint, to one API; `stop` is where it ends. */
interface Path {
  endpointId: string | undefined;
  names: DnsName[];
  notes: string[];
  stop?: Stopped;
}

interface Stopped {
  hop: HopId;
  outcome: Stop;
}

/** The names that lead the entry to this endpoint for this API (the whitepaper's three options, and private custom domains). */
function dnsHop(ctx: Context, at: EntryPoint, e: VpcEndpoint, api: RestApi): { names: DnsName[]; notes: string[]; outcome: Outcome } {
  const names: DnsName[] = [];
  const notes: string[] = [];
  const partition = ctx.index.snapshot.partition;
  const consulted = [at.publicNames];
  if (api.disableExecuteApiEndpoint) {
    notes.push(`API ${api.id} has its default execute-api endpoint disabled: only private custom domain names reach it`);
  } else {
    const privateName = executeApiHost(partition, api.region, api.id);
    if (e.privateDnsEnabled) {
      consulted.push(at.privateZone);
      const forwarded = ctx.forwardedAway(at.vpcId, privateName, `execute-api.${api.region}.${dnsSuffix(partition)}`);
      if (forwarded) notes.push(`${privateName} does not resolve to ${e.id}: ${forwarded}`);
      else if (at.privateZone.state === 'yes') names.push({ name: privateName, kind: 'private-dns', endpointId: e.id, needsHostHeader: false });
      else notes.push(`${privateName} does not resolve to ${e.id}: ${whyNot(at.privateZone)}`);
    }
    if (at.publicNames.state === 'yes') {
      if (api.endpointConfiguration.vpcEndpointIds.includes(e.id)) names.push({ name: executeApiHost(partition, api.region, `${api.id}-${e.id}`), kind: 'route53-alias', endpointId: e.id, needsHostHeader: false });
      const hostname = e.dnsEntries[0]?.dnsName ?? `${e.id}.${api.region}.vpce.${dnsSuffix(partition)}`;
      names.push({ name: hostname, kind: 'endpoint-hostname', endpointId: e.id, needsHostHeader: true });
    } else {
      notes.push(`public names (endpoint hostnames, Route 53 aliases) do not resolve from ${at.label}: ${whyNot(at.publicNames)}`);
    }
  }
  const { domains, domainsUnknown } = ctx.apiFacts(api);
  // A domain that was not read could have been the name that leads there.
  if (domainsUnknown) consulted.push(domainsUnknown);
  for (const d of domains) {
    const fact = ctx.domainThrough(d, e);
    consulted.push(fact);
    if (fact.state === 'yes') names.push({ name: d.domainName, kind: 'custom-domain', endpointId: e.id, needsHostHeader: false });
    else notes.push(`${d.domainName} does not lead to ${e.id}: ${whyNot(fact)}`);
  }
  if (names.length > 0) return { names, notes, outcome: { kind: 'ok' } };
  const missing = consulted.find((f) => f.state === 'unknown');
  if (missing) return { names, notes, outcome: unknown(whyNot(missing), at.arn) };
  const reason = `${at.label} resolves no name that leads to endpoint ${e.id} for API ${api.id}: ${notes.join('; ')}`;
  // With the default endpoint disabled only the custom domains could have led there: blame what stopped the first.
  const domainFault = consulted.find((f): f is Extract<Fact, { state: 'no' }> => f.state === 'no' && f.arn !== undefined);
  return { names, notes, outcome: broken(reason, api.disableExecuteApiEndpoint ? (domainFault?.arn ?? api.arn) : at.arn) };
}

/**
 * A private custom domain's own invoke policy is checked where the API's is: a name it refuses is
 * dropped from `names` (API Gateway answers 403), and the path stops when no name is left.
 */
function domainRefusal(ctx: Context, e: VpcEndpoint, api: RestApi, names: DnsName[], notes: string[]): Stop | undefined {
  const refused: Array<{ domain: string; reason: string; arn: string }> = [];
  for (const d of ctx.apiFacts(api).domains) {
    const i = names.findIndex((n) => n.kind === 'custom-domain' && n.name === d.domainName);
    const reason = i < 0 ? undefined : ctx.domainRefuses(d, e);
    if (reason === undefined) continue;
    names.splice(i, 1);
    notes.push(`${d.domainName} resolves to ${e.id}, but ${reason}`);
    refused.push({ domain: d.domainName, reason, arn: d.arn });
  }
  const [first] = refused;
  return names.length === 0 && first ? broken(`${first.reason}: API Gateway refuses requests to ${first.domain} through ${e.id}`, first.arn) : undefined;
}

/** The hops after DNS, in order: the first that does not pass, or undefined; how the group admits the client goes to `notes`. */
function stopAfterDns(ctx: Context, at: EntryPoint, e: VpcEndpoint, api: RestApi, names: DnsName[], notes: string[]): Stopped | undefined {
  const facts = ctx.apiFacts(api);
  let outcome = ctx.endpointState(e);
  if (outcome.kind !== 'ok') return { hop: 'endpoint', outcome };
  outcome = ctx.securityGroups(e, at);
  if (outcome.kind !== 'ok') return { hop: 'security-group', outcome };
  if (outcome.note !== undefined) notes.push(outcome.note);
  outcome = ctx.endpointPolicy(e, api);
  if (outcome.kind !== 'ok') return { hop: 'endpoint-policy', outcome };
  const refusal = domainRefusal(ctx, e, api, names, notes);
  if (refusal) return { hop: 'resource-policy', outcome: refusal };
  outcome = facts.resourcePolicy(e);
  if (outcome.kind !== 'ok') return { hop: 'resource-policy', outcome };
  outcome = facts.authorizationHop;
  if (outcome.kind !== 'ok') return { hop: 'authorization', outcome };
  outcome = facts.integration;
  if (outcome.kind !== 'ok') return { hop: 'integration', outcome };
  return undefined;
}

function evaluatePath(ctx: Context, at: EntryPoint, e: VpcEndpoint, api: RestApi): Path {
  const dns = dnsHop(ctx, at, e, api);
  const path: Path = { endpointId: e.id, names: dns.names, notes: dns.notes };
  const stop = dns.outcome.kind === 'ok' ? stopAfterDns(ctx, at, e, api, path.names, path.notes) : { hop: 'dns' as const, outcome: dns.outcome };
  return stop ? { ...path, stop } : path;
}

/** The path of an entry with no endpoint the API's region can use: the same for every API of that region. */
function endpointlessPath(ctx: Context, at: EntryPoint, region: string): Path {
  const path = { endpointId: undefined, names: [], notes: [] };
  if (at.region !== region) {
    return { ...path, stop: { hop: 'endpoint', outcome: broken(`${at.label} is in ${at.region}: an execute-api endpoint only serves APIs of its own region (${region}), and peering or transit routes are not modelled`, at.arn) } };
  }
  const listing = noEndpointsListed(ctx, at);
  if (listing) return { ...path, stop: { hop: 'endpoint', outcome: unknown(listing, at.arn) } };
  return { ...path, stop: { hop: 'endpoint', outcome: broken(`${at.label} has no execute-api VPC endpoint`, at.arn) } };
}

/** Why the VPC endpoints of the entry's account and region cannot be trusted to be all there, or undefined. */
const noEndpointsListed = (ctx: Context, at: EntryPoint): string | undefined => problemAt(ctx.index, at, 'ec2', ['DescribeVpcEndpoints']);

function entriesOf(ctx: Context, client: Client): EntryPoint[] {
  const vpcIds = client.kind === 'vpc' ? [client.id] : [...new Set(client.entries.map((e) => e.vpcId))];
  return vpcIds.map((id) => ctx.entry(client, id));
}

function pathsOf(ctx: Context, client: Client, api: RestApi): Path[] {
  const entries = entriesOf(ctx, client);
  if (entries.length === 0) {
    const reason = `on-premises network ${client.id} enters through no inbound Resolver endpoint`;
    return [{ endpointId: undefined, names: [], notes: [], stop: { hop: 'dns', outcome: broken(reason, api.arn) } }];
  }
  return entries.flatMap((at) => {
    const endpoints = at.region === api.region ? (ctx.endpointsByVpc.get(at.vpcId) ?? []) : [];
    return endpoints.length === 0 ? [endpointlessPath(ctx, at, api.region)] : endpoints.map((e) => evaluatePath(ctx, at, e, api));
  });
}

const uniq = <T>(items: Iterable<T>): T[] => [...new Set(items)];

/** Reachable if one path is; else unknown if one path cannot be told; else the path that got furthest. */
function combine(ctx: Context, clientId: string, api: RestApi, paths: Path[]): ClientResult {
  const authorization = ctx.apiFacts(api).authorization;
  const base = { clientId, apiArn: api.arn, ...(authorization && { authorization }) };
  const reaching = paths.filter((p) => p.stop === undefined);
  if (reaching.length > 0) {
    const dnsNames = reaching.flatMap((p) => p.names);
    return {
      ...base,
      status: 'reachable',
      dnsNames,
      endpointIds: uniq(reaching.flatMap((p) => (p.endpointId === undefined ? [] : [p.endpointId]))),
      needsHostHeader: dnsNames.every((n) => n.needsHostHeader),
      notes: uniq(reaching.flatMap((p) => p.notes)),
    };
  }
  const stopped = paths.filter((p): p is Path & { stop: Stopped } => p.stop !== undefined);
  const depth = (p: Path & { stop: Stopped }) => HOPS.indexOf(p.stop.hop);
  const best = stopped.find((p) => p.stop.outcome.kind === 'unknown') ?? stopped.reduce((a, b) => (depth(b) > depth(a) ? b : a));
  const { hop, outcome } = best.stop;
  const shared = { dnsNames: best.names, endpointIds: best.endpointId === undefined ? [] : [best.endpointId], needsHostHeader: best.names.length > 0 && best.names.every((n) => n.needsHostHeader), notes: best.notes };
  if (outcome.kind === 'unknown') return { ...base, ...shared, status: 'unknown', unknown: { hop, missing: outcome.missing, ...(outcome.arn !== undefined && { arn: outcome.arn }) } };
  return { ...base, ...shared, status: 'unreachable', broken: { hop, reason: outcome.reason, arn: outcome.arn } };
}

export function clientResult(ctx: Context, client: Client, api: RestApi): ClientResult {
  return combine(ctx, client.id, api, pathsOf(ctx, client, api));
}

/** An id the policy or association names that is no client of the inventory. */
function absentResult(ctx: Context, id: string, api: RestApi, gaps: () => string | undefined): ClientResult {
  const gap = gaps();
  const what = id.startsWith('vpce-') ? 'endpoint' : 'VPC';
  const base = { clientId: id, apiArn: api.arn, dnsNames: [], endpointIds: [], needsHostHeader: false, notes: [] };
  if (gap) return { ...base, status: 'unknown', unknown: { hop: 'endpoint', missing: `${what} ${id} is not in the inventory and ${gap}` } };
  return { ...base, status: 'unreachable', broken: { hop: 'endpoint', reason: `${what} ${id}, named by API ${api.id}, is not in the inventory (deleted, or outside the organization)`, arn: api.arn } };
}

function apiReach(ctx: Context, api: RestApi, gaps: () => string | undefined, openInRegion: (region: string) => OpenPath[]): ApiReach {
  const facts = ctx.apiFacts(api);
  const access = facts.access;
  // Keyed by client (or by the id named when it is no client), with the reasons in first-seen order.
  const reasons = new Map<Client | string, string[]>();
  const intend = (who: Client | string, why: string) => {
    const list = reasons.get(who);
    if (!list) reasons.set(who, [why]);
    else if (!list.includes(why)) list.push(why);
  };
  const byEndpoint = (id: string, why: string) => {
    const e = ctx.index.vpcEndpoints.get(id);
    intend((e && ctx.clientsById.get(e.vpcId)) ?? id, why);
  };
  for (const id of access?.allowedEndpoints ?? []) byEndpoint(id, `policy allows ${id}`);
  for (const id of api.endpointConfiguration.vpcEndpointIds) byEndpoint(id, `associated ${id}`);
  for (const id of access?.allowedVpcs ?? []) intend(ctx.clientsById.get(id) ?? id, `policy allows ${id}`);
  for (const who of [...reasons.keys()]) {
    if (typeof who === 'string' || who.kind !== 'vpc') continue;
    for (const c of ctx.onPremByVpc.get(who.id) ?? []) intend(c, `enters through ${who.id}`);
  }

  const intended: IntendedClient[] = [...reasons].map(([who, intendedBy]) =>
    typeof who === 'string' ? { clientId: who, intendedBy, result: absentResult(ctx, who, api, gaps) } : { clientId: who.id, intendedBy, result: clientResult(ctx, who, api) },
  );
  const intendedIds = new Set(intended.map((i) => i.clientId));

  const reachableBy = reachers(ctx, api, openInRegion);
  const anyEndpoint = access?.anyEndpoint ?? false;
  const unintended = anyEndpoint ? [] : reachableBy.filter((r) => !intendedIds.has(r.clientId));
  const notes = access?.unsupported.length ? [`the policy analysis is approximate: ${access.unsupported.join('; ')}`] : [];
  return { apiArn: api.arn, apiId: api.id, name: api.name, accountId: api.accountId, region: api.region, anyEndpoint, intended, reachableBy, unintended, notes };
}

/**
 * A client entry and an endpoint of its VPC whose hops that do not depend on the API pass (endpoint
 * state, security group), and whether the execute-api names resolve there.
 */
interface OpenPath {
  client: Client;
  at: EntryPoint;
  e: VpcEndpoint;
}

function openPaths(ctx: Context, endpoints: readonly VpcEndpoint[]): OpenPath[] {
  const out: OpenPath[] = [];
  for (const e of endpoints) {
    if (ctx.endpointState(e).kind !== 'ok') continue;
    const vpcClient = ctx.clientsById.get(e.vpcId);
    for (const client of [...(vpcClient ? [vpcClient] : []), ...(ctx.onPremByVpc.get(e.vpcId) ?? [])]) {
      const at = ctx.entry(client, e.vpcId);
      if (ctx.securityGroups(e, at).kind !== 'ok') continue;
      out.push({ client, at, e });
    }
  }
  return out;
}

/**
 * The clients with a working path, found from the endpoints the policy admits rather than from
 * every client; a policy admitting any endpoint reuses the region's open paths, so each API only
 * adds its own hops (names, endpoint policy, resource policy) per path.
 */
function reachers(ctx: Context, api: RestApi, openInRegion: (region: string) => OpenPath[]): Reacher[] {
  const facts = ctx.apiFacts(api);
  const access = facts.access;
  // The integration is the API's own: when it does not pass, nobody reaches the API.
  if (!access || facts.authorizationHop.kind !== 'ok' || facts.integration.kind !== 'ok') return [];
  const open = access.anyEndpoint
    ? openInRegion(api.region)
    : openPaths(
        ctx,
        uniq([...access.allowedEndpoints.flatMap((id) => ctx.index.vpcEndpoints.get(id) ?? []), ...access.allowedVpcs.flatMap((id) => ctx.endpointsByVpc.get(id) ?? [])]).filter(
          (e) => e.region === api.region && isExecuteApi(e) && stateOf(e) !== 'deleted',
        ),
      );
  const found = new Map<string, string[]>();
  const partition = ctx.index.snapshot.partition;
  const privateName = executeApiHost(partition, api.region, api.id);
  const zone = `execute-api.${api.region}.${dnsSuffix(partition)}`;
  for (const { client, at, e } of open) {
    const defaultNames = at.publicNames.state === 'yes' || (e.privateDnsEnabled && at.privateZone.state === 'yes' && ctx.forwardedAway(at.vpcId, privateName, zone) === undefined);
    const named = (defaultNames && !api.disableExecuteApiEndpoint) || facts.domains.some((d) => ctx.domainThrough(d, e).state === 'yes' && ctx.domainRefuses(d, e) === undefined);
    if (!named || ctx.endpointPolicy(e, api).kind !== 'ok' || facts.resourcePolicy(e).kind !== 'ok') continue;
    const ids = found.get(client.id);
    if (!ids) found.set(client.id, [e.id]);
    else if (!ids.includes(e.id)) ids.push(e.id);
  }
  return [...found].map(([clientId, endpointIds]) => ({ clientId, endpointIds: endpointIds.sort(byText) })).sort((a, b) => byText(a.clientId, b.clientId));
}

function endpointlessGroups(ctx: Context): EndpointlessGroup[] {
  const groups = new Map<string, EndpointlessGroup>();
  for (const client of ctx.clients) {
    if (client.kind !== 'vpc' || ctx.endpointsByVpc.has(client.id)) continue;
    const at = ctx.entry(client, client.id);
    const listing = noEndpointsListed(ctx, at);
    const status = listing ? 'unknown' : 'unreachable';
    const key = `${client.region}\u0000${status}\u0000${listing ?? ''}`;
    const group = groups.get(key) ?? {
      region: client.region,
      status,
      hop: 'endpoint' as const,
      reason: listing ?? `no execute-api VPC endpoint in the VPC: no private API of ${client.region} can be reached from it`,
      vpcIds: [],
    };
    group.vpcIds.push(client.id);
    groups.set(key, group);
  }
  return [...groups.values()];
}

function privateDnsVpcsOf(ctx: Context, region: string): PrivateDnsVpcs {
  const out: PrivateDnsVpcs = { vpcs: [], unknown: [] };
  for (const [vpcId, endpoints] of ctx.endpointsByVpc) {
    const withDns = endpoints.filter((e) => e.region === region && e.privateDnsEnabled && ctx.endpointState(e).kind === 'ok');
    const client = ctx.clientsById.get(vpcId);
    if (withDns.length === 0 || !client) continue;
    const zone = ctx.entry(client, vpcId).privateZone;
    const zoneName = `execute-api.${region}.${dnsSuffix(ctx.index.snapshot.partition)}`;
    if (ctx.forwardedAway(vpcId, zoneName, zoneName)) continue;
    if (zone.state === 'yes') out.vpcs.push({ vpcId, accountId: client.kind === 'vpc' ? client.accountId : '', region, endpointIds: withDns.map((e) => e.id).sort(byText) });
    else if (zone.state === 'unknown') out.unknown.push({ vpcId, missing: zone.missing });
  }
  out.vpcs.sort((a, b) => byText(a.vpcId, b.vpcId));
  return out;
}

/** Where the EC2 inventory is incomplete, in words: an endpoint or VPC id not found may live there. */
function endpointGaps(ctx: Context): string | undefined {
  const gaps = ec2Gaps(ctx.index);
  return gaps.length === 0 ? undefined : `ec2 was not completely collected in ${gaps.join(', ')}`;
}

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function reachability(source: Snapshot | InventoryIndex, options: ReachOptions = {}): Reachability {
  const ctx = createContext(source, options);
  let gap: { value: string | undefined } | undefined;
  const gaps = () => (gap ??= { value: endpointGaps(ctx) }).value;
  const privateApis = ctx.index.privateApis().sort((a, b) => byText(a.accountId, b.accountId) || byText(a.region, b.region) || byText(a.name, b.name) || byText(a.id, b.id));
  const open = new Map<string, OpenPath[]>();
  const openInRegion = (region: string) => {
    let paths = open.get(region);
    if (!paths) {
      paths = openPaths(ctx, ctx.endpointsByRegion.get(region) ?? []);
      open.set(region, paths);
    }
    return paths;
  };
  const apis = privateApis.map((api) => apiReach(ctx, api, gaps, openInRegion));
  const views = new Map<string, ClientView>();
  const privateDns = new Map<string, PrivateDnsVpcs>();
  return {
    clients: ctx.clients,
    apis,
    withoutEndpoint: endpointlessGroups(ctx),
    reachableFrom(clientId) {
      const client = ctx.clientsById.get(clientId);
      if (!client) return undefined;
      let view = views.get(clientId);
      if (!view) {
        const regions = new Set(client.kind === 'vpc' ? [client.region] : client.entries.map((e) => e.region));
        // A network that enters nowhere is answered for every API: each tells it why not.
        const relevant = client.kind === 'onprem' && client.entries.length === 0 ? privateApis : privateApis.filter((api) => regions.has(api.region));
        view = { client, results: relevant.map((api) => clientResult(ctx, client, api)) };
        views.set(clientId, view);
      }
      return view;
    },
    privateDnsVpcs(region) {
      let found = privateDns.get(region);
      if (!found) {
        found = privateDnsVpcsOf(ctx, region);
        privateDns.set(region, found);
      }
      return found;
    },
  };
}

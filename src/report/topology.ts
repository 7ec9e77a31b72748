import { admits, isExecuteApiEndpoint, isPrivateDomain } from '../../checks/domains/common.js';
import { connectionIdsOf, findLink, integrationsOf, linksUnusable, listenersUnusable, loadBalancerArnOf, loadBalancerUnusable, stageVariableOf } from '../../checks/integration/common.js';
import { admitsHttps, isExecuteApi, problemAt, stateOf, vpcRef } from '../../checks/network/common.js';
import { accessOf } from '../../checks/policy/common.js';
import { arns } from '../model/arn.js';
import type { Finding } from '../model/finding.js';
import { InventoryIndex } from '../model/inventory-index.js';
import type { DomainName, Integration, LoadBalancer, ResolverEndpoint, RestApi, SecurityGroupRule, Snapshot, TargetGroup, VpcEndpoint } from '../model/inventory.js';
import { parsePolicy, type InvokeAccess } from '../policy/index.js';
import type { ApiReach, BrokenHop, ClientResult, Reachability } from '../reach/model.js';
import { isOpen } from './model.js';
import { TOPOLOGY_NODE_KINDS, type ApiTopology, type FirstBrokenHop, type HopStatus, type TopologyEdge, type TopologyNode, type TopologyNodeKind } from './topology-model.js';

/**
 * The path of each private API, read from the inventory: who can reach it (client VPCs and the
 * networks behind their Resolver inbound endpoints), through which DNS name and VPC endpoint,
 * what its policy and authorizers decide, and where its private integrations send requests.
 * The checks' own readers (connection ids, stage variables, endpoint admission) are reused so the
 * diagram and the findings never disagree about what is connected to what.
 */

/** More than this many endpoints or VPCs make an unreadable diagram; the rest are counted in notes. */
export const MAX_ENDPOINTS = 6;
export const MAX_CLIENT_VPCS = 6;

const AMAZON_DNS = 'amazonprovideddns';
const METHOD_AUTH_ORDER = ['NONE', 'AWS_IAM', 'CUSTOM', 'COGNITO_USER_POOLS'];

/** Everything keyed once per snapshot, so each API's walk is lookups only. */
interface Context {
  index: InventoryIndex;
  findingsByArn: ReadonlyMap<string, string[]>;
  /** Live execute-api endpoints per region, broken ones first, then by id: the "any endpoint" candidates. */
  endpointsByRegion: ReadonlyMap<string, VpcEndpoint[]>;
  inboundResolversByVpc: ReadonlyMap<string, ResolverEndpoint[]>;
  /** Owned private domains per account|region, for the base path mappings that name an API. */
  privateDomainsByScope: ReadonlyMap<string, DomainName[]>;
  /** VPC endpoint ids associated with each private domain (by domain ARN). */
  domainEndpoints: ReadonlyMap<string, Set<string>>;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

const scopeOf = (x: { accountId: string; region: string }): string => `${x.accountId}|${x.region}`;
const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function buildContext(index: InventoryIndex, findings: readonly Finding[]): Context {
  const ids = new Map<string, Set<string>>();
  for (const f of findings) {
    if (!isOpen(f)) continue;
    for (const arn of [f.resource.arn, ...f.related.map((r) => r.arn)]) {
      const set = ids.get(arn) ?? new Set<string>();
      set.add(f.id);
      ids.set(arn, set);
    }
  }
  const findingsByArn = new Map([...ids].map(([arn, set]) => [arn, [...set].sort(byString)] as const));

  const endpointsByRegion = new Map<string, VpcEndpoint[]>();
  for (const e of index.vpcEndpoints.values()) if (isExecuteApiEndpoint(e)) push(endpointsByRegion, e.region, e);
  const brokenFirst = (a: VpcEndpoint, b: VpcEndpoint) => Number(!findingsByArn.has(a.arn)) - Number(!findingsByArn.has(b.arn)) || byString(a.id, b.id);
  for (const list of endpointsByRegion.values()) list.sort(brokenFirst);

  const inboundResolversByVpc = new Map<string, ResolverEndpoint[]>();
  const privateDomainsByScope = new Map<string, DomainName[]>();
  const domainEndpoints = new Map<string, Set<string>>();
  for (const r of index.snapshot.regional) {
    for (const e of r.resolverEndpoints) if (e.direction.toUpperCase() === 'INBOUND') push(inboundResolversByVpc, e.hostVpcId, e);
    for (const d of r.domainNames) if (d.resourceOwner === 'SELF' && isPrivateDomain(d)) push(privateDomainsByScope, scopeOf(d), d);
    for (const a of r.domainNameAccessAssociations) {
      if (!a.accessAssociationSource.startsWith('vpce-')) continue;
      const set = domainEndpoints.get(a.domainNameArn) ?? new Set<string>();
      set.add(a.accessAssociationSource);
      domainEndpoints.set(a.domainNameArn, set);
    }
  }
  return { index, findingsByArn, endpointsByRegion, inboundResolversByVpc, privateDomainsByScope, domainEndpoints };
}

/** Collects one topology's nodes and edges; a node's status is fixed when it is first added. */
class TopologyBuilder {
  private readonly nodes = new Map<string, TopologyNode>();
  private readonly edges = new Map<string, TopologyEdge>();
  readonly notes: string[] = [];

  constructor(private readonly findingsByArn: ReadonlyMap<string, string[]>) {}

  has(id: string): boolean {
    return this.nodes.has(id);
  }

  /** `unknown`: why the inventory cannot describe this hop, shown as its last detail line. */
  node(id: string, kind: TopologyNodeKind, label: string, detail: string[], opts: { arn?: string | undefined; unknown?: string | undefined } = {}): string {
    if (this.nodes.has(id)) return id;
    const findingIds = opts.arn === undefined ? [] : (this.findingsByArn.get(opts.arn) ?? []);
    const status: HopStatus = findingIds.length > 0 ? 'broken' : opts.unknown !== undefined ? 'unknown' : 'ok';
    this.nodes.set(id, {
      id,
      kind,
      label,
      detail: opts.unknown === undefined ? detail : [...detail, opts.unknown],
      ...(opts.arn !== undefined && { arn: opts.arn }),
      status,
      findingIds: [...findingIds],
    });
    return id;
  }

  edge(from: string, to: string, label?: string): void {
    const key = `${from}\u0000${to}`;
    if (!this.edges.has(key)) this.edges.set(key, { from, to, ...(label !== undefined && { label }), status: 'ok' });
  }

  build(api: RestApi): ApiTopology {
    const rank = (n: TopologyNode) => TOPOLOGY_NODE_KINDS.indexOf(n.kind);
    const nodes = [...this.nodes.values()].sort((a, b) => rank(a) - rank(b) || byString(a.id, b.id));
    const edges = [...this.edges.values()]
      .map((e) => ({ ...e, status: this.nodes.get(e.to)?.status ?? 'unknown' }))
      .sort((a, b) => byString(a.from, b.from) || byString(a.to, b.to));
    return { apiArn: api.arn, apiId: api.id, name: api.name, accountId: api.accountId, region: api.region, nodes, edges, notes: this.notes, firstBroken: [] };
  }
}

/** A list in words: "a", "a and b", "a, b and c". */
function inWords(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1) ?? ''}`;
}

/** At most `max` items, then "+N more", so one long list cannot blow up a box. */
function capped(items: readonly string[], max: number): string {
  return items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')} +${items.length - max} more`;
}

const onOff = (v: boolean | undefined): string => (v === undefined ? 'unknown' : v ? 'on' : 'off');

type Policy = { kind: 'none' } | { kind: 'unparsed'; message: string } | { kind: 'parsed'; access: InvokeAccess };

function readApiPolicy(ctx: Context, api: RestApi): Policy {
  if (!api.policy?.trim()) return { kind: 'none' };
  const parsed = parsePolicy(api.policy);
  if (!parsed.ok) return { kind: 'unparsed', message: `${parsed.error.message}${parsed.error.path ? ` at ${parsed.error.path}` : ''}` };
  return { kind: 'parsed', access: accessOf(api, parsed.policy, ctx.index.snapshot.partition) };
}

function policyVerdict(policy: Policy): string {
  if (policy.kind === 'none') return 'no resource policy: every request is denied';
  if (policy.kind === 'unparsed') return `policy could not be parsed: ${policy.message}`;
  const { access } = policy;
  if (access.anyEndpoint) return 'policy allows any VPC endpoint';
  const allowed = [...access.allowedEndpoints, ...access.allowedVpcs];
  return allowed.length === 0 ? 'policy allows no VPC endpoint' : `policy allows ${inWords(allowed)}`;
}

interface EndpointChoice {
  drawn: string[];
  total: number;
}

/**
 * The endpoints that can carry requests to the API: associated with it, named by its policy
 * (directly or through their VPC), associated with a private domain mapped to it, and, when the
 * policy admits any endpoint, every live execute-api endpoint of the region. Broken ones first,
 * then named ones, then by id, so the same inventory always draws the same endpoints.
 */
function chooseEndpoints(ctx: Context, api: RestApi, policy: Policy, domains: readonly DomainName[]): EndpointChoice {
  const named = new Set(api.endpointConfiguration.vpcEndpointIds);
  if (policy.kind === 'parsed') {
    for (const id of policy.access.allowedEndpoints) named.add(id);
    for (const vpcId of policy.access.allowedVpcs) for (const e of ctx.index.vpcEndpointsByVpc.get(vpcId) ?? []) if (isExecuteApiEndpoint(e)) named.add(e.id);
  }
  for (const d of domains) for (const id of ctx.domainEndpoints.get(d.arn) ?? []) named.add(id);

  const regional = policy.kind === 'parsed' && policy.access.anyEndpoint ? (ctx.endpointsByRegion.get(api.region) ?? []) : [];
  // The regional list is already sorted broken-first, so its first MAX_ENDPOINTS are the only unnamed ones that can make the cut.
  const candidates = new Set([...named, ...regional.slice(0, MAX_ENDPOINTS).map((e) => e.id)]);
  const regionalIds = new Set(regional.map((e) => e.id));
  const total = regional.length + [...named].filter((id) => !regionalIds.has(id)).length;

  const broken = (id: string) => {
    const e = ctx.index.vpcEndpoints.get(id);
    return e !== undefined && ctx.findingsByArn.has(e.arn);
  };
  const drawn = [...candidates]
    .sort((a, b) => Number(!broken(a)) - Number(!broken(b)) || Number(!named.has(a)) - Number(!named.has(b)) || byString(a, b))
    .slice(0, MAX_ENDPOINTS);
  return { drawn, total };
}

function groupDetail(rules: readonly SecurityGroupRule[]): string {
  const sources = rules
    .filter(admitsHttps)
    .map((r) => r.cidrIpv4 ?? r.cidrIpv6 ?? r.prefixListId ?? (r.referencedGroupId === undefined ? '' : `group ${r.referencedGroupId}`))
    .filter((s) => s !== '');
  return sources.length === 0 ? 'TCP 443 inbound not allowed' : `TCP 443 in from ${capped([...new Set(sources)], 3)}`;
}

function addEndpoint(ctx: Context, b: TopologyBuilder, id: string): VpcEndpoint | undefined {
  const e = ctx.index.vpcEndpoints.get(id);
  if (!e) {
    b.node(id, 'vpc-endpoint', id, [], { unknown: 'not in the inventory (another account or region, or not collected)' });
    return undefined;
  }
  const azs = new Set(e.subnetIds.map((s) => ctx.index.subnets.get(s)?.availabilityZoneId).filter((az) => az !== undefined));
  const spread = azs.size > 0 ? `${e.subnetIds.length} subnet(s) in ${azs.size} AZ(s)` : `${e.subnetIds.length} subnet(s)`;
  const problem = problemAt(ctx.index, e, 'ec2', ['DescribeVpcEndpoints']);
  b.node(id, 'vpc-endpoint', id, [`state ${e.state}`, spread, `private DNS ${onOff(e.privateDnsEnabled)}`, `account ${e.accountId}`], { arn: e.arn, unknown: problem });
  for (const sgId of e.securityGroupIds) {
    const sg = ctx.index.securityGroups.get(sgId);
    const arn = sg?.arn ?? arns.ec2(ctx.index.snapshot.partition, e.region, e.accountId, 'security-group', sgId);
    b.node(sgId, 'security-group', `SG ${sgId}`, sg ? [groupDetail(sg.rules)] : [], { arn, unknown: sg ? undefined : 'rules not read' });
    b.edge(sgId, id, 'guards');
  }
  if (stateOf(e) === 'deleted') b.notes.push(`VPC endpoint ${id} is deleted`);
  else if (!isExecuteApi(e)) b.notes.push(`VPC endpoint ${id} is not an execute-api endpoint (${e.serviceName})`);
  return e;
}

function addVpc(ctx: Context, b: TopologyBuilder, vpcId: string, at: { accountId: string; region: string } | undefined): void {
  const vpc = ctx.index.vpcs.get(vpcId);
  if (!vpc) {
    const arn = at ? vpcRef(ctx.index, vpcId, at).arn : undefined;
    const unknown = (at && problemAt(ctx.index, at, 'ec2', ['DescribeVpcs'])) ?? 'not in the inventory';
    b.node(vpcId, 'client-vpc', `VPC ${vpcId}`, at ? [`account ${at.accountId}`] : [], { arn, unknown });
    return;
  }
  const detail = [`account ${vpc.accountId}`, `DNS support ${onOff(vpc.enableDnsSupport)}, hostnames ${onOff(vpc.enableDnsHostnames)}`];
  const dhcp = vpc.dhcpOptionsId === undefined ? undefined : ctx.index.dhcpOptions.get(vpc.dhcpOptionsId);
  const servers = dhcp?.domainNameServers ?? [];
  if (servers.some((s) => s.toLowerCase() !== AMAZON_DNS)) detail.push(`DHCP DNS servers ${capped(servers, 3)}`);
  const name = vpc.tags.Name;
  b.node(vpcId, 'client-vpc', name ? `VPC ${vpcId} (${name})` : `VPC ${vpcId}`, detail, { arn: vpc.arn, unknown: problemAt(ctx.index, vpc, 'ec2', ['DescribeVpcs']) });
  for (const r of ctx.inboundResolversByVpc.get(vpcId) ?? []) {
    const id = b.node(`onprem:${r.id}`, 'onprem', `On-premises via ${r.id}`, [`Resolver inbound endpoint ${r.name ?? ''}`.trim(), `status ${r.status}`, `${r.ipAddresses?.length ?? r.ipAddressCount} IP address(es)`], {
      arn: r.arn,
    });
    b.edge(id, vpcId, 'DNS through Resolver');
  }
}

/** The DNS names clients use to reach the API through this endpoint (the whitepaper's three options). */
function addDnsOptions(b: TopologyBuilder, api: RestApi, e: VpcEndpoint): void {
  const names: string[] = [];
  if (e.privateDnsEnabled) {
    names.push(b.node(`dns:private:${e.vpcId}`, 'dns', `${api.id}.execute-api.${api.region}.amazonaws.com`, ['private DNS name', 'resolves inside the VPC']));
  }
  if (api.endpointConfiguration.vpcEndpointIds.includes(e.id)) {
    names.push(b.node(`dns:alias:${e.id}`, 'dns', `${api.id}-${e.id}.execute-api.${api.region}.amazonaws.com`, ['Route 53 alias', 'endpoint associated with the API']));
  } else if (!e.privateDnsEnabled) {
    const host = e.dnsEntries[0]?.dnsName ?? `${e.id}.execute-api.${api.region}.vpce.amazonaws.com`;
    names.push(b.node(`dns:vpce:${e.id}`, 'dns', host, ['endpoint-specific public DNS name', 'needs a Host or x-apigw-api-id header']));
  }
  for (const n of names) {
    b.edge(e.vpcId, n);
    b.edge(n, e.id);
  }
}

function addClients(ctx: Context, b: TopologyBuilder, api: RestApi, policy: Policy, endpoints: Array<VpcEndpoint | undefined>): void {
  const hosting = new Map<string, VpcEndpoint>();
  for (const e of endpoints) if (e && !hosting.has(e.vpcId)) hosting.set(e.vpcId, e);
  const allowedVpcs = policy.kind === 'parsed' ? policy.access.allowedVpcs : [];
  const all = [...new Set([...hosting.keys(), ...allowedVpcs])];
  const broken = (id: string) => {
    const arn = ctx.index.vpcs.get(id)?.arn;
    return arn !== undefined && ctx.findingsByArn.has(arn);
  };
  const drawn = all
    .sort((a, c) => Number(!hosting.has(a)) - Number(!hosting.has(c)) || Number(!broken(a)) - Number(!broken(c)) || byString(a, c))
    .slice(0, MAX_CLIENT_VPCS);
  if (all.length > drawn.length) b.notes.push(`${all.length - drawn.length} more client VPC(s) not drawn: ${capped(all.slice(drawn.length), 5)}`);
  for (const vpcId of drawn) {
    const host = hosting.get(vpcId);
    addVpc(ctx, b, vpcId, host);
    if (!host) b.edge(vpcId, api.id, 'allowed by policy; no execute-api endpoint drawn');
  }
  for (const e of endpoints) if (e) addDnsOptions(b, api, e);
}

function addDomains(ctx: Context, b: TopologyBuilder, api: RestApi, domains: readonly DomainName[]): void {
  for (const d of domains) {
    const id = `domain:${d.domainName}+${d.domainNameId ?? ''}`;
    const paths = (d.basePathMappings ?? []).filter((m) => m.restApiId === api.id).map((m) => `/${m.basePath === '(none)' ? '' : m.basePath} → ${m.stage ?? 'default stage'}`);
    b.node(id, 'domain', d.domainName, ['private custom domain', ...(d.status ? [`status ${d.status}`] : []), capped(paths, 3)], { arn: d.arn });
    b.edge(id, api.id, 'base path mapping');
    for (const vpceId of ctx.domainEndpoints.get(d.arn) ?? []) if (b.has(vpceId)) b.edge(vpceId, id, 'access association');
  }
}

function addAuthorizers(b: TopologyBuilder, api: RestApi): void {
  const methods = (api.resources ?? []).flatMap((r) => r.methods);
  const counts = new Map<string, number>();
  for (const m of methods) counts.set(m.authorizationType, (counts.get(m.authorizationType) ?? 0) + 1);
  const order = (t: string) => (METHOD_AUTH_ORDER.includes(t) ? METHOD_AUTH_ORDER.indexOf(t) : METHOD_AUTH_ORDER.length);
  const summary = [...counts].sort(([a], [c]) => order(a) - order(c) || byString(a, c)).map(([t, n]) => `${n} ${t}`);
  const methodsId = b.node('auth:methods', 'authorizer', 'Method authorization', summary.length > 0 ? [capped(summary, 4)] : ['no methods'], {
    unknown: api.resources === undefined ? 'methods not read' : undefined,
  });
  b.edge(api.id, methodsId);
  if (api.authorizers === undefined) {
    b.edge(api.id, b.node('authorizer:unread', 'authorizer', 'Authorizers', [], { unknown: 'authorizers not read' }));
    return;
  }
  for (const a of api.authorizers) {
    const used = methods.filter((m) => m.authorizerId === a.id).length;
    const id = b.node(`authorizer:${a.id}`, 'authorizer', `Authorizer ${a.name}`, [a.type, `used by ${used} method(s)`], { arn: `${api.arn}/authorizers/${a.id}` });
    b.edge(api.id, id);
  }
}

const LB_KIND: Record<string, string> = { network: 'NLB', application: 'ALB', gateway: 'GWLB' };

function healthSummary(tg: TargetGroup): string {
  const targets = tg.targets ?? [];
  if (targets.length === 0) return 'no registered targets';
  const byState = new Map<string, { count: number; reasons: Set<string> }>();
  for (const t of targets) {
    const s = byState.get(t.state) ?? { count: 0, reasons: new Set<string>() };
    s.count += 1;
    if (t.reason !== undefined) s.reasons.add(t.reason);
    byState.set(t.state, s);
  }
  const first = (s: string) => (s === 'healthy' ? 0 : s === 'unhealthy' ? 1 : 2);
  return [...byState]
    .sort(([a], [c]) => first(a) - first(c) || byString(a, c))
    .map(([state, s]) => `${s.count} ${state}${state !== 'healthy' && s.reasons.size > 0 ? ` (${[...s.reasons].sort(byString).join(', ')})` : ''}`)
    .join(', ');
}

function addTargetGroup(ctx: Context, b: TopologyBuilder, api: RestApi, tg: TargetGroup, from: string): void {
  const firstVisit = !b.has(tg.arn);
  const check = tg.healthCheckEnabled ? `health check ${[tg.healthCheckProtocol, tg.healthCheckPort, tg.healthCheckPath].filter((x) => x !== undefined).join(' ')}` : 'health checks disabled';
  const id = b.node(tg.arn, 'target-group', `TG ${tg.name}`, [`${tg.targetType} ${tg.protocol ?? ''} ${tg.port ?? ''}`.trim(), ...(tg.targets ? [healthSummary(tg)] : []), check], {
    arn: tg.arn,
    unknown: tg.targets === undefined ? 'target health not read' : undefined,
  });
  b.edge(from, id);
  // An NLB forwarding to an ALB: the ALB and its groups are part of the path.
  if (firstVisit && tg.targetType === 'alb') for (const t of tg.targets ?? []) addLoadBalancer(ctx, b, api, t.targetId, id);
}

function addLoadBalancer(ctx: Context, b: TopologyBuilder, api: RestApi, arn: string, from: string, label?: string): void {
  const firstVisit = !b.has(arn);
  const lb: LoadBalancer | undefined = ctx.index.loadBalancers.get(arn);
  if (!lb) {
    const name = /loadbalancer\/(?:net|app|gwy)\/([^/]+)/.exec(arn)?.[1] ?? arn;
    b.node(arn, 'load-balancer', `LB ${name}`, [], { arn, unknown: loadBalancerUnusable(ctx.index, arn, api) ?? 'not in the inventory' });
    b.edge(from, arn, label);
    return;
  }
  const listeners = [...(ctx.index.listenersByLoadBalancer.get(arn) ?? [])].sort((a, c) => a.port - c.port || byString(a.protocol, c.protocol));
  const detail = [`${lb.type} ${lb.scheme}`, `state ${lb.state}`, listeners.length > 0 ? `listeners ${capped(listeners.map((l) => `${l.protocol} ${l.port}`), 4)}` : 'no listeners'];
  b.node(arn, 'load-balancer', `${LB_KIND[lb.type] ?? 'LB'} ${lb.name}`, detail, { arn, unknown: listenersUnusable(ctx.index, lb) });
  b.edge(from, arn, label);
  if (!firstVisit) return;
  const groups = [...(ctx.index.targetGroupsByLoadBalancer.get(arn) ?? [])].sort((a, c) => byString(a.arn, c.arn));
  for (const tg of groups) addTargetGroup(ctx, b, api, tg, arn);
}

interface LinkUse {
  methods: Set<string>;
  stages: Set<string>;
  targets: Set<string>;
}

/** The label of an API → link edge: the stages that pick it through a variable, or how many methods use it. */
function useLabel(use: LinkUse): string {
  const methods = `${use.methods.size} method(s)`;
  return use.stages.size > 0 ? `${methods}, stage ${capped([...use.stages].sort(byString), 3)}` : methods;
}

function addIntegrations(ctx: Context, b: TopologyBuilder, api: RestApi): void {
  if (api.resources === undefined) {
    b.node('integrations:unread', 'vpc-link', 'Private integrations', [], { unknown: 'the API resources were not read: integrations unknown' });
    b.edge(api.id, 'integrations:unread');
    b.notes.push('The resources of the API were not read, so its integrations are unknown');
    return;
  }
  const uses = new Map<string, LinkUse>();
  const useOf = (id: string) => {
    const use = uses.get(id) ?? { methods: new Set<string>(), stages: new Set<string>(), targets: new Set<string>() };
    uses.set(id, use);
    return use;
  };
  for (const { path, httpMethod, integration } of integrationsOf(api)) {
    if (integration.connectionType !== 'VPC_LINK') continue;
    const variable = stageVariableOf(integration.connectionId);
    const ids = connectionIdsOf(api, integration);
    if (ids.length === 0) {
      const why = variable === undefined ? 'has no connection id' : api.stages === undefined ? `reads \${stageVariables.${variable}} but the stages were not read` : `reads \${stageVariables.${variable}}, set in no stage`;
      b.notes.push(`${httpMethod} ${path} uses a VPC link but ${why}`);
      continue;
    }
    for (const id of ids) {
      const use = useOf(id);
      use.methods.add(`${httpMethod} ${path}`);
      if (variable !== undefined) for (const s of api.stages ?? []) if (s.variables[variable] === id) use.stages.add(s.stageName);
      for (const target of targetsOf(ctx, api, integration, id)) use.targets.add(target);
    }
  }
  for (const [id, use] of [...uses].sort(([a], [c]) => byString(a, c))) {
    const { v1, v2 } = findLink(ctx.index, api, id);
    const link = v1 ?? v2;
    const detail = v1
      ? ['V1 (NLB)', `status ${v1.status}`, ...(v1.statusMessage ? [v1.statusMessage] : [])]
      : v2
        ? ['V2', `status ${v2.status}`, `${v2.subnetIds.length} subnet(s), ${v2.securityGroupIds.length} group(s)`]
        : [];
    const arn = link?.arn ?? arns.vpcLink(ctx.index.snapshot.partition, api.region, id);
    b.node(id, 'vpc-link', link ? `VPC link ${link.name}` : `VPC link ${id}`, detail, { arn, unknown: link ? undefined : (linksUnusable(ctx.index, api) ?? 'not in the inventory') });
    b.edge(api.id, id, useLabel(use));
    for (const target of [...use.targets].sort(byString)) addLoadBalancer(ctx, b, api, target, id);
  }
}

/** Load balancers an integration reaches through a link: the V2 integration target, else the V1 link's NLBs. */
function targetsOf(ctx: Context, api: RestApi, integration: Integration, linkId: string): string[] {
  if (integration.integrationTarget !== undefined) return [loadBalancerArnOf(integration.integrationTarget)];
  return findLink(ctx.index, api, linkId).v1?.targetArns ?? [];
}

function apiTopology(ctx: Context, api: RestApi): ApiTopology {
  const b = new TopologyBuilder(ctx.findingsByArn);
  const policy = readApiPolicy(ctx, api);
  const scopeDomains = ctx.privateDomainsByScope.get(scopeOf(api)) ?? [];
  const domains = scopeDomains.filter((d) => d.basePathMappings?.some((m) => m.restApiId === api.id));
  for (const d of scopeDomains) if (d.basePathMappings === undefined) b.notes.push(`The base path mappings of private domain ${d.domainName} were not read: it may also lead to this API`);

  const detail = [`account ${api.accountId}, ${api.region}`, policyVerdict(policy)];
  if (api.disableExecuteApiEndpoint) detail.push('default execute-api endpoint disabled');
  detail.push(api.stages === undefined ? 'stages not read' : api.stages.length > 0 ? `stages ${capped(api.stages.map((s) => s.stageName), 4)}` : 'no stages');
  b.node(api.id, 'api', api.name, detail, { arn: api.arn });
  if (policy.kind === 'parsed' && policy.access.unsupported.length > 0) b.notes.push(`The policy analysis is approximate: ${policy.access.unsupported.join('; ')}`);

  const choice = chooseEndpoints(ctx, api, policy, domains);
  const endpoints = choice.drawn.map((id) => addEndpoint(ctx, b, id));
  if (choice.total > choice.drawn.length) {
    b.notes.push(`${choice.total - choice.drawn.length} more VPC endpoint(s) can reach the API and are not drawn${policy.kind === 'parsed' && policy.access.anyEndpoint ? ` (the policy allows any VPC endpoint; ${api.region} has ${ctx.endpointsByRegion.get(api.region)?.length ?? 0})` : ''}`);
  }
  if (choice.total === 0) b.notes.push('No VPC endpoint can reach the API');
  for (const [i, id] of choice.drawn.entries()) {
    const e = endpoints[i];
    b.edge(id, api.id, policy.kind !== 'parsed' ? undefined : e === undefined ? undefined : admits(policy.access, e) ? 'policy allows' : 'policy denies');
  }
  addClients(ctx, b, api, policy, endpoints);
  addDomains(ctx, b, api, domains);
  addAuthorizers(b, api);
  addIntegrations(ctx, b, api);
  return b.build(api);
}

/**
 * The drawn node of a client's first broken hop: the resource the engine says to fix, else where
 * that hop sits in the diagram (the engine may name a resource the diagram left out).
 */
function nodeOfHop(t: ApiTopology, result: ClientResult, hop: BrokenHop): string | undefined {
  const byArn = t.nodes.find((n) => n.arn === hop.arn);
  if (byArn) return byArn.id;
  const drawn = (id: string | undefined) => (id !== undefined && t.nodes.some((n) => n.id === id) ? id : undefined);
  switch (hop.hop) {
    case 'dns':
      return drawn(result.clientId);
    case 'endpoint':
    case 'security-group':
    case 'endpoint-policy':
      return result.endpointIds.map(drawn).find((id) => id !== undefined);
    case 'resource-policy':
    case 'authorization':
    case 'integration':
      return drawn(t.apiId);
  }
}

/** Marks where each intended client's path first breaks, on the node and in the topology's list. */
function withFirstBroken(t: ApiTopology, reach: ApiReach | undefined): ApiTopology {
  const firstBroken: FirstBrokenHop[] = [];
  for (const { clientId, result } of reach?.intended ?? []) {
    if (result.status !== 'unreachable' || !result.broken) continue;
    const nodeId = nodeOfHop(t, result, result.broken);
    firstBroken.push({ ...result.broken, clientId, ...(nodeId !== undefined && { nodeId }) });
  }
  if (firstBroken.length === 0) return t;
  const nodes = t.nodes.map((n) => {
    const from = firstBroken.filter((b) => b.nodeId === n.id).map((b) => b.clientId);
    return from.length === 0 ? n : { ...n, firstBrokenFrom: from };
  });
  return { ...t, nodes, firstBroken };
}

const reachKey = (accountId: string, apiArn: string): string => `${accountId}|${apiArn}`;

/**
 * One topology per private REST API, sorted by account, region and name; with `reach`, each
 * intended client's first broken hop is marked too.
 */
export function apiTopologies(source: Snapshot | InventoryIndex, findings: readonly Finding[], reach?: Reachability): ApiTopology[] {
  const index = source instanceof InventoryIndex ? source : new InventoryIndex(source);
  const ctx = buildContext(index, findings);
  const reachOf = new Map((reach?.apis ?? []).map((a) => [reachKey(a.accountId, a.apiArn), a]));
  return index
    .privateApis()
    .sort((a, b) => byString(a.accountId, b.accountId) || byString(a.region, b.region) || byString(a.name, b.name) || byString(a.id, b.id))
    .map((api) => withFirstBroken(apiTopology(ctx, api), reachOf.get(reachKey(api.accountId, api.arn))));
}

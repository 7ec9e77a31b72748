import { admits, domainExecuteArn, isPrivateDomain, normalizeName, resolveThroughEndpoint, scopeProblem } from '../../checks/domains/common.js';
import { methodLabel, missingAuthorizers } from '../../checks/ops/common.js';
import { admitsHttps, amazonResolverAddresses, inboundResolverAddresses, liveExecuteApiEndpoints, problemAt, unreadGroups } from '../../checks/network/common.js';
import { accessOf, notes, readPolicy } from '../../checks/policy/common.js';
import { arns } from '../model/arn.js';
import { InventoryIndex } from '../model/inventory-index.js';
import type { DomainName, ResolverEndpoint, ResolverRule, RestApi, Snapshot, Vpc, VpcEndpoint } from '../model/inventory.js';
import { endpointPolicyProfile, invokeAccess, parsePolicy, type EndpointPolicyProfile, type InvokeAccess } from '../policy/index.js';
import { cidrContains, parseCidr, type Cidr } from '../policy/ip.js';
import { integrationHop, loadBalancerHealth } from './integration.js';
import type { AuthorizationInfo, Client, Entry, ReachOptions } from './model.js';
import { broken, inWords, no, notKnown, ok, unknown, YES, type Fact, type Outcome } from './outcome.js';

/**
 * Everything the hops read, computed at most once per snapshot: per VPC (DNS), per endpoint
 * (state, security group admission per source set, policy verdict per API, cached by policy
 * text), per API (resource policy, integration, authorization) and per private custom domain.
 * The caches live in the context, so two evaluations never share state.
 */

const AMAZON_DNS = 'amazonprovideddns';

/** How a client's requests enter a VPC: its own VPC, or an on-premises network through an inbound Resolver endpoint. */
export interface EntryPoint {
  vpcId: string;
  accountId: string;
  region: string;
  /** Ranges the endpoint security groups must admit; undefined when the VPC was not read. */
  cidrs: Cidr[] | undefined;
  cidrText: string;
  /** Entries with equal sources get the same security group answer, so its words name the ranges, never the client. */
  sourceKey: string;
  /** Security group references only match traffic from instances inside the VPC. */
  fromVpc: boolean;
  /** "VPC vpc-1", "on-premises network dc1 through rslvr-in-1". */
  label: string;
  /** What to fix when its DNS fails: the VPC, or the Resolver endpoint. */
  arn: string;
  /** Public names (endpoint hostnames, Route 53 aliases) resolve. */
  publicNames: Fact;
  /** The private hosted zone of a private-DNS endpoint in the VPC answers. */
  privateZone: Fact;
}

export interface ApiFacts {
  /** undefined when the API has no policy or it could not be parsed (`resourcePolicy` says which). */
  access: InvokeAccess | undefined;
  resourcePolicy: (endpoint: VpcEndpoint) => Outcome;
  /** Breaks when a method needs an authorizer the API does not have: every such request fails. */
  authorizationHop: Outcome;
  integration: Outcome;
  authorization: AuthorizationInfo | undefined;
  domains: DomainName[];
  /** Why a domain mapped to the API may be missing from `domains` (its listing or mappings were not read), or undefined. */
  domainsUnknown: Fact | undefined;
}

export interface Context {
  index: InventoryIndex;
  clients: Client[];
  clientsById: ReadonlyMap<string, Client>;
  onPremByVpc: ReadonlyMap<string, Client[]>;
  endpointsByVpc: ReadonlyMap<string, VpcEndpoint[]>;
  endpointsByRegion: ReadonlyMap<string, VpcEndpoint[]>;
  entry(client: Client, vpcId: string): EntryPoint;
  apiFacts(api: RestApi): ApiFacts;
  endpointState(endpoint: VpcEndpoint): Outcome;
  securityGroups(endpoint: VpcEndpoint, entry: EntryPoint): Outcome;
  endpointPolicy(endpoint: VpcEndpoint, api: RestApi): Outcome;
  /** A private custom domain name leads to the endpoint: associated, available, and its VPC resolves the name. */
  domainThrough(domain: DomainName, endpoint: VpcEndpoint): Fact;
  /** Why the domain's invoke policy refuses requests through the endpoint (API Gateway answers 403), or undefined. */
  domainRefuses(domain: DomainName, endpoint: VpcEndpoint): string | undefined;
  /**
   * Why a query for `name` from the VPC leaves it through a Resolver forwarding rule instead of
   * reaching a private zone named `zone`, or undefined when it does not.
   */
  forwardedAway(vpcId: string, name: string, zone: string): string | undefined;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** `compute`, answered from a cache keyed by `keyOf` (a value or an object's identity) after the first call. */
function cached<A extends unknown[], V>(keyOf: (...args: A) => unknown, compute: (...args: A) => V): (...args: A) => V {
  const cache = new Map<unknown, V>();
  return (...args) => {
    const key = keyOf(...args);
    if (cache.has(key)) return cache.get(key) as V;
    const value = compute(...args);
    cache.set(key, value);
    return value;
  };
}

/**
 * The same for two arguments, one map per first key: the hot paths (hundreds of thousands of
 * endpoint × client lookups) then build no composite string keys.
 */
function cachedPair<A, B, V>(keyOfA: (a: A) => unknown, keyOfB: (b: B) => unknown, compute: (a: A, b: B) => V): (a: A, b: B) => V {
  const outer = new Map<unknown, Map<unknown, V>>();
  return (a, b) => {
    let inner = outer.get(keyOfA(a));
    if (!inner) {
      inner = new Map();
      outer.set(keyOfA(a), inner);
    }
    const key = keyOfB(b);
    if (inner.has(key)) return inner.get(key) as V;
    const value = compute(a, b);
    inner.set(key, value);
    return value;
  };
}

const self = <T>(x: T): T => x;

const domainOf = (name: string): string => normalizeName(name.trim());
/** `name` is `domain` or below it. */
const covers = (domain: string, name: string): boolean => name === domain || name.endsWith(`.${domain}`);

const overlaps = (a: Cidr, b: Cidr): boolean => cidrContains(a, { version: b.version, value: b.network }) || cidrContains(b, { version: a.version, value: a.network });

interface VpcDns {
  publicNames: Fact;
  privateZone: Fact;
}

function attributesFact(vpc: Vpc): Fact {
  const off = (['enableDnsSupport', 'enableDnsHostnames'] as const).filter((a) => vpc[a] === false);
  if (off.length > 0) return no(`${inWords(off)} ${off.length > 1 ? 'are' : 'is'} off in VPC ${vpc.id}, so the endpoint's private hosted zone does not answer`);
  if (vpc.enableDnsSupport === undefined || vpc.enableDnsHostnames === undefined) return notKnown(`the DNS attributes of VPC ${vpc.id} were not read`);
  return YES;
}

function vpcDns(index: InventoryIndex, vpcId: string, resolvers: () => { addresses: Set<string>; unknown?: string }): VpcDns {
  const vpc = index.vpcs.get(vpcId);
  if (!vpc) {
    const m = notKnown(`VPC ${vpcId} was not read`);
    return { publicNames: m, privateZone: m };
  }
  const problem = problemAt(index, vpc, 'ec2', ['DescribeVpcs', 'DescribeDhcpOptions']);
  if (problem) return { publicNames: notKnown(problem), privateZone: notKnown(problem) };
  const optionsId = vpc.dhcpOptionsId;
  let servers: string[] = [];
  if (optionsId && optionsId !== 'default') {
    const options = index.dhcpOptions.get(optionsId);
    if (!options) {
      const m = notKnown(`DHCP options ${optionsId} of VPC ${vpcId} were not read`);
      return { publicNames: m, privateZone: m };
    }
    servers = options.domainNameServers.map((s) => s.trim());
  }
  if (servers.length === 0) {
    const none = no(`VPC ${vpcId} hands out no DNS server (no DHCP option set)`);
    return { publicNames: none, privateZone: none };
  }
  const amazon = amazonResolverAddresses(vpc);
  const usesAmazon = servers.some((s) => s.toLowerCase() === AMAZON_DNS || amazon.has(s));
  const custom = servers.filter((s) => s.toLowerCase() !== AMAZON_DNS && !amazon.has(s));
  // Custom servers are assumed to resolve public names; the Amazon resolver needs enableDnsSupport.
  const publicNames =
    custom.length > 0 || vpc.enableDnsSupport === true
      ? YES
      : vpc.enableDnsSupport === false
        ? no(`enableDnsSupport is off in VPC ${vpcId}, so AmazonProvidedDNS does not answer`)
        : notKnown(`the DNS attributes of VPC ${vpcId} were not read`);
  const attributes = attributesFact(vpc);
  if (attributes.state !== 'yes') return { publicNames, privateZone: attributes };
  if (usesAmazon) return { publicNames, privateZone: YES };
  const known = resolvers();
  if (custom.some((s) => known.addresses.has(s))) return { publicNames, privateZone: YES };
  const privateZone = known.unknown
    ? notKnown(`whether DNS servers ${custom.join(', ')} of VPC ${vpcId} are inbound Resolver endpoints: ${known.unknown}`)
    : no(`VPC ${vpcId} uses DNS servers ${custom.join(', ')}, not AmazonProvidedDNS, and no forwarding path to the Route 53 Resolver is in the inventory`);
  return { publicNames, privateZone };
}

function authorizationHopOf(api: RestApi): Outcome {
  const found = missingAuthorizers(api);
  if (found === undefined) return unknown(`the methods of API ${api.id} were not read`, api.arn);
  if (found.missing === undefined) return unknown(`the authorizers of API ${api.id} were not read`, api.arn);
  if (found.missing.length === 0) return ok();
  const methods = found.missing.map(methodLabel);
  return broken(`${inWords(methods.slice(0, 3))}${methods.length > 3 ? ` and ${methods.length - 3} more` : ''} of API ${api.id} need an authorizer that does not exist: their requests fail`, api.arn);
}

function authorizationOf(api: RestApi): AuthorizationInfo | undefined {
  if (api.resources === undefined) return undefined;
  const types: Record<string, number> = {};
  for (const m of api.resources.flatMap((r) => r.methods)) types[m.authorizationType] = (types[m.authorizationType] ?? 0) + 1;
  return { types, signedRequests: (types.AWS_IAM ?? 0) > 0 };
}

/** The exactness notes that can turn "does not allow this endpoint" into "cannot tell". */
const INEXACT = ['variables', 'truncated', 'wildcardIds', 'multiValued'] as const;

/**
 * Requests through an interface endpoint carry aws:VpcSourceIp, never aws:SourceIp; and when no
 * method takes SigV4 every caller is anonymous, so statements for IAM principals never match them.
 */
const ABSENT_THROUGH_ENDPOINT = ['aws:SourceIp'];
const ANONYMOUS = { type: 'anonymous' } as const;
/** Keys an anonymous caller's requests never carry. */
const PRINCIPAL_KEYS = ['aws:PrincipalOrgID', 'aws:PrincipalOrgPaths'];

/** Callers are anonymous when the methods were read and none of them takes SigV4 (AWS_IAM). */
const anonymousCallers = (api: RestApi): boolean => api.resources !== undefined && !api.resources.some((r) => r.methods.some((m) => m.authorizationType.toUpperCase() === 'AWS_IAM'));

function apiFactsOf(index: InventoryIndex, api: RestApi, lbHealth: (arn: string, ports: readonly number[]) => Outcome, domains: DomainName[], domainsUnknown: Fact | undefined): ApiFacts {
  const view = readPolicy(api);
  const partition = index.snapshot.partition;
  // Who the policy names (the intent) reads every principal; whether a request gets in reads the callers it really has.
  const access = view.kind === 'parsed' ? accessOf(api, view.policy, partition) : undefined;
  const anonymous = anonymousCallers(api);
  const admission =
    view.kind === 'parsed'
      ? invokeAccess(view.policy, { partition, region: api.region, accountId: api.accountId, apiId: api.id }, anonymous ? { absentKeys: [...ABSENT_THROUGH_ENDPOINT, ...PRINCIPAL_KEYS], principal: ANONYMOUS } : { absentKeys: ABSENT_THROUGH_ENDPOINT })
      : undefined;
  const inexact = access ? notes(access, ...INEXACT) : [];
  const unmet = [
    ...(anonymous ? ['no method takes SigV4-signed requests, so callers are anonymous and statements for IAM principals do not match them'] : []),
    ...(access?.usesSourceIp ? ['requests through a VPC endpoint carry aws:VpcSourceIp, not aws:SourceIp'] : []),
  ];
  const resourcePolicy = (e: VpcEndpoint): Outcome => {
    if (view.kind === 'none') return broken(`API ${api.name} (${api.id}) has no resource policy: every request is denied`, api.arn);
    if (view.kind === 'unreadable') return unknown(view.reason, api.arn);
    // AWS does not document that execute-api requests carry these keys: an Allow that needs them may never match.
    if (access?.usesVpceOrgKeys) return unknown(`the resource policy of API ${api.name} (${api.id}) tests aws:VpceAccount/aws:VpceOrgID/aws:VpceOrgPaths, which AWS does not document for execute-api requests`, api.arn);
    if (admission && admits(admission, e)) return ok();
    if (access && admits(access, e)) return broken(`the resource policy of API ${api.name} (${api.id}) allows endpoint ${e.id} only under conditions its requests cannot meet: ${unmet.join('; ') || 'see the policy'}`, api.arn);
    if (inexact.length > 0) return unknown(`the resource policy of API ${api.name} (${api.id}) could not be analysed exactly: ${inexact.join('; ')}`, api.arn);
    return broken(`the resource policy of API ${api.name} (${api.id}) allows neither endpoint ${e.id} nor its VPC ${e.vpcId}`, api.arn);
  };
  const integration = integrationHop(index, api, lbHealth);
  return { access, resourcePolicy, authorizationHop: authorizationHopOf(api), integration, authorization: authorizationOf(api), domains, domainsUnknown };
}

function onPremEntries(inbound: readonly ResolverEndpoint[], wanted: readonly string[] | undefined): Entry[] {
  const chosen = wanted === undefined ? inbound : inbound.filter((r) => wanted.includes(r.id));
  return chosen.map((r) => ({ vpcId: r.hostVpcId, accountId: r.accountId, region: r.region, resolverEndpointId: r.id }));
}

/** Builds on an existing index when given one, so checks that share an index share its lookups. */
export function createContext(source: Snapshot | InventoryIndex, options: ReachOptions): Context {
  const index = source instanceof InventoryIndex ? source : new InventoryIndex(source);
  const snapshot = index.snapshot;
  const partition = snapshot.partition;

  const endpointsByVpc = new Map<string, VpcEndpoint[]>();
  const endpointsByRegion = new Map<string, VpcEndpoint[]>();
  for (const e of liveExecuteApiEndpoints(index)) {
    push(endpointsByVpc, e.vpcId, e);
    push(endpointsByRegion, e.region, e);
  }

  const resolverEndpoints = snapshot.regional.flatMap((r) => r.resolverEndpoints);
  const resolversById = new Map(resolverEndpoints.map((r) => [r.id, r]));
  const inbound = resolverEndpoints.filter((r) => r.direction.toUpperCase() === 'INBOUND' && r.status.toUpperCase() !== 'DELETING');

  const clients: Client[] = [];
  for (const vpc of index.vpcs.values()) clients.push({ kind: 'vpc', id: vpc.id, accountId: vpc.accountId, region: vpc.region });
  // A VPC whose record was not read still holds the endpoints listed in it.
  for (const [vpcId, [first]] of endpointsByVpc) if (first && !index.vpcs.has(vpcId)) clients.push({ kind: 'vpc', id: vpcId, accountId: first.accountId, region: first.region });
  const onPremByVpc = new Map<string, Client[]>();
  for (const network of options.onPremises ?? []) {
    const client: Client = { kind: 'onprem', id: `onprem:${network.label}`, label: network.label, cidrs: network.cidrs, entries: onPremEntries(inbound, network.resolverEndpointIds) };
    clients.push(client);
    for (const vpcId of new Set(client.entries.map((e) => e.vpcId))) push(onPremByVpc, vpcId, client);
  }
  const clientsById = new Map(clients.map((c) => [c.id, c]));

  const resolvers = cached(() => undefined, () => inboundResolverAddresses(index, inbound));
  const dnsOf = cached(self<string>, (vpcId: string) => vpcDns(index, vpcId, resolvers));
  const vpcArn = (vpcId: string, at: { accountId: string; region: string }) => index.vpcs.get(vpcId)?.arn ?? arns.ec2(partition, at.region, at.accountId, 'vpc', vpcId);

  const entry = cachedPair(self<Client>, self<string>, (client: Client, vpcId: string): EntryPoint => {
    if (client.kind === 'onprem') {
      const hosted = client.entries.filter((x) => x.vpcId === vpcId);
      const vpc = index.vpcs.get(vpcId);
      // Entries are only asked for the VPCs the network enters through, so `hosted` is never empty.
      const first = hosted[0] ?? { vpcId, accountId: vpc?.accountId ?? '', region: vpc?.region ?? '', resolverEndpointId: '' };
      const parsed = client.cidrs.map(parseCidr);
      // Any operational inbound endpoint in the VPC answers from the VPC's private zones.
      const running = hosted.some((x) => resolversById.get(x.resolverEndpointId)?.status.toUpperCase() === 'OPERATIONAL');
      const ids = hosted.map((x) => x.resolverEndpointId).join(', ');
      const privateZone = !running ? no(`inbound Resolver endpoint(s) ${ids} are not operational`) : vpc ? attributesFact(vpc) : dnsOf(vpcId).privateZone;
      return {
        vpcId,
        accountId: first.accountId,
        region: first.region,
        cidrs: parsed.every((c) => c !== undefined) ? parsed : undefined,
        cidrText: client.cidrs.join(', '),
        sourceKey: `onprem ${client.cidrs.join(',')}`,
        fromVpc: false,
        label: `on-premises network ${client.label} through ${ids}`,
        arn: resolversById.get(first.resolverEndpointId)?.arn ?? vpcArn(vpcId, first),
        // On-premises DNS servers resolve public names themselves; only the private zone needs the Resolver.
        publicNames: YES,
        privateZone,
      };
    }
    const vpc = index.vpcs.get(vpcId);
    const at = vpc ?? endpointsByVpc.get(vpcId)?.[0] ?? client;
    const blocks = vpc ? [...vpc.cidrBlocks, ...vpc.ipv6CidrBlocks] : [];
    const parsed = blocks.map(parseCidr).filter((c): c is Cidr => c !== undefined);
    return {
      vpcId,
      accountId: at.accountId,
      region: at.region,
      cidrs: vpc && parsed.length > 0 ? parsed : undefined,
      cidrText: blocks.join(', '),
      sourceKey: vpc ? `vpc ${blocks.join(',')}` : `unread ${vpcId}`,
      fromVpc: true,
      label: `VPC ${vpcId}`,
      arn: vpcArn(vpcId, at),
      ...dnsOf(vpcId),
    };
  });

  const endpointState = cached(self<VpcEndpoint>, (e: VpcEndpoint): Outcome => {
    const problem = problemAt(index, e, 'ec2', ['DescribeVpcEndpoints']);
    if (problem) return unknown(problem, e.arn);
    if (e.state.trim().toLowerCase() !== 'available') return broken(`endpoint ${e.id} is ${e.state}${e.lastError ? `: ${e.lastError}` : ''}`, e.arn);
    return ok();
  });

  const groupArn = (e: VpcEndpoint, id: string) => index.securityGroups.get(id)?.arn ?? arns.ec2(partition, e.region, e.accountId, 'security-group', id);
  // Keyed by source ranges, not client: every VPC client with the same blocks shares the answer.
  const securityGroups = cachedPair(self<VpcEndpoint>, (at: EntryPoint) => at.sourceKey, (e: VpcEndpoint, at: EntryPoint): Outcome => {
    const problem = problemAt(index, e, 'ec2', ['DescribeVpcEndpoints']);
    if (problem) return unknown(problem, e.arn);
    if (e.securityGroupIds.length === 0) return broken(`endpoint ${e.id} has no security group: nothing reaches it on TCP 443`, e.arn);
    if (at.cidrs === undefined) return unknown(`the address ranges of ${at.label} are not known`, at.arn);
    let prefixList: string | undefined;
    for (const id of e.securityGroupIds) {
      for (const rule of index.securityGroups.get(id)?.rules.filter(admitsHttps) ?? []) {
        const source = rule.cidrIpv4 ?? rule.cidrIpv6;
        const cidr = source === undefined ? undefined : parseCidr(source);
        if (cidr && at.cidrs.some((c) => overlaps(c, cidr))) return ok(`${id} admits TCP 443 from ${source}`);
        if (rule.referencedGroupId !== undefined && at.fromVpc) return ok(`${id} admits TCP 443 from group ${rule.referencedGroupId} (admitted via group reference)`);
        if (rule.prefixListId !== undefined) prefixList ??= `the ranges of prefix list ${rule.prefixListId} (in ${id}) are not in the inventory`;
      }
    }
    const unread = unreadGroups(index, e) ?? prefixList;
    if (unread) return unknown(unread, groupArn(e, e.securityGroupIds[0] ?? ''));
    return broken(`no inbound rule of security group(s) ${e.securityGroupIds.join(', ')} of endpoint ${e.id} admits TCP 443 from ${at.cidrText}`, groupArn(e, e.securityGroupIds[0] ?? ''));
  });

  const profiles = cached(self<string>, (text: string): EndpointPolicyProfile | string => {
    const parsed = parsePolicy(text);
    return parsed.ok ? endpointPolicyProfile(parsed.policy) : `${parsed.error.message}${parsed.error.path ? ` at ${parsed.error.path}` : ''}`;
  });
  // One profile per policy text, so endpoints sharing a policy share the verdicts.
  const allowsInvoke = cachedPair(self<EndpointPolicyProfile>, self<RestApi>, (profile: EndpointPolicyProfile, api: RestApi) =>
    profile.allowsInvoke({ partition, region: api.region, accountId: api.accountId, apiId: api.id }, anonymousCallers(api) ? { principal: ANONYMOUS, context: Object.fromEntries(PRINCIPAL_KEYS.map((k) => [k, undefined])) } : {}),
  );
  const endpointPolicy = (e: VpcEndpoint, api: RestApi): Outcome => {
    const text = e.policyDocument?.trim();
    // No policy document is EC2's default: full access.
    if (!text) return ok();
    const profile = profiles(text);
    if (typeof profile === 'string') return unknown(`the policy of endpoint ${e.id} could not be understood: ${profile}`, e.arn);
    if (profile.fullAccess) return ok();
    if (allowsInvoke(profile, api)) return ok();
    const anonymous = anonymousCallers(api) ? ' to anonymous callers (no method of the API takes SigV4-signed requests)' : '';
    return broken(`the policy of endpoint ${e.id} does not allow execute-api:Invoke on API ${api.name} (${api.id})${anonymous}`, e.arn);
  };

  const lbHealth = cached(
    // The fallback only locates an ARN without a record: the ARN's own account and region come first.
    (arn: string, ports: readonly number[], _fallback: RestApi) => `${arn} ${ports.join(',')}`,
    (arn: string, ports: readonly number[], fallback: RestApi) => loadBalancerHealth(index, arn, ports, fallback),
  );
  const ownedPrivateDomains = snapshot.regional.flatMap((r) => r.domainNames).filter((d) => d.resourceOwner === 'SELF' && isPrivateDomain(d));
  const apiFacts = cached(self<RestApi>, (api: RestApi): ApiFacts => {
    const health = (arn: string, ports: readonly number[]) => lbHealth(arn, ports, api);
    const domains = ownedPrivateDomains.filter((d) => d.accountId === api.accountId && d.region === api.region && d.basePathMappings?.some((m) => m.restApiId === api.id && (api.stages === undefined || api.stages.some((st) => st.stageName === m.stage))));
    const unmapped = ownedPrivateDomains.find((d) => d.accountId === api.accountId && d.region === api.region && d.basePathMappings === undefined);
    const listing = scopeProblem(index, api, 'apigateway', ['GetDomainNames']);
    const domainsUnknown = listing ? notKnown(`the private custom domains of ${api.accountId}/${api.region}: ${listing}`) : unmapped ? notKnown(`the base path mappings of private custom domain ${unmapped.domainName} were not read`) : undefined;
    return apiFactsOf(index, api, health, domains, domainsUnknown);
  });

  const associations = new Set(snapshot.regional.flatMap((r) => r.domainNameAccessAssociations).map((a) => `${a.domainNameArn} ${a.accessAssociationSource}`));
  const domainAccess = cached(self<DomainName>, (d: DomainName): InvokeAccess | string => {
    if (!d.policy?.trim()) return `private custom domain ${d.domainName} has no invoke policy`;
    const parsed = parsePolicy(d.policy);
    return parsed.ok ? invokeAccess(parsed.policy, { executeArn: domainExecuteArn(index, d) }) : `the invoke policy of private custom domain ${d.domainName} could not be understood`;
  });
  const domainThrough = cachedPair(self<DomainName>, self<VpcEndpoint>, (d: DomainName, e: VpcEndpoint): Fact => {
    if (!associations.has(`${d.arn} ${e.id}`)) {
      // The consumer and the domain's owner both list an association: one complete listing proves there is none.
      const consumer = scopeProblem(index, e, 'apigateway', ['GetDomainNameAccessAssociations']);
      const owner = e.accountId === d.accountId && e.region === d.region ? consumer : scopeProblem(index, d, 'apigateway', ['GetDomainNameAccessAssociations']);
      if (consumer && owner) return notKnown(`whether endpoint ${e.id} is associated with private custom domain ${d.domainName}: ${[...new Set([consumer, owner])].join('; ')}`);
      return no(`endpoint ${e.id} has no access association with private custom domain ${d.domainName}`, d.arn);
    }
    if (d.status !== undefined && d.status.toUpperCase() !== 'AVAILABLE') return no(`private custom domain ${d.domainName} is ${d.status}`, d.arn);
    const found = resolveThroughEndpoint(index, d.domainName, e);
    if (found.resolved) return YES;
    if (found.unknown.length > 0) return notKnown(`whether VPC ${e.vpcId} resolves ${d.domainName}: ${[...new Set(found.unknown)].join('; ')}`);
    return no(`no private hosted zone of VPC ${e.vpcId} has a record of ${d.domainName} leading to endpoint ${e.id}`, found.zones[0]?.arn ?? d.arn);
  });

  // Rules shared through RAM are listed by their owner; associations name the VPC that uses them.
  const rulesById = new Map(snapshot.regional.flatMap((r) => r.resolverRules).map((r) => [r.id, r]));
  const forwardRulesByVpc = new Map<string, ResolverRule[]>();
  for (const a of snapshot.regional.flatMap((r) => r.resolverRuleAssociations)) {
    const rule = rulesById.get(a.resolverRuleId);
    if (rule && a.status.toUpperCase() === 'COMPLETE' && rule.ruleType.toUpperCase() === 'FORWARD' && rule.status.toUpperCase() === 'COMPLETE') push(forwardRulesByVpc, a.vpcId, rule);
  }
  const forwardedAway = (vpcId: string, name: string, zone: string): string | undefined => {
    const wanted = domainOf(name);
    const zoneName = domainOf(zone);
    // Resolver follows the most specific match; a rule naming the zone's own domain wins over the zone.
    const rule = (forwardRulesByVpc.get(vpcId) ?? [])
      .filter((r) => covers(domainOf(r.domainName), wanted) && covers(zoneName, domainOf(r.domainName)))
      .sort((a, b) => domainOf(b.domainName).length - domainOf(a.domainName).length)[0];
    if (!rule) return undefined;
    const targets = rule.targetIps.map((t) => t.ip ?? t.ipv6).filter((ip) => ip !== undefined);
    return `Resolver rule ${rule.name ?? rule.id} (${rule.id}) associated with VPC ${vpcId} forwards ${rule.domainName} to ${targets.join(', ') || 'its targets'}, ahead of the endpoint's private zone`;
  };

  const domainRefuses = (d: DomainName, e: VpcEndpoint): string | undefined => {
    const access = domainAccess(d);
    if (typeof access === 'string') return access;
    return admits(access, e) ? undefined : `the invoke policy of private custom domain ${d.domainName} does not allow endpoint ${e.id}`;
  };

  return {
    domainRefuses,
    forwardedAway,
    index,
    clients,
    clientsById,
    onPremByVpc,
    endpointsByVpc,
    endpointsByRegion,
    entry,
    apiFacts,
    endpointState,
    securityGroups,
    endpointPolicy,
    domainThrough,
  };
}

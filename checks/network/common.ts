import { arns } from '../../src/model/arn.js';
import type { CheckResult, Located, Reporter, ResourceRef } from '../../src/model/check.js';
import type { InventoryIndex } from '../../src/model/inventory-index.js';
import type { CollectionError, CollectionStatus, ResolverEndpoint, SecurityGroupRule, Service, Vpc, VpcEndpoint } from '../../src/model/inventory.js';
import { cidrFirstAddress, parseCidr } from '../../src/policy/ip.js';

/**
 * Shared reading of the EC2 inventory for the endpoint network and DNS checks (not a check: the
 * area's index lists the checks).
 */

/** ASFF resource types. */
export const VPC_ENDPOINT = 'AwsEc2VpcEndpoint';
export const VPC = 'AwsEc2Vpc';
export const SECURITY_GROUP = 'AwsEc2SecurityGroup';
export const SUBNET = 'AwsEc2Subnet';
export const REST_API = 'AwsApiGatewayRestApi';
/** Resources ASFF has no type for (DHCP option sets, Resolver endpoints). */
export const OTHER = 'Other';

/** EC2's primary listings: one that failed leaves only its own records unknown. */
const EC2_LISTINGS: ReadonlySet<string> = new Set(['DescribeVpcEndpoints', 'DescribeVpcs', 'DescribeDhcpOptions', 'DescribeSubnets']);

/** `com.amazonaws.<region>.execute-api`, and China's `cn.com.amazonaws.<region>.execute-api`. */
export function isExecuteApi(endpoint: VpcEndpoint): boolean {
  return /^(cn\.)?com\.amazonaws\.[a-z0-9-]+\.execute-api$/.test(endpoint.serviceName);
}

/** EC2 spells states in lower case, the SDK's enum capitalized: compare case-insensitively. */
export function stateOf(endpoint: VpcEndpoint): string {
  return endpoint.state.trim().toLowerCase();
}

/** Execute-api endpoints that still exist: deleted ones are POLICY-004's, not reported here. */
export function liveExecuteApiEndpoints(inventory: InventoryIndex): VpcEndpoint[] {
  return [...inventory.vpcEndpoints.values()].filter((e) => isExecuteApi(e) && stateOf(e) !== 'deleted');
}

export function endpointRef(endpoint: VpcEndpoint): ResourceRef {
  return { arn: endpoint.arn, type: VPC_ENDPOINT };
}

/** The VPC's ARN from its record when collected, else built in the given account. */
export function vpcRef(inventory: InventoryIndex, vpcId: string, at: Located): ResourceRef {
  const vpc = inventory.vpcs.get(vpcId);
  return { arn: vpc?.arn ?? arns.ec2(inventory.snapshot.partition, at.region, at.accountId, 'vpc', vpcId), type: VPC };
}

export function describeErrors(errors: readonly CollectionError[]): string {
  return errors.map((e) => `${e.operation} ${e.code}`).join(', ');
}

/**
 * Why a service's records for one account and region cannot be trusted for the given EC2
 * listings (all of a service's records when `needed` is undefined), or undefined when they can.
 * A partial collection is trusted here: the missing pieces are per resource (see errorsFor).
 */
export function scopeProblem(status: CollectionStatus | undefined, service: Service, needed?: readonly string[]): string | undefined {
  if (!status) return `${service} was not collected`;
  if (status.state === 'skipped') return `${service} collection was skipped`;
  if (status.state !== 'failed') return undefined;
  const blocking = status.errors.filter((e) => e.resource === undefined && !(needed && EC2_LISTINGS.has(e.operation) && !needed.includes(e.operation)));
  const unexplained = !status.errors.some((e) => e.resource === undefined);
  if (blocking.length === 0 && !unexplained) return undefined;
  return `${service} collection failed in ${status.accountId}/${status.region}: ${describeErrors(blocking) || 'collection failed'}`;
}

export function problemAt(inventory: InventoryIndex, at: Located, service: Service, needed?: readonly string[]): string | undefined {
  return scopeProblem(inventory.status(at.accountId, at.region, service), service, needed);
}

/**
 * Collection statuses whose failure hides records entirely, and which have no record of the kind
 * the check reports on: these get one ERROR naming the scope, since no resource can carry it.
 */
export function unreadScopes(inventory: InventoryIndex, service: Service, needed: readonly string[] | undefined, reported: readonly Located[]): Array<CollectionStatus & { reason: string }> {
  const covered = new Set(reported.flatMap((r) => [`${r.accountId}|${r.region}`, `${r.accountId}|*`]));
  return inventory.snapshot.collections.flatMap((s) => {
    if (s.service !== service || covered.has(`${s.accountId}|${s.region}`)) return [];
    const reason = scopeProblem(s, service, needed);
    return reason ? [{ ...s, reason }] : [];
  });
}

/** The ARN of "every resource of this kind" in a scope, for scope-wide ERROR results. */
export function scopeArn(inventory: InventoryIndex, at: Located, kind: string): string {
  return arns.ec2(inventory.snapshot.partition, at.region, at.accountId, kind, '*');
}

const TCP = new Set(['tcp', '6']);

/** An ingress rule that lets TCP 443 in from some source (CIDR, prefix list or referenced group). */
export function admitsHttps(rule: SecurityGroupRule): boolean {
  if (rule.isEgress) return false;
  const hasSource = Boolean(rule.cidrIpv4 || rule.cidrIpv6 || rule.prefixListId || rule.referencedGroupId);
  if (!hasSource) return false;
  const protocol = rule.ipProtocol.toLowerCase();
  if (protocol === '-1' || protocol === 'all') return true;
  if (!TCP.has(protocol)) return false;
  const from = rule.fromPort ?? -1;
  const to = rule.toPort ?? -1;
  if (from === -1 && to === -1) return true;
  return from <= 443 && 443 <= to;
}

/** 0.0.0.0/0 or ::/0 only: the organization's and on-premises ranges are deliberate sources. */
export function isInternetWide(rule: SecurityGroupRule): boolean {
  return rule.cidrIpv4?.trim() === '0.0.0.0/0' || rule.cidrIpv6?.trim() === '::/0';
}

/**
 * One result per execute-api endpoint: NOT_APPLICABLE for deleted ones, ERROR where the EC2
 * listings the check needs failed, else what `judge` says; plus one ERROR per scope whose
 * endpoints could not be listed at all.
 */
export function perEndpoint<M extends string>(
  inventory: InventoryIndex,
  report: Reporter<M>,
  needed: readonly string[],
  judge: (endpoint: VpcEndpoint, resource: ResourceRef) => CheckResult,
): CheckResult[] {
  const endpoints = [...inventory.vpcEndpoints.values()].filter(isExecuteApi);
  const results = endpoints.map((e) => {
    const resource = endpointRef(e);
    if (stateOf(e) === 'deleted') return report.notApplicable(e, resource);
    const problem = problemAt(inventory, e, 'ec2', needed);
    return problem ? report.error(e, resource, problem) : judge(e, resource);
  });
  const unread = unreadScopes(inventory, 'ec2', needed, endpoints).map((s) =>
    report.error(s, { arn: scopeArn(inventory, s, 'vpc-endpoint'), type: VPC_ENDPOINT }, `VPC endpoints were not read: ${s.reason}`),
  );
  return [...results, ...unread];
}

/** The endpoint's security groups, named by their collected ARN or one built in the endpoint's account. */
export function groupRefs(inventory: InventoryIndex, endpoint: VpcEndpoint): ResourceRef[] {
  return endpoint.securityGroupIds.map((id) => ({
    arn: inventory.securityGroups.get(id)?.arn ?? arns.ec2(inventory.snapshot.partition, endpoint.region, endpoint.accountId, 'security-group', id),
    type: SECURITY_GROUP,
  }));
}

/** Why some of the endpoint's groups have no rules to read (DescribeSecurityGroupRules failed), or undefined. */
export function unreadGroups(inventory: InventoryIndex, endpoint: VpcEndpoint): string | undefined {
  const unread = endpoint.securityGroupIds.filter((id) => !inventory.securityGroups.has(id));
  if (unread.length === 0) return undefined;
  const errors = unread.flatMap((id) => inventory.errorsFor(endpoint.accountId, endpoint.region, 'ec2', id));
  return `Rules of security group(s) ${unread.join(', ')} were not read${errors.length > 0 ? `: ${describeErrors(errors)}` : ''}`;
}

/** Live execute-api endpoints with private DNS on, the ones whose private hosted zone the VPC gets. */
export function privateDnsEndpoints(endpoints: readonly VpcEndpoint[]): VpcEndpoint[] {
  return endpoints.filter((e) => e.privateDnsEnabled);
}

export interface VpcSubject {
  id: string;
  /** undefined when the VPC holds endpoints but its record was not read. */
  vpc: Vpc | undefined;
  at: Located;
  resource: ResourceRef;
  /** The live execute-api endpoints in the VPC. */
  endpoints: VpcEndpoint[];
}

/**
 * One result per VPC (every VPC read, and every VPC holding a live execute-api endpoint): ERROR
 * where the EC2 listings the check needs failed, else what `judge` says; plus one ERROR per scope
 * with nothing to name.
 */
export function perVpc<M extends string>(
  inventory: InventoryIndex,
  report: Reporter<M>,
  needed: readonly string[],
  judge: (subject: VpcSubject) => CheckResult,
): CheckResult[] {
  const byVpc = new Map<string, VpcEndpoint[]>();
  for (const e of liveExecuteApiEndpoints(inventory)) byVpc.set(e.vpcId, [...(byVpc.get(e.vpcId) ?? []), e]);
  const ids = [...new Set([...inventory.vpcs.keys(), ...byVpc.keys()])];
  const located: Located[] = [];
  const results = ids.flatMap((id) => {
    const vpc = inventory.vpcs.get(id);
    const endpoints = byVpc.get(id) ?? [];
    const first = vpc ?? endpoints[0];
    if (!first) return [];
    const at = { accountId: first.accountId, region: first.region };
    located.push(at);
    const resource = vpcRef(inventory, id, at);
    const problem = problemAt(inventory, at, 'ec2', needed);
    return [problem ? report.error(at, resource, problem) : judge({ id, vpc, at, resource, endpoints })];
  });
  const unread = unreadScopes(inventory, 'ec2', needed, located).map((s) =>
    report.error(s, { arn: scopeArn(inventory, s, 'vpc'), type: VPC }, `VPCs and their endpoints were not read: ${s.reason}`),
  );
  return [...results, ...unread];
}

/** The Route 53 Resolver's link-local addresses, reachable from every Nitro instance. */
const RESOLVER_LINK_LOCAL = ['169.254.169.253', 'fd00:ec2::253'];

/** The addresses of a VPC's own Route 53 Resolver: the base of each IPv4 block plus two, and the link-local ones. */
export function amazonResolverAddresses(vpc: Vpc): Set<string> {
  const out = new Set(RESOLVER_LINK_LOCAL);
  for (const block of vpc.cidrBlocks) {
    const cidr = parseCidr(block);
    if (cidr?.version === 4) out.add(cidrFirstAddress({ version: 4, network: cidr.network + 2n, prefix: 32 }));
  }
  return out;
}

/**
 * The addresses of inbound Resolver endpoints (a DHCP server there forwards to the Resolver), or
 * why they are not all known; every inbound endpoint of the organization unless `inbound` is given.
 */
export function inboundResolverAddresses(inventory: InventoryIndex, inbound?: readonly ResolverEndpoint[]): { addresses: Set<string>; unknown?: string } {
  const endpoints = inbound ?? inventory.snapshot.regional.flatMap((r) => r.resolverEndpoints).filter((r) => r.direction.toUpperCase() === 'INBOUND');
  const addresses = new Set(endpoints.flatMap((r) => (r.ipAddresses ?? []).flatMap((a) => [a.ip, a.ipv6].filter((ip): ip is string => ip !== undefined))));
  const unread = inventory.snapshot.collections.flatMap((s) => (s.service === 'route53resolver' ? [scopeProblem(s, 'route53resolver')] : [])).find((p) => p !== undefined);
  const unlisted = endpoints.find((r) => r.ipAddresses === undefined);
  const unknown = unread ?? (unlisted ? `the addresses of inbound Resolver endpoint ${unlisted.id} were not read` : undefined);
  return unknown === undefined ? { addresses } : { addresses, unknown };
}

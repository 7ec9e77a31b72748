import type { CheckResult, Located, Reporter, ResourceRef } from '../../src/model/check.js';
import type { InventoryIndex } from '../../src/model/inventory-index.js';
import type { HostedZone, LoadBalancer, NetworkInterface, RecordSet, Service, TargetGroup, VpcEndpoint } from '../../src/model/inventory.js';
import { scopeProblem } from '../domains/common.js';

/**
 * Shared helpers of the load balancer, Route 53 and Resolver checks (catalog sections F and G).
 * Not a check: checks/dns/index.ts lists the checks.
 */

/** ASFF resource types. Target groups, listeners, records, health checks and Resolver resources have none. */
export const TYPES = {
  loadBalancer: 'AwsElbv2LoadBalancer',
  targetGroup: 'Other',
  listener: 'Other',
  vpc: 'AwsEc2Vpc',
  subnet: 'AwsEc2Subnet',
  securityGroup: 'AwsEc2SecurityGroup',
  networkInterface: 'AwsEc2NetworkInterface',
  vpcEndpoint: 'AwsEc2VpcEndpointService',
  hostedZone: 'AwsRoute53HostedZone',
  record: 'Other',
  healthCheck: 'Other',
  resolverEndpoint: 'Other',
  resolverRule: 'Other',
} as const;

export const ref = (arn: string, type: string): ResourceRef => ({ arn, type });

const failureText = (errors: ReadonlyArray<{ operation: string; code: string }>) => errors.map((e) => `${e.operation} ${e.code}`).join(', ') || 'collection failed';

/**
 * One ERROR per account and region (or account-wide "*" / Route 53 "global") where a service the
 * check reads failed outright: its listing is empty there, so nothing else can be reported.
 */
export function failedScopes<M extends string>(inventory: InventoryIndex, report: Reporter<M>, services: readonly Service[], type: string): CheckResult[] {
  const partition = inventory.snapshot.partition;
  return inventory.snapshot.collections
    .filter((s) => services.includes(s.service) && s.state === 'failed')
    .map((s) => report.error(s, ref(`arn:${partition}:${s.service}:${s.region}:${s.accountId}:*`, type), `${s.service} was not collected in ${s.accountId}/${s.region}: ${failureText(s.errors)}`));
}

/** Collected there, at least in part (a partial status names the resources it misses). */
export function listed(inventory: InventoryIndex, at: Located, service: Service): boolean {
  const state = inventory.status(at.accountId, at.region, service)?.state;
  return state === 'complete' || state === 'partial';
}

/** Errors of one operation in a scope (for lookups whose error names no single resource). */
export function operationErrors(inventory: InventoryIndex, at: Located, service: Service, operation: string) {
  return inventory.status(at.accountId, at.region, service)?.errors.filter((e) => e.operation === operation) ?? [];
}

export const isExecuteApiEndpoint = (e: VpcEndpoint | undefined): e is VpcEndpoint =>
  e !== undefined && e.type.toLowerCase() === 'interface' && e.state.toLowerCase() !== 'deleted' && /\.execute-api$/.test(e.serviceName);

/** Where ENIs are known: keyed by VPC and address, since private addresses repeat across VPCs. */
export class EniLookup {
  private readonly byVpcIp = new Map<string, NetworkInterface>();

  constructor(private readonly inventory: InventoryIndex) {
    for (const eni of inventory.networkInterfaces.values()) {
      for (const ip of [...eni.privateIpAddresses, ...eni.ipv6Addresses]) this.byVpcIp.set(`${eni.vpcId ?? ''}|${ip}`, eni);
    }
  }

  eni(vpcId: string | undefined, ip: string): NetworkInterface | undefined {
    return this.byVpcIp.get(`${vpcId ?? ''}|${ip}`);
  }

  /** The execute-api endpoint whose ENI holds this address in the VPC, if any. */
  executeApiEndpoint(vpcId: string | undefined, ip: string): VpcEndpoint | undefined {
    const endpoint = this.inventory.vpcEndpoints.get(this.eni(vpcId, ip)?.vpcEndpointId ?? '');
    return isExecuteApiEndpoint(endpoint) ? endpoint : undefined;
  }

  /** Every address of an endpoint's ENIs, or undefined when one of its ENIs was not collected. */
  endpointAddresses(endpoint: VpcEndpoint): string[] | undefined {
    const enis = endpoint.networkInterfaceIds.map((id) => this.inventory.networkInterfaces.get(id));
    if (enis.some((e) => e === undefined)) return undefined;
    return enis.flatMap((e) => (e ? [...e.privateIpAddresses, ...e.ipv6Addresses] : []));
  }
}

/** Targets outside the group's VPC (peered, on premises) are registered in availability zone "all". */
export const inVpcTargets = (tg: TargetGroup) => (tg.targets ?? []).filter((t) => t.availabilityZone !== 'all');

/** The execute-api endpoints whose ENI addresses a target group targets (IP target groups only). */
export function endpointsTargeted(enis: EniLookup, tg: TargetGroup): VpcEndpoint[] {
  if (tg.targetType !== 'ip') return [];
  const found = new Map<string, VpcEndpoint>();
  for (const t of inVpcTargets(tg)) {
    const endpoint = enis.executeApiEndpoint(tg.vpcId, t.targetId);
    if (endpoint) found.set(endpoint.id, endpoint);
  }
  return [...found.values()];
}

/**
 * Why the ENIs behind a group's targets may be unknown: its targets were not read, or EC2 (endpoints
 * or network interfaces) was not collected in its account and region. undefined when all is known.
 */
export function targetDataMissing(inventory: InventoryIndex, tg: TargetGroup): string | undefined {
  if (tg.targets === undefined) {
    const errors = inventory.errorsFor(tg.accountId, tg.region, 'elbv2', tg.arn);
    return `Targets of ${tg.name} were not collected: ${failureText(errors.length ? errors : [{ operation: 'DescribeTargetHealth', code: 'not collected' }])}`;
  }
  if (tg.targetType !== 'ip' || tg.targets.length === 0) return undefined;
  if (!listed(inventory, tg, 'ec2')) return `EC2 was not collected in ${tg.accountId}/${tg.region}: the ENIs behind ${tg.name}'s targets are unknown`;
  const eniErrors = [...operationErrors(inventory, tg, 'ec2', 'DescribeNetworkInterfaces'), ...operationErrors(inventory, tg, 'ec2', 'DescribeVpcEndpoints')];
  if (eniErrors.length) return `Network interfaces were not all collected in ${tg.accountId}/${tg.region}: ${failureText(eniErrors)}`;
  return undefined;
}

/**
 * Why some of these in-VPC addresses of a group may be execute-api endpoint addresses privapi did
 * not see, or undefined. The ENI lookup spans accounts (in a shared VPC an endpoint's ENIs are its
 * participant's), so an address on no known ENI, or on an ENI of an endpoint not in the inventory,
 * may belong to any account whose ENIs or endpoints in the group's region were not listed.
 */
export function unlistedAddressOwners(inventory: InventoryIndex, enis: EniLookup, tg: TargetGroup, ips: readonly string[] = inVpcTargets(tg).map((t) => t.targetId)): string | undefined {
  if (tg.targetType !== 'ip') return undefined;
  const unmatched = ips.filter((ip) => {
    if (enis.executeApiEndpoint(tg.vpcId, ip)) return false;
    const eni = enis.eni(tg.vpcId, ip);
    return eni === undefined || (eni.vpcEndpointId !== undefined && !inventory.vpcEndpoints.has(eni.vpcEndpointId));
  });
  if (unmatched.length === 0) return undefined;
  const problems = [...new Set(inventory.snapshot.collections
    .filter((s) => s.service === 'ec2' && (s.region === tg.region || s.region === '*'))
    .flatMap((s) => scopeProblem(inventory, s, 'ec2', ['DescribeNetworkInterfaces', 'DescribeVpcEndpoints']) ?? []))];
  return problems.length ? `Whether ${unmatched.join(', ')} targeted by ${tg.name} are execute-api endpoint addresses is unknown: ${problems.join('; ')}` : undefined;
}

/**
 * The walk LB-001 and LB-002 share: every IP target group that targets execute-api endpoint
 * addresses is judged with those endpoints and the related resources (its load balancers and the
 * endpoints); other groups are not applicable, a group whose targets or ENIs were not read is an
 * ERROR, and so is every scope whose ELBv2 collection failed.
 */
export function perEndpointTargetGroup<M extends string>(
  inventory: InventoryIndex,
  report: Reporter<M>,
  judge: (tg: TargetGroup, endpoints: VpcEndpoint[], at: { resource: ResourceRef; related: ResourceRef[]; enis: EniLookup }) => CheckResult,
): CheckResult[] {
  const enis = new EniLookup(inventory);
  const results = [...inventory.targetGroups.values()].map((tg) => {
    const resource = ref(tg.arn, TYPES.targetGroup);
    if (tg.targetType !== 'ip') return report.notApplicable(tg, resource);
    const missing = targetDataMissing(inventory, tg);
    if (missing !== undefined) return report.error(tg, resource, missing);
    const endpoints = endpointsTargeted(enis, tg);
    if (endpoints.length === 0) {
      const unlisted = unlistedAddressOwners(inventory, enis, tg);
      return unlisted === undefined ? report.notApplicable(tg, resource) : report.error(tg, resource, unlisted);
    }
    const related = [...tg.loadBalancerArns.map((arn) => ref(arn, TYPES.loadBalancer)), ...endpoints.map((e) => ref(e.arn, TYPES.vpcEndpoint))];
    return judge(tg, endpoints, { resource, related, enis });
  });
  return [...results, ...failedScopes(inventory, report, ['elbv2'], TYPES.targetGroup)];
}

/** A load balancer's groups, following ALB-type targets one level (an NLB in front of an ALB). */
export function groupsBehind(inventory: InventoryIndex, lb: LoadBalancer): TargetGroup[] {
  const direct = inventory.targetGroupsByLoadBalancer.get(lb.arn) ?? [];
  const chained = direct
    .filter((tg) => tg.targetType === 'alb')
    .flatMap((tg) => (tg.targets ?? []).flatMap((t) => inventory.targetGroupsByLoadBalancer.get(t.targetId) ?? []));
  return [...direct, ...chained];
}

/** Whether a load balancer fronts execute-api endpoint addresses: yes, no, or unknown (with the reason). */
export function frontsEndpoints(inventory: InventoryIndex, enis: EniLookup, lb: LoadBalancer): { endpoints: VpcEndpoint[]; groups: TargetGroup[]; missing?: string } {
  const groups = groupsBehind(inventory, lb);
  const hits = groups.map((tg) => ({ tg, endpoints: endpointsTargeted(enis, tg) })).filter((h) => h.endpoints.length > 0);
  const endpoints = [...new Map(hits.flatMap((h) => h.endpoints).map((e) => [e.id, e])).values()];
  const missing = hits.length
    ? undefined
    : (inventory.targetGroupsByLoadBalancer.get(lb.arn) ?? []).concat(groups).map((tg) => targetDataMissing(inventory, tg) ?? unlistedAddressOwners(inventory, enis, tg)).find((m) => m !== undefined) ??
      // Without its target groups a load balancer seems to front nothing; the caller may be in another account.
      scopeProblem(inventory, lb, 'elbv2', ['DescribeTargetGroups']);
  return { endpoints, groups: hits.map((h) => h.tg), ...(missing !== undefined && { missing }) };
}

// ---------- Route 53 ----------

/** Records have no ARN: the zone's ARN, then #<name>/<type>/<set identifier>. */
export const recordArn = (zone: HostedZone, record: RecordSet) => `${zone.arn}#${record.name}/${record.type}/${record.setIdentifier ?? ''}`;

export const hostedZones = (inventory: InventoryIndex): HostedZone[] => inventory.snapshot.global.flatMap((g) => g.hostedZones);

export const healthChecks = (inventory: InventoryIndex) => inventory.snapshot.global.flatMap((g) => g.healthChecks);

/** A DNS name as compared: lower case, no trailing dot, no "dualstack." prefix. */
export const normalizeName = (name: string) => name.toLowerCase().replace(/\.$/, '').replace(/^dualstack\./, '');

export const ELB_NAME = /(^|\.)elb\.(?:[a-z0-9-]+\.)?amazonaws\.com(?:\.cn)?$/;

/** The zone's records, or an ERROR naming what was not read. */
export function zoneRecords<M extends string>(inventory: InventoryIndex, report: Reporter<M>, zone: HostedZone): RecordSet[] | CheckResult {
  if (zone.records !== undefined) return zone.records;
  const errors = inventory.errorsFor(zone.accountId, zone.region, 'route53', zone.id);
  return report.error(zone, ref(zone.arn, TYPES.hostedZone), `Records of hosted zone ${zone.name} (${zone.id}) were not collected: ${failureText(errors.length ? errors : [{ operation: 'ListResourceRecordSets', code: 'not collected' }])}`);
}

export const isResult = (x: unknown): x is CheckResult => typeof x === 'object' && x !== null && 'checkId' in x;

/** The records (and their zones) that use each health check, by health check id. */
export function healthCheckUsers(inventory: InventoryIndex): Map<string, Array<{ zone: HostedZone; record: RecordSet }>> {
  const users = new Map<string, Array<{ zone: HostedZone; record: RecordSet }>>();
  for (const zone of hostedZones(inventory)) {
    for (const record of zone.records ?? []) {
      if (record.healthCheckId === undefined) continue;
      const list = users.get(record.healthCheckId) ?? [];
      list.push({ zone, record });
      users.set(record.healthCheckId, list);
    }
  }
  return users;
}

export const userRefs = (users: ReadonlyArray<{ zone: HostedZone; record: RecordSet }>): ResourceRef[] => [
  ...new Map(users.map(({ zone }) => [zone.arn, ref(zone.arn, TYPES.hostedZone)])).values(),
  ...users.map(({ zone, record }) => ref(recordArn(zone, record), TYPES.record)),
];

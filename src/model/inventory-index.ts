import type {
  Account,
  CollectionStatus,
  HostedZone,
  LoadBalancer,
  NetworkInterface,
  RestApi,
  SecurityGroup,
  Service,
  Snapshot,
  Subnet,
  TargetGroup,
  Vpc,
  VpcEndpoint,
  VpcLinkV1,
  VpcLinkV2,
  Listener,
  DhcpOptions,
} from './inventory.js';

const ALL_REGIONS = '*';

function byKey<T>(items: Iterable<T>, key: (t: T) => string): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) map.set(key(item), item);
  return map;
}

function groupBy<T>(items: Iterable<T>, keys: (t: T) => readonly string[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    for (const k of keys(item)) {
      const list = map.get(k);
      if (list) list.push(item);
      else map.set(k, [item]);
    }
  }
  return map;
}

/**
 * O(1) lookups across every account of a snapshot, built once, so checks that join records from
 * different accounts (an API in a workload account, its endpoint in the network account) never
 * scan. Ids of VPC endpoints, VPCs, subnets, groups and links are globally unique within a
 * partition, so they key alone; load balancers and target groups key by ARN.
 */
export class InventoryIndex {
  readonly accounts: ReadonlyMap<string, Account>;
  readonly restApis: readonly RestApi[];
  readonly vpcEndpoints: ReadonlyMap<string, VpcEndpoint>;
  readonly vpcs: ReadonlyMap<string, Vpc>;
  readonly dhcpOptions: ReadonlyMap<string, DhcpOptions>;
  readonly subnets: ReadonlyMap<string, Subnet>;
  readonly securityGroups: ReadonlyMap<string, SecurityGroup>;
  readonly networkInterfaces: ReadonlyMap<string, NetworkInterface>;
  readonly networkInterfacesByIp: ReadonlyMap<string, NetworkInterface>;
  readonly loadBalancers: ReadonlyMap<string, LoadBalancer>;
  readonly listenersByLoadBalancer: ReadonlyMap<string, Listener[]>;
  readonly targetGroups: ReadonlyMap<string, TargetGroup>;
  readonly targetGroupsByLoadBalancer: ReadonlyMap<string, TargetGroup[]>;
  readonly vpcLinksV1: ReadonlyMap<string, VpcLinkV1>;
  readonly vpcLinksV2: ReadonlyMap<string, VpcLinkV2>;
  readonly hostedZones: ReadonlyMap<string, HostedZone>;
  readonly vpcEndpointsByVpc: ReadonlyMap<string, VpcEndpoint[]>;
  private readonly statuses: ReadonlyMap<string, CollectionStatus>;

  constructor(readonly snapshot: Snapshot) {
    const r = snapshot.regional;
    this.accounts = byKey(snapshot.accounts, (a) => a.id);
    this.restApis = r.flatMap((x) => x.restApis);
    this.vpcEndpoints = byKey(r.flatMap((x) => x.vpcEndpoints), (e) => e.id);
    this.vpcs = byKey(r.flatMap((x) => x.vpcs), (v) => v.id);
    this.dhcpOptions = byKey(r.flatMap((x) => x.dhcpOptions), (d) => d.id);
    this.subnets = byKey(r.flatMap((x) => x.subnets), (s) => s.id);
    this.securityGroups = byKey(r.flatMap((x) => x.securityGroups), (g) => g.id);
    const enis = r.flatMap((x) => x.networkInterfaces);
    this.networkInterfaces = byKey(enis, (n) => n.id);
    this.networkInterfacesByIp = new Map(enis.flatMap((n) => [...n.privateIpAddresses, ...n.ipv6Addresses].map((ip) => [ip, n] as const)));
    this.loadBalancers = byKey(r.flatMap((x) => x.loadBalancers), (l) => l.arn);
    this.listenersByLoadBalancer = groupBy(r.flatMap((x) => x.listeners), (l) => [l.loadBalancerArn]);
    const tgs = r.flatMap((x) => x.targetGroups);
    this.targetGroups = byKey(tgs, (t) => t.arn);
    this.targetGroupsByLoadBalancer = groupBy(tgs, (t) => t.loadBalancerArns);
    this.vpcLinksV1 = byKey(r.flatMap((x) => x.vpcLinksV1), (l) => l.id);
    this.vpcLinksV2 = byKey(r.flatMap((x) => x.vpcLinksV2), (l) => l.id);
    this.hostedZones = byKey(snapshot.global.flatMap((g) => g.hostedZones), (z) => z.id);
    this.vpcEndpointsByVpc = groupBy(this.vpcEndpoints.values(), (e) => [e.vpcId]);
    this.statuses = byKey(snapshot.collections, (s) => `${s.accountId}|${s.region}|${s.service}`);
  }

  /** The collection status of a service, falling back to an account-wide failure ("*" region). */
  status(accountId: string, region: string, service: Service): CollectionStatus | undefined {
    return this.statuses.get(`${accountId}|${region}|${service}`) ?? this.statuses.get(`${accountId}|${ALL_REGIONS}|${service}`);
  }

  /** True only when the service was fully collected there; anything else must not yield a PASS. */
  isComplete(accountId: string, region: string, service: Service): boolean {
    return this.status(accountId, region, service)?.state === 'complete';
  }

  /** Errors recorded for one resource (e.g. GetStages denied for one API). */
  errorsFor(accountId: string, region: string, service: Service, resource: string): CollectionStatus['errors'] {
    return this.status(accountId, region, service)?.errors.filter((e) => e.resource === resource) ?? [];
  }

  /**
   * Account-regions where a service's listing is unknown, each with why: the collection failed,
   * was skipped (with `skipped`), or was partial with one of `operations` failing. Checks turn
   * each into a scope-level ERROR: absence of a resource there proves nothing.
   */
  unlistedScopes(services: Service | readonly Service[], opts: { skipped?: boolean; operations?: readonly string[] } = {}): Array<CollectionStatus & { reason: string }> {
    const wanted: readonly Service[] = typeof services === 'string' ? [services] : services;
    return this.snapshot.collections
      .filter((s) => wanted.includes(s.service))
      .filter((s) => s.state === 'failed' || (opts.skipped === true && s.state === 'skipped') || (opts.operations !== undefined && s.errors.some((e) => opts.operations!.includes(e.operation))))
      .map((s) => ({ ...s, reason: s.errors.map((e) => `${e.operation} ${e.code}`).join(', ') || `collection ${s.state}` }));
  }

  privateApis(): RestApi[] {
    return this.restApis.filter((api) => api.endpointConfiguration.types.includes('PRIVATE'));
  }
}

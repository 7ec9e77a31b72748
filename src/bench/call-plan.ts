import { isIP } from 'node:net';
import type { Quota } from '../aws/rate-limit.js';
import type { GlobalInventory, RegionalInventory, Snapshot } from '../model/inventory.js';

/** Pages a listing of n items needs at a page size (an empty listing still costs one call). */
export function pages(n: number, size: number): number {
  return Math.max(1, Math.ceil(n / size));
}

function chunkCount(n: number, size: number): number {
  return Math.ceil(n / size);
}

/**
 * The fewest calls that can read this region's inventory with AWS's maximum page sizes: every
 * listing's pages, plus the per-item calls AWS offers no batch form of (stages, VPC attributes,
 * target health, listeners per load balancer, …). Derived from the inventory, not from the calls
 * privapi made, so the ratio of the two measures waste.
 */
export function minimalRegionCalls(r: RegionalInventory): number {
  let calls = 0;
  // API Gateway: page size 500.
  calls += pages(r.restApis.length, 500);
  for (const api of r.restApis) {
    if (api.resources !== undefined) calls += pages(api.resources.length, 500);
    if (api.stages !== undefined) calls += 1;
    if (api.authorizers !== undefined) calls += pages(api.authorizers.length, 500);
  }
  calls += pages(r.vpcLinksV1.length, 500);
  const self = r.domainNames.filter((d) => d.resourceOwner === 'SELF');
  calls += pages(self.length, 500) + pages(r.domainNames.length - self.length, 500);
  for (const d of self) if (d.basePathMappings !== undefined) calls += pages(d.basePathMappings.length, 500);
  const selfAssociations = r.domainNameAccessAssociations.filter((a) => a.resourceOwner === 'SELF').length;
  calls += pages(selfAssociations, 500) + pages(r.domainNameAccessAssociations.length - selfAssociations, 500);
  calls += 1; // GetAccount
  calls += pages(r.vpcLinksV2.length, 500);
  // ELBv2: page size 400; listeners of the load balancers privapi follows, target health per group.
  calls += pages(r.loadBalancers.length, 400) + pages(r.targetGroups.length, 400);
  const followed = new Set([...r.listeners.map((l) => l.loadBalancerArn), ...r.targetGroups.filter((tg) => tg.targets !== undefined).flatMap((tg) => tg.loadBalancerArns)]);
  for (const arn of followed) calls += pages(r.listeners.filter((l) => l.loadBalancerArn === arn).length, 400);
  calls += r.targetGroups.filter((tg) => tg.targets !== undefined).length;
  // Route 53 Resolver: page size 100.
  calls += pages(r.resolverEndpoints.length, 100);
  for (const e of r.resolverEndpoints) if (e.ipAddresses !== undefined) calls += pages(e.ipAddresses.length, 100);
  calls += pages(r.resolverRules.length, 100) + pages(r.resolverRuleAssociations.length, 100);
  // EC2: page size 1000, filters of at most 200 values, two attribute calls per VPC.
  calls += pages(r.vpcEndpoints.length, 1000) + pages(r.vpcs.length, 1000) + 2 * r.vpcs.length;
  calls += pages(r.dhcpOptions.length, 1000) + pages(r.subnets.length, 1000);
  calls += chunkCount(r.securityGroups.length, 200);
  const eniIds = new Set(r.vpcEndpoints.flatMap((e) => e.networkInterfaceIds)).size;
  const targetIps = [...new Set(r.targetGroups.filter((tg) => tg.targetType === 'ip').flatMap((tg) => (tg.targets ?? []).map((t) => t.targetId)))];
  calls += chunkCount(eniIds, 200) + chunkCount(targetIps.filter((ip) => isIP(ip) === 4).length, 200) + chunkCount(targetIps.filter((ip) => isIP(ip) === 6).length, 200);
  return calls;
}

export function minimalGlobalCalls(g: GlobalInventory): number {
  let calls = pages(g.hostedZones.length, 100) + pages(g.healthChecks.length, 100);
  for (const zone of g.hostedZones) {
    if (zone.privateZone) calls += 1;
    calls += pages(zone.records?.length ?? 0, 300);
  }
  return calls;
}

/** Member-account calls for the whole snapshot: region discovery, every region, Route 53. */
export function minimalCalls(snapshot: Snapshot): number {
  const audited = new Set([...snapshot.regional.map((r) => r.accountId), ...snapshot.global.map((g) => g.accountId)]);
  return (
    audited.size +
    snapshot.regional.reduce((sum, r) => sum + minimalRegionCalls(r), 0) +
    snapshot.global.reduce((sum, g) => sum + minimalGlobalCalls(g), 0)
  );
}

export interface BucketUse {
  key: string;
  calls: number;
  quota: Pick<Quota, 'rate' | 'burst'>;
}

/** Seconds a token bucket needs to admit `calls`: the burst goes at once, the rest at the rate. */
export function bucketSeconds({ calls, quota }: BucketUse): number {
  return Math.max(0, calls - quota.burst) / quota.rate;
}

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { UNLIMITED_QUOTAS } from '../../src/aws/simulation/organization.js';
import { createAwsEnvironment } from '../../src/aws/environment.js';
import { generateWorld } from '../../src/aws/simulation/generator/index.js';
import { serveWorld } from '../../src/aws/simulation/organization.js';
import type { SimulationOptions } from '../../src/aws/simulation/server.js';
import { emptyRegionState, type SimWorld } from '../../src/aws/simulation/world.js';
import { collectInventory, type CollectOptions } from '../../src/collectors/run.js';
import type { Snapshot } from '../../src/model/inventory.js';
import { silentLogger } from '../helpers/collector-context.js';

const REGIONS = ['us-east-1', 'eu-west-1'];
const world = generateWorld({ seed: 11, accounts: 12, regions: REGIONS });
const PAGE = 2;
/** Fast quotas on both sides, so tests run at CPU speed while the buckets still run. */

async function run(options: SimulationOptions = {}, collect: Partial<CollectOptions> = {}, clientQuotas = UNLIMITED_QUOTAS) {
  const org = serveWorld(world, { pageSize: PAGE, quotas: UNLIMITED_QUOTAS, ...options });
  const env = await createAwsEnvironment({ ...org.aws, maxAttempts: 12, retryMode: 'standard', quotas: clientQuotas });
  const result = await collectInventory(
    {
      mode: 'organization',
      filters: {},
      assumeRole: { roleName: world.auditRoleName, callerUsesOwnCredentials: true },
      homeRegion: env.homeRegion,
      accountConcurrency: 6,
      ...collect,
    },
    { factory: env.factory, baseCredentials: env.baseCredentials, log: silentLogger, runId: 'it', version: 'test' },
  );
  return { ...result, sim: org.sim, stats: env.stats };
}

const sorted = (ids: Array<string | undefined>) => ids.filter((x): x is string => x !== undefined).sort();

/** What the collectors should find in an account-region, read straight from the generated world. */
function expectedRegion(w: SimWorld, accountId: string, region: string) {
  const state = w.accounts.find((a) => a.id === accountId)?.regions[region] ?? emptyRegionState();
  return {
    restApis: sorted(state.apigateway.restApis.map((r) => r.api.id)),
    vpcLinksV1: sorted(state.apigateway.vpcLinks.map((l) => l.id)),
    domainNames: sorted([...state.apigateway.domainNames.map((d) => d.domain.domainName), ...state.apigateway.sharedDomainNames.map((d) => d.domainName)]),
    vpcLinksV2: sorted(state.apigatewayv2.vpcLinks.map((l) => l.VpcLinkId)),
    loadBalancers: sorted(state.elbv2.loadBalancers.map((lb) => lb.LoadBalancerArn)),
    targetGroups: sorted(state.elbv2.targetGroups.map((tg) => tg.TargetGroupArn)),
    resolverEndpoints: sorted(state.route53resolver.endpoints.map((e) => e.endpoint.Id)),
    resolverRules: sorted(state.route53resolver.rules.map((r) => r.Id)),
    vpcEndpoints: sorted(state.ec2.vpcEndpoints.filter((e) => e.ServiceName?.endsWith('.execute-api')).map((e) => e.VpcEndpointId)),
    vpcs: sorted(state.ec2.vpcs.map((v) => v.vpc.VpcId)),
    subnets: sorted(state.ec2.subnets.map((s) => s.SubnetId)),
    dhcpOptions: sorted(state.ec2.dhcpOptions.map((d) => d.DhcpOptionsId)),
  };
}

function collectedRegion(snapshot: Snapshot, accountId: string, region: string) {
  const r = snapshot.regional.find((x) => x.accountId === accountId && x.region === region);
  if (!r) return undefined;
  return {
    restApis: sorted(r.restApis.map((a) => a.id)),
    vpcLinksV1: sorted(r.vpcLinksV1.map((l) => l.id)),
    domainNames: sorted(r.domainNames.map((d) => d.domainName)),
    vpcLinksV2: sorted(r.vpcLinksV2.map((l) => l.id)),
    loadBalancers: sorted(r.loadBalancers.map((lb) => lb.arn)),
    targetGroups: sorted(r.targetGroups.map((tg) => tg.arn)),
    resolverEndpoints: sorted(r.resolverEndpoints.map((e) => e.id)),
    resolverRules: sorted(r.resolverRules.map((x) => x.id)),
    vpcEndpoints: sorted(r.vpcEndpoints.map((e) => e.id)),
    vpcs: sorted(r.vpcs.map((v) => v.id)),
    subnets: sorted(r.subnets.map((s) => s.id)),
    dhcpOptions: sorted(r.dhcpOptions.map((d) => d.id)),
  };
}

function expectedGlobal(w: SimWorld, accountId: string) {
  const r53 = w.accounts.find((a) => a.id === accountId)!.route53;
  return {
    zones: sorted(r53.hostedZones.map((z) => z.zone.Id?.replace('/hostedzone/', ''))),
    records: r53.hostedZones.reduce((n, z) => n + z.records.length, 0),
    zoneVpcs: sorted(r53.hostedZones.flatMap((z) => z.vpcs.map((v) => v.VPCId))),
    healthChecks: sorted(r53.healthChecks.map((h) => h.Id)),
  };
}

function collectedGlobal(snapshot: Snapshot, accountId: string) {
  const g = snapshot.global.find((x) => x.accountId === accountId);
  if (!g) return undefined;
  return {
    zones: sorted(g.hostedZones.map((z) => z.id)),
    records: g.hostedZones.reduce((n, z) => n + (z.records?.length ?? 0), 0),
    zoneVpcs: sorted(g.hostedZones.flatMap((z) => (z.vpcs ?? []).map((v) => v.vpcId))),
    healthChecks: sorted(g.healthChecks.map((h) => h.id)),
  };
}

const active = world.accounts.filter((a) => a.status === 'ACTIVE');

function expectMatchesWorld(snapshot: Snapshot, except: ReadonlySet<string> = new Set()) {
  for (const account of active) {
    if (except.has(account.id)) continue;
    for (const region of REGIONS) {
      expect(collectedRegion(snapshot, account.id, region), `${account.id} ${region}`).toEqual(expectedRegion(world, account.id, region));
    }
    expect(collectedGlobal(snapshot, account.id), `${account.id} route53`).toEqual(expectedGlobal(world, account.id));
  }
}

beforeEach(() => {
  // The SDK's retry backoff is random * base: zero makes retries immediate, nothing else changes.
  vi.spyOn(Math, 'random').mockReturnValue(0);
});
afterEach(() => vi.restoreAllMocks());

describe('collection against the simulated organization', () => {
  it('the generated world has listings longer than a page, so pagination is exercised', () => {
    const regions = world.accounts.flatMap((a) => Object.values(a.regions));
    expect(Math.max(...regions.map((r) => r.apigateway.restApis.length))).toBeGreaterThan(PAGE);
    expect(Math.max(...regions.map((r) => r.ec2.subnets.length))).toBeGreaterThan(PAGE);
    expect(Math.max(...regions.map((r) => r.ec2.vpcEndpoints.length))).toBeGreaterThan(PAGE);
    expect(Math.max(...world.accounts.map((a) => a.route53.hostedZones.length))).toBeGreaterThan(PAGE);
    expect(world.accounts.length).toBeGreaterThan(PAGE);
  });

  it('collects exactly what was generated, every account, region and listing, through every page', async () => {
    const { snapshot, skipped, sim, stats } = await run();
    expect(snapshot.accounts.map((a) => a.id).sort()).toEqual(active.map((a) => a.id).sort());
    expect(skipped.map((s) => s.id)).toEqual(world.accounts.filter((a) => a.status !== 'ACTIVE').map((a) => a.id));
    expect(snapshot.collections.filter((c) => c.state !== 'complete')).toEqual([]);
    expectMatchesWorld(snapshot);
    expect(snapshot.regions).toEqual([...REGIONS].sort());
    expect(sim.metrics.throttled).toBe(0);
    expect(stats.totals().failed).toBe(0);
  });

  it('keeps field values intact across the wire: policies, endpoint configuration, stage variables, zone VPCs', async () => {
    const { snapshot } = await run();
    for (const account of active) {
      for (const [region, state] of Object.entries(account.regions)) {
        const r = snapshot.regional.find((x) => x.accountId === account.id && x.region === region)!;
        for (const { api, stages, resources } of state.apigateway.restApis) {
          const got = r.restApis.find((a) => a.id === api.id)!;
          expect(got.policy).toBe(api.policy);
          expect(got.endpointConfiguration.types).toEqual(api.endpointConfiguration?.types ?? []);
          expect(got.endpointConfiguration.vpcEndpointIds).toEqual(api.endpointConfiguration?.vpcEndpointIds ?? []);
          expect(got.resources?.length).toBe(resources.length);
          expect(sorted(got.stages?.map((s) => s.stageName) ?? [])).toEqual(sorted(stages.map((s) => s.stageName)));
          for (const stage of stages) expect(got.stages?.find((s) => s.stageName === stage.stageName)?.variables ?? {}).toEqual(stage.variables ?? {});
        }
      }
    }
  });

  it('is deterministic: the same seed collects to the same inventory', async () => {
    const a = await run();
    const b = await run();
    expect(b.snapshot.regional).toEqual(a.snapshot.regional);
    expect(b.snapshot.global).toEqual(a.snapshot.global);
  }, 60_000);
});

describe('injected faults become recorded collection errors, and the rest of the data is kept', () => {
  const [victim] = active.filter((a) => a.id !== world.managementAccountId);

  it('AccessDenied on one service in one account fails that service only', async () => {
    const { snapshot } = await run({ faults: { accessDenied: [{ accountId: victim!.id, service: 'route53resolver' }] } });
    const bad = snapshot.collections.filter((c) => c.state !== 'complete');
    expect(new Set(bad.map((c) => `${c.accountId}|${c.service}|${c.state}`))).toEqual(new Set([`${victim!.id}|route53resolver|failed`]));
    expect(bad.every((c) => c.errors.some((e) => e.code === 'AccessDeniedException' && e.operation === 'ListResolverEndpoints'))).toBe(true);
    expectMatchesWorld(snapshot, new Set([victim!.id]));
    const mine = snapshot.regional.filter((r) => r.accountId === victim!.id);
    expect(mine.map((r) => r.restApis.length)).toEqual(REGIONS.map((region) => victim!.regions[region]?.apigateway.restApis.length ?? 0));
  });

  it('a denied AssumeRole fails that account and no other', async () => {
    const { snapshot } = await run({ faults: { assumeRoleDenied: [victim!.id] } });
    const bad = snapshot.collections.filter((c) => c.state !== 'complete');
    expect(new Set(bad.map((c) => c.accountId))).toEqual(new Set([victim!.id]));
    expect(bad.find((c) => c.service === 'sts')?.errors[0]).toMatchObject({ operation: 'AssumeRole', code: 'AccessDenied' });
    expect(snapshot.regional.filter((r) => r.accountId === victim!.id)).toEqual([]);
    expectMatchesWorld(snapshot, new Set([victim!.id]));
  });

  it('a region not enabled for an account is skipped when asked for, and absent otherwise', async () => {
    const faults = { regionNotEnabled: [{ accountId: victim!.id, region: 'eu-west-1' }] };
    const explicit = await run({ faults }, { regions: REGIONS });
    const skipped = explicit.snapshot.collections.filter((c) => c.state === 'skipped');
    expect(new Set(skipped.map((c) => `${c.accountId}|${c.region}`))).toEqual(new Set([`${victim!.id}|eu-west-1`]));
    expect(skipped[0]?.errors[0]?.code).toBe('RegionNotEnabled');
    const discovered = await run({ faults });
    expect(discovered.snapshot.regional.filter((r) => r.accountId === victim!.id).map((r) => r.region)).toEqual(['us-east-1']);
    expect(discovered.snapshot.collections.filter((c) => c.state !== 'complete')).toEqual([]);
  });

  it('a malformed policy string reaches the inventory verbatim, for the checks to report', async () => {
    const target = active.flatMap((a) => Object.entries(a.regions).flatMap(([region, s]) => s.apigateway.restApis.map((r) => ({ accountId: a.id, region, restApiId: r.api.id! }))))[0]!;
    const { snapshot } = await run({ faults: { malformedPolicies: [{ ...target, policy: '{"Statement": [' }] } });
    const api = snapshot.regional.find((r) => r.accountId === target.accountId && r.region === target.region)!.restApis.find((a) => a.id === target.restApiId)!;
    expect(api.policy).toBe('{"Statement": [');
    expect(snapshot.collections.every((c) => c.state === 'complete')).toBe(true);
  });

  it('a throttling storm is absorbed by the SDK retries: slower, complete, nothing lost', async () => {
    const { snapshot, sim, stats } = await run({ faults: { throttlingStorm: { probability: 0.3 } } });
    expect(sim.metrics.throttled).toBeGreaterThan(50);
    expect(stats.totals().throttled).toBe(sim.metrics.throttled);
    expect(stats.totals().failed).toBe(0);
    expect(snapshot.collections.filter((c) => c.state !== 'complete')).toEqual([]);
    expectMatchesWorld(snapshot);
  });

  it('the simulation enforces AWS quotas itself: a client that ignores them is throttled and retried', async () => {
    // Backoff of 1% of the SDK's base delay: a few ms, enough for the buckets to refill between attempts.
    vi.spyOn(Math, 'random').mockReturnValue(0.01);
    const tight = { apigateway: { rate: 200, burst: 5 }, 'apigateway:GetResources': { rate: 200, burst: 2 } };
    const { snapshot, sim } = await run({ quotas: { ...UNLIMITED_QUOTAS, ...tight } }, {}, UNLIMITED_QUOTAS);
    expect(sim.metrics.errors.get('TooManyRequestsException') ?? 0).toBeGreaterThan(0);
    expect(snapshot.collections.filter((c) => c.state !== 'complete')).toEqual([]);
    expectMatchesWorld(snapshot);
  });

  it('a slow service only slows the run', async () => {
    const { snapshot } = await run({ faults: { slowServices: [{ service: 'route53resolver', latencyMs: 2 }] } }, { regions: ['us-east-1'] });
    expect(snapshot.collections.filter((c) => c.state !== 'complete')).toEqual([]);
    expect(snapshot.regional.every((r) => r.region === 'us-east-1')).toBe(true);
  });
});

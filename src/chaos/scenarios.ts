import { runScheduled } from '../hub/runs.js';
import type { ResponseFault, SimCall } from '../aws/simulation/server.js';
import type { SimRegionState, SimWorld } from '../aws/simulation/world.js';
import { observedStore, type ChaosScenario } from './harness.js';

/**
 * The faults of issue 9, each against the whole audit. Targets are picked from the generated
 * organization by rule (never by hand-written ids), so a different seed or size still hits
 * accounts that hold findings.
 */

/** Member accounts that hold resources, busiest first, so a fault there has something to lose. */
function busyAccounts(world: SimWorld): string[] {
  const weight = (a: SimWorld['accounts'][number]) =>
    Object.values(a.regions).reduce((n, r) => n + r.apigateway.restApis.length + r.ec2.vpcEndpoints.length + r.elbv2.loadBalancers.length, 0) + a.route53.hostedZones.length;
  return world.accounts
    .filter((a) => a.status === 'ACTIVE' && a.roleDeployed && a.id !== world.managementAccountId)
    .map((a) => ({ id: a.id, w: weight(a) }))
    .filter((a) => a.w > 0)
    .sort((x, y) => y.w - x.w || x.id.localeCompare(y.id))
    .map((a) => a.id);
}

/** Every `step`-th busy account: a spread, not the first few. */
function share(world: SimWorld, fraction: number): string[] {
  const busy = busyAccounts(world);
  const n = Math.max(1, Math.round(world.accounts.length * fraction));
  const step = Math.max(1, Math.floor(busy.length / n));
  return busy.filter((_, i) => i % step === 0).slice(0, n);
}

/** The first REST API with a resource policy, in a busy account. */
function apiWithPolicy(world: SimWorld): { accountId: string; region: string; restApiId: string } {
  for (const id of busyAccounts(world)) {
    const account = world.accounts.find((a) => a.id === id)!;
    for (const [region, state] of Object.entries(account.regions)) {
      const api = state.apigateway.restApis.find((r) => r.api.policy && r.api.id);
      if (api) return { accountId: id, region, restApiId: api.api.id! };
    }
  }
  throw new Error('chaos: the generated organization has no REST API with a resource policy');
}

/** The account and region holding most of something, where a damaged listing of it hurts most. */
function busiest(world: SimWorld, count: (state: SimRegionState) => number): { accountId: string; region: string } {
  const scopes = world.accounts.flatMap((a) => Object.entries(a.regions).map(([region, state]) => ({ accountId: a.id, region, n: count(state) })));
  const best = scopes.sort((x, y) => y.n - x.n || x.accountId.localeCompare(y.accountId) || x.region.localeCompare(y.region))[0];
  if (!best || best.n === 0) throw new Error('chaos: the generated organization has nothing to damage');
  return { accountId: best.accountId, region: best.region };
}

const privateApis = (s: SimRegionState) => s.apigateway.restApis.filter((r) => r.api.endpointConfiguration?.types?.includes('PRIVATE')).length;
const apiEndpoints = (s: SimRegionState) => s.ec2.vpcEndpoints.filter((e) => e.ServiceName?.endsWith('.execute-api')).length;
const loadBalancers = (s: SimRegionState) => s.elbv2.loadBalancers.length;

/** Damaged listings of the three inventories most checks stand on. */
function damaged<T>(world: SimWorld, make: (call: SimCall, listing: 'apis' | 'endpoints' | 'loadBalancers') => T) {
  const calls: Array<[SimCall, 'apis' | 'endpoints' | 'loadBalancers']> = [
    [{ ...busiest(world, privateApis), service: 'apigateway', operation: 'GetRestApis' }, 'apis'],
    [{ ...busiest(world, apiEndpoints), service: 'ec2', operation: 'DescribeVpcEndpoints' }, 'endpoints'],
    [{ ...busiest(world, loadBalancers), service: 'elbv2', operation: 'DescribeLoadBalancers' }, 'loadBalancers'],
  ];
  const faults = calls.map(([call, listing]) => make(call, listing));
  return { faults, accounts: [...new Set(calls.map(([c]) => c.accountId))], regions: [...new Set(calls.map(([c]) => c.region!))] };
}

export const chaosScenarios: readonly ChaosScenario[] = [
  {
    id: 'throttling-storm',
    fault: '50% of calls throttled',
    expectedStatus: 'COMPLETE',
    plan: (world, o) => ({ faults: { throttlingStorm: { probability: 0.5, durationMs: o.stormMs } }, accounts: world.accounts.map((a) => a.id) }),
  },
  {
    id: 'assume-role-denied',
    fault: 'AssumeRole AccessDenied, 10% of accounts',
    expectedStatus: 'INCOMPLETE',
    plan: (world) => {
      const accounts = share(world, 0.1);
      return { faults: { assumeRoleDenied: accounts }, accounts };
    },
  },
  {
    id: 'service-denied',
    fault: 'AccessDenied on one service per account',
    expectedStatus: 'INCOMPLETE',
    plan: (world) => {
      const accounts = share(world, 0.25);
      const services = ['apigateway', 'ec2', 'elbv2', 'route53'] as const;
      return { faults: { accessDenied: accounts.map((accountId, i) => ({ accountId, service: services[i % services.length]! })) }, accounts };
    },
  },
  {
    id: 'region-not-enabled',
    fault: 'a region not enabled in an account',
    expectedStatus: 'INCOMPLETE',
    plan: (world, o) => {
      const accountId = busyAccounts(world)[0]!;
      const region = o.regions.find((r) => Object.keys(world.accounts.find((a) => a.id === accountId)!.regions).includes(r)) ?? o.regions[0]!;
      return { faults: { regionNotEnabled: [{ accountId, region }] }, accounts: [accountId], regions: [region] };
    },
  },
  {
    id: 'malformed-policy',
    fault: 'a resource policy that is not JSON',
    expectedStatus: 'COMPLETE',
    plan: (world) => {
      const target = apiWithPolicy(world);
      return { faults: { malformedPolicies: [target] }, accounts: [target.accountId], regions: [target.region] };
    },
    run: async (ctx) => ({ summary: await runScheduled(await ctx.deps()), injected: 1 }),
  },
  {
    id: 'truncated-page',
    fault: 'listing responses cut in half',
    expectedStatus: 'INCOMPLETE',
    plan: (world) => {
      const { faults, accounts, regions } = damaged(world, (call): ResponseFault => ({ ...call, kind: 'truncate' }));
      return { faults: { responseFaults: faults }, accounts, regions };
    },
  },
  {
    id: 'repeated-page-token',
    fault: 'listings whose next token repeats',
    expectedStatus: 'INCOMPLETE',
    plan: (world) => {
      const { faults, accounts, regions } = damaged(world, (call) => call);
      return { faults: { repeatedPageToken: faults }, accounts, regions };
    },
  },
  {
    id: 'unknown-enum',
    fault: 'enum values the SDK does not know',
    expectedStatus: 'INCOMPLETE',
    plan: (world) => {
      const { faults, accounts, regions } = damaged(world, (call, listing): ResponseFault =>
        listing === 'apis' ? { ...call, kind: 'unknown-enum', path: 'items.*.endpointConfiguration.types', value: ['PRIVATE_FUTURE'] }
        : listing === 'endpoints' ? { ...call, kind: 'unknown-enum', path: 'VpcEndpoints.*.State', value: 'migrating' }
        : { ...call, kind: 'unknown-enum', path: 'LoadBalancers.*.Type', value: 'quantum' },
      );
      return { faults: { responseFaults: faults }, accounts, regions };
    },
  },
  {
    id: 'missing-fields',
    fault: 'records without fields AWS always sends',
    expectedStatus: 'INCOMPLETE',
    plan: (world) => {
      const { faults, accounts, regions } = damaged(world, (call, listing): ResponseFault => ({
        ...call,
        kind: 'drop-field',
        path: listing === 'apis' ? 'items.*.id' : listing === 'endpoints' ? 'VpcEndpoints.*.VpcId' : 'LoadBalancers.*.LoadBalancerArn',
      }));
      return { faults: { responseFaults: faults }, accounts, regions };
    },
  },
  {
    id: 'expired-credentials',
    fault: 'role sessions refused as expired mid-run',
    expectedStatus: 'COMPLETE',
    plan: (world) => {
      const accounts = share(world, 0.25);
      return { faults: { expireCredentials: accounts.map((accountId) => ({ accountId, afterRequests: 20 })) }, accounts };
    },
  },
  {
    id: 'caller-credentials-expired',
    fault: "the caller's own credentials expire mid-run",
    expectedStatus: 'INCOMPLETE',
    plan: (world) => ({ faults: { expireCallerAfterRequests: 16 }, accounts: world.accounts.map((a) => a.id) }),
  },
  {
    id: 'security-hub-failed-findings',
    fault: '30% of imports in FailedFindings',
    expectedStatus: 'COMPLETE',
    plan: (world) => ({ faults: { securityHubFailedFindings: { probability: 0.3 } }, accounts: world.accounts.map((a) => a.id) }),
  },
  {
    id: 'security-hub-throttling',
    fault: '50% of Security Hub calls throttled',
    expectedStatus: 'COMPLETE',
    plan: (world, o) => ({ faults: { throttlingStorm: { probability: 0.5, durationMs: o.stormMs, services: ['securityhub'] } }, accounts: world.accounts.map((a) => a.id) }),
  },
  {
    id: 'security-hub-outage',
    fault: 'Security Hub refuses every call of an account',
    expectedStatus: 'COMPLETE',
    plan: (world) => {
      const accounts = busyAccounts(world).slice(0, 1);
      return { faults: { securityHubDisabled: accounts.map((accountId) => ({ accountId })) }, accounts };
    },
  },
  {
    id: 'dynamodb-throttling',
    fault: '10% of DynamoDB requests throttled',
    expectedStatus: 'COMPLETE',
    plan: () => ({ accounts: [], affected: 'the findings table' }),
    run: async (ctx) => {
      const { store, counts } = ctx.faultyStore({ throttle: { probability: 0.1 } });
      const summary = await runScheduled(await ctx.deps({ store }));
      return { summary, injected: counts.throttled };
    },
  },
  {
    id: 'dynamodb-unprocessed-items',
    fault: 'BatchWriteItem leaves half unprocessed',
    expectedStatus: 'COMPLETE',
    plan: () => ({ accounts: [], affected: 'the findings table' }),
    run: async (ctx) => {
      const { store, counts } = ctx.faultyStore({ unprocessedShare: 0.5 });
      const summary = await runScheduled(await ctx.deps({ store }));
      return { summary, injected: counts.unprocessed };
    },
  },
  {
    id: 'dynamodb-concurrent-run',
    fault: 'a later run writes first (conditional check fails)',
    expectedStatus: 'COMPLETE',
    plan: () => ({ accounts: [], affected: 'the findings table' }),
    run: async (ctx) => {
      // Run A started first but writes last: every finding B wrote fails A's condition and B's version stays.
      let release: () => void = () => undefined;
      const laterDone = new Promise<void>((resolve) => (release = resolve));
      let superseded = 0;
      const earlierStore = observedStore(ctx.store, () => laterDone, (report) => (superseded = report.superseded.length));
      const startedAt = ctx.now();
      const earlier = runScheduled(await ctx.deps({ store: earlierStore, now: () => startedAt }));
      const later = runScheduled(await ctx.deps({ now: () => new Date(startedAt.getTime() + 3_600_000) })).finally(() => release());
      const [summary, laterSummary] = await Promise.all([earlier, later]);
      return { summary, injected: superseded, notes: [`later run ${laterSummary.status}; ${superseded} finding(s) of the earlier run superseded`] };
    },
  },
  {
    id: 'lambda-timeout',
    fault: 'Lambda time runs out mid-run',
    expectedStatus: 'INCOMPLETE',
    plan: (world) => ({ accounts: world.accounts.slice(Math.ceil(world.accounts.length / 2)).map((a) => a.id) }),
    run: async (ctx) => {
      // Plenty for the first half of the account starts, then less than the reserve the handler keeps.
      let asked = 0;
      const half = Math.ceil(ctx.world.accounts.length / 2);
      const summary = await runScheduled(await ctx.deps({ remainingMs: () => (++asked <= half ? 15 * 60_000 : 60_000) }));
      return { summary, injected: summary.accounts.failed + summary.accounts.partial };
    },
  },
  {
    id: 'worker-crash',
    fault: 'fan-out workers crash, then retried',
    expectedStatus: 'COMPLETE',
    plan: (world) => ({ accounts: world.accounts.map((a) => a.id) }),
    run: async (ctx) => {
      let crashes = 0;
      const summary = await ctx.fanOut({
        worker: async (index, attempt, run) => {
          // Batch 0 dies before it starts, batch 1 after it wrote its part: both on their first attempt.
          if (attempt === 0 && index === 0) {
            crashes++;
            throw new Error('Runtime.ExitError: the worker process exited');
          }
          const result = await run();
          if (attempt === 0 && index === 1) {
            crashes++;
            throw new Error('Sandbox.Timedout: the worker timed out after writing its part');
          }
          return result;
        },
      });
      return { summary, injected: crashes };
    },
  },
  {
    id: 'worker-fails-every-retry',
    fault: 'a fan-out batch crashes on every attempt',
    expectedStatus: 'INCOMPLETE',
    plan: (world) => ({ accounts: world.accounts.map((a) => a.id) }),
    run: async (ctx) => {
      let crashes = 0;
      const summary = await ctx.fanOut({
        worker: async (index, _attempt, run) => {
          if (index === 1) {
            crashes++;
            throw new Error('Runtime.ExitError: the worker process exited');
          }
          return run();
        },
      });
      return { summary, injected: crashes, notes: [`failed batches: ${(summary.failedBatches ?? []).join(', ')}`] };
    },
  },
  {
    id: 'run-retried',
    fault: 'the aggregate step runs twice for one run',
    expectedStatus: 'COMPLETE',
    plan: (world) => ({ accounts: world.accounts.map((a) => a.id) }),
    run: async (ctx) => ({ summary: await ctx.fanOut({ aggregateRuns: 2 }), injected: 1 }),
  },
];

import pino from 'pino';
import type { CallStats } from '../aws/call-stats.js';
import { createAwsEnvironment } from '../aws/environment.js';
import { DEFAULT_QUOTAS } from '../aws/rate-limit.js';
import { serveWorld, scaledLatency } from '../aws/simulation/organization.js';
import { generateWorld } from '../aws/simulation/generator/index.js';
import type { SimWorld } from '../aws/simulation/world.js';
import { collectInventory, type CollectOptions } from '../collectors/run.js';
import { checks } from '../../checks/index.js';
import { runCatalog } from '../engine/run-checks.js';
import { PRIVAPI_VERSION } from '../version.js';
import { bucketSeconds, minimalCalls, type BucketUse } from './call-plan.js';
import { benchFindings, type FindingsBenchResult } from './findings-run.js';
import { round } from './measure.js';
import { benchReports, type ReportBenchResult } from './report-run.js';

export interface CollectBenchOptions {
  seed: number;
  accounts: number;
  regions: readonly string[];
  latencyScale: number;
  accountConcurrency: number;
  /** Run the findings stage (diff, ASFF, DynamoDB, Security Hub) after the solo run; default true. */
  findings?: boolean;
}

export interface CollectBenchResult {
  accounts: number;
  regions: number;
  accountRegions: number;
  calls: number;
  minimalCalls: number;
  callRatio: number;
  callsPerAccountRegion: number;
  wallSeconds: number;
  /** CPU time of the whole process during the full run: close to wallSeconds means CPU-bound. */
  cpuSeconds: number;
  boundSeconds: number;
  timeRatio: number;
  busiestAccount: string;
  /** The busiest account's calls over its quotas alone, without latency. */
  rateBoundSeconds: number;
  peakRssMb: number;
  throttled: number;
  failedCalls: number;
  incompleteCollections: number;
  /** The full check catalog over the collected snapshot. */
  checks: { count: number; results: number; seconds: number };
  /** The findings pipeline over the same snapshot and results, after the collection figures are taken. */
  findings?: FindingsBenchResult;
  reports?: ReportBenchResult;
}

const silent = pino({ level: 'silent' });

/** The member-account quota buckets a call counted in CallStats draws from. */
function bucketsOf(service: string, operation: string, region: string): string[] {
  const keys = [service, `${service}:${operation}`].filter((k) => DEFAULT_QUOTAS[k] !== undefined);
  return keys.map((k) => (DEFAULT_QUOTAS[k]!.scope === 'account' ? k : `${k}|${region}`));
}

/** Per account, the seconds its busiest quota bucket needs for the calls it received. */
export function rateBounds(stats: CallStats): Map<string, number> {
  const uses = new Map<string, BucketUse>();
  for (const e of stats.all()) {
    if (e.service === 'sts' || e.service === 'organizations') continue;
    for (const bucket of bucketsOf(e.service, e.operation, e.region)) {
      const key = `${e.accountId}|${bucket}`;
      const quota = DEFAULT_QUOTAS[bucket.split('|')[0]!]!;
      const use = uses.get(key) ?? { key, calls: 0, quota };
      use.calls += e.attempts;
      uses.set(key, use);
    }
  }
  const bounds = new Map<string, number>();
  for (const use of uses.values()) {
    const account = use.key.split('|')[0]!;
    bounds.set(account, Math.max(bounds.get(account) ?? 0, bucketSeconds(use)));
  }
  return bounds;
}

async function timedCollection(world: SimWorld, opts: CollectBenchOptions, include?: string[]) {
  const org = serveWorld(world, { latencyMs: scaledLatency(opts.latencyScale) });
  const env = await createAwsEnvironment({ ...org.aws, maxAttempts: 8 });
  const collectOptions: CollectOptions = {
    mode: 'organization',
    filters: include ? { includeAccounts: include } : {},
    assumeRole: { roleName: world.auditRoleName, callerUsesOwnCredentials: true },
    homeRegion: env.homeRegion,
    accountConcurrency: opts.accountConcurrency,
  };
  const started = performance.now();
  const result = await collectInventory(collectOptions, { factory: env.factory, baseCredentials: env.baseCredentials, log: silent, runId: 'bench', version: PRIVAPI_VERSION });
  return { result, env, org, seconds: (performance.now() - started) / 1000 };
}

/**
 * Collects a generated organization with realistic latency and AWS's quotas enforced by the
 * simulation, then collects its busiest account alone in the same process: that solo run is the
 * bound (its quotas plus its latency chain, organization discovery included), so the time ratio
 * says what scheduling across accounts costs.
 */
export async function benchCollect(opts: CollectBenchOptions): Promise<CollectBenchResult> {
  const world = generateWorld({ seed: opts.seed, accounts: opts.accounts, regions: opts.regions });
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 25);
  const cpuBefore = process.cpuUsage();
  const full = await timedCollection(world, opts);
  const cpu = process.cpuUsage(cpuBefore);
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);

  const snapshot = full.result.snapshot;
  const checkStarted = performance.now();
  const catalog = runCatalog(checks, snapshot);
  const checkSeconds = (performance.now() - checkStarted) / 1000;
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const stats = full.env.stats;
  const memberCalls = stats.all().filter((e) => e.service !== 'sts' && e.service !== 'organizations').reduce((sum, e) => sum + e.attempts, 0);
  const minimal = minimalCalls(snapshot);
  const bounds = rateBounds(stats);
  const [busiestAccount, rateBoundSeconds] = [...bounds.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0] ?? ['', 0];
  const solo = await timedCollection(world, opts, [busiestAccount]);
  const accountRegions = snapshot.regional.length;
  const totals = stats.totals();
  const collected: CollectBenchResult = {
    accounts: snapshot.accounts.length,
    regions: opts.regions.length,
    accountRegions,
    calls: memberCalls,
    minimalCalls: minimal,
    callRatio: round(memberCalls / minimal, 3),
    callsPerAccountRegion: round(memberCalls / Math.max(1, accountRegions), 1),
    wallSeconds: round(full.seconds, 2),
    cpuSeconds: round((cpu.user + cpu.system) / 1e6, 2),
    boundSeconds: round(solo.seconds, 2),
    timeRatio: round(full.seconds / solo.seconds, 3),
    busiestAccount,
    rateBoundSeconds: round(rateBoundSeconds, 2),
    peakRssMb: Math.round(peakRss / 1024 / 1024),
    throttled: totals.throttled,
    failedCalls: totals.failed,
    incompleteCollections: snapshot.collections.filter((c) => c.state === 'failed' || c.state === 'partial').length,
    checks: { count: checks.length, results: catalog.results.length, seconds: round(checkSeconds, 2) },
  };
  if (opts.findings === false) return collected;
  // After every collection figure is taken (the import's calls land in the same CallStats and
  // simulation), on the full run's snapshot, results, credentials and simulated AWS.
  const findings = await benchFindings({
    snapshot,
    credentialsFor: full.result.credentialsFor,
    catalog,
    checks,
    env: full.env,
    sim: full.org.sim,
    latencyScale: opts.latencyScale,
  });
  const reports = benchReports(snapshot, checks);
  return { ...collected, findings, reports };
}


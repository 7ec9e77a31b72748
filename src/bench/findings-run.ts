// The DynamoDB bound needs requests the state store never makes (unconditional BatchWriteItem, Scan),
// so this measurement alone talks to the SDK directly; it sends nothing but to the in-process dynalite.
// eslint-disable-next-line no-restricted-imports -- benchmark-only bound, see above
import { BatchWriteCommand, DynamoDBDocumentClient, paginateScan } from '@aws-sdk/lib-dynamodb';
import pino from 'pino';
import type { AwsEnvironment } from '../aws/environment.js';
import { mapLimited } from '../aws/concurrency.js';
import { DEFAULT_QUOTAS, type Quota } from '../aws/rate-limit.js';
import { REALISTIC_LATENCY_MS, type SimulatedAws } from '../aws/simulation/server.js';
import type { CollectResult } from '../collectors/run.js';
import { coverageOf } from '../engine/coverage.js';
import { findingsToExport } from '../engine/export-plan.js';
import { countFindings, diffRun, type DiffInput, type DiffOutput } from '../engine/lifecycle.js';
import type { CatalogRun } from '../engine/run-checks.js';
import type { CheckDefinition, CheckResult } from '../model/check.js';
import { findingId, type Finding, type FindingTransition, type RunRecord } from '../model/finding.js';
import { ASFF_LIMITS, asffProblems, asffSize, importRegionOf, toAsff, type AsffContext } from '../sinks/asff.js';
import { createTableIfMissing, DEFAULT_STORE_CONCURRENCY, DynamoDbStateStore, SCAN_FROM_ACCOUNTS } from '../sinks/dynamodb-store.js';
import { expiryEpochSeconds, findingGsiKey, findingKey, runGsiKey, runKey, TTL_ATTRIBUTE, transitionKey } from '../sinks/dynamodb-table.js';
import { startLocalDynamoDb } from '../sinks/local-dynamodb.js';
import { DEFAULT_EXPORT_CONCURRENCY, exportToSecurityHub, MAX_BATCH_FINDINGS } from '../sinks/security-hub.js';
import { PRIVAPI_VERSION } from '../version.js';
import { best, round } from './measure.js';

/**
 * The findings pipeline after collection and checks, at the size the benchmark collected: the
 * lifecycle diff, ASFF conversion, the DynamoDB state store (in-process dynalite) and the Security
 * Hub import (the simulated Security Hub, at the benchmark's latency and quota). Every figure is a
 * ratio against a bound measured in the same process on the same data.
 */

export interface FindingsBenchInput {
  snapshot: CollectResult['snapshot'];
  credentialsFor: CollectResult['credentialsFor'];
  catalog: CatalogRun;
  checks: readonly CheckDefinition[];
  env: AwsEnvironment;
  sim: SimulatedAws;
  latencyScale: number;
}

export interface Timed {
  ms: number;
  boundMs: number;
  ratio: number;
}

export interface FindingsBenchResult {
  results: number;
  findings: number;
  diff: {
    /** Building a Map of the results keyed by findingId: hashing every result once. */
    boundMs: number;
    /** Against no previous state: every failing result is NEW. */
    allNew: Timed & { findings: number; new: number; transitions: number };
    /** Against the first run's findings: every one STILL_FAILING, no transitions. */
    stillFailing: Timed & { findings: number; stillFailing: number; transitions: number };
    /** ~10% of the failing resources gone, full coverage: their findings RESOLVED. */
    resolved: Timed & { results: number; removedResources: number; findings: number; resolved: number; transitions: number };
  };
  asff: Timed & { findings: number; bytes: number; boundBytes: number; largestBytes: number; limitBytes: number; invalid: number };
  dynamodb: {
    /** beginRun + saveRun of the first run, against unconditional 25-item BatchWriteItems of the same items. */
    save: Timed & { items: number; itemsPerSecond: number; boundItemsPerSecond: number; concurrency: number };
    /** loadFindings of every audited account (a Query each, or a parallel Scan from SCAN_FROM_ACCOUNTS on), against one paginated Scan of the table. */
    load: Timed & { items: number; accounts: number; method: 'Query per account' | 'parallel Scan'; scannedItems: number; itemsPerSecond: number; boundItemsPerSecond: number };
    note: string;
  };
  securityHub: {
    findings: number;
    /** (account, import region) pairs with findings. */
    pairs: number;
    calls: number;
    minimalCalls: number;
    callRatio: number;
    wallSeconds: number;
    /** The busiest pair's minimal requests alone: paced at the quota, one latency each, one after another. */
    boundSeconds: number;
    busiestPair: string;
    busiestPairCalls: number;
    timeRatio: number | null;
    /** Lower bound for any schedule sending at most `concurrency` pairs at once, each pair serially. */
    scheduleBoundSeconds: number;
    scheduleRatio: number | null;
    concurrency: number;
    throttled: number;
    failed: number;
  };
  seconds: number;
  peakRssMb: number;
  rssAfterMb: number;
}

const silent = pino({ level: 'silent' });
/** DynamoDbStateStore's default: PutItems and Queries in flight at once. */
const STORE_CONCURRENCY = DEFAULT_STORE_CONCURRENCY;
/** exportToSecurityHub's default: (account, region) pairs sent to at once. */
const EXPORT_CONCURRENCY = DEFAULT_EXPORT_CONCURRENCY;
const RETENTION_DAYS = 90;
const BATCH_WRITE_ITEMS = 25;

export const DYNALITE_NOTE =
  "dynalite is not DynamoDB: absolute times and items/s are dynalite's on this machine (in-process, sharing its CPU); the ratio (privapi's request pattern vs the cheapest pattern on the same server) is the figure that transfers";

export async function benchFindings(input: FindingsBenchInput): Promise<FindingsBenchResult> {
  const started = performance.now();
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 25);
  try {
    const { snapshot, catalog, checks } = input;
    const results = catalog.results;
    const t0 = Date.parse('2026-01-05T10:00:00.000Z');
    const at = (day: number) => new Date(t0 + day * 86_400_000).toISOString();
    const base: Omit<DiffInput, 'runId' | 'startedAt' | 'previous'> = {
      results,
      checks: new Map(checks.map((c) => [c.id, { title: c.title, remediation: c.remediation }])),
      coverage: coverageOf(snapshot, checks, results, catalog.crashed.map((c) => c.checkId)),
    };

    // 1. Lifecycle diff.
    const firstBound = best(() => keyedByFindingId(results)).ms;
    const first = best(() => diffRun({ ...base, runId: 'bench-run-1', startedAt: at(0), previous: [] }));
    const second = best(() => diffRun({ ...base, runId: 'bench-run-2', startedAt: at(1), previous: first.value.findings }));
    const failingArns = [...new Set(results.filter((r) => r.status === 'FAIL').map((r) => r.resource.arn))].sort();
    const gone = new Set(failingArns.filter((_, i) => i % 10 === 0));
    const remaining = results.filter((r) => !gone.has(r.resource.arn));
    const third = best(() => diffRun({ ...base, results: remaining, coverage: () => 'complete', runId: 'bench-run-3', startedAt: at(2), previous: second.value.findings }));
    // The bounds again after the diffs, so a GC pause or a cold JIT on either side cannot decide the ratio.
    const boundFull = Math.min(firstBound, best(() => keyedByFindingId(results)).ms);
    const boundReduced = best(() => keyedByFindingId(remaining)).ms;
    const diff: FindingsBenchResult['diff'] = {
      boundMs: round(boundFull, 1),
      allNew: { ...timed(first.ms, boundFull), findings: first.value.findings.length, new: first.value.counts.byLifecycle.NEW, transitions: first.value.transitions.length },
      stillFailing: { ...timed(second.ms, boundFull), findings: second.value.findings.length, stillFailing: second.value.counts.byLifecycle.STILL_FAILING, transitions: second.value.transitions.length },
      resolved: {
        ...timed(third.ms, boundReduced),
        results: remaining.length,
        removedResources: gone.size,
        findings: third.value.findings.length,
        resolved: third.value.counts.byLifecycle.RESOLVED,
        transitions: third.value.transitions.length,
      },
    };

    // 2. ASFF: what the Security Hub export does per finding before sending (toAsff, asffProblems,
    // asffSize for batch planning), against serialising the findings once.
    const findings = findingsToExport(first.value.findings, []);
    const asffCtx: AsffContext = { partition: snapshot.partition, runId: 'bench-run-1', version: PRIVAPI_VERSION, now: at(0), homeRegion: input.env.homeRegion };
    const converted = best(() => {
      let bytes = 0;
      let largest = 0;
      let invalid = 0;
      for (const f of findings) {
        const asff = toAsff(f, asffCtx);
        if (asffProblems(asff).length > 0) invalid++;
        const size = asffSize(asff);
        bytes += size;
        largest = Math.max(largest, size);
      }
      return { bytes, largest, invalid };
    });
    const serialised = best(() => {
      let length = 0;
      for (const f of findings) length += JSON.stringify(f).length;
      return length;
    });
    const asff: FindingsBenchResult['asff'] = {
      ...timed(converted.ms, serialised.ms),
      findings: findings.length,
      bytes: converted.value.bytes,
      boundBytes: serialised.value,
      largestBytes: converted.value.largest,
      limitBytes: ASFF_LIMITS.findingBytes,
      invalid: converted.value.invalid,
    };

    // 3. DynamoDB state store.
    const dynamodb = await benchDynamoDb(snapshot.accounts.map((a) => a.id), first.value, runRecord('bench-run-1', at(0), checks, first.value));

    // 4. Security Hub import.
    const securityHub = await benchSecurityHub(input, findings, asffCtx);

    return { results: results.length, findings: findings.length, diff, asff, dynamodb, securityHub, seconds: round((performance.now() - started) / 1000, 2), peakRssMb: mb(peakRss), rssAfterMb: mb(process.memoryUsage().rss) };
  } finally {
    clearInterval(sampler);
  }
}

/** The least any diff must do: hash every result's identity once. */
function keyedByFindingId(results: readonly CheckResult[]): Map<string, CheckResult> {
  const byId = new Map<string, CheckResult>();
  for (const r of results) byId.set(findingId(r.accountId, r.region, r.checkId, r.resource.arn), r);
  return byId;
}

function runRecord(runId: string, startedAt: string, checks: readonly CheckDefinition[], diff: DiffOutput): RunRecord {
  return {
    runId,
    startedAt,
    status: 'RUNNING',
    privapiVersion: PRIVAPI_VERSION,
    scope: { mode: 'organization', accounts: [], regions: [], checks: checks.map((c) => c.id) },
    accounts: { complete: [], partial: [], failed: [] },
    regions: { complete: 0, partial: 0, failed: 0 },
    counts: countFindings(diff.findings, 0),
    expiredMutes: [],
    problems: [],
  };
}

async function benchDynamoDb(accountIds: string[], diff: DiffOutput, run: RunRecord): Promise<FindingsBenchResult['dynamodb']> {
  const local = await startLocalDynamoDb();
  try {
    const tables = { store: 'privapi-bench', bound: 'privapi-bench-bound', warmup: 'privapi-bench-warmup' };
    for (const name of Object.values(tables)) await createTableIfMissing(local.client, name, { log: silent });
    const doc = DynamoDBDocumentClient.from(local.client, { marshallOptions: { removeUndefinedValues: true } });
    const storeOn = (tableName: string) => new DynamoDbStateStore({ client: local.client, tableName, retentionDays: RETENTION_DAYS, log: silent, concurrency: STORE_CONCURRENCY });
    const finished: RunRecord = { ...run, status: 'COMPLETE', finishedAt: run.startedAt, durationMs: 0 };

    // Warm both paths (SDK, marshalling, dynalite) on a small slice so neither pays the JIT for the other.
    const slice = { findings: diff.findings.slice(0, 50), transitions: diff.transitions.slice(0, 50) };
    const warm = storeOn(tables.warmup);
    await warm.beginRun({ ...run, runId: 'warmup' });
    await warm.saveRun({ ...finished, runId: 'warmup' }, slice.findings, slice.transitions);
    await batchWriteAll(doc, tables.warmup, tableItems({ ...finished, runId: 'warmup-bound' }, slice.findings, slice.transitions));
    await warm.loadFindings(accountIds.slice(0, 50));
    await scanCount(doc, tables.warmup);

    const store = storeOn(tables.store);
    const saveStarted = performance.now();
    await store.beginRun(run);
    const saved = await store.saveRun(finished, diff.findings, diff.transitions);
    const saveMs = performance.now() - saveStarted;
    if (saved.superseded.length > 0) throw new Error(`bench: ${saved.superseded.length} findings superseded in a fresh table`);

    const items = tableItems(finished, diff.findings, diff.transitions);
    const boundStarted = performance.now();
    await batchWriteAll(doc, tables.bound, items);
    const boundMs = performance.now() - boundStarted;

    const loadStarted = performance.now();
    const loaded = await store.loadFindings(accountIds);
    const loadMs = performance.now() - loadStarted;
    if (loaded.length !== diff.findings.length) throw new Error(`bench: loaded ${loaded.length} findings, saved ${diff.findings.length}`);
    const scanStarted = performance.now();
    const scanned = await scanCount(doc, tables.store);
    const scanMs = performance.now() - scanStarted;

    return {
      save: { items: items.length, ...timed(saveMs, boundMs), itemsPerSecond: perSecond(items.length, saveMs), boundItemsPerSecond: perSecond(items.length, boundMs), concurrency: STORE_CONCURRENCY },
      load: { items: loaded.length, accounts: new Set(accountIds).size, method: new Set(accountIds).size >= SCAN_FROM_ACCOUNTS ? 'parallel Scan' : 'Query per account', scannedItems: scanned, ...timed(loadMs, scanMs), itemsPerSecond: perSecond(loaded.length, loadMs), boundItemsPerSecond: perSecond(scanned, scanMs) },
      note: DYNALITE_NOTE,
    };
  } finally {
    await local.close();
  }
}

/** The items saveRun writes, built the way the store builds them, so the bound writes the same bytes. */
function tableItems(run: RunRecord, findings: readonly Finding[], transitions: readonly FindingTransition[]): Record<string, unknown>[] {
  return [
    ...findings.map((f) => ({
      ...findingKey(f),
      ...findingGsiKey(f),
      entity: 'FINDING',
      ...f,
      ...(f.state === 'RESOLVED' ? { [TTL_ATTRIBUTE]: expiryEpochSeconds(f.resolvedAt ?? f.updatedAt, RETENTION_DAYS) } : {}),
    })),
    ...transitions.map((t) => ({ ...transitionKey(t), entity: 'TRANSITION', ...t, [TTL_ATTRIBUTE]: expiryEpochSeconds(t.at, RETENTION_DAYS) })),
    { ...runKey(run.runId), ...runGsiKey(run), entity: 'RUN', ...run, [TTL_ATTRIBUTE]: expiryEpochSeconds(run.startedAt, RETENTION_DAYS) },
  ];
}

/** Unconditional BatchWriteItems of 25, STORE_CONCURRENCY at once, unprocessed items sent again. */
async function batchWriteAll(doc: DynamoDBDocumentClient, table: string, items: readonly Record<string, unknown>[]): Promise<void> {
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += BATCH_WRITE_ITEMS) batches.push(items.slice(i, i + BATCH_WRITE_ITEMS));
  await mapLimited(batches, STORE_CONCURRENCY, async (batch) => {
    let pending = batch.map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt >= 8) throw new Error(`bench: ${pending.length} items unprocessed after 8 BatchWriteItem attempts`);
      const out = await doc.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
      pending = (out.UnprocessedItems?.[table] ?? []) as typeof pending;
    }
  });
}

async function scanCount(doc: DynamoDBDocumentClient, table: string): Promise<number> {
  let items = 0;
  for await (const page of paginateScan({ client: doc }, { TableName: table })) items += page.Items?.length ?? 0;
  return items;
}

async function benchSecurityHub(input: FindingsBenchInput, findings: readonly Finding[], ctx: AsffContext): Promise<FindingsBenchResult['securityHub']> {
  const { env, sim } = input;
  const perPair = new Map<string, number>();
  for (const f of findings) {
    const key = `${f.accountId}|${importRegionOf(f, ctx)}`;
    perPair.set(key, (perPair.get(key) ?? 0) + 1);
  }
  const latencyMs = REALISTIC_LATENCY_MS.securityhub * input.latencyScale;
  const quota = DEFAULT_QUOTAS.securityhub!;
  const chains = [...perPair.entries()].map(([pair, n]) => {
    const calls = Math.ceil(n / MAX_BATCH_FINDINGS);
    return { pair, calls, seconds: serialPacedSeconds(calls, quota, latencyMs) };
  });
  const minimal = chains.reduce((sum, c) => sum + c.calls, 0);
  const busiest = chains.sort((a, b) => b.seconds - a.seconds || b.calls - a.calls || a.pair.localeCompare(b.pair))[0] ?? { pair: '', calls: 0, seconds: 0 };
  const scheduleBound = Math.max(busiest.seconds, chains.reduce((sum, c) => sum + c.seconds, 0) / EXPORT_CONCURRENCY);

  const importCalls = () => [...sim.metrics.calls.entries()].filter(([key]) => key.endsWith('|securityhub|BatchImportFindings')).reduce((sum, [, n]) => sum + n, 0);
  const callsBefore = importCalls();
  const throttledBefore = sim.metrics.throttled;
  const clients = new Map<string, ReturnType<AwsEnvironment['factory']['securityHub']>>();
  const clientFor = (accountId: string, region: string) => {
    const key = `${accountId}|${region}`;
    let client = clients.get(key);
    if (!client) clients.set(key, (client = env.factory.securityHub(accountId, region, input.credentialsFor(accountId))));
    return client;
  };
  const started = performance.now();
  let report;
  try {
    report = await exportToSecurityHub(findings, { clientFor, log: silent }, ctx);
  } finally {
    for (const client of clients.values()) client.destroy();
  }
  const wallSeconds = (performance.now() - started) / 1000;
  const calls = importCalls() - callsBefore;
  return {
    findings: findings.length,
    pairs: perPair.size,
    calls,
    minimalCalls: minimal,
    callRatio: round(calls / Math.max(1, minimal), 3),
    wallSeconds: round(wallSeconds, 2),
    boundSeconds: round(busiest.seconds, 2),
    busiestPair: busiest.pair,
    busiestPairCalls: busiest.calls,
    // With no latency a pair within its burst needs no time at all: there is nothing to divide by.
    timeRatio: busiest.seconds > 0 ? round(wallSeconds / busiest.seconds, 2) : null,
    scheduleBoundSeconds: round(scheduleBound, 2),
    scheduleRatio: scheduleBound > 0 ? round(wallSeconds / scheduleBound, 2) : null,
    concurrency: EXPORT_CONCURRENCY,
    throttled: sim.metrics.throttled - throttledBefore,
    failed: report.failed.length,
  };
}

/**
 * Seconds `calls` requests of one pair need when each waits for the previous response and for a
 * token of the quota's bucket (the same GCRA arithmetic as the client's limiter and the simulation).
 */
export function serialPacedSeconds(calls: number, quota: Pick<Quota, 'rate' | 'burst'>, latencyMs: number): number {
  const interval = 1000 / quota.rate;
  const tolerance = (Math.floor(quota.burst) - 1) * interval;
  let tat = Number.NEGATIVE_INFINITY;
  let t = 0;
  for (let i = 0; i < calls; i++) {
    const start = Math.max(t, tat - tolerance);
    tat = Math.max(tat, start) + interval;
    t = start + latencyMs;
  }
  return t / 1000;
}

function timed(ms: number, boundMs: number): Timed {
  return { ms: round(ms, 1), boundMs: round(boundMs, 1), ratio: round(ms / Math.max(boundMs, 0.001), 2) };
}

function perSecond(items: number, ms: number): number {
  return Math.round(items / Math.max(ms / 1000, 0.000001));
}

function mb(bytes: number): number {
  return Math.round(bytes / 1024 / 1024);
}


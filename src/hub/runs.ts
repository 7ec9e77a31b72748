import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { checks as catalog } from '../../checks/index.js';
import { audit, finishRun, newRunRecord, type AuditOptions, type AuditResult } from '../audit.js';
import type { AwsEnvironment } from '../aws/environment.js';
import { startFanOut } from '../aws/step-functions.js';
import { collectInventory, DEADLINE_CODE, notCollectedStatuses, planCollection, type CollectEnvironment, type CollectOptions } from '../collectors/run.js';
import type { CheckDefinition } from '../model/check.js';
import { BatchItem, BatchResult, FanOutInput, HUB_ENV, HubConfig, type RunPlan, type RunSummary } from '../model/hub.js';
import type { Snapshot } from '../model/inventory.js';
import { mergeSnapshots } from '../model/snapshot.js';
import { DynamoDbStateStore } from '../sinks/dynamodb-store.js';
import { putInventoryPart, putRunPlan, readInventoryParts, readRunPlan } from '../sinks/inventory-parts.js';
import type { StateStore } from '../sinks/state-store.js';
import { PRIVAPI_VERSION } from '../version.js';

/**
 * What the three hub Lambdas do, with every client passed in, so the tests run them against the
 * simulated organization and the handlers in lambda/ only read their event, context and
 * environment.
 */

export class HubConfigError extends Error {
  override readonly name = 'HubConfigError';
}

/** The hub's settings from its environment; a bad value names the variable. */
export function hubConfig(env: Readonly<Record<string, string | undefined>>): HubConfig {
  const result = HubConfig.safeParse(env);
  if (result.success) return result.data;
  throw new HubConfigError(`invalid privapi hub configuration: ${result.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`).join('; ')}`);
}

/**
 * Time kept back from the Lambda limit. In process, the checks, the Security Hub import and the
 * table writes of a whole organization still have to run after collection; a worker only has to
 * finish its accounts in flight (the slowest, the network account, measured about 70 s alone at
 * Route 53's quota) and write its part.
 */
export const RESERVE_MS = { inProcess: 5 * 60_000, worker: 3 * 60_000 } as const;

export interface HubDependencies {
  env: AwsEnvironment;
  config: HubConfig;
  log: Logger;
  /** Lambda's context.getRemainingTimeInMillis. */
  remainingMs: () => number;
  now?: () => Date;
  /** Defaults to the table named in the configuration. */
  store?: StateStore;
  checks?: readonly CheckDefinition[];
}

function collectOptions(config: HubConfig, homeRegion: string, accounts?: CollectOptions['accounts']): CollectOptions {
  return {
    mode: 'organization',
    filters: { ous: config[HUB_ENV.ous] },
    ...(config[HUB_ENV.regions].length ? { regions: config[HUB_ENV.regions] } : {}),
    // The hub account is audited through the member role like any other: its own Lambda role may read nothing.
    assumeRole: { roleName: config[HUB_ENV.roleName], rolePath: config[HUB_ENV.rolePath], externalId: config[HUB_ENV.externalId], callerUsesOwnCredentials: false },
    homeRegion,
    accountConcurrency: config[HUB_ENV.accountConcurrency],
    ...(accounts ? { accounts } : {}),
  };
}

function storeOf(deps: HubDependencies): StateStore {
  const { config, env, log } = deps;
  return deps.store ?? new DynamoDbStateStore({ client: env.factory.dynamodb(env.homeRegion, env.baseCredentials), tableName: config[HUB_ENV.table], retentionDays: config[HUB_ENV.retentionDays], log });
}

function auditOptions(deps: HubDependencies, collect: CollectOptions, store: StateStore): AuditOptions {
  return { collect, checks: deps.checks ?? catalog, store, securityHub: deps.config[HUB_ENV.securityHub] };
}

function collectEnvironment(deps: HubDependencies, runId: string, reserveMs: number): CollectEnvironment {
  return {
    factory: deps.env.factory,
    baseCredentials: deps.env.baseCredentials,
    log: deps.log.child({ runId }),
    runId,
    version: PRIVAPI_VERSION,
    ...(deps.now ? { now: deps.now } : {}),
    stopStarting: () => deps.remainingMs() < reserveMs,
  };
}

export function summarize(result: AuditResult, mode: RunSummary['mode'], extra: Partial<RunSummary> = {}): RunSummary {
  const { run } = result;
  const c = run.counts.byLifecycle;
  return {
    runId: run.runId,
    status: run.status,
    mode,
    accounts: { complete: run.accounts.complete.length, partial: run.accounts.partial.length, failed: run.accounts.failed.length },
    findings: { new: c.NEW, stillFailing: c.STILL_FAILING, resolved: c.RESOLVED, unknown: c.UNKNOWN, muted: run.counts.muted },
    ...(run.securityHub ? { securityHub: { sent: run.securityHub.sent, archived: run.securityHub.archived, failed: run.securityHub.failed } } : {}),
    ...extra,
  };
}

/**
 * The scheduled entry point: lists the organization, then audits it here when it is small (or
 * no state machine is configured), or starts the state machine over batches of accounts.
 */
export async function runScheduled(deps: HubDependencies): Promise<RunSummary> {
  const { config, env } = deps;
  const now = deps.now ?? (() => new Date());
  const runId = randomUUID();
  const startedAt = now().toISOString();
  const store = storeOf(deps);
  const base = collectOptions(config, env.homeRegion);
  const plan = await planCollection(base, collectEnvironment(deps, runId, RESERVE_MS.inProcess));
  const stateMachine = config[HUB_ENV.stateMachineArn];
  if (plan.accounts.length <= config[HUB_ENV.fanOutThreshold] || !stateMachine) {
    if (!stateMachine && plan.accounts.length > config[HUB_ENV.fanOutThreshold]) deps.log.warn({ accounts: plan.accounts.length }, `${HUB_ENV.stateMachineArn} is not set: auditing every account in this function`);
    const result = await audit(auditOptions(deps, { ...base, accounts: plan.accounts }, store), {
      env,
      log: deps.log,
      runId,
      now,
      stopStarting: () => deps.remainingMs() < RESERVE_MS.inProcess,
    });
    return summarize(result, 'in-process');
  }

  const size = config[HUB_ENV.batchSize];
  const runPlan: RunPlan = { runId, batches: [], skipped: plan.skipped };
  for (let i = 0; i < plan.accounts.length; i += size) runPlan.batches.push({ index: runPlan.batches.length, accounts: plan.accounts.slice(i, i + size) });
  const input: FanOutInput = { runId, startedAt, batches: runPlan.batches.map(({ index }) => ({ runId, startedAt, index })) };
  await store.beginRun(newRunRecord(auditOptions(deps, base, store), runId, startedAt));
  await putRunPlan(env.factory.s3(env.homeRegion, env.baseCredentials), bucketOf(config), runPlan);
  const executionArn = await startFanOut(env.factory.stepFunctions(env.homeRegion, env.baseCredentials), stateMachine, input);
  deps.log.info({ runId, batches: input.batches.length, accounts: plan.accounts.length, executionArn }, 'fan-out started');
  return {
    runId,
    status: 'RUNNING',
    mode: 'fan-out',
    accounts: { complete: 0, partial: 0, failed: 0 },
    findings: { new: 0, stillFailing: 0, resolved: 0, unknown: 0, muted: 0 },
    executionArn,
  };
}

function bucketOf(config: HubConfig): string {
  const bucket = config[HUB_ENV.bucket];
  if (!bucket) throw new HubConfigError(`${HUB_ENV.bucket} is not set: fan-out workers need the bucket for their inventory parts`);
  return bucket;
}

/** One Distributed Map item: collects its batch of accounts and leaves the inventory in S3. */
export async function runWorker(event: unknown, deps: HubDependencies): Promise<BatchResult> {
  const item = BatchItem.parse(event);
  const bucket = bucketOf(deps.config);
  const s3 = deps.env.factory.s3(deps.env.homeRegion, deps.env.baseCredentials);
  const accounts = (await readRunPlan(s3, bucket, item.runId)).batches.find((b) => b.index === item.index)?.accounts;
  if (!accounts) throw new Error(`the plan of run ${item.runId} has no batch ${item.index}`);
  const collect = collectOptions(deps.config, deps.env.homeRegion, accounts);
  const { snapshot } = await collectInventory(collect, collectEnvironment(deps, item.runId, RESERVE_MS.worker));
  const key = await putInventoryPart(s3, bucket, item.runId, item.index, snapshot);
  const notStarted = [...new Set(snapshot.collections.filter((s) => s.errors.some((e) => e.code === DEADLINE_CODE)).map((s) => s.accountId))];
  return BatchResult.parse({ index: item.index, key, accounts: accounts.length, notStarted });
}

/** Code of the accounts of a batch whose worker failed every retry. */
export const BATCH_FAILED_CODE = 'BatchFailed';

/**
 * After the Map: merges the parts the workers wrote, records the accounts of batches that left
 * none as not collected (so their findings become UNKNOWN, never resolved), and evaluates the
 * organization exactly as an in-process run does.
 */
export async function runAggregate(event: unknown, deps: HubDependencies): Promise<RunSummary> {
  const input = FanOutInput.parse(event);
  const bucket = bucketOf(deps.config);
  const store = storeOf(deps);
  const s3 = deps.env.factory.s3(deps.env.homeRegion, deps.env.baseCredentials);
  const runPlan = await readRunPlan(s3, bucket, input.runId);
  const parts = await readInventoryParts(s3, bucket, input.runId);
  const failedBatches = runPlan.batches.filter((b) => !parts.has(b.index));
  const accounts = runPlan.batches.flatMap((b) => b.accounts);
  const collect = collectOptions(deps.config, deps.env.homeRegion, accounts);
  const plan = await planCollection(collect, collectEnvironment(deps, input.runId, 0));
  const snapshots: Snapshot[] = [...parts.values()];
  if (failedBatches.length) {
    deps.log.error({ batches: failedBatches.map((b) => b.index) }, 'some batches left no inventory after every retry; their accounts are recorded as not collected');
    snapshots.push(notCollectedPart(failedBatches, plan.caller, collect.regions, input.startedAt, deps.now ?? (() => new Date())));
  }
  const snapshot = mergeSnapshots(snapshots.map((s) => ({ ...s, mode: 'organization' })));
  const run = newRunRecord(auditOptions(deps, collect, store), input.runId, input.startedAt);
  if (failedBatches.length) run.problems.push(`batch(es) ${failedBatches.map((b) => b.index).join(', ')} failed every retry: ${failedBatches.reduce((n, b) => n + b.accounts.length, 0)} account(s) not collected`);
  const result = await finishRun(auditOptions(deps, collect, store), { env: deps.env, log: deps.log, ...(deps.now ? { now: deps.now } : {}) }, run, {
    snapshot,
    skipped: runPlan.skipped,
    credentialsFor: (accountId) => plan.broker.providerFor(accountId),
  });
  return summarize(result, 'fan-out', failedBatches.length ? { failedBatches: failedBatches.map((b) => b.index) } : {});
}

function notCollectedPart(batches: RunPlan['batches'], caller: { accountId: string; partition: Snapshot['partition'] }, regions: readonly string[] | undefined, startedAt: string, now: () => Date): Snapshot {
  const accounts = batches.flatMap((b) => b.accounts);
  return {
    schemaVersion: 1,
    privapiVersion: PRIVAPI_VERSION,
    startedAt,
    finishedAt: now().toISOString(),
    partition: caller.partition,
    callerAccountId: caller.accountId,
    mode: 'organization',
    regions: [...(regions ?? [])],
    accounts,
    collections: accounts.flatMap((a) => notCollectedStatuses(a.id, regions, BATCH_FAILED_CODE, `account ${a.id} was not collected: its fan-out batch failed every retry`)),
    regional: [],
    global: [],
  };
}

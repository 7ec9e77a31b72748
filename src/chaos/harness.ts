import pino, { type Logger } from 'pino';
import { createAwsEnvironment } from '../aws/environment.js';
import { faultyDynamoDbClient, type DynamoDbFaultCounts, type DynamoDbFaultPlan } from '../aws/simulation/dynamodb-faults.js';
import { generateWorld } from '../aws/simulation/generator/index.js';
import { serveWorld, UNLIMITED_QUOTAS, type SimulatedOrganization } from '../aws/simulation/organization.js';
import type { FaultPlan } from '../aws/simulation/server.js';
import { SimulatedStepFunctions } from '../aws/simulation/step-functions.js';
import type { SimWorld } from '../aws/simulation/world.js';
import { hubConfig, runAggregate, runScheduled, runWorker, type HubDependencies } from '../hub/runs.js';
import { FanOutInput, HUB_ENV, type BatchResult, type RunSummary } from '../model/hub.js';
import type { Finding } from '../model/finding.js';
import { createTableIfMissing, DynamoDbStateStore } from '../sinks/dynamodb-store.js';
import type { LocalDynamo } from '../sinks/local-dynamodb.js';
import type { StateStore } from '../sinks/state-store.js';
import { combineDamage, hubDamage, storeDamage, type HubRecord } from './measure.js';
import type { ChaosRow } from './table.js';

/**
 * Runs one fault scenario the way the deployed hub runs: the scheduled Lambda's code path
 * (runScheduled, and the workers and aggregate step when it fans out) against the simulated
 * organization through the real SDK, with the findings table in a real DynamoDB implementation
 * (dynalite) and findings imported into the simulated Security Hub. Each scenario gets its own
 * organization and table: a clean run, the faulted run, then a clean recovery run.
 */

export interface ChaosOptions {
  seed: number;
  accounts: number;
  regions: readonly string[];
  /** How long a throttling storm lasts (the issue: a minute). */
  stormMs: number;
  log?: Logger;
}

export const DEFAULT_CHAOS: ChaosOptions = { seed: 11, accounts: 12, regions: ['us-east-1', 'eu-west-1'], stormMs: 60_000 };

const BUCKET = 'privapi-chaos-parts';
const STATE_MACHINE = 'arn:aws:states:us-east-1:111111111111:stateMachine:privapi';
const PLENTY_MS = 15 * 60_000;
const DAY_MS = 86_400_000;

/** Everything a scenario's faulted run may use. */
export interface ChaosContext {
  world: SimWorld;
  org: SimulatedOrganization;
  sfn: SimulatedStepFunctions;
  options: ChaosOptions;
  /** The findings table, through a client without faults. */
  store: DynamoDbStateStore;
  tableName: string;
  local: LocalDynamo;
  /** Hub dependencies as the scheduled Lambda builds them; `now` is the faulted run's day unless given. */
  deps(overrides?: Partial<Pick<HubDependencies, 'remainingMs' | 'store' | 'now'>> & { config?: Record<string, string> }): Promise<HubDependencies>;
  /** A store on the same table whose client injects DynamoDB faults. */
  faultyStore(plan: DynamoDbFaultPlan): { store: DynamoDbStateStore; counts: DynamoDbFaultCounts };
  /** Runs a fanned-out audit: the scheduled handler, then the Map (worker per batch, up to 3 attempts) and the aggregate step. */
  fanOut(hooks?: FanOutHooks): Promise<RunSummary>;
  /** The faulted run's clock. */
  now: () => Date;
}

export interface FanOutHooks {
  /** Replaces one worker attempt (e.g. to crash it); `run` is the real worker. */
  worker?: (index: number, attempt: number, run: () => Promise<BatchResult>) => Promise<BatchResult>;
  /** How many times the aggregate step runs (a retried step runs the same input again). */
  aggregateRuns?: number;
  config?: Record<string, string>;
}

/** What a scenario's faulted run reports back. */
export interface FaultedRun {
  summary: RunSummary;
  /** Faults that hit, when the simulation's error count does not tell (DynamoDB, crashes, conflicts). */
  injected?: number;
  notes?: string[];
}

export interface ChaosScenario {
  id: string;
  fault: string;
  /** The run status an honest audit reports under this fault. */
  expectedStatus: 'COMPLETE' | 'INCOMPLETE';
  /** The simulation's faults for the faulted run, and which accounts and regions they target. */
  plan(world: SimWorld, options: ChaosOptions): { faults?: FaultPlan; accounts: readonly string[]; regions?: readonly string[]; affected?: string };
  /** The faulted run; by default the scheduled handler in process. */
  run?(ctx: ChaosContext): Promise<FaultedRun>;
}

export async function runScenario(scenario: ChaosScenario, local: LocalDynamo, options: ChaosOptions, tableName: string): Promise<ChaosRow> {
  const log = options.log ?? pino({ level: 'silent' });
  const world = generateWorld({ seed: options.seed, accounts: options.accounts, regions: options.regions });
  const org = serveWorld(world, { quotas: UNLIMITED_QUOTAS, s3Buckets: [{ name: BUCKET, accountId: world.managementAccountId, region: 'us-east-1' }] });
  const sfn = new SimulatedStepFunctions(org.sim);
  await createTableIfMissing(local.client, tableName, { log });
  const store = new DynamoDbStateStore({ client: local.client, tableName, retentionDays: 90, log });
  const accountIds = world.accounts.map((a) => a.id);
  const homeRegion = org.aws.region!;
  let day = 0;
  const dayOf = (n: number) => () => new Date(Date.parse('2026-11-01T00:00:00.000Z') + n * DAY_MS);

  const deps: ChaosContext['deps'] = async (overrides = {}) => {
    const env = await createAwsEnvironment({ ...org.aws, requestHandler: sfn, quotas: UNLIMITED_QUOTAS });
    return {
      env,
      store: overrides.store ?? store,
      log,
      remainingMs: overrides.remainingMs ?? (() => PLENTY_MS),
      now: overrides.now ?? dayOf(day),
      config: hubConfig({
        [HUB_ENV.roleName]: world.auditRoleName,
        [HUB_ENV.table]: tableName,
        [HUB_ENV.bucket]: BUCKET,
        [HUB_ENV.stateMachineArn]: STATE_MACHINE,
        [HUB_ENV.securityHub]: 'true',
        [HUB_ENV.fanOutThreshold]: '1000',
        ...overrides.config,
      }),
    };
  };
  const hubRecords = (): HubRecord[] =>
    world.accounts.flatMap((a) => [...options.regions, ...(options.regions.includes(homeRegion) ? [] : [homeRegion])].flatMap((r) => org.sim.securityHubFindings(a.id, r).map((s) => ({ id: s.finding.Id!, recordState: s.finding.RecordState ?? 'ACTIVE' }))));
  const errorCount = () => [...org.sim.metrics.errors.values()].reduce((n, c) => n + c, 0) + org.sim.metrics.damaged;

  const cleanStart = Date.now();
  const errorsBefore = errorCount();
  const clean = await runScheduled(await deps());
  const cleanErrors = errorCount() - errorsBefore;
  const cleanMs = Date.now() - cleanStart;
  if (clean.status !== 'COMPLETE') throw new Error(`chaos ${scenario.id}: the clean run before the fault was ${clean.status}, not COMPLETE`);
  const baselineFindings = (await store.loadFindings(accountIds)).filter((f) => f.state === 'ACTIVE');
  const baseline = new Set(baselineFindings.map((f) => f.id));

  day++;
  const targets = scenario.plan(world, options);
  org.sim.setFaults(targets.faults);
  const ctx: ChaosContext = {
    world,
    org,
    sfn,
    options,
    store,
    tableName,
    local,
    deps,
    now: dayOf(day),
    faultyStore: (plan) => {
      const { client, counts } = faultyDynamoDbClient(local.endpoint, plan, options.seed);
      return { store: new DynamoDbStateStore({ client, tableName, retentionDays: 90, log }), counts };
    },
    fanOut: (hooks) => fanOut(ctx, hooks),
  };
  const faultStart = Date.now();
  const faultErrorsBefore = errorCount();
  const faulted = await (scenario.run ?? inProcess)(ctx).catch((err: unknown): FaultedRun => ({ summary: failedRun(err), notes: [`the faulted run threw ${(err as Error).name}: ${(err as Error).message}`] }));
  const faultMs = Date.now() - faultStart;
  const simHits = Math.max(0, errorCount() - faultErrorsBefore - cleanErrors);
  org.sim.setFaults(undefined);
  const runs = await store.listRuns(10);
  // A run that threw has no summary with its id; the store recorded it FAILED all the same.
  const record = runs.find((r) => r.runId === faulted.summary.runId) ?? (faulted.summary.status === 'FAILED' ? runs.find((r) => r.status === 'FAILED') : undefined);
  const told = record ? [`${record.counts.unevaluated} check result(s) ERROR`, ...record.problems.slice(0, 2).map((p) => (p.length > 160 ? `${p.slice(0, 157)}…` : p))] : ['the faulted run left no run record'];
  const afterFault = await store.loadFindings(accountIds);
  const hubAfterFault = hubDamage(baseline, hubRecords());

  day++;
  const recovery = await runScheduled(await deps({ now: dayOf(day) }));
  const afterRecovery = await store.loadFindings(accountIds);
  const pending = new Set(afterRecovery.filter((f) => f.exportPending).map((f) => f.id));
  const damage = combineDamage(
    storeDamage(baseline, afterFault),
    { ...hubAfterFault, lost: [] },
    storeDamage(baseline, afterRecovery),
    hubDamage(baseline, hubRecords(), pending),
  );
  const regions = targets.regions ?? options.regions;
  const known = new Map([...baselineFindings, ...afterFault, ...afterRecovery].map((f) => [f.id, f]));
  const describe = (kind: string, ids: readonly string[]) =>
    ids.slice(0, 5).map((id) => {
      const f = known.get(id);
      return `${kind}: ${f ? `${f.checkId} ${f.accountId} ${f.region} ${f.resource.arn}` : id}`;
    });
  const damageNotes = [...describe('lost', damage.lost), ...describe('wrongly resolved', damage.wronglyResolved), ...describe('wrongly created', damage.wronglyCreated)];
  return {
    scenario: scenario.id,
    fault: scenario.fault,
    injected: faulted.injected ?? simHits + (faulted.summary.securityHub?.failed ?? 0),
    affected: targets.affected ?? `${targets.accounts.length}/${world.accounts.length} accounts, ${regions.length === options.regions.length ? 'all regions' : regions.join(' ')}`,
    damage,
    status: faulted.summary.status,
    expectedStatus: scenario.expectedStatus,
    recovery: recovery.status,
    slowdown: faultMs / Math.max(1, cleanMs),
    heldUnknown: faulted.summary.findings.unknown,
    notes: [...damageNotes, ...(faulted.notes ?? []), ...told],
  };
}

/** A run that threw, as the Lambda's caller sees it: failed, with nothing counted. */
function failedRun(err: unknown): RunSummary {
  return { runId: `failed: ${(err as Error).message}`, status: 'FAILED', mode: 'in-process', accounts: { complete: 0, partial: 0, failed: 0 }, findings: { new: 0, stillFailing: 0, resolved: 0, unknown: 0, muted: 0 } };
}

async function inProcess(ctx: ChaosContext): Promise<FaultedRun> {
  return { summary: await runScheduled(await ctx.deps()) };
}

/** As the deployed state machine runs it: each batch's worker up to 3 times, then the aggregate step over every outcome. */
async function fanOut(ctx: ChaosContext, hooks: FanOutHooks = {}): Promise<RunSummary> {
  const config = { [HUB_ENV.fanOutThreshold]: '3', [HUB_ENV.batchSize]: '4', ...hooks.config };
  const startedBefore = ctx.sfn.started.length;
  const started = await runScheduled(await ctx.deps({ config }));
  const execution = ctx.sfn.started[startedBefore];
  if (started.mode !== 'fan-out' || !execution) throw new Error(`chaos: the scheduled handler did not fan out (${started.mode})`);
  const input = FanOutInput.parse(JSON.parse(execution.input));
  const batchResults: Array<BatchResult | { Error: string }> = [];
  for (const item of input.batches) {
    let outcome: BatchResult | { Error: string } = { Error: 'not run' };
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const deps = await ctx.deps({ config });
        const run = () => runWorker(item, deps);
        outcome = await (hooks.worker ? hooks.worker(item.index, attempt, run) : run());
        break;
      } catch (err) {
        outcome = { Error: (err as Error).message };
      }
    }
    batchResults.push(outcome);
  }
  let summary: RunSummary | undefined;
  for (let i = 0; i < (hooks.aggregateRuns ?? 1); i++) summary = await runAggregate({ ...input, batchResults }, await ctx.deps({ config }));
  return summary!;
}

/** The store of a scenario's faulted run, wrapped so the harness can hold or observe its writes. */
export function observedStore(store: StateStore, before: (findings: readonly Finding[]) => Promise<void>, after: (report: Awaited<ReturnType<StateStore['saveRun']>>) => void): StateStore {
  return {
    description: store.description,
    loadFindings: (ids) => store.loadFindings(ids),
    beginRun: (run) => store.beginRun(run),
    saveRun: async (run, findings, transitions) => {
      await before(findings);
      const report = await store.saveRun(run, findings, transitions);
      after(report);
      return report;
    },
  };
}

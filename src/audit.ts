import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { AwsEnvironment } from './aws/environment.js';
import { collectInventory, type CollectEnvironment, type CollectOptions, type CollectResult } from './collectors/run.js';
import { applyExportOutcome, findingsToExport, WORKFLOW_PENDING, workflowChanges } from './engine/export-plan.js';
import { evaluateSnapshot } from './engine/evaluate.js';
import { countFindings } from './engine/lifecycle.js';
import { expiringSoon, type LocatedEntry } from './engine/mutelist.js';
import { collectionOutcome } from './engine/run-record.js';
import type { CheckDefinition, CheckResult } from './model/check.js';
import type { Finding, FindingTransition, RunRecord } from './model/finding.js';
import type { SkippedAccount } from './aws/organization.js';
import type { Snapshot } from './model/inventory.js';
import { exportToSecurityHub, syncWorkflow, type SecurityHubReport, type WorkflowReport } from './sinks/security-hub.js';
import type { StateStore } from './sinks/state-store.js';
import { PRIVAPI_VERSION } from './version.js';

/**
 * One audit: collect, check, diff against the previous state, export, record. The CLI and the
 * Lambda handlers call this and only this, so both produce the same findings.
 */

export interface AuditOptions {
  collect: CollectOptions;
  /** The checks to run; the run touches only their findings. */
  checks: readonly CheckDefinition[];
  mutelist?: readonly LocatedEntry[];
  /** Previous state and history; without one every failing result is NEW and nothing resolves. */
  store?: StateStore;
  securityHub?: boolean;
  /** Mutelist entries expiring within this many days are reported (default 14). */
  muteWarningDays?: number;
}

export interface AuditDependencies {
  env: AwsEnvironment;
  log: Logger;
  runId?: string;
  now?: () => Date;
  /** True once no new account may start (a Lambda near its timeout); those accounts become UNKNOWN, never resolved. */
  stopStarting?: () => boolean;
  /** Collection progress, for the CLI's progress display. */
  progress?: Pick<CollectEnvironment, 'onPlanned' | 'onAccountDone'>;
}

export interface AuditResult {
  run: RunRecord;
  snapshot: Snapshot;
  skipped: SkippedAccount[];
  results: CheckResult[];
  /** Every finding record this run wrote (changed by the diff or by delivery). */
  findings: Finding[];
  transitions: FindingTransition[];
  /** What was (or, without --securityhub, would have been) sent to Security Hub. */
  exported: Finding[];
  securityHub?: SecurityHubReport;
  /** Mutelist entries about to expire, for the run's warnings. */
  mutesExpiringSoon: string[];
}

/** The RUNNING record a run starts with; the fan-out path writes it before the workers start. */
export function newRunRecord(opts: Pick<AuditOptions, 'collect' | 'checks'>, runId: string, startedAt: string): RunRecord {
  return {
    runId,
    startedAt,
    status: 'RUNNING',
    privapiVersion: PRIVAPI_VERSION,
    scope: { mode: opts.collect.mode, accounts: [], regions: [], checks: opts.checks.map((c) => c.id) },
    accounts: { complete: [], partial: [], failed: [] },
    regions: { complete: 0, partial: 0, failed: 0 },
    counts: countFindings([], 0),
    expiredMutes: [],
    problems: [],
  };
}

/** One whole audit in this process: collect, then evaluate and record. */
export async function audit(opts: AuditOptions, deps: AuditDependencies): Promise<AuditResult> {
  const now = deps.now ?? (() => new Date());
  const run = newRunRecord(opts, deps.runId ?? randomUUID(), now().toISOString());
  const log = deps.log.child({ runId: run.runId });
  await opts.store?.beginRun(run);
  return recordingFailure(opts.store, run, now, log, async () => {
    const collected = await collectInventory(opts.collect, {
      factory: deps.env.factory,
      baseCredentials: deps.env.baseCredentials,
      log,
      runId: run.runId,
      version: PRIVAPI_VERSION,
      now,
      ...(deps.stopStarting ? { stopStarting: deps.stopStarting } : {}),
      ...deps.progress,
    });
    return evaluateRun(opts, deps, run, collected);
  });
}

/**
 * The second half of a fanned-out run: the workers collected the accounts in batches, and the
 * merged inventory is evaluated here exactly as an in-process audit evaluates its own.
 */
export async function finishRun(opts: AuditOptions, deps: AuditDependencies, run: RunRecord, collected: Collected): Promise<AuditResult> {
  const now = deps.now ?? (() => new Date());
  return recordingFailure(opts.store, run, now, deps.log.child({ runId: run.runId }), () => evaluateRun(opts, deps, run, collected));
}

async function recordingFailure(store: StateStore | undefined, run: RunRecord, now: () => Date, log: Logger, work: () => Promise<AuditResult>): Promise<AuditResult> {
  try {
    return await work();
  } catch (err) {
    await recordFailure(store, run, err, now, log);
    throw err;
  }
}

/** A run that died is recorded as FAILED with the reason, never left RUNNING; its findings stay as they were. */
async function recordFailure(store: StateStore | undefined, run: RunRecord, err: unknown, now: () => Date, log: Logger): Promise<void> {
  if (!store) return;
  const e = err as Error;
  const finishedAt = now();
  const failed: RunRecord = { ...run, status: 'FAILED', finishedAt: finishedAt.toISOString(), durationMs: finishedAt.getTime() - Date.parse(run.startedAt), problems: [...run.problems, `${e.name}: ${e.message}`] };
  try {
    await store.saveRun(failed, [], []);
  } catch (saveErr) {
    log.error({ err: (saveErr as Error).message }, `run ${run.runId} failed and could not be recorded as FAILED in ${store.description}`);
  }
}

/** What collection hands to evaluation: the inventory, who was skipped, and each account's credentials. */
export type Collected = Pick<CollectResult, 'snapshot' | 'skipped' | 'credentialsFor'>;

async function evaluateRun(opts: AuditOptions, deps: AuditDependencies, run: RunRecord, collected: Collected): Promise<AuditResult> {
  const { runId, startedAt } = run;
  const now = deps.now ?? (() => new Date());
  const log = deps.log.child({ runId });
  const { snapshot } = collected;
  const previous = opts.store ? await opts.store.loadFindings(snapshot.accounts.map((a) => a.id)) : [];
  const mutelist = opts.mutelist ?? [];
  const evaluation = evaluateSnapshot({ snapshot, checks: opts.checks, runId, startedAt, previous, mutelist });
  const { expiredHits } = evaluation;
  const today = startedAt.slice(0, 10);
  run.expiredMutes = mutelist
    .filter((e) => expiredHits.has(e.where))
    .map((e) => `${e.where} (${e.entry.check}, owner ${e.entry.owner}) expired on ${e.entry.expires} and no longer mutes: ${expiredHits.get(e.where)} finding(s) it covered are active again`);
  for (const message of run.expiredMutes) log.warn(message);

  let exported = findingsToExport(evaluation.findings, previous);
  let securityHub: SecurityHubReport | undefined;
  if (opts.securityHub) {
    const clients = new Map<string, ReturnType<AwsEnvironment['factory']['securityHub']>>();
    const clientFor = (accountId: string, region: string) => {
      const key = `${accountId}|${region}`;
      let client = clients.get(key);
      if (!client) clients.set(key, (client = deps.env.factory.securityHub(accountId, region, collected.credentialsFor(accountId))));
      return client;
    };
    const ctx = { partition: snapshot.partition, runId, version: PRIVAPI_VERSION, now: now().toISOString(), homeRegion: opts.collect.homeRegion };
    let workflow: WorkflowReport;
    try {
      securityHub = await exportToSecurityHub(exported, { clientFor, log }, ctx);
      // After the import, never alongside it: concurrent updates of one finding fail (ConcurrentUpdateError).
      workflow = await syncWorkflow(workflowChanges(exported, securityHub.accepted, previous), { clientFor, log }, ctx);
    } finally {
      for (const client of clients.values()) client.destroy();
    }
    exported = applyExportOutcome(exported, securityHub, { runId, startedAt });
    exported = applyExportOutcome(exported, { accepted: [], failed: workflow.failed.map((f) => ({ ...f, code: `${WORKFLOW_PENDING} ${f.code}` })) }, { runId, startedAt });
    if (workflow.failed.length) run.problems.push(`${workflow.failed.length} finding(s) did not get their workflow status (SUPPRESSED or NEW) in Security Hub; it is set again on the next run`);
    const owedBefore = new Set(previous.filter((p) => p.exportPending).map((p) => p.id));
    const retried = exported.filter((f) => owedBefore.has(f.id)).length;
    run.securityHub = { sent: securityHub.sent, archived: securityHub.archived, failed: securityHub.failed.length, retriedFromEarlierRuns: retried, workflowUpdated: workflow.updated };
    if (securityHub.failed.length) run.problems.push(`${securityHub.failed.length} finding(s) could not be imported into Security Hub; they are kept and sent again on the next run`);
  }

  const findings = mergeById(evaluation.findings, opts.securityHub ? exported : []);
  const outcome = collectionOutcome(snapshot);
  for (const c of evaluation.crashed) run.problems.push(c.message);
  const finishedAt = now();
  Object.assign(run, {
    finishedAt: finishedAt.toISOString(),
    durationMs: finishedAt.getTime() - Date.parse(startedAt),
    status: outcome.accounts.partial.length || outcome.accounts.failed.length || evaluation.crashed.length ? 'INCOMPLETE' : 'COMPLETE',
    scope: { ...run.scope, accounts: snapshot.accounts.map((a) => a.id), regions: snapshot.regions },
    accounts: outcome.accounts,
    regions: outcome.regions,
    counts: evaluation.counts,
  } satisfies Partial<RunRecord>);
  if (opts.store) {
    const saved = await opts.store.saveRun(run, findings, evaluation.transitions);
    if (saved.superseded.length) log.warn({ superseded: saved.superseded.length }, 'a run that started later already recorded some findings; its version was kept');
  }
  const soon = expiringSoon(mutelist, today, opts.muteWarningDays ?? 14).map((e) => `${e.where} (${e.entry.check}, owner ${e.entry.owner}) expires on ${e.entry.expires}`);
  return { run, snapshot, skipped: collected.skipped, results: evaluation.results, findings, transitions: evaluation.transitions, exported, ...(securityHub ? { securityHub } : {}), mutesExpiringSoon: soon };
}

function mergeById(base: readonly Finding[], updates: readonly Finding[]): Finding[] {
  const byId = new Map(base.map((f) => [f.id, f]));
  for (const f of updates) byId.set(f.id, f);
  return [...byId.values()];
}

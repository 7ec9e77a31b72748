import type { SkippedAccount } from '../aws/organization.js';
import { evaluateSnapshot } from '../engine/evaluate.js';
import type { LocatedEntry } from '../engine/mutelist.js';
import type { CheckDefinition, CheckResult } from '../model/check.js';
import type { Finding, RunRecord } from '../model/finding.js';
import type { Snapshot } from '../model/inventory.js';
import { PRIVAPI_VERSION } from '../version.js';
import { summarizeCollection } from './collection.js';
import type { CollectionRow, Report } from './model.js';

/** The collection rows of a snapshot, with accounts skipped before collection as rows of their own. */
export function collectionRows(snapshot: Snapshot, skipped: readonly SkippedAccount[] = []): CollectionRow[] {
  return [...summarizeCollection(snapshot.collections), ...skipped.map((s) => ({ accountId: s.id, region: '-', state: 'skipped' as const, problems: [`${s.name}: ${s.reason}`] }))];
}

/** The report of an audit that just ran. */
export function reportFromAudit(
  result: { run: RunRecord; snapshot: Snapshot; skipped: readonly SkippedAccount[]; results: CheckResult[]; findings: Finding[] },
  opts: { homeRegion: string; generatedAt: string },
): Report {
  return {
    generatedAt: opts.generatedAt,
    privapiVersion: PRIVAPI_VERSION,
    source: { kind: 'audit', runId: result.run.runId },
    partition: result.snapshot.partition,
    homeRegion: opts.homeRegion,
    run: result.run,
    findings: result.findings,
    results: result.results,
    collection: collectionRows(result.snapshot, result.skipped),
    snapshot: result.snapshot,
  };
}

/**
 * A saved snapshot evaluated offline: no previous state, so every failing result is a NEW
 * finding and nothing is resolved.
 */
export function reportFromSnapshot(
  snapshot: Snapshot,
  opts: { file: string; checks: readonly CheckDefinition[]; mutelist?: readonly LocatedEntry[]; homeRegion: string; generatedAt: string; runId: string; skipped?: readonly SkippedAccount[] },
): Report {
  const evaluation = evaluateSnapshot({ snapshot, checks: opts.checks, runId: opts.runId, startedAt: snapshot.startedAt, ...(opts.mutelist ? { mutelist: opts.mutelist } : {}) });
  return {
    generatedAt: opts.generatedAt,
    privapiVersion: PRIVAPI_VERSION,
    source: { kind: 'snapshot', file: opts.file },
    partition: snapshot.partition,
    homeRegion: opts.homeRegion,
    findings: evaluation.findings,
    results: evaluation.results,
    collection: collectionRows(snapshot, opts.skipped),
    snapshot,
  };
}

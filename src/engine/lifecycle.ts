import { SEVERITIES, type CheckResult, type Severity } from '../model/check.js';
import { findingId, LIFECYCLES, type Finding, type FindingTransition, type Lifecycle, type Mute, type Resolution, type RunRecord } from '../model/finding.js';
import type { CoverageOf } from './coverage.js';

/**
 * The lifecycle diff: this run's results against the findings recorded before, per finding id.
 *
 *   result now          previous ACTIVE          previous RESOLVED / none
 *   FAIL                STILL_FAILING            NEW (a recurrence starts a new occurrence)
 *   PASS, N/A           RESOLVED                 —
 *   ERROR               UNKNOWN                  —
 *   none, complete      RESOLVED (resource gone) —
 *   none, incomplete    UNKNOWN                  —
 *   none, outside       untouched                untouched
 *
 * RESOLVED therefore needs either a conclusive result for the resource or complete inventory for
 * the exact (account, region, check); a failed or partial collection can only ever give UNKNOWN,
 * and a run restricted to some checks, accounts or regions never touches the rest.
 */

export interface CheckText {
  title: string;
  remediation: { text: string; url: string };
}

export interface DiffInput {
  runId: string;
  /** ISO start of the run: the observation time of everything it saw. */
  startedAt: string;
  results: readonly CheckResult[];
  checks: ReadonlyMap<string, CheckText>;
  coverage: CoverageOf;
  previous: readonly Finding[];
  /** The mutelist decision for a failing result. */
  muteOf?: (result: CheckResult) => Mute | undefined;
}

export interface DiffOutput {
  /** Every record this run created or changed; previous findings outside its scope are not here. */
  findings: Finding[];
  transitions: FindingTransition[];
  counts: RunRecord['counts'];
}

export function diffRun(input: DiffInput): DiffOutput {
  const { runId, startedAt } = input;
  const previous = new Map(input.previous.map((f) => [f.id, f]));
  const out = new Map<string, Finding>();
  const transitions: FindingTransition[] = [];
  let unevaluated = 0;

  const record = (next: Finding, before: Finding | undefined, note?: string) => {
    out.set(next.id, next);
    const from: Lifecycle | 'NONE' = before === undefined ? 'NONE' : before.state === 'RESOLVED' && next.lifecycle === 'NEW' ? 'RESOLVED' : before.lifecycle;
    const muteNote = muteChange(before?.muted, next.muted);
    if (from !== next.lifecycle || muteNote || note) {
      transitions.push({
        findingId: next.id,
        checkId: next.checkId,
        accountId: next.accountId,
        region: next.region,
        resourceArn: next.resource.arn,
        runId,
        at: startedAt,
        from,
        to: next.lifecycle,
        ...(note || muteNote ? { note: [note, muteNote].filter(Boolean).join('; ') } : {}),
      });
    }
  };

  const seen = new Set<string>();
  for (const result of input.results) {
    const id = findingId(result.accountId, result.region, result.checkId, result.resource.arn);
    seen.add(id);
    const before = previous.get(id);
    // A retried run re-diffs against what its own first attempt wrote: keep that attempt's verdict.
    const prior = before?.runId === runId ? undefined : before;
    switch (result.status) {
      case 'FAIL': {
        const text = input.checks.get(result.checkId);
        const muted = input.muteOf?.(result);
        const recurring = prior?.state === 'RESOLVED';
        const continuing = prior !== undefined && !recurring;
        const sameRun = before?.runId === runId;
        const ownVerdict = sameRun && (before.lifecycle === 'NEW' || before.lifecycle === 'STILL_FAILING') ? before.lifecycle : undefined;
        record(
          {
            id,
            checkId: result.checkId,
            accountId: result.accountId,
            region: result.region,
            resource: result.resource,
            related: result.related,
            severity: result.severity,
            title: text?.title ?? result.checkId,
            message: result.message,
            ...(result.messageId ? { messageId: result.messageId } : {}),
            remediation: text?.remediation ?? { text: '', url: '' },
            state: 'ACTIVE',
            lifecycle: ownVerdict ?? (continuing || sameRun ? 'STILL_FAILING' : 'NEW'),
            firstObservedAt: before && (sameRun || continuing) ? before.firstObservedAt : startedAt,
            lastObservedAt: startedAt,
            updatedAt: startedAt,
            ...(muted ? { muted } : {}),
            runId,
            runStartedAt: startedAt,
            ...(before?.exportPending ? { exportPending: before.exportPending } : {}),
          },
          // The first attempt already recorded how this finding got here; repeating it changes nothing.
          ownVerdict === 'NEW' ? undefined : before,
          recurring ? `recurred after being resolved at ${prior.resolvedAt ?? 'an earlier run'}` : undefined,
        );
        break;
      }
      case 'PASS':
      case 'NOT_APPLICABLE':
        if (before?.state === 'ACTIVE') record(resolve(before, result.status === 'PASS' ? 'PASSED' : 'NOT_APPLICABLE', runId, startedAt), before);
        break;
      case 'ERROR':
        unevaluated++;
        if (before?.state === 'ACTIVE') record(unknown(before, runId, startedAt), before);
        break;
    }
  }

  for (const before of input.previous) {
    if (seen.has(before.id) || before.state !== 'ACTIVE') continue;
    const coverage = input.coverage(before.accountId, before.region, before.checkId);
    if (coverage === 'complete') record(resolve(before, 'RESOURCE_GONE', runId, startedAt), before);
    else if (coverage === 'incomplete') record(unknown(before, runId, startedAt), before);
  }

  const findings = [...out.values()];
  return { findings, transitions, counts: countFindings(findings, unevaluated) };
}

function resolve(before: Finding, resolution: Resolution, runId: string, at: string): Finding {
  const { muted: _muted, ...rest } = before;
  return { ...rest, state: 'RESOLVED', lifecycle: 'RESOLVED', resolution, resolvedAt: at, updatedAt: at, runId, runStartedAt: at };
}

function unknown(before: Finding, runId: string, at: string): Finding {
  return { ...before, lifecycle: 'UNKNOWN', updatedAt: at, runId, runStartedAt: at };
}

function muteChange(before: Mute | undefined, after: Mute | undefined): string | undefined {
  if (!before && after) return `muted by ${after.entry} (owner ${after.owner}, until ${after.expires}): ${after.reason}`;
  if (before && !after) return `no longer muted (${before.entry} expired on ${before.expires} or was removed)`;
  return undefined;
}

export function countFindings(findings: readonly Finding[], unevaluated: number): RunRecord['counts'] {
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  const byLifecycle = Object.fromEntries(LIFECYCLES.map((l) => [l, 0])) as Record<Lifecycle, number>;
  let muted = 0;
  for (const f of findings) {
    byLifecycle[f.lifecycle]++;
    if (f.state !== 'ACTIVE') continue;
    bySeverity[f.severity]++;
    if (f.muted) muted++;
  }
  return { bySeverity, byLifecycle, muted, unevaluated };
}

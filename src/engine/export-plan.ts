import type { Finding, Mute } from '../model/finding.js';

/**
 * Which findings Security Hub must receive this run: everything the run saw failing (so
 * LastObservedAt and UpdatedAt move and Security Hub does not age them out), everything it
 * resolved (archived there), and whatever an earlier run could not deliver. UNKNOWN findings are
 * left alone unless an earlier delivery of them is still owed: Security Hub then gets their last
 * known state, never a guess.
 */
export function findingsToExport(touched: readonly Finding[], previous: readonly Finding[]): Finding[] {
  const touchedIds = new Set(touched.map((f) => f.id));
  return [
    ...touched.filter((f) => f.lifecycle !== 'UNKNOWN' || f.exportPending),
    ...previous.filter((f) => !touchedIds.has(f.id) && f.exportPending),
  ];
}

export interface ExportOutcome {
  accepted: readonly string[];
  failed: ReadonlyArray<{ findingId: string; code: string; message: string }>;
}

/**
 * The records whose delivery state changed: accepted ones lose their pending mark, failed ones
 * gain it (keeping the time of the first failure) and are sent again next run. Returns every
 * exported finding, updated, so the caller saves them whether or not the run touched them otherwise.
 */
export function applyExportOutcome(exported: readonly Finding[], outcome: ExportOutcome, run: { runId: string; startedAt: string }): Finding[] {
  const accepted = new Set(outcome.accepted);
  const failed = new Map(outcome.failed.map((f) => [f.findingId, f]));
  return exported.map((f) => {
    const failure = failed.get(f.id);
    if (failure) {
      return { ...f, exportPending: { since: f.exportPending?.since ?? run.startedAt, error: `${failure.code}: ${failure.message}` }, runId: run.runId, runStartedAt: run.startedAt };
    }
    if (accepted.has(f.id) && f.exportPending) {
      const { exportPending: _delivered, ...rest } = f;
      return { ...rest, runId: run.runId, runStartedAt: run.startedAt };
    }
    return f;
  });
}

/** Marks a failed workflow change in `exportPending`, so the next run knows to set it again. */
export const WORKFLOW_PENDING = 'Workflow';

export interface WorkflowPlanItem {
  finding: Finding;
  status: 'SUPPRESSED' | 'NEW';
  was?: Mute;
}

/**
 * Security Hub only takes a finding's workflow status from the import that creates it, so a mute
 * added, changed or ended later is set with BatchUpdateFindings. Only changes are sent (each
 * update is an event in EventBridge), plus those an earlier run could not deliver; NEW goes only
 * to findings privapi itself suppressed, so a status a person set is never overwritten.
 */
export function workflowChanges(exported: readonly Finding[], accepted: readonly string[], previous: readonly Finding[]): WorkflowPlanItem[] {
  const ok = new Set(accepted);
  const before = new Map(previous.map((f) => [f.id, f]));
  const changes: WorkflowPlanItem[] = [];
  for (const f of exported) {
    if (!ok.has(f.id) || f.state !== 'ACTIVE') continue;
    const prior = before.get(f.id);
    const owed = prior?.exportPending?.error.startsWith(WORKFLOW_PENDING) ?? false;
    if (f.muted && (owed || !sameMute(prior?.muted, f.muted))) changes.push({ finding: f, status: 'SUPPRESSED' });
    else if (!f.muted && (prior?.muted || owed)) changes.push({ finding: f, status: 'NEW', ...(prior?.muted ? { was: prior.muted } : {}) });
  }
  return changes;
}

function sameMute(a: Mute | undefined, b: Mute): boolean {
  return a !== undefined && a.entry === b.entry && a.expires === b.expires && a.owner === b.owner && a.reason === b.reason;
}

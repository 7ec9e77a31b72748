import type { Finding } from '../model/finding.js';

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

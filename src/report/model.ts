import { SEVERITIES, type CheckResult, type ResultStatus, type Severity } from '../model/check.js';
import type { Finding, RunRecord } from '../model/finding.js';
import type { CollectionState, Partition, Snapshot } from '../model/inventory.js';

/**
 * What every output format renders: one audit (or an offline evaluation of a snapshot, or a
 * re-render of an earlier JSON report). Formats are pure functions of this, so `privapi report`
 * reproduces any of them later without AWS calls.
 */

export const OUTPUT_FORMATS = ['table', 'json', 'asff', 'ocsf', 'csv', 'html'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export type ReportSource =
  | { kind: 'audit'; runId: string }
  | { kind: 'snapshot'; file: string }
  | { kind: 'findings'; file: string };

export interface CollectionRow {
  accountId: string;
  region: string;
  state: CollectionState;
  problems: string[];
}

export interface Report {
  generatedAt: string;
  privapiVersion: string;
  source: ReportSource;
  partition: Partition;
  /** Where Route 53 (global) findings are imported into Security Hub. */
  homeRegion: string;
  run?: RunRecord;
  /** Every finding the run wrote: ACTIVE ones and those it resolved. */
  findings: Finding[];
  /**
   * Every result (PASS, FAIL, NOT_APPLICABLE, ERROR) of a run or an offline evaluation; a report
   * read back from JSON holds only the ERROR ones (what could not be evaluated) and resultCounts.
   */
  results?: CheckResult[];
  /** Counts of every result by status, when `results` no longer holds them all. */
  resultCounts?: Record<ResultStatus, number>;
  /** One row per account-region collected, with its problems. */
  collection?: CollectionRow[];
  /** The inventory, for the topology diagrams; absent when re-rendering findings without it. */
  snapshot?: Snapshot;
}

export interface ReportSummary {
  /** ACTIVE findings that are not muted: what needs fixing. */
  open: number;
  muted: number;
  resolved: number;
  /** ACTIVE findings whose check could not re-evaluate them this run (inventory incomplete). */
  unknown: number;
  bySeverity: Record<Severity, number>;
  byAccount: Array<{ accountId: string; open: number; bySeverity: Record<Severity, number> }>;
  byCheck: Array<{ checkId: string; title: string; severity: Severity; open: number }>;
  /** Result counts by status, when the report has results. */
  byStatus?: Record<ResultStatus, number>;
}

const zeroSeverities = (): Record<Severity, number> => Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;

export const severityRank = (s: Severity): number => SEVERITIES.indexOf(s);

/** A finding that still needs attention: active and not accepted in the mutelist. */
export function isOpen(f: Finding): boolean {
  return f.state === 'ACTIVE' && !f.muted;
}

/** Highest severity first, then check, account, region and resource: the order every format lists findings in. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    severityRank(b.severity) - severityRank(a.severity) ||
    a.checkId.localeCompare(b.checkId) ||
    a.accountId.localeCompare(b.accountId) ||
    a.region.localeCompare(b.region) ||
    a.resource.arn.localeCompare(b.resource.arn)
  );
}

export function summarizeReport(report: Pick<Report, 'findings' | 'results' | 'resultCounts'>): ReportSummary {
  const bySeverity = zeroSeverities();
  const accounts = new Map<string, { accountId: string; open: number; bySeverity: Record<Severity, number> }>();
  const checks = new Map<string, { checkId: string; title: string; severity: Severity; open: number }>();
  let open = 0, muted = 0, resolved = 0, unknown = 0;
  for (const f of report.findings) {
    if (f.state === 'RESOLVED') {
      resolved += 1;
      continue;
    }
    if (f.muted) {
      muted += 1;
      continue;
    }
    open += 1;
    if (f.lifecycle === 'UNKNOWN') unknown += 1;
    bySeverity[f.severity] += 1;
    const account = accounts.get(f.accountId) ?? { accountId: f.accountId, open: 0, bySeverity: zeroSeverities() };
    account.open += 1;
    account.bySeverity[f.severity] += 1;
    accounts.set(f.accountId, account);
    const check = checks.get(f.checkId) ?? { checkId: f.checkId, title: f.title, severity: f.severity, open: 0 };
    check.open += 1;
    if (severityRank(f.severity) > severityRank(check.severity)) check.severity = f.severity;
    checks.set(f.checkId, check);
  }
  const summary: ReportSummary = {
    open,
    muted,
    resolved,
    unknown,
    bySeverity,
    byAccount: [...accounts.values()].sort((a, b) => b.open - a.open || a.accountId.localeCompare(b.accountId)),
    byCheck: [...checks.values()].sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || b.open - a.open || a.checkId.localeCompare(b.checkId)),
  };
  if (report.resultCounts) summary.byStatus = { ...report.resultCounts };
  else if (report.results) {
    const byStatus: Record<ResultStatus, number> = { PASS: 0, FAIL: 0, NOT_APPLICABLE: 0, ERROR: 0 };
    for (const r of report.results) byStatus[r.status] += 1;
    summary.byStatus = byStatus;
  }
  return summary;
}

import { createHash } from 'node:crypto';
import type { ResourceRef, Severity } from './check.js';

/**
 * A finding is a FAIL result followed over time. Its id depends only on where the problem is
 * (account, region, check, primary resource), so the same problem keeps its id across runs and
 * Security Hub updates one finding instead of piling up copies.
 */

/** What the latest run that covered a finding concluded about it. */
export const LIFECYCLES = ['NEW', 'STILL_FAILING', 'RESOLVED', 'UNKNOWN'] as const;
export type Lifecycle = (typeof LIFECYCLES)[number];

/** ACTIVE while the problem exists (or could not be re-evaluated); RESOLVED once complete data shows it gone. */
export type RecordState = 'ACTIVE' | 'RESOLVED';

/** Why a finding was resolved: its check passed, or the resource it was about no longer exists. */
export type Resolution = 'PASSED' | 'NOT_APPLICABLE' | 'RESOURCE_GONE';

/** An accepted risk from the mutelist, copied onto each finding it covers. */
export interface Mute {
  /** Where the entry is, e.g. "privapi.config.yaml:14 mutelist[2]". */
  entry: string;
  reason: string;
  owner: string;
  /** YYYY-MM-DD; the entry mutes until the end of that day (UTC). */
  expires: string;
}

export interface Finding {
  id: string;
  checkId: string;
  accountId: string;
  region: string;
  resource: ResourceRef;
  related: ResourceRef[];
  severity: Severity;
  title: string;
  message: string;
  messageId?: string;
  remediation: { text: string; url: string };
  state: RecordState;
  lifecycle: Lifecycle;
  /** When the problem was first seen failing (kept across runs). */
  firstObservedAt: string;
  /** The start of the latest run that saw it failing. */
  lastObservedAt: string;
  /** The start of the latest run that changed or re-confirmed the record. */
  updatedAt: string;
  resolvedAt?: string;
  resolution?: Resolution;
  /** Present while an unexpired mutelist entry covers the finding: exported as SUPPRESSED. */
  muted?: Mute;
  /** The run that last wrote the record, and its start (two racing runs: the later start wins). */
  runId: string;
  runStartedAt: string;
  /** Security Hub has not accepted the current state yet; it is sent again on the next run. */
  exportPending?: { since: string; error: string };
}

/** One status change of a finding, kept as history. */
export interface FindingTransition {
  findingId: string;
  checkId: string;
  accountId: string;
  region: string;
  resourceArn: string;
  runId: string;
  at: string;
  from: Lifecycle | 'NONE';
  to: Lifecycle;
  /** Mute changes are history too: "muted by …", "mute expired …". */
  note?: string;
}

export function findingId(accountId: string, region: string, checkId: string, resourceArn: string): string {
  const digest = createHash('sha256').update(`${accountId}\u0000${region}\u0000${checkId}\u0000${resourceArn}`).digest('hex').slice(0, 40);
  return `privapi/${checkId}/${digest}`;
}

/** How complete one account/region was at collection. */
export interface ScopeOutcome {
  complete: string[];
  partial: string[];
  failed: string[];
}

export type RunStatus = 'RUNNING' | 'COMPLETE' | 'INCOMPLETE' | 'FAILED';

export interface RunRecord {
  runId: string;
  startedAt: string;
  finishedAt?: string;
  durationMs?: number;
  status: RunStatus;
  privapiVersion: string;
  /** What this run covered; findings outside it are untouched. */
  scope: {
    mode: 'organization' | 'account';
    accounts: string[];
    regions: string[];
    /** Check ids run; every other check's findings are untouched. */
    checks: string[];
  };
  /** Accounts by how completely they were collected; "regions" counts account × region pairs. */
  accounts: ScopeOutcome;
  regions: { complete: number; partial: number; failed: number };
  counts: {
    /** ACTIVE findings covered by this run, by severity (muted ones included). */
    bySeverity: Record<Severity, number>;
    byLifecycle: Record<Lifecycle, number>;
    muted: number;
    /** Results the checks could not evaluate (ERROR). */
    unevaluated: number;
  };
  /** Mutelist entries that expired and no longer mute, each with what it used to cover. */
  expiredMutes: string[];
  /** workflowUpdated: findings whose Workflow.Status was set (SUPPRESSED for a new or changed mute, NEW when one ended). */
  securityHub?: { sent: number; archived: number; failed: number; retriedFromEarlierRuns: number; workflowUpdated: number };
  /** Anything that went wrong outside collection (a sink, a crashed check), in words. */
  problems: string[];
}

import type { Finding, FindingTransition, RunRecord } from '../model/finding.js';

/**
 * Where findings live between runs: the DynamoDB table for deployed use, a local JSON file for
 * the CLI. The lifecycle diff reads the previous state from here and the run writes back to it.
 */
export interface StateStore {
  /** Human-readable, for messages: "DynamoDB table privapi-findings", "state file ./.privapi/state.json". */
  readonly description: string;
  /**
   * Every finding recorded for these accounts (all regions and checks), ACTIVE and RESOLVED
   * ones still retained, so a problem that comes back is recognised as the same finding.
   */
  loadFindings(accountIds: readonly string[]): Promise<Finding[]>;
  /** Records the run as RUNNING; fails with RunConflictError if the run id is already recorded as finished. */
  beginRun(run: RunRecord): Promise<void>;
  /**
   * Writes the findings this run changed or re-confirmed and their transitions, then the run
   * record. A finding already written by a run that started later is left as it is (reported,
   * not overwritten). Writing the same run twice leaves the same state.
   */
  saveRun(run: RunRecord, findings: readonly Finding[], transitions: readonly FindingTransition[]): Promise<SaveReport>;
  /** Releases connections or file handles. */
  close?(): Promise<void>;
}

export interface SaveReport {
  written: number;
  /** Finding ids a later run had already written; this run's version was dropped. */
  superseded: string[];
  transitions: number;
}

export class RunConflictError extends Error {
  override readonly name = 'RunConflictError';
}

/** A store that cannot be read or written: the run stops before it could misreport. */
export class StateStoreError extends Error {
  override readonly name = 'StateStoreError';
}

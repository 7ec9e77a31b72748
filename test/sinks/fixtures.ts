import type { Finding, FindingTransition, RunRecord } from '../../src/model/finding.js';
import { makeFinding as sharedMakeFinding } from '../helpers/findings.js';

export const ACCOUNT_A = '111111111111';
export const ACCOUNT_B = '222222222222';
export const T0 = '2026-03-01T00:00:00.000Z';
export const T1 = '2026-03-02T00:00:00.000Z';
export const T2 = '2026-03-03T00:00:00.000Z';

/**
 * The shared finding factory, seen by run-1 at T0 unless overridden; `arn` names the resource (and
 * so gives a distinct id) without spelling out the whole ResourceRef.
 */
export function makeFinding(overrides: Partial<Finding> & { arn?: string } = {}): Finding {
  const { arn, ...rest } = overrides;
  const at = rest.runStartedAt ?? T0;
  return sharedMakeFinding({
    firstObservedAt: at,
    lastObservedAt: at,
    updatedAt: at,
    runId: 'run-1',
    runStartedAt: at,
    ...(arn === undefined ? {} : { resource: { arn, type: 'AwsApiGatewayRestApi' } }),
    ...rest,
  });
}

export function resolved(f: Finding, runId: string, at: string): Finding {
  return { ...f, state: 'RESOLVED', lifecycle: 'RESOLVED', resolution: 'PASSED', resolvedAt: at, updatedAt: at, runId, runStartedAt: at };
}

export function transitionOf(f: Finding, from: FindingTransition['from']): FindingTransition {
  return {
    findingId: f.id,
    checkId: f.checkId,
    accountId: f.accountId,
    region: f.region,
    resourceArn: f.resource.arn,
    runId: f.runId,
    at: f.runStartedAt,
    from,
    to: f.lifecycle,
  };
}

export function makeRun(overrides: Partial<RunRecord> = {}): RunRecord {
  return {
    runId: 'run-1',
    startedAt: T0,
    status: 'RUNNING',
    privapiVersion: '0.1.0',
    scope: { mode: 'organization', accounts: [ACCOUNT_A, ACCOUNT_B], regions: ['us-east-1', 'eu-west-1'], checks: ['POLICY-002'] },
    accounts: { complete: [ACCOUNT_A, ACCOUNT_B], partial: [], failed: [] },
    regions: { complete: 4, partial: 0, failed: 0 },
    counts: {
      bySeverity: { INFORMATIONAL: 0, LOW: 0, MEDIUM: 0, HIGH: 1, CRITICAL: 0 },
      byLifecycle: { NEW: 1, STILL_FAILING: 0, RESOLVED: 0, UNKNOWN: 0 },
      muted: 0,
      unevaluated: 0,
    },
    expiredMutes: [],
    problems: [],
    ...overrides,
  };
}

/** The run record as saveRun receives it once the run is over. */
export function finished(run: RunRecord, finishedAt: string): RunRecord {
  return { ...run, status: 'COMPLETE', finishedAt, durationMs: Date.parse(finishedAt) - Date.parse(run.startedAt) };
}

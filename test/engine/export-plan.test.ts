import { describe, expect, it } from 'vitest';
import { applyExportOutcome, findingsToExport, workflowChanges } from '../../src/engine/export-plan.js';
import type { Finding, Lifecycle } from '../../src/model/finding.js';
import { makeFinding } from '../helpers/findings.js';

function finding(id: string, lifecycle: Lifecycle, extra: Partial<Finding> = {}): Finding {
  return makeFinding({ id, lifecycle, state: lifecycle === 'RESOLVED' ? 'RESOLVED' : 'ACTIVE', runId: 'r1', ...extra });
}
const pending = { since: '2026-11-01T00:00:00.000Z', error: 'InvalidAccessException: not subscribed' };
const RUN = { runId: 'r2', startedAt: '2026-11-02T00:00:00.000Z' };

describe('findingsToExport', () => {
  it('sends new, still failing and resolved findings, holds back UNKNOWN ones, and re-sends what earlier runs could not deliver', () => {
    const touched = [finding('new', 'NEW'), finding('still', 'STILL_FAILING'), finding('fixed', 'RESOLVED'), finding('unknown', 'UNKNOWN'), finding('unknown-owed', 'UNKNOWN', { exportPending: pending })];
    const previous = [finding('still', 'NEW'), finding('owed-elsewhere', 'NEW', { exportPending: pending }), finding('quiet', 'NEW')];
    expect(findingsToExport(touched, previous).map((f) => f.id)).toEqual(['new', 'still', 'fixed', 'unknown-owed', 'owed-elsewhere']);
  });
});

describe('applyExportOutcome', () => {
  it('marks failures pending (keeping the first failure time) and clears delivered ones', () => {
    const exported = [finding('a', 'NEW'), finding('b', 'NEW', { exportPending: pending }), finding('c', 'NEW', { exportPending: pending }), finding('d', 'NEW')];
    const out = applyExportOutcome(exported, { accepted: ['a', 'b'], failed: [{ findingId: 'c', code: 'Throttling', message: 'slow down' }, { findingId: 'd', code: 'InvalidAsff', message: 'Title too long' }] }, RUN);
    const byId = new Map(out.map((f) => [f.id, f]));
    expect(byId.get('a')!.exportPending).toBeUndefined();
    expect(byId.get('b')!.exportPending).toBeUndefined();
    expect(byId.get('b')!.runId).toBe('r2');
    expect(byId.get('c')!.exportPending).toEqual({ since: pending.since, error: 'Throttling: slow down' });
    expect(byId.get('d')!.exportPending).toEqual({ since: RUN.startedAt, error: 'InvalidAsff: Title too long' });
  });
});

describe('workflowChanges', () => {
  const mute = { entry: 'c.yaml:2 mutelist[0]', reason: 'r', owner: 'o', expires: '2027-01-01' };
  it('suppresses new or changed mutes, un-suppresses ended ones, repeats failed ones, and nothing else', () => {
    const exported = [
      finding('new-mute', 'STILL_FAILING', { muted: mute }),
      finding('same-mute', 'STILL_FAILING', { muted: mute }),
      finding('longer-mute', 'STILL_FAILING', { muted: { ...mute, expires: '2027-06-01' } }),
      finding('ended', 'STILL_FAILING'),
      finding('owed', 'STILL_FAILING'),
      finding('never-muted', 'STILL_FAILING'),
      finding('refused', 'NEW', { muted: mute }),
      finding('resolved', 'RESOLVED'),
    ];
    const previous = [
      finding('new-mute', 'NEW'),
      finding('same-mute', 'NEW', { muted: mute }),
      finding('longer-mute', 'NEW', { muted: mute }),
      finding('ended', 'NEW', { muted: mute }),
      finding('owed', 'NEW', { exportPending: { since: 'x', error: 'Workflow AccessDenied: no' } }),
      finding('never-muted', 'NEW'),
      finding('resolved', 'NEW', { muted: mute }),
    ];
    const accepted = exported.filter((f) => f.id !== 'refused').map((f) => f.id);
    expect(workflowChanges(exported, accepted, previous).map((c) => [c.finding.id, c.status, c.was?.entry])).toEqual([
      ['new-mute', 'SUPPRESSED', undefined],
      ['longer-mute', 'SUPPRESSED', undefined],
      ['ended', 'NEW', mute.entry],
      ['owed', 'NEW', undefined],
    ]);
  });
});

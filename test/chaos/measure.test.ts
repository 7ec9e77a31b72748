import { describe, expect, it } from 'vitest';
import { combineDamage, hubDamage, storeDamage } from '../../src/chaos/measure.js';
import { renderChaosTable, rowPasses, type ChaosRow } from '../../src/chaos/table.js';
import type { Finding } from '../../src/model/finding.js';

const finding = (id: string, state: Finding['state']) => ({ id, state }) as Finding;
const baseline = new Set(['a', 'b', 'c']);

describe('damage against the clean run', () => {
  it('counts a missing finding as lost, a RESOLVED one as wrongly resolved, an extra ACTIVE one as wrongly created', () => {
    expect(storeDamage(baseline, [finding('a', 'ACTIVE'), finding('b', 'RESOLVED'), finding('d', 'ACTIVE'), finding('e', 'RESOLVED')])).toEqual({ lost: ['c'], wronglyResolved: ['b'], wronglyCreated: ['d'] });
    expect(storeDamage(baseline, ['a', 'b', 'c'].map((id) => finding(id, 'ACTIVE')))).toEqual({ lost: [], wronglyResolved: [], wronglyCreated: [] });
  });

  it('in Security Hub, a finding still owed or absent is lost and an archived one wrongly resolved', () => {
    const hub = [{ id: 'a', recordState: 'ACTIVE' }, { id: 'b', recordState: 'ARCHIVED' }, { id: 'c', recordState: 'ACTIVE' }, { id: 'x', recordState: 'ACTIVE' }];
    expect(hubDamage(baseline, hub, new Set(['c']))).toEqual({ lost: ['c'], wronglyResolved: ['b'], wronglyCreated: ['x'] });
  });

  it('counts a finding once per kind across the points it was seen', () => {
    expect(combineDamage({ lost: ['b', 'a'], wronglyResolved: [], wronglyCreated: ['x'] }, { lost: ['a'], wronglyResolved: ['c'], wronglyCreated: [] })).toEqual({ lost: ['a', 'b'], wronglyResolved: ['c'], wronglyCreated: ['x'] });
  });
});

describe('the chaos table', () => {
  const row = (over: Partial<ChaosRow>): ChaosRow => ({
    scenario: 'storm', fault: '50% throttled', injected: 3, affected: '12/12 accounts, all regions', damage: { lost: [], wronglyResolved: [], wronglyCreated: [] },
    status: 'COMPLETE', expectedStatus: 'COMPLETE', recovery: 'COMPLETE', slowdown: 2.345, heldUnknown: 0, notes: [], ...over,
  });

  it('passes a row only with no damage and the statuses it must report', () => {
    expect(rowPasses(row({}))).toBe(true);
    expect(rowPasses(row({ damage: { lost: ['a'], wronglyResolved: [], wronglyCreated: [] } }))).toBe(false);
    expect(rowPasses(row({ status: 'INCOMPLETE' }))).toBe(false);
    expect(rowPasses(row({ recovery: 'INCOMPLETE' }))).toBe(false);
  });

  it('renders one aligned Markdown row per scenario with the counts and the verdict', () => {
    const lines = renderChaosTable([row({}), row({ scenario: 'denied', damage: { lost: [], wronglyResolved: ['x', 'y'], wronglyCreated: [] } })]).split('\n');
    expect(lines).toHaveLength(4);
    expect(new Set(lines.map((l) => l.length)).size).toBe(1);
    expect(lines[0]).toMatch(/^\| scenario +\| fault injected/);
    expect(lines[2]!.split('|').map((c) => c.trim())).toEqual(['', 'storm', '50% throttled', '3', '12/12 accounts, all regions', '0', '0', '0', 'COMPLETE (COMPLETE)', '0', 'COMPLETE', '2.3', 'ok', '']);
    expect(lines[3]).toMatch(/\| 2 +\|.*\| FAILED +\|$/);
  });
});

import type { SkippedAccount } from '../aws/organization.js';
import type { CollectionState, CollectionStatus, Snapshot } from '../model/inventory.js';

export interface RegionSummary {
  accountId: string;
  region: string;
  state: CollectionState;
  problems: string[];
}

const RANK: Record<CollectionState, number> = { complete: 0, skipped: 1, partial: 2, failed: 3 };

/** One row per account/region: the worst state of its services and every error, named. */
export function summarizeCollection(statuses: readonly CollectionStatus[]): RegionSummary[] {
  const rows = new Map<string, RegionSummary>();
  for (const s of statuses) {
    const key = `${s.accountId}|${s.region}`;
    const row = rows.get(key) ?? { accountId: s.accountId, region: s.region, state: 'complete' as CollectionState, problems: [] };
    if (RANK[s.state] > RANK[row.state]) row.state = s.state;
    for (const e of s.errors) {
      const problem = `${s.service} ${e.operation}${e.resource ? ` (${e.resource})` : ''}: ${e.code}${e.message && e.message !== e.code ? ` - ${e.message}` : ''}`;
      if (!row.problems.includes(problem)) row.problems.push(problem);
    }
    rows.set(key, row);
  }
  return [...rows.values()].sort((a, b) => a.accountId.localeCompare(b.accountId) || a.region.localeCompare(b.region));
}

export function isIncomplete(snapshot: Snapshot): boolean {
  return snapshot.collections.some((s) => s.state === 'partial' || s.state === 'failed');
}

export function formatCollectionSummary(snapshot: Snapshot, skipped: readonly SkippedAccount[] = [], maxProblems = 3): string {
  const rows = summarizeCollection(snapshot.collections);
  const count = (state: CollectionState) => rows.filter((r) => r.state === state).length;
  const lines = [
    `Collected ${snapshot.accounts.length} account(s), ${rows.length} account-region(s): ` +
      `${count('complete')} complete, ${count('partial')} partial, ${count('failed')} failed, ${count('skipped')} skipped`,
    '',
    `${'ACCOUNT'.padEnd(14)}${'REGION'.padEnd(16)}${'STATE'.padEnd(10)}DETAILS`,
  ];
  for (const row of rows) {
    const shown = row.problems.slice(0, maxProblems);
    const more = row.problems.length - shown.length;
    lines.push(`${row.accountId.padEnd(14)}${row.region.padEnd(16)}${row.state.padEnd(10)}${shown[0] ?? ''}`);
    for (const p of shown.slice(1)) lines.push(`${''.padEnd(40)}${p}`);
    if (more > 0) lines.push(`${''.padEnd(40)}(+${more} more in the snapshot's collections)`);
  }
  for (const s of skipped) lines.push(`${s.id.padEnd(14)}${'-'.padEnd(16)}${'skipped'.padEnd(10)}${s.name}: ${s.reason}`);
  return lines.join('\n');
}

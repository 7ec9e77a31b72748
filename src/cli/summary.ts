import type { SkippedAccount } from '../aws/organization.js';
import type { CollectionState, CollectionStatus, Snapshot } from '../model/inventory.js';

export interface RegionSummary {
  accountId: string;
  region: string;
  state: CollectionState;
  problems: string[];
}

const RANK: Record<CollectionState, number> = { complete: 0, skipped: 1, partial: 2, failed: 3 };

/**
 * One row per account/region: the worst state of its services and every error, named. An error
 * shared by several services (an AssumeRole denied fails them all) is one problem naming them all.
 */
export function summarizeCollection(statuses: readonly CollectionStatus[]): RegionSummary[] {
  const rows = new Map<string, { row: RegionSummary; services: Map<string, string[]> }>();
  for (const s of statuses) {
    const key = `${s.accountId}|${s.region}`;
    const entry = rows.get(key) ?? { row: { accountId: s.accountId, region: s.region, state: 'complete' as CollectionState, problems: [] }, services: new Map<string, string[]>() };
    if (RANK[s.state] > RANK[entry.row.state]) entry.row.state = s.state;
    for (const e of s.errors) {
      const problem = `${e.operation}${e.resource ? ` (${e.resource})` : ''}: ${e.code}${e.message && e.message !== e.code ? ` - ${e.message}` : ''}`;
      const services = entry.services.get(problem) ?? [];
      if (!services.includes(s.service)) services.push(s.service);
      entry.services.set(problem, services);
    }
    rows.set(key, entry);
  }
  return [...rows.values()]
    .map(({ row, services }) => ({ ...row, problems: [...services].map(([problem, names]) => `${names.join(', ')} ${problem}`) }))
    .sort((a, b) => a.accountId.localeCompare(b.accountId) || a.region.localeCompare(b.region));
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

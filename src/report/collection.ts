import type { CollectionState, CollectionStatus } from '../model/inventory.js';
import type { CollectionRow } from './model.js';

const RANK: Record<CollectionState, number> = { complete: 0, skipped: 1, partial: 2, failed: 3 };

/**
 * One row per account/region: the worst state of its services and every error, named. An error
 * shared by several services (an AssumeRole denied fails them all) is one problem naming them all.
 */
export function summarizeCollection(statuses: readonly CollectionStatus[]): CollectionRow[] {
  const rows = new Map<string, { row: CollectionRow; services: Map<string, string[]> }>();
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

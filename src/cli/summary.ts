import type { SkippedAccount } from '../aws/organization.js';
import type { CollectionState, Snapshot } from '../model/inventory.js';
import { summarizeCollection } from '../report/collection.js';
import { oneLine } from '../report/text.js';

export function isIncomplete(snapshot: Snapshot): boolean {
  return snapshot.collections.some((s) => s.state === 'partial' || s.state === 'failed');
}

export function formatCollectionSummary(snapshot: Snapshot, skipped: readonly SkippedAccount[] = [], maxProblems = 3): string {
  const rows = summarizeCollection(snapshot.collections);
  const count = (state: CollectionState) => rows.filter((r) => r.state === state).length;
  const lines = [
    `Collected ${snapshot.accounts.length} account(s), ${rows.length} account-region(s): ` +
      `${count('complete')} complete, ${count('partial')} partial, ${count('failed')} failed, ${count('skipped')} skipped`,
  ];
  // Complete rows say nothing at a thousand accounts; only the ones that need attention are listed.
  const listed = rows.filter((r) => r.state !== 'complete');
  if (listed.length || skipped.length) lines.push('', `${'ACCOUNT'.padEnd(14)}${'REGION'.padEnd(16)}${'STATE'.padEnd(10)}DETAILS`);
  for (const row of listed) {
    const shown = row.problems.slice(0, maxProblems).map(oneLine);
    const more = row.problems.length - shown.length;
    lines.push(`${row.accountId.padEnd(14)}${row.region.padEnd(16)}${row.state.padEnd(10)}${shown[0] ?? ''}`);
    for (const p of shown.slice(1)) lines.push(`${''.padEnd(40)}${p}`);
    if (more > 0) lines.push(`${''.padEnd(40)}(+${more} more in the snapshot's collections)`);
  }
  for (const s of skipped) lines.push(`${s.id.padEnd(14)}${'-'.padEnd(16)}${'skipped'.padEnd(10)}${oneLine(`${s.name}: ${s.reason}`)}`);
  return lines.join('\n');
}

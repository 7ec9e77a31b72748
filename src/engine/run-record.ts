import type { Snapshot } from '../model/inventory.js';
import type { RunRecord, ScopeOutcome } from '../model/finding.js';

const ALL_REGIONS = '*';

/**
 * How completely each account and each account × region pair was collected. An account is
 * failed when nothing of it could be read (AssumeRole or region discovery failed, or every
 * service failed), partial when something is missing, complete otherwise.
 */
export function collectionOutcome(snapshot: Snapshot): { accounts: ScopeOutcome; regions: RunRecord['regions'] } {
  const byPair = new Map<string, string[]>();
  const everywhere = new Set<string>();
  for (const s of snapshot.collections) {
    if (s.region === ALL_REGIONS && s.state === 'failed') everywhere.add(s.accountId);
    if (s.region === ALL_REGIONS) continue;
    const key = `${s.accountId}|${s.region}`;
    byPair.set(key, [...(byPair.get(key) ?? []), s.state]);
  }
  const regions = { complete: 0, partial: 0, failed: 0 };
  const pairVerdicts = new Map<string, Array<keyof typeof regions>>();
  for (const [key, states] of byPair) {
    // A region the account has not opted into holds nothing to audit: neither complete nor missing.
    if (states.every((s) => s === 'skipped')) continue;
    const accountId = key.slice(0, key.indexOf('|'));
    const verdict = everywhere.has(accountId) || states.every((s) => s === 'failed') ? 'failed' : states.every((s) => s === 'complete') ? 'complete' : 'partial';
    regions[verdict]++;
    pairVerdicts.set(accountId, [...(pairVerdicts.get(accountId) ?? []), verdict]);
  }
  const accounts: ScopeOutcome = { complete: [], partial: [], failed: [] };
  for (const { id } of snapshot.accounts) {
    const verdicts = pairVerdicts.get(id) ?? [];
    if (everywhere.has(id) || verdicts.length === 0 || verdicts.every((v) => v === 'failed')) accounts.failed.push(id);
    else if (verdicts.every((v) => v === 'complete')) accounts.complete.push(id);
    else accounts.partial.push(id);
  }
  return { accounts, regions };
}

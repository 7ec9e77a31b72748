import type { Finding } from '../model/finding.js';

/**
 * What a fault did to the findings, judged against a clean run of the same unchanged
 * organization: every finding of that run must still be there and active, and nothing else may
 * have appeared. Pure, so the harness, the test suite and `npm run chaos` count alike.
 */
export interface Damage {
  /** Findings of the clean run missing from the store, or never delivered to Security Hub. */
  lost: string[];
  /** Findings of the clean run recorded RESOLVED, or archived in Security Hub. */
  wronglyResolved: string[];
  /** Active findings the clean run did not have. */
  wronglyCreated: string[];
}

/** A finding as Security Hub holds it, reduced to what the comparison reads. */
export interface HubRecord {
  id: string;
  recordState: string;
}

export const NO_DAMAGE: Damage = { lost: [], wronglyResolved: [], wronglyCreated: [] };

/** The store after a run, against the ids the clean run left active. */
export function storeDamage(baseline: ReadonlySet<string>, stored: readonly Finding[]): Damage {
  const byId = new Map(stored.map((f) => [f.id, f]));
  const lost: string[] = [];
  const wronglyResolved: string[] = [];
  for (const id of baseline) {
    const f = byId.get(id);
    if (!f) lost.push(id);
    else if (f.state !== 'ACTIVE') wronglyResolved.push(id);
  }
  const wronglyCreated = stored.filter((f) => f.state === 'ACTIVE' && !baseline.has(f.id)).map((f) => f.id);
  return { lost, wronglyResolved, wronglyCreated };
}

/**
 * Security Hub after the recovery run: each baseline finding active there (a refused import must
 * have been sent again), none archived, nothing extra. `pending` are findings the store still owes
 * Security Hub: owed is not delivered, so they count as lost.
 */
export function hubDamage(baseline: ReadonlySet<string>, hub: readonly HubRecord[], pending: ReadonlySet<string> = new Set()): Damage {
  const byId = new Map(hub.map((h) => [h.id, h]));
  const lost: string[] = [];
  const wronglyResolved: string[] = [];
  for (const id of baseline) {
    const h = byId.get(id);
    if (!h || pending.has(id)) lost.push(id);
    else if (h.recordState !== 'ACTIVE') wronglyResolved.push(id);
  }
  const wronglyCreated = hub.filter((h) => h.recordState === 'ACTIVE' && !baseline.has(h.id)).map((h) => h.id);
  return { lost, wronglyResolved, wronglyCreated };
}

/** Damage seen at several points (after the faulted run, after recovery), each finding counted once per kind. */
export function combineDamage(...parts: readonly Damage[]): Damage {
  const union = (key: keyof Damage) => [...new Set(parts.flatMap((p) => p[key]))].sort();
  return { lost: union('lost'), wronglyResolved: union('wronglyResolved'), wronglyCreated: union('wronglyCreated') };
}

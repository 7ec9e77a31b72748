/** What one hop decides for one path: passes, breaks (with the resource to fix) or cannot be told. */
export type Stop = { kind: 'broken'; reason: string; arn: string } | { kind: 'unknown'; missing: string; arn?: string };
export type Outcome = { kind: 'ok'; note?: string } | Stop;

export const ok = (note?: string): Outcome => (note === undefined ? { kind: 'ok' } : { kind: 'ok', note });
export const broken = (reason: string, arn: string): Stop => ({ kind: 'broken', reason, arn });
export const unknown = (missing: string, arn?: string): Stop => (arn === undefined ? { kind: 'unknown', missing } : { kind: 'unknown', missing, arn });

/** Facts that are not hops but feed one (can this VPC resolve public names?): yes, no because, or not known. */
export type Fact = { state: 'yes' } | { state: 'no'; reason: string; arn?: string } | { state: 'unknown'; missing: string };

export const YES: Fact = { state: 'yes' };
/** `arn`: the resource to fix, when the fact names one. */
export const no = (reason: string, arn?: string): Fact => (arn === undefined ? { state: 'no', reason } : { state: 'no', reason, arn });
export const notKnown = (missing: string): Fact => ({ state: 'unknown', missing });

/** Why a fact is not "yes", in words. */
export const whyNot = (fact: Fact): string => (fact.state === 'no' ? fact.reason : fact.state === 'unknown' ? fact.missing : '');

/** A list in words: "a", "a and b", "a, b and c". */
export function inWords(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1) ?? ''}`;
}

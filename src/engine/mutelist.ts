import { z } from 'zod';
import type { Mute } from '../model/finding.js';

/**
 * The mutelist: accepted risks. An entry mutes the findings it matches until the end of its
 * expiry day (UTC); a muted finding is still recorded and exported, as suppressed. Entries are
 * validated strictly because a typo in a mutelist fails silently otherwise: it mutes nothing, or
 * everything.
 */

/** A zod message for a required string field: says what belongs there when it is missing. */
function requiredText(what: string, expected: string): z.ZodString {
  return z.string({ error: (issue) => (issue.input === undefined ? `required: ${what}` : `expected ${expected}`) });
}

const nonBlank = (what: string) => requiredText(what, 'text').trim().min(1, { error: `must not be empty: ${what}` });

/** Every pattern field accepts `*` so one entry can cover a family of checks, accounts or resources. */
const pattern = (what: string, shape: RegExp, expected: string) => requiredText(what, expected).regex(shape, { error: `expected ${expected}` });

/** A check id such as POLICY-002, or a pattern with * (the mutelist and the config's check selection). */
export const CHECK_PATTERN = /^[A-Z0-9*][A-Z0-9*-]*$/;

const checkPattern = pattern('the check id to mute', CHECK_PATTERN, 'a check id such as POLICY-002, or a pattern with * such as POLICY-* or *');

const accountPattern = z
  .string({
    error: (issue) =>
      typeof issue.input === 'number'
        ? 'expected the account id as a quoted string, such as "012345678901" (YAML reads unquoted digits as a number and drops leading zeros)'
        : 'expected a 12-digit account id, or a pattern with * such as 1234*',
  })
  .regex(/^(\d{12}|[\d*]*\*[\d*]*)$/, { error: 'expected a 12-digit account id, or a pattern with * such as 1234*' });

const regionPattern = pattern('a region', /^[a-z0-9*][a-z0-9*-]*$/, 'a region such as eu-west-1 (global for Route 53), or a pattern with * such as eu-*');

/** An empty list would match nothing, so the entry would look active and mute nothing. */
const nonEmptyList = <T extends z.ZodType>(item: T, leaveOut: string) => z.array(item).min(1, { error: `list at least one, or leave out ${leaveOut} to match any` });

const ENTRY_SHAPE = {
  check: checkPattern,
  accounts: nonEmptyList(accountPattern, 'accounts').optional(),
  regions: nonEmptyList(regionPattern, 'regions').optional(),
  resource: pattern('the resource ARN', /^(arn:|\*)/, 'an ARN or an ARN pattern with *, such as arn:aws:apigateway:eu-west-1::/restapis/*').optional(),
  tags: z
    .record(z.string().min(1, { error: 'a tag key must not be empty' }), z.string({ error: 'expected a tag value as text (quote numbers and booleans in YAML)' }))
    .refine((tags) => Object.keys(tags).length > 0, { error: 'list at least one tag, or leave out tags to match any' })
    .optional(),
  reason: nonBlank('why the risk is accepted'),
  owner: nonBlank('who accepted the risk (a person or team)'),
  expires: requiredText('the last day the entry mutes, as YYYY-MM-DD', 'a date as YYYY-MM-DD, such as 2026-12-31')
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'expected a date as YYYY-MM-DD, such as 2026-12-31', abort: true })
    .refine(isCalendarDate, { error: (issue) => `${String(issue.input)} is not a calendar date (expected YYYY-MM-DD, such as 2026-12-31)` }),
};

export const MutelistEntry = z.strictObject(ENTRY_SHAPE, {
  error: (issue) => {
    if (issue.code === 'unrecognized_keys') return `unknown key; expected ${Object.keys(ENTRY_SHAPE).join(', ')}`;
    return issue.code === 'invalid_type' ? 'expected a mapping with check, reason, owner and expires (and optionally accounts, regions, resource, tags)' : undefined;
  },
});
export type MutelistEntry = z.infer<typeof MutelistEntry>;

/** An entry and where it is written, e.g. "privapi.config.yaml:14 mutelist[2]", for messages and findings. */
export interface LocatedEntry {
  entry: MutelistEntry;
  where: string;
}

/** What a finding is matched on; tags come from the inventory (see model/resource-tags). */
export interface MuteTarget {
  checkId: string;
  accountId: string;
  region: string;
  resourceArn: string;
  tags: Readonly<Record<string, string>>;
}

export interface MuteMatch {
  /** The first unexpired entry that matches, copied onto the finding. */
  mute?: Mute;
  /** Every matching entry that has expired, so the run can say what no longer mutes. */
  expired: LocatedEntry[];
}

/**
 * Entries are tried in file order and the first unexpired match wins, so a narrow entry written
 * before a broad one supplies the reason and owner. Expired matches are all reported, even when a
 * later entry still mutes, because each one is stale config to clean up.
 */
export function matchMutelist(list: readonly LocatedEntry[], target: MuteTarget, today: string): MuteMatch {
  let mute: Mute | undefined;
  const expired: LocatedEntry[] = [];
  for (const located of list) {
    if (!entryMatches(located.entry, target)) continue;
    if (isExpired(located.entry, today)) expired.push(located);
    else mute ??= { entry: located.where, reason: located.entry.reason, owner: located.entry.owner, expires: located.entry.expires };
  }
  return mute ? { mute, expired } : { expired };
}

export function expiredEntries(list: readonly LocatedEntry[], today: string): LocatedEntry[] {
  return list.filter((located) => isExpired(located.entry, today));
}

/** Unexpired entries whose last day is within `days` of today, so owners are warned before findings reappear. */
export function expiringSoon(list: readonly LocatedEntry[], today: string, days: number): LocatedEntry[] {
  const horizon = addDays(today, days);
  return list.filter(({ entry }) => !isExpired(entry, today) && entry.expires <= horizon);
}

/** Entries whose check pattern matches no known check: a typo would otherwise mute nothing, silently. */
export function unknownCheckPatterns(list: readonly LocatedEntry[], knownCheckIds: readonly string[]): LocatedEntry[] {
  return list.filter(({ entry }) => {
    const check = globPattern(entry.check);
    return !knownCheckIds.some((id) => check.test(id));
  });
}

function entryMatches(entry: MutelistEntry, target: MuteTarget): boolean {
  return (
    globPattern(entry.check).test(target.checkId) &&
    anyMatches(entry.accounts, target.accountId) &&
    anyMatches(entry.regions, target.region) &&
    (entry.resource === undefined || globPattern(entry.resource).test(target.resourceArn)) &&
    tagsMatch(entry.tags, target.tags)
  );
}

/** A field left out matches anything. */
function anyMatches(patterns: readonly string[] | undefined, value: string): boolean {
  return patterns === undefined || patterns.some((p) => globPattern(p).test(value));
}

/** Every listed tag must be on the resource; keys are exact, values may hold `*`. */
function tagsMatch(wanted: Readonly<Record<string, string>> | undefined, actual: Readonly<Record<string, string>>): boolean {
  if (wanted === undefined) return true;
  return Object.entries(wanted).every(([key, value]) => Object.hasOwn(actual, key) && globPattern(value).test(actual[key] ?? ''));
}

/** YYYY-MM-DD strings compare in date order; an entry still mutes on its expiry day. */
function isExpired(entry: MutelistEntry, today: string): boolean {
  return entry.expires < today;
}

/** A compiled glob: `test` tells whether a whole value matches it. */
export interface Glob {
  test(value: string): boolean;
}

/**
 * `*` matches any run of characters (including none), `/` and `:` included, and nothing else is
 * special. The IAM matcher in src/policy/match.ts is not reused: it also treats `?` as a
 * wildcard, which the mutelist syntax does not document. Matched piece by piece rather than as a
 * regular expression: `.*` runs backtrack exponentially on patterns like `*a*a*a*a*a*ab`, and a
 * mutelist pattern is matched against ARNs and tags that member accounts choose.
 */
export function globPattern(glob: string): Glob {
  const pieces = glob.split('*');
  const first = pieces[0]!;
  if (pieces.length === 1) return { test: (value) => value === first };
  const last = pieces[pieces.length - 1]!;
  const middle = pieces.slice(1, -1).filter((p) => p.length > 0);
  return {
    test: (value) => {
      if (value.length < first.length + last.length || !value.startsWith(first) || !value.endsWith(last)) return false;
      // Leftmost placement of each piece leaves the most room for the rest, so it never needs revisiting.
      let at = first.length;
      const end = value.length - last.length;
      for (const piece of middle) {
        const found = value.indexOf(piece, at);
        if (found < 0 || found + piece.length > end) return false;
        at = found + piece.length;
      }
      return true;
    },
  };
}

function isCalendarDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

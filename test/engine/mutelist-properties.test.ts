import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expiredEntries, expiringSoon, globPattern, matchMutelist, MutelistEntry, unknownCheckPatterns, type LocatedEntry, type MuteTarget } from '../../src/engine/mutelist.js';
import { PROPERTY_CASES, PROPERTY_TIMEOUT, runs, totalCases } from '../helpers/property-runs.js';

const SEED = 20261121;

/** Each property's share of the mutelist's budget. */
const CASES = { parse: 2500, engine: 2500, exact: 2000, star: 1000, reference: 3000, expired: 1000 };

it('spends the mutelist budget of at least 10,000 cases', () => {
  expect(PROPERTY_CASES.mutelist).toBeGreaterThanOrEqual(10_000);
  expect(totalCases(CASES)).toBe(PROPERTY_CASES.mutelist);
});

/** The documented glob, read independently of the regular expression: `*` is any run, all else literal. */
function referenceMatch(glob: string, value: string): boolean {
  // matches[j]: the glob read so far matches value.slice(0, j).
  let matches = Array.from({ length: value.length + 1 }, (_, j) => j === 0);
  for (const g of glob) {
    const next = new Array<boolean>(value.length + 1).fill(false);
    for (let j = 0; j <= value.length; j++) {
      if (g === '*') next[j] = matches[j]! || (j > 0 && next[j - 1]!);
      else next[j] = j > 0 && matches[j - 1]! && value[j - 1] === g;
    }
    matches = next;
  }
  return matches[value.length]!;
}

/** Strings over few characters, regex metacharacters and `*` included, so globs and values often meet. */
const ALPHABET = ['a', 'b', '-', '*', '.', '?', '+', '(', ')', '[', ']', '{', '}', '^', '$', '|', '\\', '/', ':', '\n'];
const small = fc.string({ unit: fc.constantFrom(...ALPHABET), maxLength: 8 });
const CHECK_UNITS = ['A', 'B', 'P', '0', '1', '2', '-'];
const checkId = fc.tuple(fc.constantFrom('A', 'P', 'D', '0'), fc.string({ unit: fc.constantFrom(...CHECK_UNITS), maxLength: 8 })).map(([first, rest]) => first + rest);
const checkPattern = fc.tuple(fc.constantFrom('A', 'P', '*', '0'), fc.string({ unit: fc.constantFrom(...CHECK_UNITS, '*'), maxLength: 8 })).map(([first, rest]) => first + rest);
const day = fc.date({ min: new Date('0000-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));

const validEntry = fc.record(
  {
    check: checkPattern,
    accounts: fc.array(fc.oneof(fc.constantFrom('111122223333', '1111*', '*'), fc.stringMatching(/^\d{12}$/)), { minLength: 1, maxLength: 2 }),
    regions: fc.array(fc.constantFrom('eu-west-1', 'eu-*', 'global', '*', 'us-east-1'), { minLength: 1, maxLength: 2 }),
    resource: fc.oneof(fc.constantFrom('*', 'arn:aws:apigateway:eu-west-1::/restapis/*'), small.map((s) => `arn:${s}`)),
    tags: fc.dictionary(fc.string({ minLength: 1, maxLength: 4 }), small, { minKeys: 1, maxKeys: 2 }),
    reason: fc.constant('accepted'),
    owner: fc.constant('team'),
    expires: day,
  },
  { requiredKeys: ['check', 'reason', 'owner', 'expires'] },
);
const locatedList = (size: { minLength?: number; maxLength: number }): fc.Arbitrary<LocatedEntry[]> =>
  fc.array(validEntry, size).map((list) => list.map((raw, i) => ({ entry: MutelistEntry.parse(raw), where: `mutelist[${i}]` })));
const target: fc.Arbitrary<MuteTarget> = fc.record({
  checkId: fc.oneof(checkId, small),
  accountId: fc.oneof(fc.constantFrom('111122223333', '111199998888'), small),
  region: fc.constantFrom('eu-west-1', 'us-east-1', 'global', ''),
  resourceArn: fc.oneof(fc.constant('arn:aws:apigateway:eu-west-1::/restapis/a1'), small.map((s) => `arn:${s}`), small),
  tags: fc.dictionary(fc.string({ minLength: 1, maxLength: 4 }), small, { maxKeys: 3 }),
});

function isRecord(value: unknown): value is Record<PropertyKey, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether a zod issue path names a value inside `value`, or a field missing from an object of it. */
function pointsInto(value: unknown, path: readonly PropertyKey[]): boolean {
  const [key, ...rest] = path;
  if (key === undefined) return true;
  if (Array.isArray(value)) return typeof key === 'number' && key < value.length && pointsInto(value[key], rest);
  if (!isRecord(value)) return false;
  if (!Object.hasOwn(value, key)) return rest.length === 0;
  return pointsInto(value[key], rest);
}

describe('MutelistEntry parses any value into an entry or into located issues', () => {
  it(
    'on arbitrary values and entry-shaped records',
    () => {
      const anyValue = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom<unknown>(undefined, 12345678901, '2026-02-30', '2026-12-31', ' ', [], {}));
      const keys = fc.constantFrom('check', 'accounts', 'regions', 'resource', 'tags', 'reason', 'owner', 'expires', '__proto__', 'constructor', 'extra');
      const shaped = fc.tuple(validEntry, fc.array(fc.tuple(keys, anyValue), { maxLength: 3 })).map(([entry, changes]) => {
        const out: Record<string, unknown> = { ...entry };
        // defineProperty, so "__proto__" is an own key as it is in parsed YAML or JSON.
        for (const [key, value] of changes) Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
        return out;
      });
      fc.assert(
        fc.property(fc.oneof(anyValue, shaped), (value) => {
          const result = MutelistEntry.safeParse(value);
          if (result.success) return;
          expect(result.error.issues.length).toBeGreaterThan(0);
          expect(result.error.issues.every((i) => i.message !== '' && pointsInto(value, i.path)), JSON.stringify(result.error.issues)).toBe(true);
        }),
        { seed: SEED, numRuns: runs(CASES.parse) },
      );
    },
    PROPERTY_TIMEOUT,
  );
});

describe('matching', () => {
  it(
    'never throws on valid entries and any finding, and mutes only with an unexpired matching entry',
    () => {
      fc.assert(
        fc.property(locatedList({ maxLength: 4 }), target, day, fc.integer({ min: 0, max: 3650 }), (list, finding, today, days) => {
          const { mute, expired } = matchMutelist(list, finding, today);
          const muting = list.find((l) => l.where === mute?.entry);
          if (mute) expect(muting !== undefined && muting.entry.expires >= today).toBe(true);
          expect(expired.every((l) => l.entry.expires < today)).toBe(true);
          expect(expiredEntries(list, today).every((l) => l.entry.expires < today)).toBe(true);
          expect(expiringSoon(list, today, days).every((l) => l.entry.expires >= today)).toBe(true);
          expect(unknownCheckPatterns(list, [finding.checkId]).length).toBeLessThanOrEqual(list.length);
        }),
        { seed: SEED, numRuns: runs(CASES.engine) },
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'a check pattern without * matches exactly itself',
    () => {
      fc.assert(
        fc.property(checkId, fc.oneof(checkId, small), (id, other) => {
          expect(globPattern(id).test(id)).toBe(true);
          expect(globPattern(id).test(other)).toBe(other === id);
        }),
        { seed: SEED, numRuns: runs(CASES.exact) },
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    '* matches any id, any text',
    () => {
      fc.assert(
        fc.property(fc.oneof(checkId, fc.string()), (value) => {
          expect(globPattern('*').test(value)).toBe(true);
        }),
        { seed: SEED, numRuns: runs(CASES.star) },
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'globs match as the reference reading of the syntax does',
    () => {
      // Values built from the glob's own pieces, so matches are as common as misses.
      const globAndValue = small.chain((glob) => fc.tuple(fc.constant(glob), fc.oneof(small, fc.array(fc.oneof(small, fc.constant(glob.replaceAll('*', ''))), { maxLength: 3 }).map((parts) => parts.join('')))));
      fc.assert(
        fc.property(globAndValue, ([glob, value]) => {
          expect(globPattern(glob).test(value)).toBe(referenceMatch(glob, value));
        }),
        { seed: SEED, numRuns: runs(CASES.reference) },
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'an expired entry never mutes, and is reported when it matches',
    () => {
      const expiredList = locatedList({ minLength: 1, maxLength: 3 }).map((list) => list.map((l) => ({ ...l, entry: { ...l.entry, expires: '2000-01-01' } })));
      fc.assert(
        fc.property(expiredList, target, day.filter((d) => d > '2000-01-01'), (list, finding, today) => {
          const wildcard = list.map((l) => ({ ...l, entry: { check: '*', reason: l.entry.reason, owner: l.entry.owner, expires: l.entry.expires } }));
          expect(matchMutelist(list, finding, today).mute).toBeUndefined();
          expect(matchMutelist(wildcard, finding, today)).toEqual({ expired: wildcard });
          expect(expiredEntries(list, today)).toEqual(list);
        }),
        { seed: SEED, numRuns: runs(CASES.expired) },
      );
    },
    PROPERTY_TIMEOUT,
  );
});

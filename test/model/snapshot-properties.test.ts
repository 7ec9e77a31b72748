import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/model/inventory.js';
import { SnapshotError, formatPath, parseSnapshot, parseSnapshotText, serializeSnapshot } from '../../src/model/snapshot.js';
import { PROPERTY_CASES, PROPERTY_TIMEOUT, runs, totalCases } from '../helpers/property-runs.js';
import { simulatedSnapshot } from '../helpers/simulated-snapshot.js';

const SEED = 20261121;
const SOURCE = 'hostile.json';

/** Each property's share of the snapshot loader's budget. */
const CASES = { text: 3500, json: 3000, roundTrip: 1000, mutation: 2500 };

it('spends the snapshot loader budget of at least 10,000 cases', () => {
  expect(PROPERTY_CASES.snapshot).toBeGreaterThanOrEqual(10_000);
  expect(totalCases(CASES)).toBe(PROPERTY_CASES.snapshot);
});

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = (string | number)[];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Whether a formatted issue path names a value inside `value`, or a field missing from an object
 * inside it (a required field left out). Keys may hold "." or "[", so every key that fits is tried.
 */
function pointsInto(value: unknown, path: string, top = true): boolean {
  if (path === '') return true;
  const index = /^\[(\d+)\]/.exec(path);
  if (index && Array.isArray(value)) {
    const i = Number(index[1]);
    return i < value.length && pointsInto(value[i], path.slice(index[0].length), false);
  }
  if (!isRecord(value)) return false;
  const rest = top ? path : path.startsWith('.') ? path.slice(1) : undefined;
  if (rest === undefined) return false;
  if (/^\w+$/.test(rest) && !Object.hasOwn(value, rest)) return true;
  return Object.keys(value).some((key) => rest.startsWith(key) && pointsInto(value[key], rest.slice(key.length), false));
}

/**
 * Loads, and if loading fails, checks it failed only as documented: a SnapshotError naming the
 * source and every issue. One expect per case: the assertions are most of the cost per case.
 */
function load(input: { text: string } | { value: unknown }): { snapshot: Snapshot } | { error: SnapshotError } {
  try {
    return { snapshot: 'text' in input ? parseSnapshotText(input.text, SOURCE) : parseSnapshot(input.value, SOURCE) };
  } catch (err) {
    const error = err as SnapshotError;
    const documented = err instanceof SnapshotError && error.source === SOURCE && error.issues.length > 0 && error.message.includes(SOURCE) && error.issues.every((i) => error.message.includes(`${i.path || '(root)'}: `));
    expect(documented, String(err)).toBe(true);
    return { error };
  }
}

function jsonOf(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return undefined;
  }
}

/** Every path to a node of the value, the root excluded, in document order. */
function pathsOf(value: Json, prefix: Path = []): Path[] {
  const children: [string | number, Json][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : isRecord(value) ? Object.entries(value) : [];
  return children.flatMap(([key, child]) => [[...prefix, key], ...pathsOf(child, [...prefix, key])]);
}

/** True when one formatted path is the other or an ancestor of it (regional[1] is not an ancestor of regional[10]). */
function related(a: string, b: string): boolean {
  const under = (inner: string, outer: string) => inner === outer || outer === '' || inner.startsWith(`${outer}.`) || inner.startsWith(`${outer}[`);
  return under(a, b) || under(b, a);
}

/** Replaces the node at `path` in place, or removes it when `replacement` is undefined. */
function setAt(value: Json, path: Path, replacement: Json | undefined): void {
  let parent: Json = value;
  for (const key of path.slice(0, -1)) parent = (parent as Record<string | number, Json>)[key]!;
  const last = path.at(-1)!;
  if (Array.isArray(parent)) {
    if (replacement === undefined) parent.splice(last as number, 1);
    else parent[last as number] = replacement;
  } else if (isRecord(parent)) {
    if (replacement === undefined) delete parent[last];
    // defineProperty, not assignment, so a "__proto__" key is data as in JSON.parse's output.
    else Object.defineProperty(parent, last, { value: replacement, enumerable: true, writable: true, configurable: true });
  }
}

/** At most one element in every array: every shape stays, the document gets small. */
function trimmed(value: Json): Json {
  if (Array.isArray(value)) return value.slice(0, 1).map(trimmed);
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, trimmed(v)]));
  return value;
}

const hostileJson: fc.Arbitrary<Json> = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
  fc.constantFrom<Json>({ __proto__: null }, { constructor: 1 }, '', 0, -0, 1e308, [], {}),
);

/**
 * A miniature of a simulated organization: the snapshot's header with one record of every kind
 * the collectors produce, so properties see every schema shape at a size that parses in well
 * under a millisecond.
 */
let miniature: Json;
let nodePaths: Path[];
/** regional[0].<kind>[i]: the records a variant may leave out. */
let recordPaths: Path[];

beforeAll(async () => {
  const { snapshot } = await simulatedSnapshot(7, 3, ['us-east-1', 'eu-west-1']);
  const full = JSON.parse(serializeSnapshot(snapshot)) as { collections: { errors: Json[] }[]; regional: Record<string, Json>[]; global: Record<string, Json>[] };
  // A collection that recorded errors, when there is one, so the error shape is covered too.
  const collections = [...full.collections].sort((a, b) => b.errors.length - a.errors.length) as Json[];
  // Each container's arrays hold the first record of that kind found in any container.
  const pickFirst = (containers: Record<string, Json>[]): Record<string, Json> =>
    Object.fromEntries(Object.entries(containers[0] ?? {}).map(([key, value]) => [key, Array.isArray(value) ? containers.flatMap((c) => c[key] as Json[]).slice(0, 1) : value]));
  miniature = trimmed({ ...full, collections, regional: [pickFirst(full.regional)], global: [pickFirst(full.global)] });
  parseSnapshot(miniature);
  nodePaths = pathsOf(miniature);
  recordPaths = nodePaths.filter((p) => p.length === 4 && p[0] === 'regional' && typeof p[3] === 'number');
}, 60_000);

describe('the snapshot loader fails only with a SnapshotError that locates every issue', () => {
  it(
    'on arbitrary text',
    () => {
      const text = fc.oneof(
        fc.string(),
        fc.json(),
        fc.string({ unit: fc.constantFrom('{', '}', '[', ']', '"', ':', ',', '1', 'a', 'schemaVersion', 'regional', ' ') }),
        fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify({ schemaVersion: 1, regional: [v] })),
      );
      fc.assert(
        fc.property(text, (t) => {
          const result = load({ text: t });
          if (!('error' in result)) return;
          const json = jsonOf(t);
          const located = result.error.issues.every((issue) => (json === undefined ? issue.path === '' : pointsInto(json.value, issue.path)));
          expect(located, result.error.message).toBe(true);
        }),
        { seed: SEED, numRuns: runs(CASES.text) },
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'on arbitrary JSON values, and on snapshots with arbitrary sections',
    () => {
      const shaped = fc.record(
        {
          schemaVersion: fc.oneof(fc.constant(1), hostileJson),
          partition: fc.oneof(fc.constantFrom('aws', 'aws-cn', 'aws-mars'), hostileJson),
          callerAccountId: fc.oneof(fc.constantFrom('111122223333', '1111'), hostileJson),
          regions: fc.oneof(fc.array(fc.string({ maxLength: 10 }), { maxLength: 2 }), hostileJson),
          accounts: fc.array(fc.dictionary(fc.constantFrom('id', 'name', 'status', 'ouPath', '__proto__'), hostileJson, { maxKeys: 4 }), { maxLength: 2 }),
          regional: fc.array(fc.dictionary(fc.constantFrom('accountId', 'region', 'restApis', 'vpcEndpoints', 'vpcs', 'apiGatewayAccount'), hostileJson, { maxKeys: 4 }), { maxLength: 2 }),
          global: hostileJson,
        },
        { requiredKeys: [] },
      );
      fc.assert(
        fc.property(fc.oneof(hostileJson, shaped), (value) => {
          const result = load({ value });
          if ('error' in result) expect(result.error.issues.every((issue) => pointsInto(value, issue.path)), result.error.message).toBe(true);
        }),
        { seed: SEED, numRuns: runs(CASES.json) },
      );
    },
    PROPERTY_TIMEOUT,
  );
});

describe('valid snapshots', () => {
  it(
    'round-trip through serializeSnapshot and parseSnapshotText, with any records and any text in them',
    () => {
      const namePaths = nodePaths.filter((p) => p.at(-1) === 'name' && typeof p.at(-2) === 'number');
      const tagPaths = nodePaths.filter((p) => p.at(-1) === 'tags');
      const variant = fc.record({
        drop: fc.subarray(recordPaths),
        name: fc.string(),
        tags: fc.dictionary(fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 }), { maxKeys: 3 }),
      });
      fc.assert(
        fc.property(variant, ({ drop, name, tags }) => {
          const value = structuredClone(miniature);
          for (const path of namePaths) setAt(value, path, name);
          for (const path of tagPaths) setAt(value, path, tags);
          // Later indexes first, so a removal does not shift the records still to remove.
          for (const path of [...drop].reverse()) setAt(value, path, undefined);
          const snapshot = parseSnapshot(value, SOURCE);
          const text = serializeSnapshot(snapshot);
          const back = parseSnapshotText(text, SOURCE);
          expect(isDeepStrictEqual(back, snapshot) && serializeSnapshot(back) === text, text).toBe(true);
        }),
        { seed: SEED, numRuns: runs(CASES.roundTrip) },
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'with one field replaced by any JSON value, or removed, either load or fail at that field',
    () => {
      const mutation = fc.record({ path: fc.constantFrom(...nodePaths), replacement: fc.option(hostileJson, { freq: 5, nil: undefined }) });
      fc.assert(
        fc.property(mutation, ({ path, replacement }) => {
          const value = structuredClone(miniature);
          setAt(value, path, replacement);
          const result = load({ value });
          if (!('error' in result)) return;
          // A removed array element shifts its followers: their issues are under the array.
          const at = replacement === undefined && typeof path.at(-1) === 'number' ? path.slice(0, -1) : path;
          expect(result.error.issues.every((issue) => related(issue.path, formatPath(at))), `${result.error.message}\n(mutated ${formatPath(path)})`).toBe(true);
        }),
        { seed: SEED, numRuns: runs(CASES.mutation) },
      );
    },
    PROPERTY_TIMEOUT,
  );
});


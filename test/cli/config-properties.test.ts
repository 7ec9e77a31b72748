import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { stringify } from 'yaml';
import { ConfigError, parseConfig, type LoadedConfig } from '../../src/cli/config-file.js';
import { PROPERTY_CASES, PROPERTY_TIMEOUT, runs, totalCases } from '../helpers/property-runs.js';

const SEED = 20261121;
const FILE = 'hostile.yaml';

/** Each property's share of the config loader's budget. */
const CASES = { text: 3500, documents: 3000, mutation: 3500 };

it('spends the config loader budget of at least 10,000 cases', () => {
  expect(PROPERTY_CASES.config).toBeGreaterThanOrEqual(10_000);
  expect(totalCases(CASES)).toBe(PROPERTY_CASES.config);
});

// The loader keeps yaml's own warnings (a collection used as a key) off stderr: the key is reported as a problem instead.
const warnings: unknown[] = [];
beforeAll(() => {
  vi.spyOn(process, 'emitWarning').mockImplementation((w) => void warnings.push(w));
});
afterAll(() => {
  vi.restoreAllMocks();
  expect(warnings).toEqual([]);
});

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = (string | number)[];

const LOCATION = new RegExp(`^${FILE.replace('.', '\\.')}:(\\d+):(\\d+): `);

/**
 * Loads, and if loading fails, checks it failed only as documented: a ConfigError whose summary
 * names the file and whose every problem starts with file:line:col inside the text. Returns the
 * problems without their location.
 */
function load(text: string): { loaded: LoadedConfig } | { problems: string[] } {
  try {
    return { loaded: parseConfig(FILE, text) };
  } catch (err) {
    const lines = text.split(/\r\n|\r|\n/).length;
    const [summary = '', ...problems] = err instanceof ConfigError ? err.message.split('\n') : [];
    const located = problems.every((p) => {
      const m = LOCATION.exec(p);
      return m !== null && Number(m[1]) >= 1 && Number(m[1]) <= lines && Number(m[2]) >= 1;
    });
    expect(err instanceof ConfigError && summary.startsWith(`${FILE}: `) && problems.length > 0 && located, String(err)).toBe(true);
    return { problems: problems.map((p) => p.replace(LOCATION, '')) };
  }
}

/** One of every section, each field set, so a mutation can land anywhere in the schema. */
const VALID: Json = {
  $schema: './privapi.schema.json',
  accounts: { mode: 'organization', include: ['012345678901'], exclude: ['111111111111'], ous: ['ou-abcd-12345678', 'r-ab12'] },
  regions: ['eu-west-1', 'us-east-1'],
  homeRegion: 'eu-west-1',
  profile: 'audit',
  role: { name: 'PrivapiAudit', path: '/audit/', externalId: 'shared-secret-id', assumeInCallerAccount: false },
  checks: { include: ['POLICY-*'], exclude: ['DNS-001'] },
  failOn: 'high',
  collection: { accountConcurrency: 4, maxAttempts: 3, quotas: { ec2: '20/100', 'apigateway:GetResources': '5/10' } },
  state: { file: 'state.json', dynamodbTable: 'privapi-findings', dynamodbRegion: 'eu-west-1', createTable: true, retentionDays: 90 },
  securityHub: true,
  outputs: { formats: ['json', 'html'], dir: 'out' },
  onPremises: [{ label: 'dc-1', cidrs: ['10.20.0.0/16', '2001:db8::/32'], resolverEndpoints: ['rslvr-in-0123456789abcdef0'] }],
  mutelist: [
    { check: 'POLICY-002', accounts: ['012345678901'], regions: ['eu-*'], resource: 'arn:aws:apigateway:eu-west-1::/restapis/*', tags: { env: 'dev*' }, reason: 'shared endpoint', owner: 'platform', expires: '2026-12-31' },
  ],
};

function pathsOf(value: Json, prefix: Path = []): Path[] {
  const children: [string | number, Json][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : value !== null && typeof value === 'object' ? Object.entries(value) : [];
  return children.flatMap(([key, child]) => [[...prefix, key], ...pathsOf(child, [...prefix, key])]);
}

/** mutelist[0].expires, as the loader writes paths. */
function formatPath(path: Path): string {
  return path.map((key, i) => (typeof key === 'number' ? `[${key}]` : i === 0 ? key : `.${key}`)).join('');
}

function withReplaced(value: Json, path: Path, replacement: Json | undefined): Json {
  const copy = structuredClone(value);
  let parent = copy as Record<string | number, Json>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, Json>;
  const last = path.at(-1)!;
  if (replacement !== undefined) Object.defineProperty(parent, last, { value: replacement, enumerable: true, writable: true, configurable: true });
  else if (Array.isArray(parent)) parent.splice(last as number, 1);
  else delete parent[last];
  return copy;
}

const hostileKey = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('__proto__', 'constructor', '<<', '', 'a.b', 'mutelist', 'accounts'));
const hostileValue: fc.Arbitrary<Json> = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
  fc.constantFrom<Json>('012345678901', 12345678901, '2026-02-30', '2026-12-31', 'POLICY-*', 'eu-west-1', '', ' ', 'true', true, 0, -1, 1.5, null, [], {}, '0/0', '1/1', 'rslvr-in-x'),
  fc.dictionary(hostileKey, fc.jsonValue({ maxDepth: 1 }) as fc.Arbitrary<Json>, { maxKeys: 2 }),
);

beforeAll(() => {
  // The mutation property is only meaningful if the unmutated config loads.
  expect('loaded' in load(stringify(VALID))).toBe(true);
});

describe('the config loader fails only with a ConfigError that names the file and the line', () => {
  it(
    'on arbitrary text, YAML-ish text and alias bombs',
    () => {
      const yamlish = fc.string({ unit: fc.constantFrom(':', '-', ' ', '  ', '\n', '[', ']', '{', '}', ',', '"', "'", '#', '&a', '*a', '*b', '!!str', '!!binary', '? ', '|', '>', '---\n', 'mutelist', 'check', 'regions', 'x', '1'), maxLength: 30 });
      const bomb = fc.integer({ min: 2, max: 12 }).map((width) => {
        const row = (alias: string) => `[${Array.from({ length: width }, () => alias).join(',')}]`;
        return `a: &a ${row('"x"')}\nb: &b ${row('*a')}\nc: &c ${row('*b')}\nd: ${row('*c')}\n`;
      });
      fc.assert(
        fc.property(fc.oneof(fc.string(), yamlish, bomb), (text) => {
          load(text);
        }),
        { seed: SEED, numRuns: runs(CASES.text) },
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'on arbitrary YAML and JSON documents, and configs of arbitrary sections',
    () => {
      const sections = fc.dictionary(fc.oneof(fc.constantFrom(...Object.keys(VALID as object)), hostileKey), hostileValue, { maxKeys: 4 });
      fc.assert(
        fc.property(fc.oneof(hostileValue, sections), fc.boolean(), (value, asJson) => {
          load(asJson ? JSON.stringify(value, null, 2) : stringify(value));
        }),
        { seed: SEED, numRuns: runs(CASES.documents) },
      );
    },
    PROPERTY_TIMEOUT,
  );
});

describe('a valid config with one field replaced or removed', () => {
  it(
    'loads, or fails with every problem at that field, one of its ancestors or something inside the new value',
    () => {
      // One section at a time keeps each document a few lines long: parsing cost grows with size.
      const mutation = fc.constantFrom(...Object.entries(VALID as Record<string, Json>)).chain(([key, section]) =>
        fc.record({
          config: fc.constant<Json>({ [key]: section }),
          path: fc.constantFrom(...pathsOf({ [key]: section })),
          replacement: fc.option(hostileValue, { freq: 6, nil: undefined }),
          asJson: fc.boolean(),
        }),
      );
      fc.assert(
        fc.property(mutation, ({ config, path, replacement, asJson }) => {
          const value = withReplaced(config, path, replacement);
          const result = load(asJson ? JSON.stringify(value, null, 2) : stringify(value));
          if (!('problems' in result)) return;
          // A removed list item shifts the ones after it: their problems are inside the list.
          const at = replacement === undefined && typeof path.at(-1) === 'number' ? path.slice(0, -1) : path;
          const ancestors = at.map((_, i) => formatPath(at.slice(0, i + 1)));
          const target = formatPath(at);
          const located = result.problems.every((p) => ancestors.some((a) => p.startsWith(`${a}: `)) || p.startsWith(`${target}.`) || p.startsWith(`${target}[`));
          expect(located, `${result.problems.join('\n')}\n(mutated ${formatPath(path)})`).toBe(true);
        }),
        { seed: SEED, numRuns: runs(CASES.mutation) },
      );
    },
    PROPERTY_TIMEOUT,
  );
});

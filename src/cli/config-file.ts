import { readFile, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { isMap, isScalar, LineCounter, parseDocument, visit, type Alias, type Document, type Node } from 'yaml';
import { z } from 'zod';
import { CHECK_PATTERN, MutelistEntry, type LocatedEntry } from '../engine/mutelist.js';
import { SEVERITIES } from '../model/check.js';
import { parseCidr } from '../policy/ip.js';
import { OUTPUT_FORMATS } from '../report/model.js';
import { UsageError } from './errors.js';
import { ACCOUNT_ID, OU_ID, QUOTA_KEY, rateAndBurst, REGION_NAME, type Quotas } from './options.js';

/**
 * The config file: privapi.config.json, .yaml or .yml. Both are read with the YAML parser (JSON
 * is YAML) so every problem, syntax or schema, is reported as file:line:col with the path of the
 * offending value, and all of them at once: a user fixing a mutelist should not need one run per
 * typo.
 */

const CONFIG_FILE_NAMES = ['privapi.config.json', 'privapi.config.yaml', 'privapi.config.yml'] as const;

const accountId = z
  .string({ error: (issue) => (typeof issue.input === 'number' ? 'expected the account id as a quoted string, such as "012345678901" (YAML reads unquoted digits as a number)' : 'expected a 12-digit account id') })
  .regex(ACCOUNT_ID, { error: 'expected a 12-digit account id' });
const region = z.string({ error: 'expected a region name such as eu-west-1' }).regex(REGION_NAME, { error: 'expected a region name such as eu-west-1' });
const ouId = z.string({ error: 'expected an OU or root id' }).regex(OU_ID, { error: 'expected an OU id (ou-xxxx-xxxxxxxx) or a root id (r-xxxx)' });
const checkPattern = z.string({ error: 'expected a check id' }).regex(CHECK_PATTERN, { error: 'expected a check id such as POLICY-002, or a pattern with * such as POLICY-*' });
const positiveInt = z.number({ error: 'expected a whole number' }).int({ error: 'expected a whole number' }).min(1, { error: 'expected a number ≥ 1' });
const text = (what: string) => z.string({ error: `expected ${what}` }).trim().min(1, { error: `must not be empty: ${what}` });
const list = <T extends z.ZodType>(item: T) => z.array(item, { error: 'expected a list' }).min(1, { error: 'list at least one, or leave the key out' });
const section = <T extends z.core.$ZodLooseShape>(shape: T) =>
  z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? `unknown key; expected ${Object.keys(shape).join(', ')}` : issue.code === 'invalid_type' ? 'expected a mapping' : undefined),
  });

/**
 * One entry per top-level section; a new section is one line here. Every flag of audit and
 * collect has a place, so a pipeline can keep its whole invocation in the file; flags given on
 * the command line override it (see settings.ts).
 */
const CONFIG_SECTIONS = {
  $schema: z.string({ error: 'expected the URL or path of the JSON schema' }).optional(),
  accounts: section({
    mode: z.enum(['organization', 'account'], { error: 'expected organization or account' }).optional(),
    include: list(accountId).optional(),
    exclude: list(accountId).optional(),
    ous: list(ouId).optional(),
  })
    .refine((a) => a.mode !== 'account' || (a.exclude === undefined && a.ous === undefined), { error: 'exclude and ous apply to organization mode; in account mode list the accounts under include' })
    .optional(),
  regions: list(region).optional(),
  homeRegion: region.optional(),
  profile: text('an AWS profile name').optional(),
  role: section({
    name: text('the role name').optional(),
    path: z.string({ error: 'expected an IAM path' }).regex(/^\/([\x21-\x7e]+\/)?$/, { error: 'expected an IAM path such as / or /audit/' }).optional(),
    externalId: text('the ExternalId').optional(),
    assumeInCallerAccount: z.boolean({ error: 'expected true or false' }).optional(),
  }).optional(),
  checks: section({ include: list(checkPattern).optional(), exclude: list(checkPattern).optional() }).optional(),
  failOn: z
    .string({ error: `expected one of ${SEVERITIES.join(', ')}` })
    .transform((v) => v.toUpperCase())
    .pipe(z.enum(SEVERITIES, { error: `expected one of ${SEVERITIES.join(', ')}` }))
    .optional(),
  collection: section({
    accountConcurrency: positiveInt.optional(),
    maxAttempts: positiveInt.optional(),
    quotas: z
      .record(
        z.string().regex(QUOTA_KEY, { error: 'expected a service or service:Operation, such as ec2 or apigateway:GetResources' }),
        z.string({ error: 'expected "RATE/BURST" as text, such as "20/100"' }).refine((v) => rateAndBurst(v) !== undefined, { error: 'expected "RATE/BURST" with RATE > 0 and BURST ≥ 1, such as "20/100"' }),
      )
      .transform((q): Quotas => Object.fromEntries(Object.entries(q).map(([k, v]) => [k, rateAndBurst(v)!])))
      .optional(),
  }).optional(),
  state: section({
    file: z.union([text('a file path'), z.literal(false)], { error: 'expected a file path, or false to keep no state' }).optional(),
    dynamodbTable: text('a DynamoDB table name').optional(),
    dynamodbRegion: region.optional(),
    createTable: z.boolean({ error: 'expected true or false' }).optional(),
    retentionDays: positiveInt.optional(),
  }).optional(),
  securityHub: z.boolean({ error: 'expected true or false' }).optional(),
  outputs: section({
    formats: list(z.enum(OUTPUT_FORMATS, { error: `expected one of ${OUTPUT_FORMATS.join(', ')}` })).optional(),
    dir: text('a directory').optional(),
  }).optional(),
  onPremises: z
    .array(
      section({
        label: text('a label for the network, such as datacenter-1').regex(/^[\w.-]+$/, { error: 'expected letters, digits, ".", "_" or "-"' }),
        cidrs: list(z.string({ error: 'expected a CIDR such as 10.20.0.0/16' }).refine((v) => v.includes('/') && parseCidr(v) !== undefined, { error: 'expected a CIDR such as 10.20.0.0/16 or 2001:db8::/32' })),
        resolverEndpoints: list(z.string().regex(/^rslvr-in-[0-9a-z]+$/, { error: 'expected an inbound Resolver endpoint id such as rslvr-in-0123456789abcdef0' })).optional(),
      }),
      { error: 'expected a list of on-premises networks' },
    )
    .optional(),
  mutelist: z.array(MutelistEntry, { error: 'expected a list of accepted risks' }).optional(),
};

export const PrivapiConfig = z.strictObject(CONFIG_SECTIONS, {
  error: (issue) => {
    if (issue.code === 'unrecognized_keys') return `unknown section; expected ${Object.keys(CONFIG_SECTIONS).join(', ')}`;
    return issue.code === 'invalid_type' ? 'expected a mapping of config sections' : undefined;
  },
});
export type PrivapiConfig = z.infer<typeof PrivapiConfig>;

export type ConfigPath = readonly (string | number)[];

export interface LoadedConfig {
  /** The file read, as given or as found; absent when there is none (an empty config). */
  path?: string;
  config: PrivapiConfig;
  /** The line a value was written on, e.g. lineOf(['mutelist', 2]), so later messages point into the file. */
  lineOf?: (path: ConfigPath) => number | undefined;
}

/** Anything wrong with the config file; each problem is one line starting with file:line:col. */
export class ConfigError extends UsageError {
  constructor(
    message: string,
    readonly problems: readonly string[] = [],
  ) {
    super(problems.length > 0 ? `${message}\n${problems.join('\n')}` : message);
  }
}

export async function loadConfig(options: { path?: string; cwd: string }): Promise<LoadedConfig> {
  const file = options.path ?? (await discover(options.cwd));
  if (file === undefined) return { config: {} };
  const source = await readSource(file, options.cwd);
  return parseConfig(file, source);
}

/** Each mutelist entry with where it is written, e.g. "privapi.config.yaml:14 mutelist[2]". */
export function locatedMutelist(loaded: LoadedConfig): LocatedEntry[] {
  const file = loaded.path === undefined ? undefined : basename(loaded.path);
  return (loaded.config.mutelist ?? []).map((entry, i) => {
    const line = loaded.lineOf?.(['mutelist', i]);
    const at = file === undefined ? '' : line === undefined ? `${file} ` : `${file}:${line} `;
    return { entry, where: `${at}mutelist[${i}]` };
  });
}

/** Parses and validates config text, the pure step of loadConfig; `file` is only used in messages. */
export function parseConfig(file: string, source: string): LoadedConfig {
  const lineCounter = new LineCounter();
  // logLevel 'error': yaml would otherwise print its own warnings (e.g. a collection used as a key) to stderr; the keys are reported below, with their location.
  const doc = parseDocument(source, { lineCounter, prettyErrors: false, logLevel: 'error' });
  const at = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return `${file}:${line}:${col}`;
  };
  if (doc.errors.length > 0) {
    throw new ConfigError(`${file}: not valid YAML or JSON`, doc.errors.map((e) => `${at(e.pos[0])}: ${e.message}`));
  }
  // A file holding only comments is an empty config, not an error.
  const parsed = PrivapiConfig.safeParse(doc.contents === null ? {} : toValue(doc, file, at));
  if (!parsed.success) {
    // In file order, which is how the user will fix them (zod reports in schema order).
    const problems = parsed.error.issues.flatMap((issue) => describeIssue(doc, issue)).sort((a, b) => a.offset - b.offset);
    throw new ConfigError(`${file}: invalid config`, problems.map((p) => `${at(p.offset)}: ${p.text}`));
  }
  const lineOf = (path: ConfigPath) => {
    const start = nodeAt(doc, path)?.range?.[0];
    return start === undefined ? undefined : lineCounter.linePos(start).line;
  };
  return { path: file, config: parsed.data, lineOf };
}

/**
 * The document as plain values. yaml finds an alias to an undefined anchor, or one expanding past
 * its alias budget (a "billion laughs" file), only here, and throws a ReferenceError without a
 * position: report it at the first offending alias like any other syntax error.
 */
function toValue(doc: Document, file: string, at: (offset: number) => string): unknown {
  try {
    return doc.toJS();
  } catch (err) {
    const aliases: Alias[] = [];
    visit(doc, { Alias: (_, node) => void aliases.push(node) });
    const culprit = aliases.find((a) => a.resolve(doc) === undefined) ?? aliases[0];
    throw new ConfigError(`${file}: not valid YAML or JSON`, [`${at(culprit?.range?.[0] ?? 0)}: ${(err as Error).message}`]);
  }
}

async function discover(cwd: string): Promise<string | undefined> {
  const present = (await Promise.all(CONFIG_FILE_NAMES.map(async (name) => ((await isFile(join(cwd, name))) ? name : undefined)))).filter((name) => name !== undefined);
  if (present.length > 1) throw new ConfigError(`found ${present.length} config files in ${cwd}: ${present.join(', ')}; keep only one`);
  return present[0];
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

async function readSource(file: string, cwd: string): Promise<string> {
  try {
    return await readFile(resolve(cwd, file), 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ConfigError(`config file not found: ${file}`);
    throw new ConfigError(`cannot read config file ${file}: ${(err as Error).message}`);
  }
}

/** One problem per issue; an unknown-keys issue becomes one per key, each at its own key. */
function describeIssue(doc: Document, issue: z.core.$ZodIssue): { offset: number; text: string }[] {
  const path = issue.path.filter((key): key is string | number => typeof key !== 'symbol');
  const offset = (node: Node | undefined) => node?.range?.[0] ?? 0;
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({ offset: offset(keyNode(doc, path, key) ?? nearestNode(doc, path)), text: `${formatPath([...path, key])}: ${issue.message}` }));
  }
  const where = formatPath(path);
  return [{ offset: offset(nearestNode(doc, path)), text: where === '' ? issue.message : `${where}: ${issue.message}` }];
}

function nodeAt(doc: Document, path: ConfigPath): Node | undefined {
  const node: unknown = path.length === 0 ? doc.contents : doc.getIn(path, true);
  return node !== null && typeof node === 'object' && 'range' in node ? (node as Node) : undefined;
}

/** The node at `path`, or its nearest ancestor when the value is missing (a required key left out). */
function nearestNode(doc: Document, path: ConfigPath): Node | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = nodeAt(doc, path.slice(0, depth));
    if (node) return node;
  }
  return undefined;
}

function keyNode(doc: Document, path: ConfigPath, key: string): Node | undefined {
  const map = nodeAt(doc, path);
  if (!isMap(map)) return undefined;
  const pair = map.items.find((item) => isScalar(item.key) && item.key.value === key);
  return isScalar(pair?.key) ? pair.key : undefined;
}

/** mutelist[2].expires: how users write paths, rather than zod's array of keys. */
function formatPath(path: ConfigPath): string {
  return path.map((key, i) => (typeof key === 'number' ? `[${key}]` : i === 0 ? key : `.${key}`)).join('');
}

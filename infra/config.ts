import { z } from 'zod';

/**
 * The deployment's settings, read from CDK context: a `privapi` object in cdk.json, overridden key
 * by key with `-c privapi:<key>=<value>` (strings on the command line; lists comma-separated).
 * Every problem names its context key, e.g. "privapi:regions: 'us-east-1,foo' — 'foo' is not a region name".
 */

export const CONTEXT_OBJECT = 'privapi';
export const CONTEXT_PREFIX = 'privapi:';

/** CloudWatch Logs accepts only these retention periods (days); 9999 is CDK's "never expire". */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653, 9999] as const;

const REGION = /^[a-z]{2,4}(-[a-z]+)+-\d{1,2}$/;
const ACCOUNT = /^\d{12}$/;
const ORG_ID = /^o-[a-z0-9]{10,32}$/;
const ROOT_ID = /^r-[0-9a-z]{4,32}$/;
const OU_ID = /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/;
/** IAM role names: [\w+=,.@-], 1 to 64 characters. */
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
/** IAM paths: "/" or "/a/b/" with printable ASCII segments. */
const ROLE_PATH = /^\/(?:[\x21-\x2e\x30-\x7e]+\/)*$/;
/** sts:ExternalId: 2 to 1224 characters of [\w+=,.@:/-]. */
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;
/** EventBridge Scheduler: rate(value unit) or a six-field cron(...) expression. */
const RATE = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/;
const CRON = /^cron\(\S+ \S+ \S+ \S+ \S+ \S+\)$/;

const quote = (v: unknown): string => (typeof v === 'string' ? `'${v}'` : JSON.stringify(v));

/** A list from cdk.json (array) or the command line (comma-separated string). */
const list = (what: string, pattern: RegExp, example: string) =>
  z
    .union([z.string(), z.array(z.string())], { error: (i) => `${quote(i.input)} — expected a list (array or comma-separated string)` })
    .transform((v, ctx) => {
      const items = (Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter(Boolean);
      for (const item of items) {
        if (!pattern.test(item)) ctx.addIssue({ code: 'custom', message: `${quote(Array.isArray(v) ? v.join(',') : v)} — '${item}' is not ${what} (e.g. ${example})` });
      }
      return items;
    });

const int = (min: number, max: number) =>
  z.union([z.number(), z.string()]).transform((v, ctx) => {
    const n = typeof v === 'number' ? v : v.trim() === '' ? Number.NaN : Number(v);
    if (!Number.isInteger(n) || n < min || n > max) {
      ctx.addIssue({ code: 'custom', message: `${quote(v)} — expected a whole number from ${min} to ${max}` });
      return z.NEVER;
    }
    return n;
  });

const bool = z.union([z.boolean(), z.enum(['true', 'false'])], { error: (i) => `${quote(i.input)} — expected true or false` }).transform((v) => v === true || v === 'true');

const matching = (pattern: RegExp, what: string) =>
  z.string({ error: (i) => `${quote(i.input)} — expected ${what}` }).refine((v) => pattern.test(v), { error: (i) => `${quote(i.input)} — expected ${what}` });

export const PrivapiConfig = z.object({
  /** The hub account and region; default CDK_DEFAULT_ACCOUNT / CDK_DEFAULT_REGION. */
  hubAccount: matching(ACCOUNT, 'a 12-digit account id'),
  hubRegion: matching(REGION, 'a region name such as us-east-1'),
  /** Where the StackSet stack is deployed: the management account or a delegated administrator; default the hub account. */
  stackSetAccount: matching(ACCOUNT, 'a 12-digit account id').optional(),
  /** SELF in the management account, DELEGATED_ADMIN in a delegated administrator account. */
  callAs: z.enum(['SELF', 'DELEGATED_ADMIN'], { error: (i) => `${quote(i.input)} — expected SELF (management account) or DELEGATED_ADMIN` }).default('SELF'),
  schedule: z
    .string({ error: (i) => `${quote(i.input)} — expected a schedule expression` })
    .refine((v) => CRON.test(v) || (RATE.test(v) && Number(RATE.exec(v)?.[1]) >= 1), {
      error: (i) => `${quote(i.input)} — expected rate(N minutes|hours|days) with N ≥ 1, or cron(minutes hours day-of-month month day-of-week year)`,
    })
    .default('rate(6 hours)'),
  /** Regions audited in each account; empty means every region enabled in the account. */
  regions: list('a region name', REGION, 'us-east-1').default([]),
  roleName: matching(ROLE_NAME, 'an IAM role name (1-64 characters of letters, digits and +=,.@_-)').default('PrivapiAuditRole'),
  rolePath: matching(ROLE_PATH, "an IAM path such as '/' or '/audit/'").default('/'),
  externalId: matching(EXTERNAL_ID, 'an ExternalId (2-1224 characters of letters, digits and +=,.@:/_-)').optional(),
  organizationId: matching(ORG_ID, 'an organization id such as o-a1b2c3d4e5'),
  /** The organization root: the StackSet's deployment target when no OUs are given. */
  rootId: matching(ROOT_ID, 'an organization root id such as r-ab12').optional(),
  /** OUs to audit and to deploy the member role to; empty means the whole organization. */
  ous: list('an organizational unit id', OU_ID, 'ou-ab12-cdef3456').default([]),
  fanOutThreshold: int(0, 1_000_000).default(200),
  batchSize: int(1, 500).default(50),
  mapMaxConcurrency: int(1, 10_000).default(10),
  accountConcurrency: int(1, 256).default(16),
  /** Days a resolved finding, a run and a transition are kept in the table (DynamoDB TTL). */
  retentionDays: int(1, 3650).default(90),
  logRetentionDays: int(1, 9999)
    .refine((v) => (LOG_RETENTION_DAYS as readonly number[]).includes(v), { error: (i) => `${quote(i.input)} — CloudWatch Logs accepts only ${LOG_RETENTION_DAYS.join(', ')}` })
    .default(365),
  alarmEmail: z.email({ error: (i) => `${quote(i.input)} — expected an email address` }).optional(),
  securityHub: bool.default(true),
  /** Prefix of the hub functions' role names; the member role's trust policy names these roles. */
  hubRolePrefix: matching(/^[\w+=,.@-]{1,40}$/, 'a role name prefix (1-40 characters of letters, digits and +=,.@_-)').default('privapi-hub'),
});
export type PrivapiConfig = z.infer<typeof PrivapiConfig>;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`Invalid privapi configuration (CDK context):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

const KEYS = Object.keys(PrivapiConfig.shape);

/**
 * Validates raw settings. `raw` is the merged context; `env` supplies the hub account and region
 * when the context does not.
 */
export function parseConfig(raw: Record<string, unknown>, env: Record<string, string | undefined> = {}): PrivapiConfig {
  const unknownKeys = Object.keys(raw).filter((k) => !KEYS.includes(k));
  const input = {
    ...raw,
    hubAccount: raw.hubAccount ?? env.CDK_DEFAULT_ACCOUNT,
    hubRegion: raw.hubRegion ?? env.CDK_DEFAULT_REGION,
  };
  const result = PrivapiConfig.safeParse(input);
  const problems = unknownKeys.map((k) => `${CONTEXT_PREFIX}${k}: unknown setting (known: ${KEYS.join(', ')})`);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const key = String(issue.path[0] ?? '');
      const message = issue.code === 'invalid_type' && input[key as keyof typeof input] === undefined ? requiredMessage(key) : issue.message;
      problems.push(`${CONTEXT_PREFIX}${key}: ${message}`);
    }
  }
  if (result.success && result.data.ous.length === 0 && !result.data.rootId) {
    problems.push(`${CONTEXT_PREFIX}ous: no OUs given, so the member role goes to the whole organization: set ${CONTEXT_PREFIX}rootId (the root id, r-xxxx) or list OU ids`);
  }
  if (problems.length > 0 || !result.success) throw new ConfigError(problems);
  return result.data;
}

function requiredMessage(key: string): string {
  switch (key) {
    case 'hubAccount':
      return 'required: set it, or run with credentials so CDK_DEFAULT_ACCOUNT is known';
    case 'hubRegion':
      return 'required: set it, or set CDK_DEFAULT_REGION / AWS_REGION';
    case 'organizationId':
      return 'required (o-xxxxxxxxxx): the member role trusts only principals of this organization';
    default:
      return 'required';
  }
}

/** Reads the `privapi` context object and every `privapi:<key>` override. */
export function contextSettings(tryGetContext: (key: string) => unknown): Record<string, unknown> {
  const base = tryGetContext(CONTEXT_OBJECT);
  const settings: Record<string, unknown> = base && typeof base === 'object' && !Array.isArray(base) ? { ...(base as Record<string, unknown>) } : {};
  for (const key of KEYS) {
    const v = tryGetContext(`${CONTEXT_PREFIX}${key}`);
    if (v !== undefined) settings[key] = v;
  }
  return settings;
}

/** The partition of a region: the StackSet and the hub are in the same partition. */
export function partitionOf(region: string): 'aws' | 'aws-cn' | 'aws-us-gov' | 'aws-iso' | 'aws-iso-b' | 'aws-iso-e' | 'aws-iso-f' | 'aws-eusc' {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  if (region.startsWith('eu-isoe-')) return 'aws-iso-e';
  if (region.startsWith('us-isof-')) return 'aws-iso-f';
  if (region.startsWith('eusc-')) return 'aws-eusc';
  return 'aws';
}

export type HubFunction = 'scheduled' | 'worker' | 'aggregate';
export const HUB_FUNCTIONS: readonly HubFunction[] = ['scheduled', 'worker', 'aggregate'];

/**
 * The hub functions' role names. They are fixed so the member role's trust policy (deployed by a
 * StackSet from another account, where no CloudFormation export can reach) can name them.
 */
export function hubRoleName(config: Pick<PrivapiConfig, 'hubRolePrefix'>, fn: HubFunction): string {
  return `${config.hubRolePrefix}-${fn}`;
}

export function hubRoleArns(config: Pick<PrivapiConfig, 'hubRolePrefix' | 'hubAccount' | 'hubRegion'>): string[] {
  const partition = partitionOf(config.hubRegion);
  return HUB_FUNCTIONS.map((fn) => `arn:${partition}:iam::${config.hubAccount}:role/${hubRoleName(config, fn)}`);
}

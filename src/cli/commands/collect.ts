import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { Logger } from 'pino';
import { createAwsEnvironment, type AwsEnvironment, type AwsEnvironmentOptions } from '../../aws/environment.js';
import { demoOrganization } from '../../aws/simulation/organization.js';
import { collectInventory, type CollectOptions, type CollectResult } from '../../collectors/run.js';
import { serializeSnapshot } from '../../model/snapshot.js';
import { PRIVAPI_VERSION } from '../../version.js';
import { EXIT, UsageError } from '../errors.js';
import { accountIds, ous, positiveInt, quota, regions } from '../options.js';
import { formatCollectionSummary, isIncomplete } from '../summary.js';
import { progressWanted, type Terminal } from '../terminal.js';
import { ProgressLine } from '../progress.js';
import { loadConfig } from '../config-file.js';
import { withConfig } from '../settings.js';

export const DEFAULT_ROLE_NAME = 'PrivapiAuditRole';

export interface CollectFlags {
  out: string;
  org?: boolean;
  account?: string[] | boolean;
  regions?: string[];
  includeAccounts?: string[];
  excludeAccounts?: string[];
  ou?: string[];
  roleName: string;
  rolePath?: string;
  externalId?: string;
  callerUsesRole?: boolean;
  profile?: string;
  region?: string;
  accountConcurrency: number;
  maxAttempts: number;
  quota?: Record<string, { rate: number; burst: number }>;
  /** Run against the built-in simulated organization instead of AWS. */
  demo?: boolean;
  config?: string;
}

export interface CommandIo {
  stdout: (text: string) => void;
  /** Progress and the run summary when standard output carries a machine-readable format. */
  stderr: (text: string) => void;
  terminal: Terminal;
  log: Logger;
  /** Overrides for the AWS environment (the simulated organization passes its transport here). */
  aws?: AwsEnvironmentOptions;
}

/** Adds the flags shared by every command that reads an organization. */
export function addScopeOptions(cmd: Command): Command {
  return cmd
    .option('--org', 'audit every active account of the organization (default)')
    .option('--account [ids...]', 'single-account mode: the caller\'s account, or the given 12-digit ids (role assumed)', accountIds)
    .option('--regions <regions...>', 'regions to audit (default: every region enabled for each account)', regions)
    .option('--include-accounts <ids...>', 'organization mode: only these accounts', accountIds)
    .option('--exclude-accounts <ids...>', 'organization mode: skip these accounts', accountIds)
    .option('--ou <ids...>', 'organization mode: only accounts under these OUs or roots (nested OUs included)', ous)
    .option('--role-name <name>', 'role to assume in each member account', DEFAULT_ROLE_NAME)
    .option('--role-path <path>', 'IAM path of that role', '/')
    .option('--external-id <id>', 'ExternalId the member role\'s trust policy requires')
    .option('--caller-uses-role', 'assume the role in the calling account too, instead of using its own credentials')
    .option('--profile <name>', 'AWS shared-config profile (SSO profiles included)')
    .option('--region <region>', 'home region for STS, Organizations and region discovery (default: AWS_REGION or the profile\'s)')
    .option('--account-concurrency <n>', 'accounts collected at once', positiveInt, 8)
    .option('--max-attempts <n>', 'SDK attempts per call (adaptive retry)', positiveInt, 8)
    .option('--quota <spec>', 'override a client-side rate limit, e.g. ec2=20/100 or apigateway:GetResources=2.5/5 (repeatable)', quota)
    .option('--demo', 'read the built-in simulated organization instead of AWS (see privapi demo)')
    .option('--config <file>', 'config file (default: privapi.config.json, .yaml or .yml in the working directory); flags override it');
}

export function collectOptionsFrom(flags: Omit<CollectFlags, 'out'>, homeRegion: string): CollectOptions {
  const accountMode = flags.account !== undefined && flags.account !== false;
  if (accountMode && flags.org) throw new UsageError('--org and --account are exclusive: choose organization or single-account mode');
  if (accountMode && (flags.includeAccounts?.length || flags.excludeAccounts?.length || flags.ou?.length)) {
    throw new UsageError('--include-accounts, --exclude-accounts and --ou apply to organization mode; in single-account mode list the ids after --account');
  }
  return {
    mode: accountMode ? 'account' : 'organization',
    accountIds: Array.isArray(flags.account) ? flags.account : [],
    ...(flags.regions?.length ? { regions: flags.regions } : {}),
    filters: { includeAccounts: flags.includeAccounts, excludeAccounts: flags.excludeAccounts, ous: flags.ou },
    assumeRole: {
      roleName: flags.roleName,
      rolePath: flags.rolePath,
      externalId: flags.externalId,
      callerUsesOwnCredentials: !flags.callerUsesRole,
    },
    homeRegion,
    accountConcurrency: flags.accountConcurrency,
  };
}

/** The AWS environment of a command: the real one, or the simulated organization with --demo. */
export async function environmentFor(flags: Omit<CollectFlags, 'out'>, io: CommandIo): Promise<AwsEnvironment> {
  const simulated = flags.demo ? demoOrganization().aws : {};
  return createAwsEnvironment({ profile: flags.profile, region: flags.region, maxAttempts: flags.maxAttempts, quotas: flags.quota, ...io.aws, ...simulated });
}

/** A progress line on an interactive stderr, none otherwise (CI, pipes, Lambda). */
export function progressFor(io: CommandIo, env: AwsEnvironment, label: string): ProgressLine | undefined {
  return progressWanted(io.terminal) ? new ProgressLine({ write: io.stderr, calls: () => env.stats.totals(), label }).start() : undefined;
}

export async function collect(flags: Omit<CollectFlags, 'out'>, io: CommandIo): Promise<CollectResult> {
  const env = await environmentFor(flags, io);
  const options = collectOptionsFrom(flags, env.homeRegion);
  const runId = randomUUID();
  io.log.info({ runId, mode: options.mode, regions: options.regions ?? 'enabled' }, 'collection started');
  const progress = progressFor(io, env, 'collecting');
  let result: CollectResult;
  try {
    result = await collectInventory(options, { factory: env.factory, baseCredentials: env.baseCredentials, log: io.log, runId, version: PRIVAPI_VERSION, ...(progress ? { onPlanned: progress.onPlanned, onAccountDone: progress.onAccountDone } : {}) });
  } finally {
    progress?.stop();
  }
  const totals = env.stats.totals();
  io.log.info({ runId, calls: totals.attempts, throttled: totals.throttled, failedCalls: totals.failed }, 'collection finished');
  return result;
}

export async function runCollect(given: CollectFlags, cmd: Command, io: CommandIo): Promise<number> {
  const flags = withConfig(given, cmd, (await loadConfig({ ...(given.config ? { path: given.config } : {}), cwd: process.cwd() })).config);
  const result = await collect(flags, io);
  await writeFile(flags.out, serializeSnapshot(result.snapshot), 'utf8');
  io.stdout(`${formatCollectionSummary(result.snapshot, result.skipped)}\n\nSnapshot written to ${flags.out}\n`);
  return isIncomplete(result.snapshot) ? EXIT.incomplete : EXIT.ok;
}

export function registerCollect(program: Command, io: () => CommandIo, done: (code: number) => void): void {
  addScopeOptions(
    program
      .command('collect')
      .description('read the organization (or one account) and write an inventory snapshot')
      .requiredOption('-o, --out <file>', 'where to write the snapshot JSON'),
  )
    .addHelpText(
      'after',
      `
Examples:
  privapi collect --out snapshot.json                       # whole organization, all enabled regions
  privapi collect --out s.json --regions us-east-1,eu-west-1 --ou ou-ab12-cdef3456
  privapi collect --out s.json --account                    # only the caller's account, own credentials
  privapi collect --out s.json --account 123456789012 --role-name Auditor --external-id xyz

Exit codes: 0 complete, 2 usage error, 3 collection incomplete (see the summary).`,
    )
    .action(async (flags: CollectFlags, cmd: Command) => done(await runCollect(flags, cmd, io())));
}

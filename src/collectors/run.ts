import type { AwsCredentialIdentityProvider } from '@smithy/types';
import pLimit from 'p-limit';
import type { Logger } from 'pino';
import type { ClientFactory } from '../aws/clients.js';
import { AssumeRoleError, CredentialBroker, callerIdentity, sessionName, type AssumeRoleSettings, type CallerIdentity } from '../aws/credentials.js';
import { classifyError } from '../aws/errors.js';
import { discoverAccounts, type AccountFilters, type SkippedAccount } from '../aws/organization.js';
import { regionAvailability } from '../aws/regions.js';
import {
  GLOBAL_REGION,
  SNAPSHOT_SCHEMA_VERSION,
  emptyGlobal,
  emptyRegional,
  type Account,
  type CollectionError,
  type CollectionStatus,
  type GlobalInventory,
  type RegionalInventory,
  type Service,
  type Snapshot,
} from '../model/inventory.js';
import { CollectionRecorder } from './contract.js';
import { globalCollectors, regionalCollectors } from './registry.js';

export interface CollectOptions {
  mode: 'organization' | 'account';
  /** Account mode: the accounts to audit (role assumed); empty = the caller's own account. */
  accountIds?: readonly string[];
  /** Explicit regions; when absent, every region enabled for each account. */
  regions?: readonly string[];
  filters?: AccountFilters;
  assumeRole: Omit<AssumeRoleSettings, 'sessionName'>;
  /** Region for STS, Organizations and region discovery. */
  homeRegion: string;
  accountConcurrency: number;
  /** Audit exactly these accounts (a fan-out batch), without asking Organizations. */
  accounts?: readonly Account[];
}

export interface CollectEnvironment {
  factory: ClientFactory;
  baseCredentials: AwsCredentialIdentityProvider;
  log: Logger;
  runId: string;
  version: string;
  now?: () => Date;
  /** How many accounts the run will collect, once they are known (progress displays). */
  onPlanned?: (accounts: number) => void;
  onAccountDone?: (accountId: string, statuses: readonly CollectionStatus[]) => void;
  /** Checked before each account starts: true once the run must stop starting work (a Lambda near its timeout). */
  stopStarting?: () => boolean;
}

export interface CollectResult {
  snapshot: Snapshot;
  skipped: SkippedAccount[];
  caller: CallerIdentity;
  /** The same per-account credentials collection used (assumed role, cached), for the sinks. */
  credentialsFor(accountId: string): AwsCredentialIdentityProvider;
}

export class CallerCredentialsError extends Error {
  override readonly name = 'CallerCredentialsError';
}

/** The pseudo-region of a status that covers every region of an account (it failed before regions were known). */
export const ALL_REGIONS = '*';

const REGIONAL_SERVICES: readonly Service[] = regionalCollectors.map((c) => c.service);

interface AccountResult {
  statuses: CollectionStatus[];
  regional: RegionalInventory[];
  global: GlobalInventory[];
}

/** Who is calling, which accounts the run covers, and the credentials for each of them. */
export interface CollectionPlan {
  caller: CallerIdentity;
  accounts: Account[];
  skipped: SkippedAccount[];
  broker: CredentialBroker;
}

/**
 * Identifies the caller and lists the accounts to audit (Organizations in organization mode),
 * without reading any of them: the scheduled Lambda plans batches from this, and collection
 * starts from it.
 */
export async function planCollection(opts: CollectOptions, env: CollectEnvironment): Promise<CollectionPlan> {
  const sts = env.factory.sts(opts.homeRegion, env.baseCredentials);
  let caller: CallerIdentity;
  try {
    caller = await callerIdentity(sts);
  } catch (err) {
    const { code, message } = classifyError(err);
    throw new CallerCredentialsError(
      `no usable AWS credentials for the calling identity (sts:GetCallerIdentity: ${code}: ${message}). Configure them the usual way: AWS_PROFILE or --profile (run "aws sso login" for SSO profiles), environment variables, or an instance/container role.`,
    );
  }
  env.log.info({ account: caller.accountId, partition: caller.partition }, 'caller identified');

  let accounts: Account[];
  let skipped: SkippedAccount[] = [];
  if (opts.accounts) {
    accounts = [...opts.accounts];
  } else if (opts.mode === 'organization') {
    const found = await discoverAccounts(env.factory.organizations(opts.homeRegion, env.baseCredentials), opts.filters ?? {}, env.log);
    accounts = found.accounts;
    skipped = found.skipped;
  } else {
    const ids = opts.accountIds?.length ? [...new Set(opts.accountIds)] : [caller.accountId];
    accounts = ids.map((id) => ({ id, name: id, status: 'ACTIVE', ouPath: [], ouIds: [] }));
  }
  env.log.info({ accounts: accounts.length, skipped: skipped.length }, 'accounts selected');
  const broker = new CredentialBroker(env.baseCredentials, sts, caller, { ...opts.assumeRole, sessionName: sessionName(env.runId) });
  return { caller, accounts, skipped, broker };
}

export async function collectInventory(opts: CollectOptions, env: CollectEnvironment): Promise<CollectResult> {
  const now = env.now ?? (() => new Date());
  const startedAt = now().toISOString();
  return collectPlanned(await planCollection(opts, env), opts, env, startedAt);
}

/** Collects every planned account; accounts not started before the deadline are recorded as not collected. */
export async function collectPlanned(plan: CollectionPlan, opts: CollectOptions, env: CollectEnvironment, startedAt: string): Promise<CollectResult> {
  const now = env.now ?? (() => new Date());
  const { caller, accounts, skipped, broker } = plan;
  env.onPlanned?.(accounts.length);
  const limit = pLimit(Math.max(1, opts.accountConcurrency));
  const results = await Promise.all(
    accounts.map((account) =>
      limit(async () => {
        if (env.stopStarting?.()) return notStarted(account.id, opts);
        const result = await collectAccount(account.id, opts, env, broker, caller);
        env.onAccountDone?.(account.id, result.statuses);
        return result;
      }),
    ),
  );
  const late = accounts.filter((_, i) => results[i]?.statuses.some((s) => s.errors.some((e) => e.code === DEADLINE_CODE)));
  if (late.length) env.log.warn({ accounts: late.length }, 'stopped starting accounts before the deadline; they are recorded as not collected');

  const snapshot: Snapshot = {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    privapiVersion: env.version,
    startedAt,
    finishedAt: now().toISOString(),
    partition: caller.partition,
    callerAccountId: caller.accountId,
    mode: opts.mode,
    regions: [...new Set(results.flatMap((r) => r.regional.map((x) => x.region)))].sort(),
    accounts,
    collections: results.flatMap((r) => r.statuses),
    regional: results.flatMap((r) => r.regional),
    global: results.flatMap((r) => r.global),
  };
  return { snapshot, skipped, caller, credentialsFor: (accountId) => broker.providerFor(accountId) };
}

/** The error code of an account the run did not start because its time was running out. */
export const DEADLINE_CODE = 'DeadlineExceeded';

function notStarted(accountId: string, opts: CollectOptions): AccountResult {
  return { statuses: notCollectedStatuses(accountId, opts.regions, DEADLINE_CODE, `account ${accountId} was not collected: the run stopped starting accounts before its time limit`), regional: [], global: [] };
}

/** The statuses of an account nothing was read from, so every check reports it as not evaluable. */
export function notCollectedStatuses(accountId: string, regions: readonly string[] | undefined, code: string, message: string): CollectionStatus[] {
  const error = { operation: 'collect', code, message };
  return [
    ...(regions?.length ? regions : [ALL_REGIONS]).flatMap((region) => statusesFor(accountId, region, REGIONAL_SERVICES, 'failed', error)),
    { accountId, region: GLOBAL_REGION, service: 'route53', state: 'failed', errors: [error] },
  ];
}

function statusesFor(accountId: string, region: string, services: readonly Service[], state: CollectionStatus['state'], error: CollectionError): CollectionStatus[] {
  return services.map((service) => ({ accountId, region, service, state, errors: [error] }));
}

async function collectAccount(
  accountId: string,
  opts: CollectOptions,
  env: CollectEnvironment,
  broker: CredentialBroker,
  caller: CallerIdentity,
): Promise<AccountResult> {
  const log = env.log.child({ account: accountId });
  const credentials = broker.providerFor(accountId);
  const explicit = opts.regions?.length ? [...opts.regions] : undefined;
  const failAll = (service: Service, operation: string, err: unknown): AccountResult => {
    const { code, message } = err instanceof AssumeRoleError ? { code: err.code, message: err.message } : classifyError(err);
    log.error({ code, operation }, `account not collected: ${message}`);
    const error = { operation, code, message };
    return {
      statuses: [
        ...(explicit ?? [ALL_REGIONS]).flatMap((region) => statusesFor(accountId, region, REGIONAL_SERVICES, 'failed', error)),
        { accountId, region: GLOBAL_REGION, service: 'route53', state: 'failed', errors: [error] },
        { accountId, region: ALL_REGIONS, service, state: 'failed', errors: [error] },
      ],
      regional: [],
      global: [],
    };
  };

  try {
    await credentials();
  } catch (err) {
    return failAll('sts', 'AssumeRole', err);
  }

  let regions: string[];
  const statuses: CollectionStatus[] = [];
  try {
    const ec2 = env.factory.ec2(accountId, opts.homeRegion, credentials);
    const available = await regionAvailability(ec2).finally(() => ec2.destroy());
    regions = explicit ? explicit.filter((r) => !available.notEnabled.includes(r)) : available.enabled;
    for (const region of explicit?.filter((r) => available.notEnabled.includes(r)) ?? []) {
      statuses.push(
        ...statusesFor(accountId, region, REGIONAL_SERVICES, 'skipped', {
          operation: 'DescribeRegions',
          code: 'RegionNotEnabled',
          message: `${region} is an opt-in region not enabled for account ${accountId}`,
        }),
      );
    }
  } catch (err) {
    if (!explicit) return failAll('ec2', 'DescribeRegions', err);
    log.warn({ code: classifyError(err).code }, 'could not list enabled regions; collecting the regions given');
    regions = explicit;
  }

  const [regional, global] = await Promise.all([
    Promise.all(regions.map((region) => collectRegion(accountId, region, credentials, env, caller, statuses))),
    collectGlobal(accountId, credentials, env, caller, statuses),
  ]);
  return { statuses, regional, global: [global] };
}

async function collectRegion(
  accountId: string,
  region: string,
  credentials: AwsCredentialIdentityProvider,
  env: CollectEnvironment,
  caller: CallerIdentity,
  statuses: CollectionStatus[],
): Promise<RegionalInventory> {
  const into = emptyRegional(accountId, region);
  const clients = env.factory.regionClients(accountId, region, credentials);
  const log = env.log.child({ account: accountId, region });
  try {
    for (const collector of regionalCollectors) {
      statuses.push(await runCollector(collector.service, accountId, region, log, (recorder) =>
        collector.collect({ accountId, region, partition: caller.partition, log, recorder, clients }, into),
      ));
    }
  } finally {
    clients.destroy();
  }
  return into;
}

async function collectGlobal(
  accountId: string,
  credentials: AwsCredentialIdentityProvider,
  env: CollectEnvironment,
  caller: CallerIdentity,
  statuses: CollectionStatus[],
): Promise<GlobalInventory> {
  const into = emptyGlobal(accountId);
  const clients = env.factory.globalClients(accountId, caller.partition, credentials);
  const log = env.log.child({ account: accountId, region: GLOBAL_REGION });
  try {
    for (const collector of globalCollectors) {
      statuses.push(await runCollector(collector.service, accountId, GLOBAL_REGION, log, (recorder) =>
        collector.collect({ accountId, partition: caller.partition, log, recorder, clients }, into),
      ));
    }
  } finally {
    clients.destroy();
  }
  return into;
}

/** Runs one collector and turns what it recorded into its collection status. */
async function runCollector(
  service: Service,
  accountId: string,
  region: string,
  log: Logger,
  collect: (recorder: CollectionRecorder) => Promise<void>,
): Promise<CollectionStatus> {
  const recorder = new CollectionRecorder(service, log);
  try {
    await collect(recorder);
  } catch (err) {
    // A throw out of a collector is an unexpected failure; the SDK error names no operation.
    recorder.fail(`${service} collection`, err);
  }
  return { accountId, region, service, state: recorder.state, errors: recorder.errors };
}

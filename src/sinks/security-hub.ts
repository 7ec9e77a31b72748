import { BatchImportFindingsCommand, type AwsSecurityFinding, type SecurityHubClient } from '@aws-sdk/client-securityhub';
import { setTimeout as delay } from 'node:timers/promises';
import pLimit from 'p-limit';
import type { Logger } from 'pino';
import { classifyError, type ClassifiedError } from '../aws/errors.js';
import type { Finding } from '../model/finding.js';
import { asffProblems, asffSize, importRegionOf, toAsff, type AsffContext } from './asff.js';

/**
 * Sends findings to Security Hub with BatchImportFindings, each from its own account: the API
 * accepts a finding only from the account named in its AwsAccountId
 * (https://docs.aws.amazon.com/securityhub/latest/partnerguide/guidelines-batchimportfindings.html).
 * The caller decides which findings to send; whatever is not accepted comes back in `failed` so the
 * caller can keep it pending and send it again on the next run.
 */

export interface SecurityHubDeps {
  /** A client with that account's assumed-role credentials, in that region, paced by the securityhub quota. */
  clientFor(accountId: string, region: string): SecurityHubClient;
  log: Logger;
  sleep?: (ms: number) => Promise<void>;
  /** How many account+region pairs are sent to at once; each pair's batches go one after another. */
  concurrency?: number;
}

export interface SecurityHubFailure {
  findingId: string;
  accountId: string;
  region: string;
  code: string;
  message: string;
}

export interface SecurityHubReport {
  /** Findings Security Hub accepted, archived ones included. */
  sent: number;
  /** Accepted findings that were sent RESOLVED, i.e. as RecordState ARCHIVED. */
  archived: number;
  /** Ids of the accepted findings, in input order. */
  accepted: string[];
  failed: SecurityHubFailure[];
}

// "up to 100 findings per batch ... and up to 6 MB per batch":
// https://docs.aws.amazon.com/securityhub/latest/partnerguide/guidelines-batchimportfindings.html
// 6 MB is read as 6,000,000 bytes, the stricter of the two readings.
export const MAX_BATCH_FINDINGS = 100;
export const MAX_BATCH_BYTES = 6_000_000;
const DEFAULT_MAX_RETRIES = 3;
const DEFAULT_CONCURRENCY = 8;
const BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 10_000;

/** Failures that every further request of the same account and region would repeat. */
const NOT_ENABLED = 'InvalidAccessException';

interface Item {
  finding: Finding;
  asff: AwsSecurityFinding;
  bytes: number;
}

interface Group {
  accountId: string;
  region: string;
  items: Item[];
}

type Outcome = { accepted: Item[]; failed: Array<{ item: Item; code: string; message: string }>; fatal?: ClassifiedError };

export async function exportToSecurityHub(
  findings: readonly Finding[],
  deps: SecurityHubDeps,
  ctx: AsffContext & { maxRetries?: number },
): Promise<SecurityHubReport> {
  const maxRetries = ctx.maxRetries ?? DEFAULT_MAX_RETRIES;
  const sleep = deps.sleep ?? ((ms: number) => delay(ms));
  const failed: SecurityHubFailure[] = [];
  const groups = new Map<string, Group>();

  for (const finding of findings) {
    const region = importRegionOf(finding, ctx);
    const asff = toAsff(finding, ctx);
    const problems = asffProblems(asff);
    if (problems.length > 0) {
      deps.log.warn({ findingId: finding.id, accountId: finding.accountId, region, problems }, 'finding not sent to Security Hub: it is not valid ASFF');
      failed.push({ findingId: finding.id, accountId: finding.accountId, region, code: 'InvalidAsff', message: problems.join('; ') });
      continue;
    }
    const key = `${finding.accountId}\u0000${region}`;
    const group = groups.get(key) ?? { accountId: finding.accountId, region, items: [] };
    group.items.push({ finding, asff, bytes: asffSize(asff) });
    groups.set(key, group);
  }

  const limit = pLimit(deps.concurrency ?? DEFAULT_CONCURRENCY);
  const outcomes = await Promise.all([...groups.values()].map((group) => limit(() => sendGroup(group, deps, maxRetries, sleep))));

  const acceptedIds = new Set<string>();
  let archived = 0;
  for (const [group, outcome] of outcomes) {
    for (const item of outcome.accepted) {
      acceptedIds.add(item.finding.id);
      if (item.finding.state === 'RESOLVED') archived += 1;
    }
    for (const { item, code, message } of outcome.failed) {
      failed.push({ findingId: item.finding.id, accountId: group.accountId, region: group.region, code, message });
    }
  }
  const accepted = findings.map((f) => f.id).filter((id) => acceptedIds.has(id));
  deps.log.info({ sent: accepted.length, archived, failed: failed.length }, 'Security Hub export finished');
  return { sent: accepted.length, archived, accepted, failed };
}

/** Batches of one account and region, in order; a failure that would repeat skips the rest. */
async function sendGroup(group: Group, deps: SecurityHubDeps, maxRetries: number, sleep: (ms: number) => Promise<void>): Promise<[Group, Outcome]> {
  const total: Outcome = { accepted: [], failed: [] };
  const batches = planBatches(group.items);
  let client: SecurityHubClient;
  try {
    client = deps.clientFor(group.accountId, group.region);
  } catch (err) {
    const e = classifyError(err);
    logFatal(deps.log, group, e, group.items.length);
    return [group, { accepted: [], failed: group.items.map((item) => ({ item, code: e.code, message: e.message })) }];
  }
  for (const [index, batch] of batches.entries()) {
    const outcome = await sendBatch(client, batch, maxRetries, sleep, deps.log, group);
    total.accepted.push(...outcome.accepted);
    total.failed.push(...outcome.failed);
    const fatal = outcome.fatal;
    if (fatal) {
      const rest = batches.slice(index + 1).flat();
      logFatal(deps.log, group, fatal, outcome.failed.length + rest.length);
      const message = `not sent: an earlier batch failed with ${fatal.code}`;
      total.failed.push(...rest.map((item) => ({ item, code: fatal.code, message })));
      break;
    }
  }
  return [group, total];
}

/**
 * One BatchImportFindings request, then retries of only the findings it names in FailedFindings.
 * Throttling and 5xx of the request itself are retried by the client's own retry strategy; an
 * error that still comes through fails the whole batch.
 */
async function sendBatch(
  client: SecurityHubClient,
  batch: Item[],
  maxRetries: number,
  sleep: (ms: number) => Promise<void>,
  log: Logger,
  group: Group,
): Promise<Outcome> {
  const outcome: Outcome = { accepted: [], failed: [] };
  let pending = batch;
  for (let attempt = 0; ; attempt += 1) {
    let response;
    try {
      response = await client.send(new BatchImportFindingsCommand({ Findings: pending.map((item) => item.asff) }));
    } catch (err) {
      const e = classifyError(err);
      outcome.failed.push(...pending.map((item) => ({ item, code: e.code, message: e.message })));
      if (repeats(e)) outcome.fatal = e;
      else log.warn({ accountId: group.accountId, region: group.region, code: e.code, findings: pending.length }, `BatchImportFindings failed: ${e.message}`);
      return outcome;
    }
    const errors = new Map((response.FailedFindings ?? []).map((f) => [f.Id ?? '', f]));
    // A count without the ids behind it cannot tell which findings failed: send them all again.
    const unnamed = (response.FailedCount ?? 0) > errors.size;
    const failedNow = unnamed ? pending : pending.filter((item) => errors.has(item.finding.id));
    if (!unnamed) outcome.accepted.push(...pending.filter((item) => !errors.has(item.finding.id)));
    if (failedNow.length === 0) return outcome;
    if (attempt >= maxRetries) {
      outcome.failed.push(
        ...failedNow.map((item) => {
          const error = errors.get(item.finding.id);
          return error
            ? { item, code: error.ErrorCode ?? 'FailedFinding', message: error.ErrorMessage ?? 'Security Hub did not import the finding' }
            : { item, code: 'Unconfirmed', message: `Security Hub reported ${response.FailedCount} failures without naming them` };
        }),
      );
      log.warn({ accountId: group.accountId, region: group.region, findings: failedNow.length, attempts: attempt + 1 }, 'Security Hub did not import some findings; they are kept for the next run');
      return outcome;
    }
    pending = failedNow;
    await sleep(Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt));
  }
}

function repeats(e: ClassifiedError): boolean {
  return e.code === NOT_ENABLED || e.kind === 'access-denied' || e.kind === 'expired-credentials';
}

function logFatal(log: Logger, group: Group, e: ClassifiedError, findings: number): void {
  const where = `account ${group.accountId}, region ${group.region}`;
  const kept = `its ${findings} finding(s) are kept and sent again on the next run`;
  if (e.code === NOT_ENABLED) {
    log.error({ accountId: group.accountId, region: group.region, code: e.code, findings },
      `Security Hub is not enabled in ${where} (${e.code}: ${e.message}). Enable Security Hub there, or leave the region out of the export; ${kept}.`);
  } else if (e.kind === 'access-denied') {
    log.error({ accountId: group.accountId, region: group.region, code: e.code, findings },
      `privapi's role in ${where} may not call securityhub:BatchImportFindings (${e.code}: ${e.message}). Update the member role; ${kept}.`);
  } else {
    log.error({ accountId: group.accountId, region: group.region, code: e.code, findings },
      `Security Hub export to ${where} stopped (${e.code}: ${e.message}); ${kept}.`);
  }
}

/** At most 100 findings and 6 MB of request body per batch, in input order. */
function planBatches(items: readonly Item[]): Item[][] {
  // {"Findings":[ ... ]} around the findings, and a comma between two of them.
  const envelope = '{"Findings":[]}'.length;
  const batches: Item[][] = [];
  let current: Item[] = [];
  let bytes = envelope;
  for (const item of items) {
    if (current.length >= MAX_BATCH_FINDINGS || (current.length > 0 && bytes + 1 + item.bytes > MAX_BATCH_BYTES)) {
      batches.push(current);
      current = [];
      bytes = envelope;
    }
    bytes += item.bytes + (current.length > 0 ? 1 : 0);
    current.push(item);
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

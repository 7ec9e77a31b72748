import {
  BatchImportFindingsCommand,
  BatchUpdateFindingsCommand,
  type AwsSecurityFinding,
  type AwsSecurityFindingIdentifier,
  type SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { setTimeout as delay } from 'node:timers/promises';
import pLimit from 'p-limit';
import type { Logger } from 'pino';
import { classifyError, type ClassifiedError } from '../aws/errors.js';
import type { Finding, Mute } from '../model/finding.js';
import { asffProblems, asffSize, importRegionOf, productArn, toAsff, truncate, type AsffContext } from './asff.js';

/**
 * Sends findings to Security Hub with BatchImportFindings, each from its own account: the API
 * accepts a finding only from the account named in its AwsAccountId
 * (https://docs.aws.amazon.com/securityhub/latest/partnerguide/guidelines-batchimportfindings.html).
 * The caller decides which findings to send; whatever is not accepted comes back in `failed` so the
 * caller can keep it pending and send it again on the next run.
 *
 * Once a finding exists, BatchImportFindings no longer changes its Note, UserDefinedFields,
 * VerificationState or Workflow; customers change those with BatchUpdateFindings
 * (https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_BatchImportFindings.html,
 * https://docs.aws.amazon.com/securityhub/latest/userguide/finding-update-batchimportfindings.html,
 * https://docs.aws.amazon.com/securityhub/latest/userguide/finding-update-batchupdatefindings.html).
 * So a mute added, expired or removed after the first import reaches Security Hub through
 * `syncWorkflow`, which sets Workflow.Status SUPPRESSED or NEW with BatchUpdateFindings from the
 * same account and region the finding was imported into.
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
// "BatchUpdateFindings can be used to update up to 100 findings at a time" (FindingIdentifiers):
// https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_BatchUpdateFindings.html,
// https://docs.aws.amazon.com/securityhub/latest/userguide/finding-update-batchupdatefindings.html
export const MAX_UPDATE_FINDINGS = 100;
// Note.Text: "Length Constraints: Minimum of 1. Maximum of 512."
// (https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_Note.html). The NoteUpdate page states no
// length of its own (https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_NoteUpdate.html); the
// stored Note's limit applies to what an update writes.
export const MAX_NOTE_TEXT = 512;
/** Note.UpdatedBy of every note privapi writes. */
export const NOTE_AUTHOR = 'privapi';
const DEFAULT_MAX_RETRIES = 3;
// Each account+region pair has its own quota, so pairs are independent; measured (npm run bench),
// 8 at once left a 1,000-account export waiting on round trips, not on any quota.
export const DEFAULT_EXPORT_CONCURRENCY = 32;
const BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 10_000;

/** Failures that every further request of the same account and region would repeat. */
const NOT_ENABLED = 'InvalidAccessException';

/** A change of a finding's Workflow.Status in Security Hub, decided by the mutelist. */
export interface WorkflowChange {
  /** For SUPPRESSED, the finding must carry the mute (`muted`) its note explains. */
  finding: Finding;
  status: 'SUPPRESSED' | 'NEW';
  /** For NEW: the mute that no longer applies (from the previous record), named in the note. */
  was?: Mute;
}

export interface WorkflowReport {
  /** Findings Security Hub confirmed as processed. */
  updated: number;
  failed: SecurityHubFailure[];
}

type Failure<T> = { item: T; code: string; message: string };
type Outcome<T> = { accepted: T[]; failed: Array<Failure<T>>; fatal?: ClassifiedError };

interface Group<T> {
  accountId: string;
  region: string;
  items: T[];
}

/** One of the two batch APIs, as the shared grouping, batching and retrying needs it. */
interface BatchOperation<T> {
  /** The API, which is also the IAM action (securityhub:<name>) the member role needs. */
  name: 'BatchImportFindings' | 'BatchUpdateFindings';
  /** What happens to a group's findings when it is abandoned, for log lines. */
  kept(findings: number): string;
  /** What Security Hub did not do, for the log line after the last retry. */
  notDone: string;
  /** The group's requests, in order. */
  plan(items: readonly T[]): T[][];
  /** One request; resolves to the items it did not apply, in batch order, and throws when the request fails. */
  send(client: SecurityHubClient, batch: T[]): Promise<Array<Failure<T>>>;
}

interface ImportItem {
  finding: Finding;
  asff: AwsSecurityFinding;
  bytes: number;
}

export async function exportToSecurityHub(
  findings: readonly Finding[],
  deps: SecurityHubDeps,
  ctx: AsffContext & { maxRetries?: number },
): Promise<SecurityHubReport> {
  const failed: SecurityHubFailure[] = [];
  const groups = new Map<string, Group<ImportItem>>();

  for (const finding of findings) {
    const region = importRegionOf(finding, ctx);
    const asff = toAsff(finding, ctx);
    const problems = asffProblems(asff);
    if (problems.length > 0) {
      deps.log.warn({ findingId: finding.id, accountId: finding.accountId, region, problems }, 'finding not sent to Security Hub: it is not valid ASFF');
      failed.push({ findingId: finding.id, accountId: finding.accountId, region, code: 'InvalidAsff', message: problems.join('; ') });
      continue;
    }
    addToGroup(groups, finding.accountId, region, { finding, asff, bytes: asffSize(asff) });
  }

  const outcomes = await sendGroups(groups, IMPORT, deps, ctx.maxRetries);

  const acceptedIds = new Set<string>();
  let archived = 0;
  for (const [group, outcome] of outcomes) {
    for (const item of outcome.accepted) {
      acceptedIds.add(item.finding.id);
      if (item.finding.state === 'RESOLVED') archived += 1;
    }
    failed.push(...failuresOf(group, outcome));
  }
  const accepted = findings.map((f) => f.id).filter((id) => acceptedIds.has(id));
  deps.log.info({ sent: accepted.length, archived, failed: failed.length }, 'Security Hub export finished');
  return { sent: accepted.length, archived, accepted, failed };
}

const IMPORT: BatchOperation<ImportItem> = {
  name: 'BatchImportFindings',
  kept: (findings) => `its ${findings} finding(s) are kept and sent again on the next run`,
  notDone: 'Security Hub did not import some findings; they are kept for the next run',
  plan: planBatches,
  async send(client, batch) {
    const response = await client.send(new BatchImportFindingsCommand({ Findings: batch.map((item) => item.asff) }));
    const errors = new Map((response.FailedFindings ?? []).map((f) => [f.Id ?? '', f]));
    // A count without the ids behind it cannot tell which findings failed: send them all again.
    const unnamed = (response.FailedCount ?? 0) > errors.size;
    const failing = unnamed ? batch : batch.filter((item) => errors.has(item.finding.id));
    return failing.map((item) => {
      const error = errors.get(item.finding.id);
      return error
        ? { item, code: error.ErrorCode ?? 'FailedFinding', message: error.ErrorMessage ?? 'Security Hub did not import the finding' }
        : { item, code: 'Unconfirmed', message: `Security Hub reported ${response.FailedCount} failures without naming them` };
    });
  },
};

interface WorkflowItem {
  finding: Finding;
  status: WorkflowChange['status'];
  note: string;
  identifier: AwsSecurityFindingIdentifier;
}

/**
 * Sets Workflow.Status (with a Note saying why) of findings that were already imported, with
 * BatchUpdateFindings from each finding's own account and import region, as the import sends them.
 * Call it after exportToSecurityHub has finished: Security Hub may answer ConcurrentUpdateError when
 * both APIs touch a finding at the same time
 * (https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_BatchUpdateFindingsUnprocessedFinding.html).
 * The request is idempotent, so whatever comes back in `failed` can be sent again on the next run.
 * The caller picks the changes; NEW overwrites whatever status a person set, so send it only for
 * findings privapi itself suppressed.
 */
export async function syncWorkflow(
  changes: readonly WorkflowChange[],
  deps: SecurityHubDeps,
  ctx: AsffContext & { maxRetries?: number },
): Promise<WorkflowReport> {
  const failed: SecurityHubFailure[] = [];
  const groups = new Map<string, Group<WorkflowItem>>();
  // One request carries one status and one note; two changes of one finding would conflict
  // (DuplicatedFindingIdentifier), so the last change of a finding wins.
  const latest = new Map(changes.map((change) => [change.finding.id, change]));

  for (const change of latest.values()) {
    const { finding, status } = change;
    const region = importRegionOf(finding, ctx);
    if (status === 'SUPPRESSED' && !finding.muted) {
      failed.push({ findingId: finding.id, accountId: finding.accountId, region, code: 'NotMuted', message: 'SUPPRESSED asked for a finding that no mutelist entry covers' });
      continue;
    }
    const identifier = { Id: finding.id, ProductArn: productArn(ctx.partition, region, finding.accountId) };
    addToGroup(groups, finding.accountId, region, { finding, status, note: workflowNote(change, ctx.now), identifier });
  }

  const outcomes = await sendGroups(groups, UPDATE, deps, ctx.maxRetries);

  let updated = 0;
  for (const [group, outcome] of outcomes) {
    updated += outcome.accepted.length;
    failed.push(...failuresOf(group, outcome));
  }
  deps.log.info({ updated, failed: failed.length }, 'Security Hub workflow sync finished');
  return { updated, failed };
}

/** Why privapi set the status, for the person who finds it changed in Security Hub. */
export function workflowNote(change: WorkflowChange, now: string): string {
  const mute = change.status === 'SUPPRESSED' ? change.finding.muted : (change.was ?? change.finding.muted);
  let text: string;
  if (change.status === 'SUPPRESSED' && mute) {
    // The reason is free text and goes last, so a cut shortens the reason, not the facts.
    text = `Muted by privapi mutelist entry ${mute.entry} until the end of ${mute.expires} (UTC). Owner: ${mute.owner}. Reason: ${mute.reason}`;
  } else if (mute) {
    const expired = mute.expires < now.slice(0, 10) ? ` (it expired at the end of ${mute.expires} UTC)` : '';
    text = `privapi mutelist entry ${mute.entry} no longer applies${expired}`;
  } else {
    text = 'privapi mutelist no longer mutes this finding';
  }
  return truncate(text, MAX_NOTE_TEXT);
}

const UPDATE: BatchOperation<WorkflowItem> = {
  name: 'BatchUpdateFindings',
  kept: (findings) => `the workflow status of its ${findings} finding(s) is left as it is and set again on the next run`,
  notDone: 'Security Hub did not update the workflow status of some findings; they are set again on the next run',
  plan(items) {
    // A request has one status and one note: findings that share both go together, in first-seen order.
    const byNote = new Map<string, WorkflowItem[]>();
    for (const item of items) {
      const key = `${item.status}\u0000${item.note}`;
      const same = byNote.get(key);
      if (same) same.push(item);
      else byNote.set(key, [item]);
    }
    return [...byNote.values()].flatMap((same) => chunk(same, MAX_UPDATE_FINDINGS));
  },
  async send(client, batch) {
    const { status, note } = batch[0]!;
    const response = await client.send(
      new BatchUpdateFindingsCommand({
        FindingIdentifiers: batch.map((item) => item.identifier),
        Workflow: { Status: status },
        Note: { Text: note, UpdatedBy: NOTE_AUTHOR },
      }),
    );
    // A batch is one account and region, so one product ARN: the finding id names the finding.
    const processed = new Set((response.ProcessedFindings ?? []).map((f) => f.Id));
    const errors = new Map((response.UnprocessedFindings ?? []).map((f) => [f.FindingIdentifier?.Id, f]));
    return batch
      .filter((item) => errors.has(item.finding.id) || !processed.has(item.finding.id))
      .map((item) => {
        const error = errors.get(item.finding.id);
        return error
          ? { item, code: error.ErrorCode ?? 'UnprocessedFinding', message: error.ErrorMessage ?? 'Security Hub did not update the finding' }
          : { item, code: 'Unconfirmed', message: 'Security Hub named the finding neither processed nor unprocessed' };
      });
  },
};

function addToGroup<T>(groups: Map<string, Group<T>>, accountId: string, region: string, item: T): void {
  const key = `${accountId}\u0000${region}`;
  const group = groups.get(key) ?? { accountId, region, items: [] };
  group.items.push(item);
  groups.set(key, group);
}

function failuresOf<T extends { finding: Finding }>(group: Group<T>, outcome: Outcome<T>): SecurityHubFailure[] {
  return outcome.failed.map(({ item, code, message }) => ({ findingId: item.finding.id, accountId: group.accountId, region: group.region, code, message }));
}

/** Each account+region with its own client; up to `concurrency` pairs at once. */
async function sendGroups<T>(
  groups: Map<string, Group<T>>,
  op: BatchOperation<T>,
  deps: SecurityHubDeps,
  maxRetries = DEFAULT_MAX_RETRIES,
): Promise<Array<[Group<T>, Outcome<T>]>> {
  const sleep = deps.sleep ?? ((ms: number) => delay(ms));
  const limit = pLimit(deps.concurrency ?? DEFAULT_EXPORT_CONCURRENCY);
  return Promise.all([...groups.values()].map((group) => limit(() => sendGroup(group, op, deps, maxRetries, sleep))));
}

/** Batches of one account and region, in order; a failure that would repeat skips the rest. */
async function sendGroup<T>(
  group: Group<T>,
  op: BatchOperation<T>,
  deps: SecurityHubDeps,
  maxRetries: number,
  sleep: (ms: number) => Promise<void>,
): Promise<[Group<T>, Outcome<T>]> {
  const total: Outcome<T> = { accepted: [], failed: [] };
  const batches = op.plan(group.items);
  let client: SecurityHubClient;
  try {
    client = deps.clientFor(group.accountId, group.region);
  } catch (err) {
    const e = classifyError(err);
    logFatal(deps.log, op, group, e, group.items.length);
    return [group, { accepted: [], failed: group.items.map((item) => ({ item, code: e.code, message: e.message })) }];
  }
  for (const [index, batch] of batches.entries()) {
    const outcome = await sendBatch(client, op, batch, maxRetries, sleep, deps.log, group);
    total.accepted.push(...outcome.accepted);
    total.failed.push(...outcome.failed);
    const fatal = outcome.fatal;
    if (fatal) {
      const rest = batches.slice(index + 1).flat();
      logFatal(deps.log, op, group, fatal, outcome.failed.length + rest.length);
      const denied = fatal.kind === 'access-denied' ? `; ${deniedMessage(op, fatal)}` : '';
      const message = `not sent: an earlier batch failed with ${fatal.code}${denied}`;
      total.failed.push(...rest.map((item) => ({ item, code: fatal.code, message })));
      break;
    }
  }
  return [group, total];
}

/**
 * One request, then retries of only the findings it reports as not done (FailedFindings,
 * UnprocessedFindings). Throttling and 5xx of the request itself are retried by the client's own
 * retry strategy; an error that still comes through fails the whole batch.
 */
async function sendBatch<T>(
  client: SecurityHubClient,
  op: BatchOperation<T>,
  batch: T[],
  maxRetries: number,
  sleep: (ms: number) => Promise<void>,
  log: Logger,
  group: Group<T>,
): Promise<Outcome<T>> {
  const outcome: Outcome<T> = { accepted: [], failed: [] };
  let pending = batch;
  for (let attempt = 0; ; attempt += 1) {
    let failedNow: Array<Failure<T>>;
    try {
      failedNow = await op.send(client, pending);
    } catch (err) {
      // The account's role could not be assumed: its own message says why, and every batch would repeat it.
      const assumeRole = (err as Error).name === 'AssumeRoleError';
      const e = classifyError(err);
      const message = e.kind === 'access-denied' && !assumeRole ? deniedMessage(op, e) : e.message;
      outcome.failed.push(...pending.map((item) => ({ item, code: e.code, message })));
      if (assumeRole || repeats(e)) outcome.fatal = assumeRole ? { ...e, kind: 'other' } : e;
      else log.warn({ accountId: group.accountId, region: group.region, code: e.code, findings: pending.length }, `${op.name} failed: ${e.message}`);
      return outcome;
    }
    const failing = new Set(failedNow.map((f) => f.item));
    outcome.accepted.push(...pending.filter((item) => !failing.has(item)));
    if (failedNow.length === 0) return outcome;
    if (attempt >= maxRetries) {
      outcome.failed.push(...failedNow);
      log.warn({ accountId: group.accountId, region: group.region, findings: failedNow.length, attempts: attempt + 1 }, op.notDone);
      return outcome;
    }
    pending = failedNow.map((f) => f.item);
    await sleep(Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt));
  }
}

function repeats(e: ClassifiedError): boolean {
  return e.code === NOT_ENABLED || e.kind === 'access-denied' || e.kind === 'expired-credentials';
}

/** A denied request names the IAM action the member role is missing. */
function deniedMessage(op: BatchOperation<unknown>, e: ClassifiedError): string {
  return `privapi's role may not call securityhub:${op.name}; allow it in the member role (${e.code}: ${e.message})`;
}

function logFatal<T>(log: Logger, op: BatchOperation<T>, group: Group<T>, e: ClassifiedError, findings: number): void {
  const where = `account ${group.accountId}, region ${group.region}`;
  const kept = op.kept(findings);
  if (e.code === NOT_ENABLED) {
    log.error({ accountId: group.accountId, region: group.region, code: e.code, findings },
      `Security Hub is not enabled in ${where} (${e.code}: ${e.message}). Enable Security Hub there, or leave the region out of the export; ${kept}.`);
  } else if (e.kind === 'access-denied') {
    log.error({ accountId: group.accountId, region: group.region, code: e.code, findings },
      `privapi's role in ${where} may not call securityhub:${op.name} (${e.code}: ${e.message}). Update the member role; ${kept}.`);
  } else {
    log.error({ accountId: group.accountId, region: group.region, code: e.code, findings },
      `Security Hub ${op.name} in ${where} stopped (${e.code}: ${e.message}); ${kept}.`);
  }
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

/** At most 100 findings and 6 MB of request body per batch, in input order. */
function planBatches(items: readonly ImportItem[]): ImportItem[][] {
  // {"Findings":[ ... ]} around the findings, and a comma between two of them.
  const envelope = '{"Findings":[]}'.length;
  const batches: ImportItem[][] = [];
  let current: ImportItem[] = [];
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

import {
  ConditionalCheckFailedException,
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  ResourceInUseException,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  paginateQuery,
  paginateScan,
  type BatchWriteCommandInput,
  type QueryCommandInput,
  type ScanCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { Logger } from 'pino';
import { classifyError } from '../aws/errors.js';
import { mapLimited } from '../aws/concurrency.js';
import type { RecordState, Finding, FindingTransition, RunRecord } from '../model/finding.js';
import {
  GSI1,
  RUNS_PARTITION,
  TTL_ATTRIBUTE,
  checkGsiPk,
  checkGsiSkPrefix,
  expiryEpochSeconds,
  findingGsiKey,
  findingKey,
  findingPk,
  findingSkPrefix,
  historyPk,
  runGsiKey,
  runKey,
  tableDefinition,
  transitionKey,
  type Entity,
} from './dynamodb-table.js';
import { RunConflictError, StateStoreError, type SaveReport, type StateStore } from './state-store.js';

/**
 * The state store for deployed use, on the table described in dynamodb-table.ts. dynalite (the
 * test implementation) has no transactions, and a run's writes would not fit one anyway (100
 * items), so every race is settled per item with a condition on `runStartedAt` instead.
 */

/**
 * Requests in flight at once. Queries and conditional puts are small and independent; on-demand
 * tables absorb far more, and the measured gap to a plain Scan (npm run bench) is per-request
 * latency, which only concurrency hides.
 */
export const DEFAULT_STORE_CONCURRENCY = 32;

/**
 * From this many accounts on, the previous state is read with one parallel Scan instead of a
 * Query per account. Most accounts of an organization hold no finding, and each of their Queries
 * is still a round trip: measured (npm run bench, 999 accounts), the Queries took 37x a Scan of
 * the whole table, history and runs included. Below it, Queries read only what the run needs.
 */
export const SCAN_FROM_ACCOUNTS = 100;
const SCAN_SEGMENTS = 4;

export interface DynamoDbStateStoreOptions {
  client: DynamoDBClient;
  tableName: string;
  /** How long RESOLVED findings, history and run records are kept before TTL removes them. */
  retentionDays: number;
  log: Logger;
  sleep?: (ms: number) => Promise<void>;
  now?: () => Date;
  /** Queries and PutItems in flight at once. */
  concurrency?: number;
}

export interface FindingsByCheckOptions {
  accountId?: string;
  /** Only with accountId: the GSI sort key is account first. */
  region?: string;
  state?: RecordState;
}

const KEY_ATTRIBUTES = ['PK', 'SK', 'GSI1PK', 'GSI1SK', 'entity', TTL_ATTRIBUTE] as const;
const BATCH_SIZE = 25;
const BATCH_ATTEMPTS = 8;
const BACKOFF_BASE_MS = 50;
const BACKOFF_CAP_MS = 5_000;

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class DynamoDbStateStore implements StateStore {
  readonly description: string;
  private readonly doc: DynamoDBDocumentClient;
  private readonly client: DynamoDBClient;
  private readonly table: string;
  private readonly retentionDays: number;
  private readonly log: Logger;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => Date;
  private readonly concurrency: number;

  constructor(opts: DynamoDbStateStoreOptions) {
    if (!(opts.retentionDays > 0)) throw new RangeError(`retentionDays must be positive, got ${opts.retentionDays}`);
    this.client = opts.client;
    this.doc = DynamoDBDocumentClient.from(opts.client, { marshallOptions: { removeUndefinedValues: true } });
    this.table = opts.tableName;
    this.retentionDays = opts.retentionDays;
    this.log = opts.log.child({ sink: 'dynamodb', table: opts.tableName });
    this.sleep = opts.sleep ?? realSleep;
    this.now = opts.now ?? (() => new Date());
    this.concurrency = opts.concurrency ?? DEFAULT_STORE_CONCURRENCY;
    this.description = `DynamoDB table ${opts.tableName}`;
  }

  /** Closes the client's sockets: the store is the client's last user. */
  async close(): Promise<void> {
    this.client.destroy();
  }

  async loadFindings(accountIds: readonly string[]): Promise<Finding[]> {
    const wanted = new Set(accountIds);
    if (wanted.size < SCAN_FROM_ACCOUNTS) {
      const perAccount = await mapLimited([...wanted], this.concurrency, (accountId) => this.findingsInAccount(accountId));
      return perAccount.flat();
    }
    const segments = await mapLimited([...Array(SCAN_SEGMENTS).keys()], SCAN_SEGMENTS, (segment) =>
      this.readFindings('Scan', (input) => paginateScan({ client: this.doc }, { ...input, TableName: this.table, Segment: segment, TotalSegments: SCAN_SEGMENTS }), {
        FilterExpression: '#entity = :finding',
        ExpressionAttributeNames: { '#entity': 'entity' },
        ExpressionAttributeValues: { ':finding': 'FINDING' satisfies Entity },
      }),
    );
    return segments.flat().filter((f) => wanted.has(f.accountId));
  }

  /** Current findings of one account, or of one (account, region). */
  async findingsInAccount(accountId: string, region?: string): Promise<Finding[]> {
    return this.queryFindings('Query', {
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': findingPk(accountId), ':prefix': findingSkPrefix(region) },
    });
  }

  /** Current findings of one check across the organization (GSI1), optionally narrowed. */
  async findingsByCheck(checkId: string, opts: FindingsByCheckOptions = {}): Promise<Finding[]> {
    if (opts.region !== undefined && opts.accountId === undefined) throw new TypeError('findingsByCheck: region needs accountId');
    const values: Record<string, unknown> = { ':pk': checkGsiPk(checkId) };
    let condition = 'GSI1PK = :pk';
    if (opts.accountId !== undefined) {
      condition += ' AND begins_with(GSI1SK, :prefix)';
      values[':prefix'] = checkGsiSkPrefix(opts.accountId, opts.region);
    }
    const names: Record<string, string> = {};
    let filter: string | undefined;
    if (opts.state !== undefined) {
      filter = '#state = :state';
      names['#state'] = 'state';
      values[':state'] = opts.state;
    }
    return this.queryFindings('Query GSI1', {
      IndexName: GSI1,
      KeyConditionExpression: condition,
      ExpressionAttributeValues: values,
      ...(filter ? { FilterExpression: filter, ExpressionAttributeNames: names } : {}),
    });
  }

  /** The latest runs, newest first. */
  async listRuns(limit: number): Promise<RunRecord[]> {
    if (limit <= 0) return [];
    const runs: RunRecord[] = [];
    const pages = paginateQuery(
      { client: this.doc, pageSize: limit },
      {
        TableName: this.table,
        IndexName: GSI1,
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': RUNS_PARTITION },
        ScanIndexForward: false,
      },
    );
    try {
      for await (const page of pages) {
        for (const item of page.Items ?? []) runs.push(stripKeys(item) as unknown as RunRecord);
        if (runs.length >= limit) break;
      }
    } catch (err) {
      throw await this.failure('Query GSI1', err);
    }
    return runs.slice(0, limit);
  }

  /** The recorded transitions of one finding, oldest first. */
  async findingHistory(findingId: string): Promise<FindingTransition[]> {
    const items = await this.queryAll('Query', {
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': historyPk(findingId) },
    });
    const history = items.map((item) => stripKeys(item) as unknown as FindingTransition);
    return history.sort((a, b) => a.at.localeCompare(b.at) || a.runId.localeCompare(b.runId));
  }

  async beginRun(run: RunRecord): Promise<void> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: this.runItem(run),
          // A retried run (same id, still RUNNING) may start again; a finished one may not.
          ConditionExpression: 'attribute_not_exists(PK) OR #status = :running',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':running': 'RUNNING' },
        }),
      );
    } catch (err) {
      if (!(err instanceof ConditionalCheckFailedException)) throw await this.failure('PutItem', err);
      const existing = await this.getRun(run.runId);
      throw new RunConflictError(
        `Run ${run.runId} is already recorded as ${existing?.status ?? 'finished'} in ${this.description}` +
          `${existing?.finishedAt ? ` (finished ${existing.finishedAt})` : ''}; start a new run with a new run id.`,
      );
    }
  }

  async saveRun(run: RunRecord, findings: readonly Finding[], transitions: readonly FindingTransition[]): Promise<SaveReport> {
    const superseded: string[] = [];
    const outcomes = await mapLimited(findings, this.concurrency, (finding) => this.putFinding(finding));
    outcomes.forEach((written, i) => {
      if (!written) superseded.push(findings[i]!.id);
    });
    if (superseded.length > 0) {
      this.log.warn({ runId: run.runId, superseded: superseded.length }, 'a run that started later already wrote some findings; kept its version');
    }

    // A superseded finding's transition describes a state the table no longer holds.
    const dropped = new Set(superseded);
    const history = new Map<string, Record<string, unknown>>();
    for (const t of transitions) {
      if (dropped.has(t.findingId)) continue;
      const key = transitionKey(t);
      // BatchWriteItem rejects a request that names one key twice; the last word wins.
      history.set(`${key.PK}\u0000${key.SK}`, {
        ...key,
        entity: 'TRANSITION' satisfies Entity,
        ...t,
        [TTL_ATTRIBUTE]: expiryEpochSeconds(t.at, this.retentionDays),
      });
    }
    await this.batchPut([...history.values()]);

    try {
      await this.doc.send(new PutCommand({ TableName: this.table, Item: this.runItem(run) }));
    } catch (err) {
      throw await this.failure('PutItem', err);
    }
    return { written: findings.length - superseded.length, superseded, transitions: history.size };
  }

  /** Writes one finding unless a run that started later already wrote it; false if it did. */
  private async putFinding(finding: Finding): Promise<boolean> {
    const item: Record<string, unknown> = {
      ...findingKey(finding),
      ...findingGsiKey(finding),
      entity: 'FINDING' satisfies Entity,
      ...finding,
    };
    if (finding.state === 'RESOLVED') item[TTL_ATTRIBUTE] = expiryEpochSeconds(finding.resolvedAt ?? finding.updatedAt, this.retentionDays);
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: item,
          // ISO-8601 UTC strings compare in time order; an equal start is this run writing again.
          ConditionExpression: 'attribute_not_exists(PK) OR runStartedAt <= :started',
          ExpressionAttributeValues: { ':started': finding.runStartedAt },
        }),
      );
      return true;
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) return false;
      throw await this.failure('PutItem', err);
    }
  }

  private async batchPut(items: readonly Record<string, unknown>[]): Promise<void> {
    const chunks: Array<readonly Record<string, unknown>[]> = [];
    for (let i = 0; i < items.length; i += BATCH_SIZE) chunks.push(items.slice(i, i + BATCH_SIZE));
    // Batches are independent (distinct keys), so they go out concurrently like the finding puts.
    await mapLimited(chunks, this.concurrency, (chunk) => this.batchWrite(chunk));
  }

  private async batchWrite(chunk: readonly Record<string, unknown>[]): Promise<void> {
    let pending: NonNullable<BatchWriteCommandInput['RequestItems']>[string] = chunk.map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > BATCH_ATTEMPTS) {
        throw new StateStoreError(
          `${this.description}${await regionSuffixOf(this.client)}: ${pending.length} history item(s) were still unprocessed after ${BATCH_ATTEMPTS} BatchWriteItem attempts. ` +
            'The table is throttling writes: retry the run later (it rewrites the same items) or raise the table\'s write capacity.',
        );
      }
      if (attempt > 1) await this.sleep(backoffMs(attempt - 1));
      let unprocessed;
      try {
        const out = await this.doc.send(new BatchWriteCommand({ RequestItems: { [this.table]: pending } }));
        unprocessed = out.UnprocessedItems?.[this.table] ?? [];
      } catch (err) {
        throw await this.failure('BatchWriteItem', err);
      }
      if (unprocessed.length > 0) this.log.debug({ unprocessed: unprocessed.length, attempt }, 'BatchWriteItem left items unprocessed; retrying');
      pending = unprocessed;
    }
  }

  private runItem(run: RunRecord): Record<string, unknown> {
    return {
      ...runKey(run.runId),
      ...runGsiKey(run),
      entity: 'RUN' satisfies Entity,
      ...run,
      [TTL_ATTRIBUTE]: expiryEpochSeconds(run.startedAt, this.retentionDays),
    };
  }

  private async getRun(runId: string): Promise<RunRecord | undefined> {
    try {
      const out = await this.doc.send(new GetCommand({ TableName: this.table, Key: runKey(runId), ConsistentRead: true }));
      return out.Item ? (stripKeys(out.Item) as unknown as RunRecord) : undefined;
    } catch (err) {
      throw await this.failure('GetItem', err);
    }
  }

  /**
   * TTL deletes expired items only eventually (typically within days), so reads drop them
   * themselves: an expired RESOLVED finding must not keep matching a recurrence.
   */
  private async queryFindings(operation: string, input: Omit<QueryCommandInput, 'TableName'>): Promise<Finding[]> {
    return this.readFindings(operation, (filtered) => paginateQuery({ client: this.doc }, { ...input, ...filtered, TableName: this.table }), input);
  }

  /** Reads finding items through a paginator, leaving out those whose TTL passed (DynamoDB deletes them only eventually). */
  private async readFindings(
    operation: string,
    pages: (input: Pick<ScanCommandInput, 'FilterExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'>) => AsyncIterable<{ Items?: Record<string, unknown>[] }>,
    filter: Pick<ScanCommandInput, 'FilterExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'>,
  ): Promise<Finding[]> {
    const now = Math.floor(this.now().getTime() / 1000);
    const notExpired = `(attribute_not_exists(#ttl) OR #ttl > :now)`;
    const items: Record<string, unknown>[] = [];
    try {
      const iterator = pages({
        FilterExpression: filter.FilterExpression ? `${notExpired} AND (${filter.FilterExpression})` : notExpired,
        ExpressionAttributeNames: { ...filter.ExpressionAttributeNames, '#ttl': TTL_ATTRIBUTE },
        ExpressionAttributeValues: { ...filter.ExpressionAttributeValues, ':now': now },
      });
      for await (const page of iterator) items.push(...(page.Items ?? []));
    } catch (err) {
      throw await this.failure(operation, err);
    }
    return items.map((item) => stripKeys(item) as unknown as Finding);
  }

  private async queryAll(operation: string, input: Omit<QueryCommandInput, 'TableName'>): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    try {
      for await (const page of paginateQuery({ client: this.doc }, { ...input, TableName: this.table })) items.push(...(page.Items ?? []));
    } catch (err) {
      throw await this.failure(operation, err);
    }
    return items;
  }

  private async failure(operation: string, err: unknown): Promise<StateStoreError> {
    return stateStoreError(this.table, await regionSuffixOf(this.client), operation, err);
  }
}

/** Creates the table (and waits until it is ACTIVE) unless it exists, then makes sure TTL is on. */
export async function createTableIfMissing(
  client: DynamoDBClient,
  name: string,
  opts: { log?: Logger } = {},
): Promise<{ created: boolean; ttl: 'ENABLED' | 'UNSUPPORTED' }> {
  const region = await regionSuffixOf(client);
  let created = false;
  try {
    await client.send(new DescribeTableCommand({ TableName: name }));
  } catch (err) {
    if (!(err instanceof ResourceNotFoundException)) throw stateStoreError(name, region, 'DescribeTable', err);
    try {
      await client.send(new CreateTableCommand(tableDefinition(name)));
      created = true;
    } catch (createErr) {
      // Someone else created it between our describe and create: wait for theirs.
      if (!(createErr instanceof ResourceInUseException)) throw stateStoreError(name, region, 'CreateTable', createErr);
    }
  }
  try {
    await waitUntilTableExists({ client, maxWaitTime: 120, minDelay: 1, maxDelay: 5 }, { TableName: name });
  } catch (err) {
    throw stateStoreError(name, region, 'DescribeTable', err);
  }
  return { created, ttl: await enableTtl(client, name, region, opts.log) };
}

async function enableTtl(client: DynamoDBClient, name: string, region: string, log: Logger | undefined): Promise<'ENABLED' | 'UNSUPPORTED'> {
  try {
    const current = await client.send(new DescribeTimeToLiveCommand({ TableName: name }));
    const status = current.TimeToLiveDescription?.TimeToLiveStatus;
    // Enabling it again (or while it is being enabled) is a ValidationException.
    if (status === 'ENABLED' || status === 'ENABLING') return 'ENABLED';
    await client.send(new UpdateTimeToLiveCommand({ TableName: name, TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true } }));
    return 'ENABLED';
  } catch (err) {
    // dynalite (tests, the demo) has no UpdateTimeToLive; items then simply never expire there.
    if (classifyError(err).code === 'UnknownOperationException') {
      log?.info({ table: name }, 'this DynamoDB implementation does not support TTL; expired items stay until deleted');
      return 'UNSUPPORTED';
    }
    throw stateStoreError(name, region, 'UpdateTimeToLive', err);
  }
}

async function regionSuffixOf(client: DynamoDBClient): Promise<string> {
  try {
    const region = await client.config.region();
    return region ? ` (${region})` : '';
  } catch {
    return '';
  }
}

function stateStoreError(table: string, region: string, operation: string, err: unknown): StateStoreError {
  const { code, message, kind } = classifyError(err);
  const where = `DynamoDB table ${table}${region}`;
  const action = `dynamodb:${operation.split(' ')[0]}`;
  let advice: string;
  if (err instanceof ResourceNotFoundException || code === 'ResourceNotFoundException') {
    advice = 'The table does not exist: check the table name and region, or create it (privapi audit --create-table, or the key schema of tableDefinition() in src/sinks/dynamodb-table.ts).';
  } else if (kind === 'access-denied') {
    advice = `Grant the role running privapi ${action} on the table and its indexes (arn:aws:dynamodb:<region>:<account>:table/${table} and …/index/*).`;
  } else if (kind === 'throttling') {
    advice = 'The table is throttling requests even after retries: retry the run later or raise its capacity.';
  } else if (kind === 'expired-credentials') {
    advice = 'The credentials have expired: refresh them and run again.';
  } else if (kind === 'network') {
    advice = 'DynamoDB could not be reached: check the network path (VPC endpoint, proxy) and the endpoint configuration.';
  } else {
    advice = 'The run stopped before writing anything it could misreport; fix the cause and run again.';
  }
  return new StateStoreError(`${where}: ${operation} failed with ${code}: ${message}. ${advice}`, { cause: err });
}

/** Half fixed so a retry never comes too soon, half random so concurrent writers spread out. */
function backoffMs(retry: number): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** retry);
  return Math.floor(ceiling / 2 + Math.random() * (ceiling / 2));
}

function stripKeys(item: Record<string, unknown>): Record<string, unknown> {
  const out = { ...item };
  for (const key of KEY_ATTRIBUTES) delete out[key];
  return out;
}

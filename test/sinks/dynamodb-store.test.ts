import {
  DescribeTableCommand,
  DynamoDBClient,
  paginateScan,
  type DynamoDBClientConfig,
  type ServiceInputTypes,
  type ServiceOutputTypes,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { InitializeMiddleware } from '@smithy/types';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbStateStore, SCAN_FROM_ACCOUNTS, createTableIfMissing } from '../../src/sinks/dynamodb-store.js';
import { TTL_ATTRIBUTE, expiryEpochSeconds, findingKey, runKey } from '../../src/sinks/dynamodb-table.js';
import { RunConflictError, StateStoreError } from '../../src/sinks/state-store.js';
import { startLocalDynamoDb, type LocalDynamo } from '../../src/sinks/local-dynamodb.js';
import { ACCOUNT_A, ACCOUNT_B, T0, T1, T2, finished, makeFinding, makeRun, resolved, transitionOf } from './fixtures.js';

const silent = pino({ level: 'silent' });
const RETENTION = 30;
const NOW = new Date('2026-03-05T00:00:00.000Z');

let local: LocalDynamo;
let tableCounter = 0;

beforeAll(async () => {
  local = await startLocalDynamoDb();
});
afterAll(async () => {
  await local.close();
});

/** Each test gets its own table, so counts are exact and tests do not see each other. */
async function freshTable(): Promise<string> {
  const name = `privapi-state-${++tableCounter}`;
  await createTableIfMissing(local.client, name);
  return name;
}

function storeOn(tableName: string, overrides: Partial<ConstructorParameters<typeof DynamoDbStateStore>[0]> = {}) {
  return new DynamoDbStateStore({ client: local.client, tableName, retentionDays: RETENTION, log: silent, now: () => NOW, sleep: async () => {}, ...overrides });
}

function clientFor(extra: Partial<DynamoDBClientConfig> = {}): DynamoDBClient {
  return new DynamoDBClient({ endpoint: local.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, ...extra });
}

interface BatchInput {
  RequestItems: Record<string, unknown[]>;
}
interface BatchOutput {
  UnprocessedItems?: Record<string, unknown[]>;
}

/**
 * dynalite always processes a whole batch; this puts `handle` in front of every BatchWriteItem so a
 * test can play a throttled table. `forward` sends a request on to dynalite.
 */
function interceptBatchWrites(client: DynamoDBClient, handle: (input: BatchInput, forward: (input: BatchInput) => Promise<BatchOutput>) => Promise<BatchOutput>): void {
  const middleware: InitializeMiddleware<ServiceInputTypes, ServiceOutputTypes> = (next, context) => async (args) => {
    if (context.commandName !== 'BatchWriteItemCommand') return next(args);
    let response: unknown = {};
    const output = await handle(args.input as unknown as BatchInput, async (input) => {
      const result = await next({ ...args, input: input as unknown as ServiceInputTypes });
      response = result.response;
      return result.output as BatchOutput;
    });
    return { response, output: { $metadata: {}, ...output } as ServiceOutputTypes };
  };
  client.middlewareStack.add(middleware, { step: 'initialize', name: 'interceptBatchWrites' });
}

async function countByEntity(tableName: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for await (const page of paginateScan({ client: local.client }, { TableName: tableName })) {
    for (const item of page.Items ?? []) {
      const entity = item.entity?.S ?? 'UNKNOWN';
      counts[entity] = (counts[entity] ?? 0) + 1;
    }
  }
  return counts;
}

async function rawItem(tableName: string, key: { PK: string; SK: string }) {
  const doc = DynamoDBDocumentClient.from(local.client);
  return (await doc.send(new GetCommand({ TableName: tableName, Key: key }))).Item;
}

describe('createTableIfMissing', () => {
  it('creates the documented key schema and GSI, and is a no-op the second time', async () => {
    const name = `privapi-create-${++tableCounter}`;

    const first = await createTableIfMissing(local.client, name);
    const second = await createTableIfMissing(local.client, name);

    expect(first).toEqual({ created: true, ttl: 'UNSUPPORTED' });
    expect(second.created).toBe(false);
    const { Table } = await local.client.send(new DescribeTableCommand({ TableName: name }));
    expect(Table?.TableStatus).toBe('ACTIVE');
    expect(Table?.KeySchema).toEqual([
      { AttributeName: 'PK', KeyType: 'HASH' },
      { AttributeName: 'SK', KeyType: 'RANGE' },
    ]);
    expect(Table?.GlobalSecondaryIndexes?.map((i) => ({ name: i.IndexName, keys: i.KeySchema, projection: i.Projection?.ProjectionType }))).toEqual([
      {
        name: 'GSI1',
        keys: [
          { AttributeName: 'GSI1PK', KeyType: 'HASH' },
          { AttributeName: 'GSI1SK', KeyType: 'RANGE' },
        ],
        projection: 'ALL',
      },
    ]);
  });
});

describe('DynamoDbStateStore', () => {
  it('saveRun writes findings as native attributes, their transitions and the run record', async () => {
    const table = await freshTable();
    const store = storeOn(table);
    const run = makeRun();
    const a = makeFinding({ arn: 'arn:aws:execute-api:us-east-1:111111111111:a1', muted: undefined });
    const b = makeFinding({ accountId: ACCOUNT_B, region: 'eu-west-1', arn: 'arn:aws:execute-api:eu-west-1:222222222222:b1' });

    await store.beginRun(run);
    const report = await store.saveRun(finished(run, T1), [a, b], [transitionOf(a, 'NONE'), transitionOf(b, 'NONE')]);

    expect(report).toEqual({ written: 2, superseded: [], transitions: 2 });
    expect(await countByEntity(table)).toEqual({ FINDING: 2, TRANSITION: 2, RUN: 1 });
    const { muted: _muted, ...aWithoutUndefined } = a;
    expect(await store.loadFindings([ACCOUNT_A])).toEqual([aWithoutUndefined]);
    expect(await store.loadFindings([ACCOUNT_A, ACCOUNT_B, ACCOUNT_A])).toHaveLength(2);
    const item = await rawItem(table, findingKey(a));
    expect(item?.resource).toEqual(a.resource); // a map, not a JSON string
    expect(item?.[TTL_ATTRIBUTE]).toBeUndefined(); // ACTIVE findings never expire
    expect((await store.listRuns(5))[0]).toMatchObject({ runId: 'run-1', status: 'COMPLETE', finishedAt: T1 });
    expect(await store.findingHistory(a.id)).toEqual([transitionOf(a, 'NONE')]);
  });

  it('loads an account region by region and across Query pages', async () => {
    const table = await freshTable();
    let queries = 0;
    const client = clientFor();
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'QueryCommand') queries++;
        return next(args);
      },
      { step: 'initialize', name: 'countQueries' },
    );
    const store = storeOn(table, { client });
    // ~200 KB each: 6 of them exceed the 1 MB a Query page may return.
    const findings = Array.from({ length: 6 }, (_, i) =>
      makeFinding({ arn: `arn:aws:execute-api:${i % 2 ? 'eu-west-1' : 'us-east-1'}:111111111111:api${i}`, region: i % 2 ? 'eu-west-1' : 'us-east-1', message: 'x'.repeat(200_000) }),
    );
    await store.saveRun(makeRun(), findings, []);

    queries = 0;
    const all = await store.loadFindings([ACCOUNT_A]);
    const pages = queries;
    const euWest = await store.findingsInAccount(ACCOUNT_A, 'eu-west-1');

    expect(all).toHaveLength(6);
    expect(new Set(all.map((f) => f.id)).size).toBe(6);
    expect(pages).toBeGreaterThan(1);
    expect(euWest).toHaveLength(3);
    expect(euWest.every((f) => f.region === 'eu-west-1')).toBe(true);
  });

  it('beginRun lets a RUNNING run restart but refuses a finished one', async () => {
    const table = await freshTable();
    const store = storeOn(table);
    const run = makeRun();

    await store.beginRun(run);
    await store.beginRun(run);
    await store.saveRun(finished(run, T1), [], []);

    await expect(store.beginRun(run)).rejects.toThrow(RunConflictError);
    await expect(store.beginRun(run)).rejects.toThrow(/run-1 is already recorded as COMPLETE .*privapi-state-\d+ \(finished 2026-03-02/);
  });

  it('saving the same run twice leaves the same items and no duplicate history', async () => {
    const table = await freshTable();
    const store = storeOn(table);
    const run = makeRun();
    const f1 = makeFinding({ arn: 'arn:aws:execute-api:us-east-1:111111111111:one' });
    const f2 = makeFinding({ arn: 'arn:aws:execute-api:us-east-1:111111111111:two', lifecycle: 'STILL_FAILING' });
    const transitions = [transitionOf(f1, 'NONE'), transitionOf(f2, 'NEW')];

    const first = await store.saveRun(finished(run, T1), [f1, f2], transitions);
    const countsAfterFirst = await countByEntity(table);
    const itemAfterFirst = await rawItem(table, findingKey(f1));
    // A retry re-sends everything, including one transition twice in the same request.
    const second = await store.saveRun(finished(run, T1), [f1, f2], [...transitions, transitions[0]!]);

    expect(second).toEqual(first);
    expect(await countByEntity(table)).toEqual(countsAfterFirst);
    expect(countsAfterFirst).toEqual({ FINDING: 2, TRANSITION: 2, RUN: 1 });
    expect(await rawItem(table, findingKey(f1))).toEqual(itemAfterFirst);
    expect(await store.findingHistory(f1.id)).toHaveLength(1);
  });

  it('keeps the version of a run that started later and reports this one as superseded', async () => {
    const table = await freshTable();
    const store = storeOn(table);
    const contested = makeFinding({ arn: 'arn:aws:execute-api:us-east-1:111111111111:contested' });
    const onlyEarly = makeFinding({ arn: 'arn:aws:execute-api:us-east-1:111111111111:early-only' });
    const later = { ...contested, lifecycle: 'STILL_FAILING' as const, runId: 'run-late', runStartedAt: T2, updatedAt: T2, lastObservedAt: T2 };
    await store.saveRun(makeRun({ runId: 'run-late', startedAt: T2 }), [later], []);

    const report = await store.saveRun(makeRun({ runId: 'run-early', startedAt: T1 }), [
      { ...contested, runId: 'run-early', runStartedAt: T1 },
      { ...onlyEarly, runId: 'run-early', runStartedAt: T1 },
    ], [transitionOf({ ...contested, runId: 'run-early', runStartedAt: T1 }, 'NONE')]);

    expect(report).toEqual({ written: 1, superseded: [contested.id], transitions: 0 });
    expect(await rawItem(table, findingKey(contested))).toMatchObject({ runId: 'run-late', lifecycle: 'STILL_FAILING' });
    expect(await rawItem(table, findingKey(onlyEarly))).toMatchObject({ runId: 'run-early' });
    expect(await store.findingHistory(contested.id)).toEqual([]);
  });

  it('finds one check\'s findings across accounts through GSI1, narrowed by account, region and state', async () => {
    const table = await freshTable();
    const store = storeOn(table);
    const a1 = makeFinding({ arn: 'arn:a1' });
    const a2 = makeFinding({ arn: 'arn:a2', region: 'eu-west-1' });
    const b1 = resolved(makeFinding({ arn: 'arn:b1', accountId: ACCOUNT_B }), 'run-1', T1);
    const other = makeFinding({ arn: 'arn:a1', checkId: 'VPCE-001' });
    await store.saveRun(makeRun(), [a1, a2, b1, other], []);

    const ids = (fs: { id: string }[]) => fs.map((f) => f.id).sort();
    expect(ids(await store.findingsByCheck('POLICY-002'))).toEqual(ids([a1, a2, b1]));
    expect(ids(await store.findingsByCheck('POLICY-002', { accountId: ACCOUNT_A }))).toEqual(ids([a1, a2]));
    expect(ids(await store.findingsByCheck('POLICY-002', { accountId: ACCOUNT_A, region: 'eu-west-1' }))).toEqual(ids([a2]));
    expect(ids(await store.findingsByCheck('POLICY-002', { state: 'RESOLVED' }))).toEqual(ids([b1]));
    expect(ids(await store.findingsByCheck('VPCE-001'))).toEqual(ids([other]));
  });

  it('lists runs newest first', async () => {
    const table = await freshTable();
    const store = storeOn(table);
    for (const [runId, startedAt] of [['run-b', T1], ['run-c', T2], ['run-a', T0]] as const) {
      await store.saveRun(finished(makeRun({ runId, startedAt }), startedAt), [], []);
    }

    expect((await store.listRuns(10)).map((r) => r.runId)).toEqual(['run-c', 'run-b', 'run-a']);
    expect((await store.listRuns(2)).map((r) => r.runId)).toEqual(['run-c', 'run-b']);
  });

  it('sets expiresAt from the retention on history, resolved findings and runs, and stops reading expired findings', async () => {
    const table = await freshTable();
    const store = storeOn(table);
    const active = makeFinding({ arn: 'arn:active' });
    const gone = resolved(makeFinding({ arn: 'arn:gone' }), 'run-2', T1);
    const longGone = resolved(makeFinding({ arn: 'arn:long-gone' }), 'run-2', '2026-01-01T00:00:00.000Z');
    const run = makeRun({ runId: 'run-2', startedAt: T1 });
    await store.saveRun(run, [active, gone, longGone], [transitionOf(gone, 'STILL_FAILING')]);

    const expected = Date.parse(T1) / 1000 + RETENTION * 86_400;
    expect((await rawItem(table, findingKey(gone)))?.[TTL_ATTRIBUTE]).toBe(expected);
    expect((await rawItem(table, findingKey(active)))?.[TTL_ATTRIBUTE]).toBeUndefined();
    expect((await rawItem(table, runKey('run-2')))?.[TTL_ATTRIBUTE]).toBe(expected);
    const history = await rawItem(table, { PK: `HISTORY#${gone.id}`, SK: 'RUN#run-2#TO#RESOLVED' });
    expect(history?.[TTL_ATTRIBUTE]).toBe(expected);
    expect(expiryEpochSeconds(T1, RETENTION)).toBe(expected);
    // dynalite never deletes expired items (no TTL), and DynamoDB only does so eventually.
    expect((await store.loadFindings([ACCOUNT_A])).map((f) => f.id).sort()).toEqual([active.id, gone.id].sort());
  });

  it(`reads an organization's previous state (${SCAN_FROM_ACCOUNTS}+ accounts) with a parallel Scan that returns exactly what per-account Queries return`, async () => {
    const table = await freshTable();
    const store = storeOn(table);
    const accounts = Array.from({ length: SCAN_FROM_ACCOUNTS + 20 }, (_, i) => String(100_000_000_000 + i));
    const findings = accounts.flatMap((accountId, i) => [
      makeFinding({ accountId, arn: `arn:api-${i}` }),
      ...(i % 3 === 0 ? [resolved(makeFinding({ accountId, arn: `arn:fixed-${i}`, region: 'eu-west-1' }), 'run-1', T1)] : []),
      ...(i % 7 === 0 ? [resolved(makeFinding({ accountId, arn: `arn:long-gone-${i}` }), 'run-1', '2026-01-01T00:00:00.000Z')] : []),
    ]);
    await store.saveRun(makeRun({ runId: 'run-1', startedAt: T1 }), findings, findings.map((f) => transitionOf(f, 'NONE')));

    const asked = accounts.slice(5);
    const scanned = await store.loadFindings(asked);
    const queried = (await Promise.all(asked.map((a) => store.findingsInAccount(a)))).flat();
    const ids = (list: readonly { id: string }[]) => list.map((f) => f.id).sort();
    expect(ids(scanned)).toEqual(ids(queried));
    expect(scanned.every((f) => asked.includes(f.accountId))).toBe(true);
    expect(scanned.some((f) => f.resource.arn.startsWith('arn:long-gone'))).toBe(false);
    expect(scanned.filter((f) => f.state === 'RESOLVED').length).toBeGreaterThan(0);
  });

  it('retries UnprocessedItems with backoff until every history item lands', async () => {
    const table = await freshTable();
    const client = clientFor();
    let batchCalls = 0;
    interceptBatchWrites(client, async (input, forward) => {
      batchCalls++;
      if (batchCalls > 2) return forward(input);
      // Like a throttled table: accept part of the batch, hand the rest back.
      const requests = input.RequestItems[table]!;
      const result = await forward({ RequestItems: { [table]: requests.slice(0, 10) } });
      return { ...result, UnprocessedItems: { [table]: requests.slice(10) } };
    });
    const sleeps: number[] = [];
    // One batch at a time, so the interceptor's first two calls are both the first batch's.
    const store = storeOn(table, { client, sleep: async (ms) => void sleeps.push(ms), concurrency: 1 });
    const findings = Array.from({ length: 30 }, (_, i) => makeFinding({ arn: `arn:api${i}` }));

    const report = await store.saveRun(makeRun(), findings, findings.map((f) => transitionOf(f, 'NONE')));

    expect(report.transitions).toBe(30);
    expect((await countByEntity(table)).TRANSITION).toBe(30);
    // 25 → 10 land, 15 back → 10 land, 5 back → 5 land; then the last 5 of 30 in one batch.
    expect(batchCalls).toBe(4);
    expect(sleeps).toHaveLength(2);
    expect(sleeps.every((ms) => ms > 0)).toBe(true);
  });

  it('gives up with a StateStoreError naming the table when items stay unprocessed', async () => {
    const table = await freshTable();
    const client = clientFor();
    interceptBatchWrites(client, async (input) => ({ UnprocessedItems: input.RequestItems }));
    const sleeps: number[] = [];
    const store = storeOn(table, { client, sleep: async (ms) => void sleeps.push(ms) });
    const f = makeFinding();

    const saving = store.saveRun(makeRun(), [f], [transitionOf(f, 'NONE')]);

    await expect(saving).rejects.toThrow(StateStoreError);
    await expect(saving).rejects.toThrow(new RegExp(`${table} \\(us-east-1\\): 1 history item\\(s\\) were still unprocessed after 8`));
    expect(sleeps).toHaveLength(7);
    expect(sleeps[6]).toBeLessThanOrEqual(5_000);
  });

  it('turns a missing table into a StateStoreError that names it and says what to do', async () => {
    const store = storeOn('no-such-table');

    const loading = store.loadFindings([ACCOUNT_A]);

    await expect(loading).rejects.toThrow(StateStoreError);
    await expect(loading).rejects.toThrow(/DynamoDB table no-such-table \(us-east-1\): Query failed with ResourceNotFoundException.*check the table name and region/);
    await expect(store.beginRun(makeRun())).rejects.toThrow(/no-such-table.*PutItem failed/);
  });

  it('turns AccessDenied into a StateStoreError that names the missing permission', async () => {
    const table = await freshTable();
    const client = clientFor();
    client.middlewareStack.add(
      () => async () => {
        throw Object.assign(new Error('User: arn:aws:sts::111111111111:assumed-role/x is not authorized to perform: dynamodb:Query'), { name: 'AccessDeniedException' });
      },
      { step: 'initialize', name: 'denyEverything' },
    );

    const loading = storeOn(table, { client }).loadFindings([ACCOUNT_A]);

    await expect(loading).rejects.toThrow(StateStoreError);
    await expect(loading).rejects.toThrow(new RegExp(`DynamoDB table ${table} \\(us-east-1\\): Query failed with AccessDeniedException.*Grant the role running privapi dynamodb:Query`));
  });
});

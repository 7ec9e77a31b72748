import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { UNLIMITED_QUOTAS } from '../../src/aws/simulation/organization.js';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createAwsEnvironment } from '../../src/aws/environment.js';
import { generateWorld } from '../../src/aws/simulation/generator/index.js';
import { serveWorld, type SimulatedOrganization } from '../../src/aws/simulation/organization.js';
import type { FaultPlan } from '../../src/aws/simulation/server.js';
import type { SimWorld } from '../../src/aws/simulation/world.js';
import { hubConfig, HubConfigError, runAggregate, runScheduled, runWorker, type HubDependencies } from '../../src/hub/runs.js';
import type { Finding } from '../../src/model/finding.js';
import { FanOutInput, HUB_ENV, type BatchResult, type RunPlan, type RunSummary } from '../../src/model/hub.js';
import { readRunPlan } from '../../src/sinks/inventory-parts.js';
import { createTableIfMissing, DynamoDbStateStore } from '../../src/sinks/dynamodb-store.js';
import { startLocalDynamoDb, type LocalDynamo } from '../../src/sinks/local-dynamodb.js';
import { silentLogger } from '../helpers/collector-context.js';

const BUCKET = 'privapi-hub-parts';
const STATE_MACHINE = 'arn:aws:states:us-east-1:111111111111:stateMachine:privapi';
const PLENTY = () => 15 * 60_000;

let local: LocalDynamo;
let tables = 0;
beforeAll(async () => {
  local = await startLocalDynamoDb();
});
afterAll(async () => {
  await local.close();
});

const sfn = mockClient(SFNClient);
afterEach(() => sfn.reset());

async function freshStore(): Promise<DynamoDbStateStore> {
  const name = `privapi-hub-${tables++}`;
  await createTableIfMissing(local.client, name, { log: silentLogger });
  return new DynamoDbStateStore({ client: local.client, tableName: name, retentionDays: 90, log: silentLogger });
}

function serve(world: SimWorld, faults?: FaultPlan): SimulatedOrganization {
  return serveWorld(world, { quotas: UNLIMITED_QUOTAS, s3Buckets: [{ name: BUCKET, accountId: world.managementAccountId, region: 'us-east-1' }], ...(faults ? { faults } : {}) });
}

async function deps(org: SimulatedOrganization, store: DynamoDbStateStore, config: Record<string, string> = {}, remainingMs = PLENTY): Promise<HubDependencies> {
  const env = await createAwsEnvironment({ ...org.aws, maxAttempts: 2, retryMode: 'standard', quotas: UNLIMITED_QUOTAS });
  return {
    env,
    store,
    log: silentLogger,
    remainingMs,
    config: hubConfig({
      [HUB_ENV.roleName]: org.world.auditRoleName,
      [HUB_ENV.table]: 'unused-the-store-is-given',
      [HUB_ENV.bucket]: BUCKET,
      [HUB_ENV.stateMachineArn]: STATE_MACHINE,
      [HUB_ENV.securityHub]: 'true',
      ...config,
    }),
  };
}

/**
 * The state machine as deployed: a Distributed Map runs the worker per batch, retrying a failed
 * batch twice and tolerating one that keeps failing, then the aggregate step gets the whole state.
 */
async function driveStateMachine(input: FanOutInput, workerDeps: (index: number) => Promise<HubDependencies>, aggregateDeps: HubDependencies): Promise<RunSummary> {
  const batchResults: Array<BatchResult | { Error: string }> = [];
  for (const item of input.batches) {
    let outcome: BatchResult | { Error: string } = { Error: 'not run' };
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        outcome = await runWorker(item, await workerDeps(item.index));
        break;
      } catch (err) {
        outcome = { Error: (err as Error).message };
      }
    }
    batchResults.push(outcome);
  }
  return runAggregate({ ...input, batchResults }, aggregateDeps);
}

function startedInput(): FanOutInput {
  const call = sfn.commandCalls(StartExecutionCommand)[0];
  expect(call, 'the scheduled handler started the state machine').toBeDefined();
  expect(call!.args[0].input.stateMachineArn).toBe(STATE_MACHINE);
  return FanOutInput.parse(JSON.parse(call!.args[0].input.input!));
}

/** The run plan the scheduled handler left in S3: the accounts of each batch. */
async function planOf(org: SimulatedOrganization, store: DynamoDbStateStore, runId: string): Promise<RunPlan> {
  const { env } = await deps(org, store);
  return readRunPlan(env.factory.s3(env.homeRegion, env.baseCredentials), BUCKET, runId);
}

/** An in-process run records the organization's findings; the next run fans out (its Map not yet run). */
async function secondRunFannedOut() {
  const world = generateWorld({ seed: 11, accounts: 12, regions: ['us-east-1', 'eu-west-1'] });
  const store = await freshStore();
  const org = serve(world);
  await runScheduled(await deps(org, store, { [HUB_ENV.fanOutThreshold]: '1000' }));
  sfn.on(StartExecutionCommand).resolves({ executionArn: `${STATE_MACHINE}:execution` });
  await runScheduled(await deps(org, store, { [HUB_ENV.fanOutThreshold]: '3', [HUB_ENV.batchSize]: '4' }));
  const input = startedInput();
  return { org, store, input, plan: await planOf(org, store, input.runId) };
}

const view = (findings: readonly Finding[]) => findings.map((f) => `${f.id} ${f.state} ${f.lifecycle} ${f.severity} ${f.message}`).sort();

describe('the scheduled audit, in process and fanned out', () => {
  it('produces identical findings both ways for the same organization', async () => {
    const world = generateWorld({ seed: 11, accounts: 12, regions: ['us-east-1', 'eu-west-1'] });

    const inProcessStore = await freshStore();
    const small = await runScheduled(await deps(serve(world), inProcessStore, { [HUB_ENV.fanOutThreshold]: '1000' }));
    expect(small).toMatchObject({ mode: 'in-process', status: 'COMPLETE' });

    sfn.on(StartExecutionCommand).resolves({ executionArn: `${STATE_MACHINE}:execution` });
    const fanOutStore = await freshStore();
    const org = serve(world);
    const started = await runScheduled(await deps(org, fanOutStore, { [HUB_ENV.fanOutThreshold]: '3', [HUB_ENV.batchSize]: '4' }));
    expect(started).toMatchObject({ mode: 'fan-out', status: 'RUNNING', executionArn: `${STATE_MACHINE}:execution` });
    const input = startedInput();
    expect(input.batches.map((b) => b.index)).toEqual([0, 1, 2]);
    expect((await planOf(org, fanOutStore, input.runId)).batches.map((b) => b.accounts.length)).toEqual([4, 4, 3]);
    expect(JSON.stringify(input).length).toBeLessThan(1000);
    expect((await fanOutStore.listRuns(1))[0]).toMatchObject({ runId: input.runId, status: 'RUNNING' });

    const summary = await driveStateMachine(input, async () => deps(org, fanOutStore), await deps(org, fanOutStore));
    expect(summary).toMatchObject({ mode: 'fan-out', status: 'COMPLETE', runId: input.runId, accounts: small.accounts, findings: small.findings });
    expect(org.sim.s3Objects(BUCKET).map((o) => o.key)).toEqual([...input.batches.map((b) => `runs/${input.runId}/batches/0000${b.index}.json.gz`), `runs/${input.runId}/plan.json.gz`]);

    const accounts = world.accounts.map((a) => a.id);
    expect(view(await fanOutStore.loadFindings(accounts))).toEqual(view(await inProcessStore.loadFindings(accounts)));
    expect((await fanOutStore.listRuns(1))[0]).toMatchObject({ runId: input.runId, status: 'COMPLETE' });
  });

  it('a batch that fails every retry is recorded in the run, and its accounts resolve nothing', async () => {
    const { org, store, input, plan } = await secondRunFannedOut();
    const broken = plan.batches[1]!;
    // That batch's worker cannot write its part (NoSuchBucket), on every attempt.
    const summary = await driveStateMachine(
      input,
      async (index) => {
        const d = await deps(org, store);
        return index === broken.index ? { ...d, config: { ...d.config, [HUB_ENV.bucket]: 'no-such-bucket' } } : d;
      },
      await deps(org, store),
    );
    expect(summary).toMatchObject({ status: 'INCOMPLETE', failedBatches: [broken.index], findings: { new: 0, resolved: 0 } });
    expect(summary.accounts.failed).toBe(broken.accounts.length);
    const run = (await store.listRuns(1))[0]!;
    expect(run.problems.join('\n')).toContain(`batch(es) ${broken.index} failed every retry: ${broken.accounts.length} account(s) not collected`);
    const theirs = (await store.loadFindings(broken.accounts.map((a) => a.id))).filter((f) => f.state === 'ACTIVE');
    expect(theirs.length).toBeGreaterThan(0);
    expect(theirs.every((f) => f.lifecycle === 'UNKNOWN')).toBe(true);
  });

  it('near its time limit a worker stops starting accounts: they are reported, and their findings become UNKNOWN', async () => {
    const { org, store, input, plan } = await secondRunFannedOut();
    const late = plan.batches[0]!;
    const summary = await driveStateMachine(
      input,
      // Batch 0's Lambda has 2 minutes left: less than the worker's reserve, so it starts nothing.
      async (index) => deps(org, store, {}, index === late.index ? () => 2 * 60_000 : PLENTY),
      await deps(org, store),
    );
    expect(summary).toMatchObject({ status: 'INCOMPLETE', findings: { resolved: 0, new: 0 } });
    const theirs = (await store.loadFindings(late.accounts.map((a) => a.id))).filter((f) => f.state === 'ACTIVE');
    expect(theirs.length).toBeGreaterThan(0);
    expect(theirs.every((f) => f.lifecycle === 'UNKNOWN')).toBe(true);
  });

  it('in process, a run out of time starts no account and resolves nothing', async () => {
    const world = generateWorld({ seed: 11, accounts: 12, regions: ['us-east-1', 'eu-west-1'] });
    const store = await freshStore();
    const org = serve(world);
    const first = await runScheduled(await deps(org, store, { [HUB_ENV.fanOutThreshold]: '1000' }));
    const second = await runScheduled(await deps(org, store, { [HUB_ENV.fanOutThreshold]: '1000' }, () => 4 * 60_000));
    expect(second).toMatchObject({ mode: 'in-process', status: 'INCOMPLETE', findings: { new: 0, resolved: 0, stillFailing: 0, unknown: first.findings.new } });
    expect(second.accounts.complete).toBe(0);
  });
});

describe('hub configuration', () => {
  it.each([
    [{}, `${HUB_ENV.roleName}`],
    [{ [HUB_ENV.roleName]: 'R', [HUB_ENV.table]: 'privapi', [HUB_ENV.batchSize]: '0' }, `${HUB_ENV.batchSize}: Too small`],
    [{ [HUB_ENV.roleName]: 'R', [HUB_ENV.table]: 'privapi', [HUB_ENV.securityHub]: 'yes' }, `${HUB_ENV.securityHub}`],
  ])('names the variable that is wrong (%o)', (env, fragment) => {
    expect(() => hubConfig(env)).toThrow(HubConfigError);
    expect(() => hubConfig(env)).toThrow(fragment);
  });

  it('reads lists and numbers', () => {
    const c = hubConfig({ [HUB_ENV.roleName]: 'R', [HUB_ENV.table]: 'privapi', [HUB_ENV.regions]: 'us-east-1, eu-west-1', [HUB_ENV.ous]: 'ou-ab12-cdef3456', [HUB_ENV.fanOutThreshold]: '50' });
    expect(c[HUB_ENV.regions]).toEqual(['us-east-1', 'eu-west-1']);
    expect(c[HUB_ENV.ous]).toEqual(['ou-ab12-cdef3456']);
    expect(c[HUB_ENV.fanOutThreshold]).toBe(50);
    expect(c[HUB_ENV.securityHub]).toBe(true);
  });
});

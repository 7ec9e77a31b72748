import { Readable } from 'node:stream';
import {
  BatchImportFindingsCommand,
  InternalException,
  InvalidAccessException,
  SecurityHubClient,
  type AwsSecurityFinding,
  type BatchImportFindingsCommandInput,
} from '@aws-sdk/client-securityhub';
import { HttpResponse, type HttpRequest } from '@smithy/protocol-http';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Finding } from '../../src/model/finding.js';
import { asffSize, type AsffContext } from '../../src/sinks/asff.js';
import { MAX_BATCH_BYTES, exportToSecurityHub, type SecurityHubDeps } from '../../src/sinks/security-hub.js';
import { makeFinding } from '../helpers/findings.js';

const A = '111111111111';
const B = '222222222222';
const C = '333333333333';
const CTX: AsffContext = { partition: 'aws', runId: 'run-7', version: '0.1.0', now: '2026-03-08T00:05:00.000Z', homeRegion: 'eu-west-1' };

function findingsOf(accountId: string, count: number, extra: Partial<Finding> = {}, region = 'us-east-1'): Finding[] {
  return Array.from({ length: count }, (_, i) =>
    makeFinding({ accountId, region, resource: { arn: `arn:aws:apigateway:${region}::/restapis/api${i}`, type: 'AwsApiGatewayRestApi' }, ...extra }),
  );
}

function capturingLogger() {
  const lines: Array<{ level: number; msg: string; [k: string]: unknown }> = [];
  const log = pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { log, lines };
}

/** A client per (account, region), remembered so a mocked call can tell which account sent it. */
function clients() {
  const accountOf = new WeakMap<object, { accountId: string; region: string }>();
  const calls: Array<{ accountId: string; region: string }> = [];
  const clientFor = vi.fn((accountId: string, region: string) => {
    const client = new SecurityHubClient({ region, credentials: { accessKeyId: `AKIA${accountId}`, secretAccessKey: 's' } });
    accountOf.set(client, { accountId, region });
    calls.push({ accountId, region });
    return client;
  });
  return { clientFor, accountOf, calls };
}

function deps(clientFor: SecurityHubDeps['clientFor'], log = pino({ level: 'silent' })): SecurityHubDeps & { sleep: ReturnType<typeof vi.fn> } {
  return { clientFor, log, sleep: vi.fn(async () => {}) };
}

const ok = (input: BatchImportFindingsCommandInput) => ({ FailedCount: 0, SuccessCount: input.Findings?.length ?? 0, FailedFindings: [] });
const sentIds = (input: BatchImportFindingsCommandInput) => (input.Findings ?? []).map((f) => f.Id);

describe('exportToSecurityHub (mocked client)', () => {
  let sh: AwsClientStub<SecurityHubClient>;
  beforeEach(() => {
    sh = mockClient(SecurityHubClient);
  });
  afterEach(() => {
    sh.restore();
  });

  it('sends 250 findings of one account in 3 calls of 100, 100 and 50', async () => {
    // GIVEN 250 findings of one account and region
    sh.on(BatchImportFindingsCommand).callsFake(ok);
    const { clientFor } = clients();
    const findings = findingsOf(A, 250);
    // WHEN exported
    const report = await exportToSecurityHub(findings, deps(clientFor), CTX);
    // THEN one client, three requests in input order, everything accepted
    expect(clientFor).toHaveBeenCalledTimes(1);
    expect(sh).toHaveReceivedCommandTimes(BatchImportFindingsCommand, 3);
    const sizes = sh.commandCalls(BatchImportFindingsCommand).map((c) => c.args[0].input.Findings?.length);
    expect(sizes).toEqual([100, 100, 50]);
    expect(sh.commandCalls(BatchImportFindingsCommand).flatMap((c) => sentIds(c.args[0].input))).toEqual(findings.map((f) => f.id));
    expect(report).toEqual({ sent: 250, archived: 0, accepted: findings.map((f) => f.id), failed: [] });
  });

  it("sends each account's findings with that account's client and product ARN", async () => {
    // GIVEN findings of three accounts, interleaved
    const { clientFor, accountOf, calls } = clients();
    const seen: Array<{ caller: string; findings: AwsSecurityFinding[] }> = [];
    sh.on(BatchImportFindingsCommand).callsFake((input: BatchImportFindingsCommandInput, getClient) => {
      seen.push({ caller: accountOf.get(getClient())!.accountId, findings: input.Findings ?? [] });
      return ok(input);
    });
    const [a, b, c] = [findingsOf(A, 3), findingsOf(B, 2), findingsOf(C, 1)];
    const findings = [a[0]!, b[0]!, c[0]!, a[1]!, b[1]!, a[2]!];
    // WHEN exported
    const report = await exportToSecurityHub(findings, deps(clientFor), CTX);
    // THEN one client per account, each request made by the account its findings belong to
    expect(calls).toEqual(expect.arrayContaining([{ accountId: A, region: 'us-east-1' }, { accountId: B, region: 'us-east-1' }, { accountId: C, region: 'us-east-1' }]));
    expect(calls).toHaveLength(3);
    expect(seen).toHaveLength(3);
    for (const { caller, findings: sent } of seen) {
      for (const f of sent) {
        expect(f.AwsAccountId).toBe(caller);
        expect(f.ProductArn).toBe(`arn:aws:securityhub:us-east-1:${caller}:product/${caller}/default`);
      }
    }
    expect(Object.fromEntries(seen.map((s) => [s.caller, s.findings.length]))).toEqual({ [A]: 3, [B]: 2, [C]: 1 });
    expect(report.accepted).toEqual(findings.map((f) => f.id));
  });

  it('imports a global finding in the home region and regional ones in their own', async () => {
    sh.on(BatchImportFindingsCommand).callsFake(ok);
    const { clientFor, calls } = clients();
    const global = makeFinding({ region: 'global', checkId: 'R53-006', resource: { arn: 'arn:aws:route53:::hostedzone/Z1', type: 'AwsRoute53HostedZone' }, related: [] });
    const regional = makeFinding({ region: 'ap-southeast-2', resource: { arn: 'arn:aws:apigateway:ap-southeast-2::/restapis/x', type: 'AwsApiGatewayRestApi' } });
    await exportToSecurityHub([global, regional], deps(clientFor), CTX);
    expect(calls).toEqual(expect.arrayContaining([{ accountId: A, region: 'eu-west-1' }, { accountId: A, region: 'ap-southeast-2' }]));
    const arns = sh.commandCalls(BatchImportFindingsCommand).flatMap((c) => (c.args[0].input.Findings ?? []).map((f) => f.ProductArn));
    expect(arns).toEqual(expect.arrayContaining([`arn:aws:securityhub:eu-west-1:${A}:product/${A}/default`, `arn:aws:securityhub:ap-southeast-2:${A}:product/${A}/default`]));
  });

  it('splits a batch that would exceed 6 MB', async () => {
    // GIVEN 100 findings of about 80 KB each (8 MB together)
    sh.on(BatchImportFindingsCommand).callsFake(ok);
    const { clientFor } = clients();
    const related = Array.from({ length: 31 }, (_, i) => ({ arn: `arn:aws:ec2:us-east-1:${A}:security-group/sg-${i}-${'0'.repeat(2_500)}`, type: 'AwsEc2SecurityGroup' }));
    const findings = findingsOf(A, 100, { related });
    // WHEN exported
    const report = await exportToSecurityHub(findings, deps(clientFor), CTX);
    // THEN two requests, each body within 6 MB, nothing lost
    const inputs = sh.commandCalls(BatchImportFindingsCommand).map((c) => c.args[0].input);
    expect(inputs).toHaveLength(2);
    for (const input of inputs) {
      expect(Buffer.byteLength(JSON.stringify(input))).toBeLessThanOrEqual(MAX_BATCH_BYTES);
      expect(input.Findings!.every((f) => asffSize(f) > 70_000)).toBe(true);
    }
    expect(inputs.reduce((n, i) => n + (i.Findings?.length ?? 0), 0)).toBe(100);
    expect(report.sent).toBe(100);
  });

  it('retries only the findings named in FailedFindings, then accepts them', async () => {
    // GIVEN Security Hub fails two of five findings once
    const findings = findingsOf(A, 5);
    const [x, y] = [findings[1]!.id, findings[3]!.id];
    sh.on(BatchImportFindingsCommand)
      .callsFakeOnce((input: BatchImportFindingsCommandInput) => ({
        FailedCount: 2,
        SuccessCount: (input.Findings?.length ?? 0) - 2,
        FailedFindings: [{ Id: x, ErrorCode: 'InternalFailure', ErrorMessage: 'try again' }, { Id: y, ErrorCode: 'InternalFailure', ErrorMessage: 'try again' }],
      }))
      .callsFake(ok);
    const { clientFor } = clients();
    const d = deps(clientFor);
    // WHEN exported
    const report = await exportToSecurityHub(findings, d, CTX);
    // THEN the second request carries only the two, after one backoff
    const inputs = sh.commandCalls(BatchImportFindingsCommand).map((c) => sentIds(c.args[0].input));
    expect(inputs).toEqual([findings.map((f) => f.id), [x, y]]);
    expect(d.sleep).toHaveBeenCalledTimes(1);
    expect(report).toMatchObject({ sent: 5, failed: [] });
    expect(report.accepted).toEqual(findings.map((f) => f.id));
  });

  it('reports findings that keep failing after maxRetries, with their error', async () => {
    const findings = findingsOf(A, 3);
    const stuck = findings[0]!.id;
    sh.on(BatchImportFindingsCommand).callsFake((input: BatchImportFindingsCommandInput) => {
      const failing = sentIds(input).includes(stuck);
      return { FailedCount: failing ? 1 : 0, SuccessCount: (input.Findings?.length ?? 0) - (failing ? 1 : 0), FailedFindings: failing ? [{ Id: stuck, ErrorCode: 'InvalidInput', ErrorMessage: 'Finding is malformed' }] : [] };
    });
    const { clientFor } = clients();
    const d = deps(clientFor);
    const report = await exportToSecurityHub(findings, d, { ...CTX, maxRetries: 2 });
    // 1 request + 2 retries, with growing backoff
    expect(sh).toHaveReceivedCommandTimes(BatchImportFindingsCommand, 3);
    expect(d.sleep.mock.calls.map(([ms]) => ms)).toEqual([500, 1000]);
    expect(report.accepted).toEqual([findings[1]!.id, findings[2]!.id]);
    expect(report.failed).toEqual([{ findingId: stuck, accountId: A, region: 'us-east-1', code: 'InvalidInput', message: 'Finding is malformed' }]);
  });

  it('retries everything when Security Hub counts failures it does not name', async () => {
    const findings = findingsOf(A, 2);
    sh.on(BatchImportFindingsCommand).callsFakeOnce(() => ({ FailedCount: 1, SuccessCount: 1 })).callsFake(ok);
    const { clientFor } = clients();
    const report = await exportToSecurityHub(findings, deps(clientFor), CTX);
    expect(sh.commandCalls(BatchImportFindingsCommand).map((c) => c.args[0].input.Findings?.length)).toEqual([2, 2]);
    expect(report.sent).toBe(2);
  });

  it('keeps exporting other accounts when one has Security Hub disabled, and says what to do', async () => {
    // GIVEN account C, with 150 findings, has Security Hub not enabled
    const { clientFor, accountOf } = clients();
    sh.on(BatchImportFindingsCommand).callsFake((input: BatchImportFindingsCommandInput, getClient) => {
      if (accountOf.get(getClient())?.accountId === C) {
        throw new InvalidAccessException({ message: `Account ${C} is not subscribed to AWS Security Hub`, $metadata: { httpStatusCode: 401 } });
      }
      return ok(input);
    });
    const { log, lines } = capturingLogger();
    const findings = [...findingsOf(A, 2), ...findingsOf(C, 150), ...findingsOf(B, 2)];
    // WHEN exported
    const report = await exportToSecurityHub(findings, deps(clientFor, log), CTX);
    // THEN A and B are imported; C's first batch fails and its second is not even tried
    expect(report.sent).toBe(4);
    expect(new Set(report.accepted.map((id) => findings.find((f) => f.id === id)!.accountId))).toEqual(new Set([A, B]));
    expect(report.failed).toHaveLength(150);
    expect(report.failed.every((f) => f.accountId === C && f.region === 'us-east-1' && f.code === 'InvalidAccessException')).toBe(true);
    const cCalls = sh.commandCalls(BatchImportFindingsCommand).filter((c) => (c.args[0].input.Findings ?? [])[0]?.AwsAccountId === C);
    expect(cCalls).toHaveLength(1);
    const error = lines.find((l) => l.level === 50);
    expect(error).toMatchObject({ accountId: C, region: 'us-east-1', code: 'InvalidAccessException', findings: 150 });
    expect(error?.msg).toMatch(/Security Hub is not enabled in account 333333333333, region us-east-1.*Enable Security Hub there.*kept and sent again on the next run/);
  });

  it('fails only the batch whose request throws a transient error and sends the next one', async () => {
    sh.on(BatchImportFindingsCommand)
      .callsFakeOnce(() => {
        throw new InternalException({ message: 'Internal service error', $metadata: { httpStatusCode: 500 } });
      })
      .callsFake(ok);
    const { clientFor } = clients();
    const findings = findingsOf(A, 150);
    const report = await exportToSecurityHub(findings, deps(clientFor), CTX);
    expect(sh).toHaveReceivedCommandTimes(BatchImportFindingsCommand, 2);
    expect(report.failed).toHaveLength(100);
    expect(report.failed[0]).toMatchObject({ code: 'InternalException', message: 'Internal service error' });
    expect(report.accepted).toEqual(findings.slice(100).map((f) => f.id));
  });

  it('sends resolved findings archived and counts them', async () => {
    sh.on(BatchImportFindingsCommand).callsFake(ok);
    const { clientFor } = clients();
    const active = makeFinding();
    const gone = makeFinding({
      resource: { arn: 'arn:aws:apigateway:us-east-1::/restapis/deleted', type: 'AwsApiGatewayRestApi' },
      state: 'RESOLVED',
      lifecycle: 'RESOLVED',
      resolution: 'RESOURCE_GONE',
      resolvedAt: '2026-03-08T00:00:00.000Z',
    });
    const report = await exportToSecurityHub([active, gone], deps(clientFor), CTX);
    const sent = sh.commandCalls(BatchImportFindingsCommand)[0]!.args[0].input.Findings!;
    expect(sent.find((f) => f.Id === gone.id)).toMatchObject({
      Compliance: { Status: 'PASSED' },
      RecordState: 'ARCHIVED',
      Workflow: { Status: 'RESOLVED' },
      ProductFields: { 'privapi/Resolution': 'RESOURCE_GONE', 'privapi/Lifecycle': 'RESOLVED' },
    });
    expect(sent.find((f) => f.Id === active.id)).toMatchObject({ Compliance: { Status: 'FAILED' }, RecordState: 'ACTIVE' });
    expect(report).toMatchObject({ sent: 2, archived: 1 });
  });

  it('does not send a finding that is not valid ASFF and reports why', async () => {
    sh.on(BatchImportFindingsCommand).callsFake(ok);
    const { clientFor } = clients();
    const broken = makeFinding({ firstObservedAt: 'last tuesday' });
    const fine = makeFinding({ resource: { arn: 'arn:aws:apigateway:us-east-1::/restapis/fine', type: 'AwsApiGatewayRestApi' } });
    const report = await exportToSecurityHub([broken, fine], deps(clientFor), CTX);
    expect(sh.commandCalls(BatchImportFindingsCommand).flatMap((c) => sentIds(c.args[0].input))).toEqual([fine.id]);
    expect(report.failed).toEqual([expect.objectContaining({ findingId: broken.id, accountId: A, region: 'us-east-1', code: 'InvalidAsff' })]);
    expect(report.failed[0]!.message).toMatch(/CreatedAt "last tuesday" is not an ISO 8601 timestamp/);
  });

  it('sends batches of one account and region one at a time, different accounts concurrently', async () => {
    const { clientFor, accountOf } = clients();
    const inFlight = new Map<string, number>();
    let maxPerAccount = 0;
    let maxOverall = 0;
    sh.on(BatchImportFindingsCommand).callsFake(async (input: BatchImportFindingsCommandInput, getClient) => {
      const account = accountOf.get(getClient())!.accountId;
      inFlight.set(account, (inFlight.get(account) ?? 0) + 1);
      maxPerAccount = Math.max(maxPerAccount, inFlight.get(account)!);
      maxOverall = Math.max(maxOverall, [...inFlight.values()].reduce((a, b) => a + b, 0));
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight.set(account, inFlight.get(account)! - 1);
      return ok(input);
    });
    const report = await exportToSecurityHub([...findingsOf(A, 250), ...findingsOf(B, 250), ...findingsOf(C, 250)], deps(clientFor), CTX);
    expect(report.sent).toBe(750);
    expect(maxPerAccount).toBe(1);
    expect(maxOverall).toBeGreaterThan(1);
  });
});

describe('exportToSecurityHub (real client, scripted HTTP)', () => {
  it("lets the SDK's retry strategy retry a throttled request", async () => {
    // GIVEN an endpoint that answers 429 TooManyRequestsException once, then success
    const findings = findingsOf(A, 3);
    const handle = vi.fn(async (_req: HttpRequest) => {
      const throttled = handle.mock.calls.length === 1;
      const body = throttled ? { message: 'Rate exceeded' } : { FailedCount: 0, SuccessCount: findings.length, FailedFindings: [] };
      return {
        response: new HttpResponse({
          statusCode: throttled ? 429 : 200,
          headers: { 'content-type': 'application/json', ...(throttled ? { 'x-amzn-errortype': 'TooManyRequestsException' } : {}) },
          body: Readable.from([Buffer.from(JSON.stringify(body))]),
        }),
      };
    });
    const client = new SecurityHubClient({
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIA', secretAccessKey: 's' },
      maxAttempts: 3,
      retryMode: 'adaptive',
      requestHandler: { handle },
    });
    // WHEN exported through it
    const report = await exportToSecurityHub(findings, { clientFor: () => client, log: pino({ level: 'silent' }), sleep: async () => {} }, CTX);
    // THEN two HTTP attempts, and every finding accepted
    expect(handle).toHaveBeenCalledTimes(2);
    expect(report).toMatchObject({ sent: 3, failed: [] });
  });
});

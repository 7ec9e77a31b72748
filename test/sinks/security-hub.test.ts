import { Readable } from 'node:stream';
import {
  AccessDeniedException,
  BatchImportFindingsCommand,
  BatchUpdateFindingsCommand,
  InternalException,
  InvalidAccessException,
  SecurityHubClient,
  type AwsSecurityFinding,
  type BatchImportFindingsCommandInput,
  type BatchUpdateFindingsCommandInput,
} from '@aws-sdk/client-securityhub';
import { HttpResponse, type HttpRequest } from '@smithy/protocol-http';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Finding, Mute } from '../../src/model/finding.js';
import { asffSize, type AsffContext } from '../../src/sinks/asff.js';
import {
  MAX_BATCH_BYTES,
  MAX_NOTE_TEXT,
  MAX_UPDATE_FINDINGS,
  exportToSecurityHub,
  syncWorkflow,
  type SecurityHubDeps,
  type WorkflowChange,
} from '../../src/sinks/security-hub.js';
import { makeFinding } from '../helpers/findings.js';
import { AssumeRoleError } from '../../src/aws/credentials.js';

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

  it('an account whose role cannot be assumed fails with that reason, once, and blames no Security Hub permission', async () => {
    const { clientFor, accountOf } = clients();
    sh.on(BatchImportFindingsCommand).callsFake((input: BatchImportFindingsCommandInput, getClient) => {
      if (accountOf.get(getClient())?.accountId === C) throw new AssumeRoleError(C, `arn:aws:iam::${C}:role/PrivapiAuditRole`, 'AccessDenied', `cannot assume arn:aws:iam::${C}:role/PrivapiAuditRole: AccessDenied`);
      return ok(input);
    });
    const report = await exportToSecurityHub([...findingsOf(A, 1), ...findingsOf(C, 150)], deps(clientFor), CTX);
    expect(report.sent).toBe(1);
    expect(report.failed).toHaveLength(150);
    expect(report.failed[0]!.message).toBe(`cannot assume arn:aws:iam::${C}:role/PrivapiAuditRole: AccessDenied`);
    expect(report.failed.every((f) => !f.message.includes('may not call securityhub'))).toBe(true);
    expect(sh.commandCalls(BatchImportFindingsCommand).filter((c) => (c.args[0].input.Findings ?? [])[0]?.AwsAccountId === C)).toHaveLength(1);
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

const MUTE: Mute = { entry: 'privapi.config.yaml:14 mutelist[2]', owner: 'platform-team@example.com', reason: 'Internal-only API, accepted until the VPCE policy rollout', expires: '2026-06-30' };
const suppress = (findings: Finding[], mute: Mute = MUTE): WorkflowChange[] => findings.map((f) => ({ finding: { ...f, muted: mute }, status: 'SUPPRESSED' }));
const unmute = (findings: Finding[], was: Mute = MUTE): WorkflowChange[] => findings.map((f) => ({ finding: f, status: 'NEW', was }));
const processed = (input: BatchUpdateFindingsCommandInput) => ({ ProcessedFindings: input.FindingIdentifiers ?? [], UnprocessedFindings: [] });
const updatedIds = (input: BatchUpdateFindingsCommandInput) => (input.FindingIdentifiers ?? []).map((f) => f.Id);

describe('syncWorkflow (mocked client)', () => {
  let sh: AwsClientStub<SecurityHubClient>;
  beforeEach(() => {
    sh = mockClient(SecurityHubClient);
  });
  afterEach(() => {
    sh.restore();
  });

  it('suppresses muted findings with a note naming the entry, owner, reason and expiry', async () => {
    // GIVEN three findings a mutelist entry added after their first import now covers
    sh.on(BatchUpdateFindingsCommand).callsFake(processed);
    const { clientFor } = clients();
    const findings = findingsOf(A, 3);
    // WHEN synced
    const report = await syncWorkflow(suppress(findings), deps(clientFor), CTX);
    // THEN one BatchUpdateFindings sets SUPPRESSED with privapi's note, and no import is made
    expect(sh).toHaveReceivedCommandTimes(BatchUpdateFindingsCommand, 1);
    expect(sh).toHaveReceivedCommandTimes(BatchImportFindingsCommand, 0);
    const input = sh.commandCalls(BatchUpdateFindingsCommand)[0]!.args[0].input;
    expect(input.FindingIdentifiers).toEqual(findings.map((f) => ({ Id: f.id, ProductArn: `arn:aws:securityhub:us-east-1:${A}:product/${A}/default` })));
    expect(input.Workflow).toEqual({ Status: 'SUPPRESSED' });
    expect(input.Note?.UpdatedBy).toBe('privapi');
    expect(input.Note?.Text).toBe(
      'Muted by privapi mutelist entry privapi.config.yaml:14 mutelist[2] until the end of 2026-06-30 (UTC). Owner: platform-team@example.com. Reason: Internal-only API, accepted until the VPCE policy rollout',
    );
    expect(report).toEqual({ updated: 3, failed: [] });
  });

  it('puts findings back to NEW when their mute expired or was removed, one request per status and note', async () => {
    sh.on(BatchUpdateFindingsCommand).callsFake(processed);
    const { clientFor } = clients();
    const [expired, removed, muted] = [findingsOf(A, 2), findingsOf(A, 4).slice(2), findingsOf(A, 5).slice(4)];
    const expiredMute = { ...MUTE, entry: 'privapi.config.yaml:20 mutelist[3]', expires: '2026-03-01' };
    const changes = [...unmute(expired, expiredMute), ...suppress(muted), ...unmute(removed)];
    const report = await syncWorkflow(changes, deps(clientFor), CTX);
    const inputs = sh.commandCalls(BatchUpdateFindingsCommand).map((c) => c.args[0].input);
    expect(inputs.map((i) => [i.Workflow?.Status, i.Note?.Text, updatedIds(i)])).toEqual([
      ['NEW', 'privapi mutelist entry privapi.config.yaml:20 mutelist[3] no longer applies (it expired at the end of 2026-03-01 UTC)', expired.map((f) => f.id)],
      ['SUPPRESSED', expect.stringContaining('Owner: platform-team@example.com'), muted.map((f) => f.id)],
      ['NEW', 'privapi mutelist entry privapi.config.yaml:14 mutelist[2] no longer applies', removed.map((f) => f.id)],
    ]);
    expect(inputs.every((i) => i.Note?.UpdatedBy === 'privapi')).toBe(true);
    expect(report).toEqual({ updated: 5, failed: [] });
  });

  it("updates each account's findings with that account's client and product ARN, global ones in the home region", async () => {
    const { clientFor, accountOf, calls } = clients();
    const seen: Array<{ caller: { accountId: string; region: string }; arns: string[] }> = [];
    sh.on(BatchUpdateFindingsCommand).callsFake((input: BatchUpdateFindingsCommandInput, getClient) => {
      seen.push({ caller: accountOf.get(getClient())!, arns: (input.FindingIdentifiers ?? []).map((f) => f.ProductArn!) });
      return processed(input);
    });
    const global = makeFinding({ accountId: B, region: 'global', checkId: 'R53-006', resource: { arn: 'arn:aws:route53:::hostedzone/Z1', type: 'AwsRoute53HostedZone' }, related: [] });
    const [a, b, c] = [findingsOf(A, 2), findingsOf(B, 1), findingsOf(C, 1)];
    const report = await syncWorkflow(suppress([a[0]!, b[0]!, c[0]!, a[1]!, global]), deps(clientFor), CTX);
    expect(calls).toHaveLength(4);
    expect(calls).toEqual(expect.arrayContaining([
      { accountId: A, region: 'us-east-1' }, { accountId: B, region: 'us-east-1' }, { accountId: C, region: 'us-east-1' }, { accountId: B, region: 'eu-west-1' },
    ]));
    expect(seen).toHaveLength(4);
    for (const { caller, arns } of seen) {
      expect(arns.every((arn) => arn === `arn:aws:securityhub:${caller.region}:${caller.accountId}:product/${caller.accountId}/default`)).toBe(true);
    }
    expect(seen.find((s) => s.caller.accountId === A)!.arns).toHaveLength(2);
    expect(report.updated).toBe(5);
  });

  it(`sends at most ${MAX_UPDATE_FINDINGS} findings per request`, async () => {
    sh.on(BatchUpdateFindingsCommand).callsFake(processed);
    const { clientFor } = clients();
    const findings = findingsOf(A, 250);
    const report = await syncWorkflow(suppress(findings), deps(clientFor), CTX);
    expect(clientFor).toHaveBeenCalledTimes(1);
    const inputs = sh.commandCalls(BatchUpdateFindingsCommand).map((c) => c.args[0].input);
    expect(inputs.map((i) => i.FindingIdentifiers?.length)).toEqual([100, 100, 50]);
    expect(inputs.flatMap(updatedIds)).toEqual(findings.map((f) => f.id));
    expect(report).toEqual({ updated: 250, failed: [] });
  });

  it('retries only the UnprocessedFindings, with the same status and note, then counts them updated', async () => {
    const findings = findingsOf(A, 5);
    const [x, y] = [findings[1]!, findings[3]!];
    const arn = `arn:aws:securityhub:us-east-1:${A}:product/${A}/default`;
    sh.on(BatchUpdateFindingsCommand)
      .callsFakeOnce((input: BatchUpdateFindingsCommandInput) => ({
        ProcessedFindings: (input.FindingIdentifiers ?? []).filter((f) => f.Id !== x.id && f.Id !== y.id),
        UnprocessedFindings: [x, y].map((f) => ({ FindingIdentifier: { Id: f.id, ProductArn: arn }, ErrorCode: 'ConcurrentUpdateError', ErrorMessage: 'Concurrent finding updates detected' })),
      }))
      .callsFake(processed);
    const { clientFor } = clients();
    const d = deps(clientFor);
    const report = await syncWorkflow(suppress(findings), d, CTX);
    const inputs = sh.commandCalls(BatchUpdateFindingsCommand).map((c) => c.args[0].input);
    expect(inputs.map(updatedIds)).toEqual([findings.map((f) => f.id), [x.id, y.id]]);
    expect(inputs[1]).toMatchObject({ Workflow: inputs[0]!.Workflow, Note: inputs[0]!.Note });
    expect(d.sleep).toHaveBeenCalledTimes(1);
    expect(report).toEqual({ updated: 5, failed: [] });
  });

  it('reports a finding that stays unprocessed after maxRetries, with its error', async () => {
    const findings = findingsOf(A, 3);
    const stuck = findings[0]!;
    sh.on(BatchUpdateFindingsCommand).callsFake((input: BatchUpdateFindingsCommandInput) => ({
      ProcessedFindings: (input.FindingIdentifiers ?? []).filter((f) => f.Id !== stuck.id),
      UnprocessedFindings: (input.FindingIdentifiers ?? []).filter((f) => f.Id === stuck.id).map((f) => ({ FindingIdentifier: f, ErrorCode: 'FindingNotFound', ErrorMessage: 'Finding Not Found' })),
    }));
    const { clientFor } = clients();
    const d = deps(clientFor);
    const report = await syncWorkflow(suppress(findings), d, { ...CTX, maxRetries: 2 });
    expect(sh).toHaveReceivedCommandTimes(BatchUpdateFindingsCommand, 3);
    expect(d.sleep.mock.calls.map(([ms]) => ms)).toEqual([500, 1000]);
    expect(report).toEqual({ updated: 2, failed: [{ findingId: stuck.id, accountId: A, region: 'us-east-1', code: 'FindingNotFound', message: 'Finding Not Found' }] });
  });

  it('retries a finding the response names neither processed nor unprocessed', async () => {
    const findings = findingsOf(A, 2);
    sh.on(BatchUpdateFindingsCommand).callsFakeOnce(() => ({ ProcessedFindings: [], UnprocessedFindings: [] })).callsFake(processed);
    const { clientFor } = clients();
    const report = await syncWorkflow(suppress(findings), deps(clientFor), CTX);
    expect(sh.commandCalls(BatchUpdateFindingsCommand).map((c) => c.args[0].input.FindingIdentifiers?.length)).toEqual([2, 2]);
    expect(report).toEqual({ updated: 2, failed: [] });
  });

  it('fails an account whose role may not call BatchUpdateFindings, naming the permission, and updates the others', async () => {
    // GIVEN account C's member role lacks securityhub:BatchUpdateFindings
    const { clientFor, accountOf } = clients();
    sh.on(BatchUpdateFindingsCommand).callsFake((input: BatchUpdateFindingsCommandInput, getClient) => {
      if (accountOf.get(getClient())?.accountId === C) {
        throw new AccessDeniedException({
          message: `User: arn:aws:sts::${C}:assumed-role/privapi-member/privapi is not authorized to perform: securityhub:BatchUpdateFindings`,
          $metadata: { httpStatusCode: 403 },
        });
      }
      return processed(input);
    });
    const { log, lines } = capturingLogger();
    const changes = suppress([...findingsOf(A, 2), ...findingsOf(C, 150), ...findingsOf(B, 1)]);
    // WHEN synced
    const report = await syncWorkflow(changes, deps(clientFor, log), CTX);
    // THEN A and B are updated; C's first request is denied and its second is not tried
    expect(report.updated).toBe(3);
    expect(report.failed).toHaveLength(150);
    expect(report.failed.every((f) => f.accountId === C && f.region === 'us-east-1' && f.code === 'AccessDeniedException')).toBe(true);
    expect(report.failed.every((f) => f.message.includes("privapi's role may not call securityhub:BatchUpdateFindings"))).toBe(true);
    expect(report.failed[0]!.message).toMatch(/allow it in the member role \(AccessDeniedException: User: .* is not authorized/);
    const cCalls = sh.commandCalls(BatchUpdateFindingsCommand).filter((c) => (c.args[0].input.FindingIdentifiers ?? [])[0]?.ProductArn?.includes(`:${C}:`));
    expect(cCalls).toHaveLength(1);
    const error = lines.find((l) => l.level === 50);
    expect(error).toMatchObject({ accountId: C, region: 'us-east-1', code: 'AccessDeniedException', findings: 150 });
    expect(error?.msg).toMatch(/privapi's role in account 333333333333, region us-east-1 may not call securityhub:BatchUpdateFindings.*Update the member role; the workflow status of its 150 finding\(s\) is left as it is/);
  });

  it(`cuts a note longer than ${MAX_NOTE_TEXT} characters`, async () => {
    sh.on(BatchUpdateFindingsCommand).callsFake(processed);
    const { clientFor } = clients();
    await syncWorkflow(suppress(findingsOf(A, 1), { ...MUTE, reason: 'r'.repeat(2_000) }), deps(clientFor), CTX);
    const text = sh.commandCalls(BatchUpdateFindingsCommand)[0]!.args[0].input.Note!.Text!;
    expect([...text]).toHaveLength(MAX_NOTE_TEXT);
    expect(text).toMatch(/^Muted by privapi mutelist entry .* until the end of 2026-06-30 \(UTC\)\. Owner: platform-team@example\.com\. Reason: r+…$/);
  });

  it('refuses SUPPRESSED for a finding without a mute and sends the last change of a finding given twice', async () => {
    sh.on(BatchUpdateFindingsCommand).callsFake(processed);
    const { clientFor } = clients();
    const [unmuted, twice] = findingsOf(A, 2);
    const changes: WorkflowChange[] = [{ finding: unmuted!, status: 'SUPPRESSED' }, ...suppress([twice!]), ...unmute([twice!])];
    const report = await syncWorkflow(changes, deps(clientFor), CTX);
    const inputs = sh.commandCalls(BatchUpdateFindingsCommand).map((c) => c.args[0].input);
    expect(inputs.map((i) => [i.Workflow?.Status, updatedIds(i)])).toEqual([['NEW', [twice!.id]]]);
    expect(report).toEqual({ updated: 1, failed: [expect.objectContaining({ findingId: unmuted!.id, code: 'NotMuted' })] });
  });
});

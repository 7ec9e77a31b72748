import {
  BatchImportFindingsCommand,
  BatchUpdateFindingsCommand,
  GetFindingsCommand,
  InvalidAccessException,
  InvalidInputException,
  LimitExceededException,
  SecurityHubClient,
  paginateGetFindings,
  type AwsSecurityFinding,
} from '@aws-sdk/client-securityhub';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../helpers/fake-clock.js';
import type { SimulatedAws, SimulationOptions } from '../../../src/aws/simulation/server.js';
import { MGMT, MEMBER, OTHER, REGION, simAccount, simClientConfig, simulate, simWorld } from '../../helpers/sim-world.js';

const PRODUCT = `arn:aws:securityhub:${REGION}:${MEMBER}:product/${MEMBER}/default`;


function finding(id: string, parts: Partial<AwsSecurityFinding> = {}): AwsSecurityFinding {
  return {
    SchemaVersion: '2018-10-08',
    Id: id,
    ProductArn: PRODUCT,
    GeneratorId: 'privapi/PRIV-001',
    AwsAccountId: MEMBER,
    Types: ['Software and Configuration Checks/AWS Security Best Practices'],
    CreatedAt: '2026-03-01T10:00:00.000Z',
    UpdatedAt: '2026-03-01T10:00:00.000Z',
    Severity: { Label: 'HIGH' },
    Title: `finding ${id}`,
    Description: 'A private API is reachable from every VPC endpoint.',
    Resources: [{ Type: 'Other', Id: `arn:aws:apigateway:${REGION}::/restapis/${id}` }],
    ...parts,
  };
}

/** A Security Hub client in the member account, with credentials from AssumeRole through the simulated STS, as privapi gets them. */
async function memberClient(sim: SimulatedAws, region = REGION, maxAttempts = 1): Promise<SecurityHubClient> {
  const sts = new STSClient(simClientConfig(sim, MGMT));
  const { Credentials } = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${MEMBER}:role/PrivapiAuditRole`, RoleSessionName: 'privapi-sink' }));
  return new SecurityHubClient({
    region,
    maxAttempts,
    requestHandler: sim,
    credentials: { accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: Credentials!.SecretAccessKey!, sessionToken: Credentials!.SessionToken! },
  });
}

function setup(options: SimulationOptions = {}): SimulatedAws {
  return simulate(simWorld([simAccount(MEMBER), simAccount(OTHER)]), options);
}

describe('simulated Security Hub: BatchImportFindings', () => {
  it('stores a valid finding in the caller’s account and region, with what Security Hub adds', async () => {
    const sim = setup();
    const out = await (await memberClient(sim)).send(new BatchImportFindingsCommand({ Findings: [finding('f1')] }));
    expect(out).toMatchObject({ SuccessCount: 1, FailedCount: 0, FailedFindings: [] });
    const stored = sim.securityHubFindings(MEMBER, REGION);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ imports: 1, finding: { Id: 'f1', Title: 'finding f1', Region: REGION, RecordState: 'ACTIVE', Workflow: { Status: 'NEW' } } });
    expect(stored[0]?.finding.FindingProviderFields).toMatchObject({ Severity: { Label: 'HIGH' }, Types: finding('x').Types });
    expect(sim.securityHubFindings(MEMBER, 'eu-west-1')).toEqual([]);
    expect(sim.securityHubFindings(OTHER, REGION)).toEqual([]);
  });

  it('updates a re-imported finding in place when its UpdatedAt is later, and ignores a stale one', async () => {
    const sim = setup();
    const client = await memberClient(sim);
    await client.send(new BatchImportFindingsCommand({ Findings: [finding('f1')] }));
    const later = finding('f1', { Title: 'still open', UpdatedAt: '2026-03-02T10:00:00.000Z', CreatedAt: '2026-03-02T09:00:00.000Z', FirstObservedAt: '2026-03-02T09:00:00.000Z' });
    expect(await client.send(new BatchImportFindingsCommand({ Findings: [later] }))).toMatchObject({ SuccessCount: 1, FailedCount: 0 });
    let stored = sim.securityHubFindings(MEMBER, REGION);
    expect(stored).toHaveLength(1);
    // The provider's new values are stored, CreatedAt and FirstObservedAt included.
    expect(stored[0]).toMatchObject({ imports: 2, finding: { Title: 'still open', CreatedAt: '2026-03-02T09:00:00.000Z', FirstObservedAt: '2026-03-02T09:00:00.000Z' } });

    const stale = finding('f1', { Title: 'stale', UpdatedAt: '2026-03-02T10:00:00.000Z' });
    expect(await client.send(new BatchImportFindingsCommand({ Findings: [stale] }))).toMatchObject({ SuccessCount: 1, FailedCount: 0 });
    stored = sim.securityHubFindings(MEMBER, REGION);
    expect(stored[0]).toMatchObject({ imports: 2, finding: { Title: 'still open' } });
  });

  it('rejects in FailedFindings a finding for another account', async () => {
    const sim = setup();
    const out = await (await memberClient(sim)).send(new BatchImportFindingsCommand({ Findings: [finding('mine'), finding('theirs', { AwsAccountId: OTHER })] }));
    expect(out).toMatchObject({ SuccessCount: 1, FailedCount: 1 });
    expect(out.FailedFindings).toEqual([{ Id: 'theirs', ErrorCode: 'AccessDeniedException', ErrorMessage: expect.stringContaining(OTHER) }]);
    expect(sim.securityHubFindings(MEMBER, REGION).map((s) => s.finding.Id)).toEqual(['mine']);
  });

  it('rejects in FailedFindings a product ARN of another region', async () => {
    const sim = setup();
    const elsewhere = finding('f1', { ProductArn: `arn:aws:securityhub:eu-west-1:${MEMBER}:product/${MEMBER}/default` });
    const out = await (await memberClient(sim)).send(new BatchImportFindingsCommand({ Findings: [elsewhere] }));
    expect(out).toMatchObject({ SuccessCount: 0, FailedCount: 1, FailedFindings: [{ Id: 'f1', ErrorCode: 'AccessDeniedException', ErrorMessage: expect.stringContaining(PRODUCT) }] });
    expect(sim.securityHubFindings(MEMBER, REGION)).toEqual([]);
  });

  it('refuses more than 100 findings in one request with InvalidInputException (400)', async () => {
    const sim = setup();
    const call = (await memberClient(sim)).send(new BatchImportFindingsCommand({ Findings: Array.from({ length: 101 }, (_, i) => finding(`f${i}`)) }));
    await expect(call).rejects.toBeInstanceOf(InvalidInputException);
    await expect(call).rejects.toMatchObject({ $metadata: { httpStatusCode: 400 } });
    expect(sim.securityHubFindings(MEMBER, REGION)).toEqual([]);
  });

  it('fails a finding without a Title with InvalidInput, naming the attribute', async () => {
    const sim = setup();
    const out = await (await memberClient(sim)).send(new BatchImportFindingsCommand({ Findings: [finding('ok'), finding('untitled', { Title: undefined })] }));
    expect(out).toMatchObject({ SuccessCount: 1, FailedCount: 1, FailedFindings: [{ Id: 'untitled', ErrorCode: 'InvalidInput', ErrorMessage: expect.stringContaining('Title') }] });
  });

  it('accepts Severity and Types given only in FindingProviderFields, and mirrors them to the top level', async () => {
    const sim = setup();
    const viaProvider = finding('fp', { Severity: undefined, Types: undefined, FindingProviderFields: { Severity: { Label: 'LOW', Original: 'LOW' }, Types: ['Effects/Data Exposure'] } });
    const out = await (await memberClient(sim)).send(new BatchImportFindingsCommand({ Findings: [viaProvider] }));
    expect(out.SuccessCount).toBe(1);
    expect(sim.securityHubFindings(MEMBER, REGION)[0]?.finding).toMatchObject({ Severity: { Label: 'LOW' }, Types: ['Effects/Data Exposure'] });
  });

  it('fails every call with InvalidAccessException (401) where Security Hub is not enabled', async () => {
    const sim = setup({ faults: { securityHubDisabled: [{ accountId: MEMBER, region: REGION }] } });
    const call = (await memberClient(sim)).send(new BatchImportFindingsCommand({ Findings: [finding('f1')] }));
    await expect(call).rejects.toBeInstanceOf(InvalidAccessException);
    await expect(call).rejects.toMatchObject({ message: `Account ${MEMBER} is not subscribed to AWS Security Hub`, $metadata: { httpStatusCode: 401 } });
    await expect((await memberClient(sim)).send(new GetFindingsCommand({}))).rejects.toBeInstanceOf(InvalidAccessException);
    // Only the listed region is disabled.
    expect(await (await memberClient(sim, 'eu-west-1')).send(new BatchImportFindingsCommand({ Findings: [finding('f1', { ProductArn: `arn:aws:securityhub:eu-west-1:${MEMBER}:product/${MEMBER}/default` })] }))).toMatchObject({ SuccessCount: 1 });
  });

  it('fails every otherwise valid finding under the failed-findings fault at probability 1', async () => {
    const sim = setup({ faults: { securityHubFailedFindings: { probability: 1, code: 'ThrottlingException' } } });
    const out = await (await memberClient(sim)).send(new BatchImportFindingsCommand({ Findings: [finding('a'), finding('b'), finding('c', { Title: undefined })] }));
    expect(out).toMatchObject({ SuccessCount: 0, FailedCount: 3 });
    expect(out.FailedFindings?.map((f) => [f.Id, f.ErrorCode])).toEqual([['a', 'ThrottlingException'], ['b', 'ThrottlingException'], ['c', 'InvalidInput']]);
    expect(sim.securityHubFindings(MEMBER, REGION)).toEqual([]);
  });

  it('fails the same share of findings on every run of a seeded world', async () => {
    const failedIds = async () => {
      const sim = setup({ faults: { securityHubFailedFindings: { probability: 0.5 } } });
      const out = await (await memberClient(sim)).send(new BatchImportFindingsCommand({ Findings: Array.from({ length: 20 }, (_, i) => finding(`f${i}`)) }));
      expect(out.FailedFindings?.every((f) => f.ErrorCode === 'InternalException')).toBe(true);
      return out.FailedFindings?.map((f) => f.Id);
    };
    const first = await failedIds();
    expect(first?.length).toBeGreaterThan(0);
    expect(first?.length).toBeLessThan(20);
    expect(await failedIds()).toEqual(first);
  });
});

describe('simulated Security Hub: GetFindings', () => {
  it('filters on Id and AwsAccountId and pages with MaxResults/NextToken', async () => {
    const sim = setup({ pageSize: 2 });
    const client = await memberClient(sim);
    await client.send(new BatchImportFindingsCommand({ Findings: ['a1', 'a2', 'a3', 'b1', 'b2'].map((id) => finding(id)) }));

    const pages: string[][] = [];
    for await (const page of paginateGetFindings({ client }, { Filters: { Id: [{ Value: 'a', Comparison: 'PREFIX' }], AwsAccountId: [{ Value: MEMBER, Comparison: 'EQUALS' }] }, MaxResults: 100 })) {
      pages.push((page.Findings ?? []).map((f) => f.Id ?? ''));
    }
    expect(pages).toEqual([['a1', 'a2'], ['a3']]);

    const exact = await client.send(new GetFindingsCommand({ Filters: { Id: [{ Value: 'b2', Comparison: 'EQUALS' }, { Value: 'a1', Comparison: 'EQUALS' }] } }));
    expect(exact.Findings?.map((f) => f.Id)).toEqual(['a1', 'b2']);
    expect(exact.Findings?.[0]).toMatchObject({ Title: 'finding a1', Resources: [{ Type: 'Other' }], Severity: { Label: 'HIGH' } });

    const none = await client.send(new GetFindingsCommand({ Filters: { AwsAccountId: [{ Value: OTHER, Comparison: 'EQUALS' }] } }));
    expect(none.Findings).toEqual([]);
  });

  it('refuses a page size above 100 and a token of another listing with InvalidInputException', async () => {
    const client = await memberClient(setup());
    await expect(client.send(new GetFindingsCommand({ MaxResults: 101 }))).rejects.toBeInstanceOf(InvalidInputException);
    await expect(client.send(new GetFindingsCommand({ NextToken: 'bm90LWEtdG9rZW4' }))).rejects.toBeInstanceOf(InvalidInputException);
  });
});

describe('simulated Security Hub: quota', () => {
  it('throttles beyond 10/s with burst 30 per account and region with LimitExceededException (429)', async () => {
    const clock = new FakeClock();
    const sim = setup({ clock });
    const client = await memberClient(sim);
    const send = () => client.send(new BatchImportFindingsCommand({ Findings: [finding('f1')] }));
    for (let i = 0; i < 30; i++) await send();
    const call = send();
    await expect(call).rejects.toBeInstanceOf(LimitExceededException);
    await expect(call).rejects.toMatchObject({ $metadata: { httpStatusCode: 429 } });
    expect(sim.metrics.throttled).toBe(1);
    // Another region has its own bucket, and the member's refills at 10/s.
    expect(await (await memberClient(sim, 'eu-west-1')).send(new GetFindingsCommand({}))).toMatchObject({ Findings: [] });
    clock.t += 100;
    expect(await send()).toMatchObject({ SuccessCount: 1 });
  });

  it('is throttled by a throttling storm aimed at it', async () => {
    const sim = setup({ enforceQuotas: false, faults: { throttlingStorm: { probability: 1, services: ['securityhub'] } } });
    await expect((await memberClient(sim)).send(new GetFindingsCommand({}))).rejects.toBeInstanceOf(LimitExceededException);
  });
});

describe('simulated Security Hub: BatchUpdateFindings', () => {
  it('sets the workflow and note of the caller’s own findings, and leaves unknown ones unprocessed', async () => {
    const sim = setup();
    const client = await memberClient(sim);
    await client.send(new BatchImportFindingsCommand({ Findings: [finding('f1'), finding('f2')] }));
    const out = await client.send(
      new BatchUpdateFindingsCommand({
        FindingIdentifiers: [{ Id: 'f1', ProductArn: PRODUCT }, { Id: 'missing', ProductArn: PRODUCT }],
        Workflow: { Status: 'SUPPRESSED' },
        Note: { Text: 'accepted risk', UpdatedBy: 'privapi' },
      }),
    );
    expect(out.ProcessedFindings).toEqual([{ Id: 'f1', ProductArn: PRODUCT }]);
    expect(out.UnprocessedFindings).toMatchObject([{ FindingIdentifier: { Id: 'missing' }, ErrorCode: 'FindingNotFound' }]);
    const byId = new Map(sim.securityHubFindings(MEMBER, REGION).map((f) => [f.finding.Id, f.finding]));
    expect(byId.get('f1')).toMatchObject({ Workflow: { Status: 'SUPPRESSED' }, Note: { Text: 'accepted risk', UpdatedBy: 'privapi' } });
    expect(byId.get('f2')?.Workflow).toEqual({ Status: 'NEW' });
  });

  it('refuses more than 100 findings in one request', async () => {
    const sim = setup();
    const ids = Array.from({ length: 101 }, (_, i) => ({ Id: `f${i}`, ProductArn: PRODUCT }));
    await expect((await memberClient(sim)).send(new BatchUpdateFindingsCommand({ FindingIdentifiers: ids, Workflow: { Status: 'NEW' } }))).rejects.toBeInstanceOf(InvalidInputException);
  });
});

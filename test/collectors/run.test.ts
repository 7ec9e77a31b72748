import { APIGatewayClient, GetRestApisCommand } from '@aws-sdk/client-api-gateway';
import { ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2';
import { DescribeRegionsCommand, DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { ListAccountsCommand, ListRootsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { Route53Client } from '@aws-sdk/client-route-53';
import { Route53ResolverClient } from '@aws-sdk/client-route53resolver';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient, type AwsStub } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { CallStats } from '../../src/aws/call-stats.js';
import { ClientFactory } from '../../src/aws/clients.js';
import { RateLimiters } from '../../src/aws/rate-limit.js';
import { memberAccountCalls } from '../../src/collectors/registry.js';
import { CallerCredentialsError, collectInventory, type CollectOptions } from '../../src/collectors/run.js';
import { parseSnapshot } from '../../src/model/snapshot.js';
import { accessDenied, silentLogger } from '../helpers/collector-context.js';

const HUB = '999999999999';
const GOOD = '111111111111';
const DENIED = '222222222222';
const EC2_DENIED = '444444444444';
const SUSPENDED = '333333333333';

const mocks = {
  sts: mockClient(STSClient),
  org: mockClient(OrganizationsClient),
  ec2: mockClient(EC2Client),
  apigw: mockClient(APIGatewayClient),
  apigw2: mockClient(ApiGatewayV2Client),
  elb: mockClient(ElasticLoadBalancingV2Client),
  r53: mockClient(Route53Client),
  resolver: mockClient(Route53ResolverClient),
};

/** Which account a mocked call ran as: the access key the fake AssumeRole issued for it. */
async function callerOf(client: { config: { credentials: () => Promise<{ accessKeyId: string }> } }): Promise<string> {
  return (await client.config.credentials()).accessKeyId.replace('AKID', '');
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- stubs of different clients share no type
const allMocks = Object.values(mocks) as AwsStub<any, any, any>[];

beforeEach(() => {
  for (const m of allMocks) {
    m.reset();
    m.onAnyCommand().resolves({});
  }
  mocks.sts.on(GetCallerIdentityCommand).resolves({ Account: HUB, Arn: `arn:aws:iam::${HUB}:role/auditor` });
  mocks.sts.on(AssumeRoleCommand).callsFake((input: { RoleArn: string }) => {
    const account = input.RoleArn.split(':')[4]!;
    if (account === DENIED) throw accessDenied(`not authorized to perform sts:AssumeRole on ${input.RoleArn}`);
    return { Credentials: { AccessKeyId: `AKID${account}`, SecretAccessKey: 's', SessionToken: 't', Expiration: new Date(Date.now() + 3600_000) } };
  });
  mocks.org.on(ListAccountsCommand).resolves({
    Accounts: [
      { Id: GOOD, Name: 'good', State: 'ACTIVE' },
      { Id: DENIED, Name: 'no-role', State: 'ACTIVE' },
      { Id: SUSPENDED, Name: 'gone', State: 'SUSPENDED' },
      { Id: EC2_DENIED, Name: 'ec2-denied', State: 'ACTIVE' },
    ],
  });
  mocks.org.on(ListRootsCommand).resolves({ Roots: [{ Id: 'r-ab12' }] });
  mocks.ec2.on(DescribeRegionsCommand).resolves({
    Regions: [
      { RegionName: 'us-east-1', OptInStatus: 'opt-in-not-required' },
      { RegionName: 'eu-west-1', OptInStatus: 'opt-in-not-required' },
      { RegionName: 'me-south-1', OptInStatus: 'not-opted-in' },
    ],
  });
  mocks.apigw.on(GetRestApisCommand).resolves({ items: [{ id: 'api1', name: 'orders', endpointConfiguration: { types: ['PRIVATE'] } }] });
});

afterAll(() => allMocks.forEach((m) => m.restore()));

function environment() {
  const stats = new CallStats();
  const factory = new ClientFactory({ settings: { maxAttempts: 1, retryMode: 'standard' }, limiters: new RateLimiters(), stats });
  return { factory, stats, baseCredentials: async () => ({ accessKeyId: `AKID${HUB}`, secretAccessKey: 's' }), log: silentLogger, runId: 'run-1', version: '0.0.0-test' };
}

const options: CollectOptions = {
  mode: 'organization',
  regions: ['us-east-1', 'me-south-1'],
  assumeRole: { roleName: 'PrivapiAuditRole', callerUsesOwnCredentials: true },
  homeRegion: 'us-east-1',
  accountConcurrency: 4,
};

describe('collectInventory', () => {
  it('collects every active account, records failures and carries on', async () => {
    mocks.ec2.on(DescribeVpcsCommand).callsFake(async () => {
      const accounts = await Promise.all(mocks.ec2.calls().map((c) => callerOf(c.thisValue as never)));
      if (accounts.at(-1) === EC2_DENIED) throw accessDenied();
      return { Vpcs: [] };
    });

    const { snapshot, skipped } = await collectInventory(options, environment());

    expect(() => parseSnapshot(snapshot)).not.toThrow();
    expect(snapshot.accounts.map((a) => a.id)).toEqual([GOOD, DENIED, EC2_DENIED]);
    expect(skipped).toEqual([{ id: SUSPENDED, name: 'gone', reason: 'account is SUSPENDED' }]);
    expect(snapshot.partition).toBe('aws');

    const good = snapshot.collections.filter((s) => s.accountId === GOOD);
    expect(good.filter((s) => s.region === 'us-east-1').every((s) => s.state === 'complete')).toBe(true);
    expect(good.filter((s) => s.region === 'me-south-1').map((s) => [s.service, s.state, s.errors[0]?.code])).toEqual(
      ['apigateway', 'apigatewayv2', 'elbv2', 'route53resolver', 'ec2'].map((service) => [service, 'skipped', 'RegionNotEnabled']),
    );
    expect(snapshot.regional.find((r) => r.accountId === GOOD)?.restApis.map((a) => a.arn)).toEqual(['arn:aws:apigateway:us-east-1::/restapis/api1']);

    const denied = snapshot.collections.filter((s) => s.accountId === DENIED);
    expect(denied.length).toBeGreaterThan(0);
    expect(denied.every((s) => s.state === 'failed' && s.errors[0]?.operation === 'AssumeRole')).toBe(true);
    expect(denied[0]!.errors[0]!.message).toContain(`arn:aws:iam::${DENIED}:role/PrivapiAuditRole`);
    expect(snapshot.regional.some((r) => r.accountId === DENIED)).toBe(false);

    const ec2 = snapshot.collections.find((s) => s.accountId === EC2_DENIED && s.region === 'us-east-1' && s.service === 'ec2');
    expect(ec2?.state).toBe('failed');
    expect(snapshot.collections.find((s) => s.accountId === EC2_DENIED && s.region === 'us-east-1' && s.service === 'apigateway')?.state).toBe('complete');
  });

  it('audits the caller account with its own credentials and others through the role', async () => {
    const { snapshot } = await collectInventory({ ...options, mode: 'account', accountIds: [HUB, GOOD], regions: ['us-east-1'] }, environment());
    const assumed = mocks.sts.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input.RoleArn);
    expect(assumed).toEqual([`arn:aws:iam::${GOOD}:role/PrivapiAuditRole`]);
    expect(mocks.sts.commandCalls(AssumeRoleCommand)[0]!.args[0].input.RoleSessionName).toBe('privapi-run-1');
    expect(snapshot.mode).toBe('account');
    expect(mocks.org.calls()).toHaveLength(0);
  });

  it('assumes the role only once per account however many regions and services it reads', async () => {
    await collectInventory({ ...options, mode: 'account', accountIds: [GOOD], regions: ['us-east-1', 'eu-west-1'] }, environment());
    expect(mocks.sts.commandCalls(AssumeRoleCommand)).toHaveLength(1);
  });

  it('fails clearly when the caller has no usable credentials', async () => {
    mocks.sts.on(GetCallerIdentityCommand).rejects(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }));
    await expect(collectInventory(options, environment())).rejects.toThrow(CallerCredentialsError);
    await expect(collectInventory(options, environment())).rejects.toThrow(/aws sso login/);
  });

  it('sends only calls the member-role policy grants', async () => {
    await collectInventory({ ...options, mode: 'account', accountIds: [GOOD] }, environment());
    const granted = new Set(memberAccountCalls().map((c) => `${c.operation}Command`));
    const memberMocks = [mocks.ec2, mocks.apigw, mocks.apigw2, mocks.elb, mocks.r53, mocks.resolver];
    const sent = memberMocks.flatMap((m) => m.calls().map((c) => (c.args[0] as object).constructor.name));
    expect(sent.length).toBeGreaterThan(10);
    expect([...new Set(sent)].filter((name) => !granted.has(name))).toEqual([]);
  });
});

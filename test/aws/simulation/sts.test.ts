import { DescribeRegionsCommand, DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { ListResolverEndpointsCommand, Route53ResolverClient } from '@aws-sdk/client-route53resolver';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CallStats } from '../../../src/aws/call-stats.js';
import { ClientFactory } from '../../../src/aws/clients.js';
import { AssumeRoleError, CredentialBroker, callerIdentity, roleArn, type AssumeRoleSettings } from '../../../src/aws/credentials.js';
import { RateLimiters } from '../../../src/aws/rate-limit.js';
import type { SimulatedAws, SimulationOptions } from '../../../src/aws/simulation/server.js';
import { MEMBER, MGMT, OTHER, REGION, simAccount, simClientConfig, simulate, simWorld } from '../../helpers/sim-world.js';

const NOW = new Date('2026-03-01T12:00:00Z');
const ROLE = 'PrivapiAuditRole';

function world() {
  return simWorld([simAccount(MEMBER), simAccount(OTHER, { roleDeployed: false })]);
}

function setup(options: SimulationOptions = {}, maxAttempts = 1): { sim: SimulatedAws; sts: STSClient } {
  const sim = simulate(world(), { now: () => NOW, ...options });
  return { sim, sts: new STSClient(simClientConfig(sim, MGMT, REGION, maxAttempts)) };
}

async function failure(promise: Promise<unknown>): Promise<Error & { $metadata?: { httpStatusCode?: number } }> {
  return (await promise.then(
    () => expect.fail('expected the call to fail'),
    (e: unknown) => e,
  )) as Error & { $metadata?: { httpStatusCode?: number } };
}

async function expectError(promise: Promise<unknown>, name: string, status: number): Promise<Error> {
  const err = await failure(promise);
  expect(err.name).toBe(name);
  expect(err.$metadata?.httpStatusCode).toBe(status);
  return err;
}

const assumeRoleCalls = (sim: SimulatedAws) => [...sim.metrics.calls].filter(([key]) => key.endsWith('|sts|AssumeRole')).reduce((n, [, c]) => n + c, 0);

const assume = (RoleArn: string, extra: Partial<ConstructorParameters<typeof AssumeRoleCommand>[0]> = {}) =>
  new AssumeRoleCommand({ RoleArn, RoleSessionName: 'privapi-run-1', ...extra });

afterEach(() => {
  vi.restoreAllMocks();
});

describe('GetCallerIdentity', () => {
  it('names the management account’s long-term caller as an IAM user', async () => {
    const { sts } = setup();
    const out = await sts.send(new GetCallerIdentityCommand({}));
    expect(out).toMatchObject({ Account: MGMT, Arn: `arn:aws:iam::${MGMT}:user/privapi-simulated-caller`, UserId: expect.stringMatching(/^AIDA[A-Z0-9]{17}$/) });
  });

  it('feeds callerIdentity', async () => {
    const { sts } = setup();
    expect(await callerIdentity(sts)).toEqual({ accountId: MGMT, arn: `arn:aws:iam::${MGMT}:user/privapi-simulated-caller`, partition: 'aws' });
  });

  it('names session credentials as an assumed role in their account', async () => {
    const { sim } = setup();
    const member = new STSClient(simClientConfig(sim, MEMBER));
    const out = await member.send(new GetCallerIdentityCommand({}));
    expect(out.Account).toBe(MEMBER);
    expect(out.Arn).toMatch(new RegExp(`^arn:aws:sts::${MEMBER}:assumed-role/${ROLE}/[\\w+=,.@-]+$`));
    expect(out.UserId).toMatch(/^AROA[A-Z0-9]{17}:[\w+=,.@-]+$/);
  });
});

describe('AssumeRole', () => {
  it('issues credentials for the audit role that the member account’s services accept', async () => {
    const { sts, sim } = setup();
    const out = await sts.send(assume(roleArn('aws', MEMBER, ROLE)));
    expect(out.AssumedRoleUser).toEqual({ Arn: `arn:aws:sts::${MEMBER}:assumed-role/${ROLE}/privapi-run-1`, AssumedRoleId: expect.stringMatching(/^AROA[A-Z0-9]{17}:privapi-run-1$/) });
    const c = out.Credentials!;
    expect(c.AccessKeyId).toMatch(/^ASIA/);
    expect(c.Expiration).toEqual(new Date(NOW.getTime() + 3600_000));
    expect(sim.issuedSecrets()).toContain(c.SecretAccessKey);

    const credentials = { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
    const who = await new STSClient({ region: REGION, credentials, requestHandler: sim, maxAttempts: 1 }).send(new GetCallerIdentityCommand({}));
    expect(who.Account).toBe(MEMBER);
    const regions = await new EC2Client({ region: REGION, credentials, requestHandler: sim, maxAttempts: 1 }).send(new DescribeRegionsCommand({}));
    expect(regions.Regions?.map((r) => r.RegionName)).toEqual(['us-east-1', 'eu-west-1']);
  });

  it('accepts a role with an IAM path and the documented duration bounds', async () => {
    const { sts } = setup();
    const pathed = await sts.send(assume(roleArn('aws', MEMBER, ROLE, '/security/audit/'), { DurationSeconds: 900 }));
    expect(pathed.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${MEMBER}:assumed-role/${ROLE}/privapi-run-1`);
    await sts.send(assume(roleArn('aws', MEMBER, ROLE), { DurationSeconds: 43_200, ExternalId: 'privapi-external-1' }));
  });

  it('denies an account where the role is not deployed, and a role other than the audit role', async () => {
    const { sts } = setup();
    const notDeployed = await expectError(sts.send(assume(roleArn('aws', OTHER, ROLE))), 'AccessDenied', 403);
    expect(notDeployed.message).toContain(OTHER);
    const wrongRole = await expectError(sts.send(assume(roleArn('aws', MEMBER, 'OrganizationAccountAccessRole'))), 'AccessDenied', 403);
    expect(wrongRole.message).toContain('OrganizationAccountAccessRole');
    await expectError(sts.send(assume(roleArn('aws', '999999999999', ROLE))), 'AccessDenied', 403);
  });

  it('denies an account the assumeRoleDenied fault names', async () => {
    const { sts } = setup({ faults: { assumeRoleDenied: [MEMBER] } });
    await expectError(sts.send(assume(roleArn('aws', MEMBER, ROLE))), 'AccessDenied', 403);
  });

  it.each<[string, Partial<ConstructorParameters<typeof AssumeRoleCommand>[0]>]>([
    ['a session name with a space', { RoleSessionName: 'privapi run' }],
    ['a one-character session name', { RoleSessionName: 'p' }],
    ['a 65-character session name', { RoleSessionName: 'p'.repeat(65) }],
    ['a duration below 900 s', { DurationSeconds: 899 }],
    ['a duration above 12 h', { DurationSeconds: 43_201 }],
    ['a malformed role ARN', { RoleArn: `arn:aws:iam::${MEMBER}:user/${ROLE}` }],
    ['a role ARN of another partition', { RoleArn: roleArn('aws-cn', MEMBER, ROLE) }],
    ['an ExternalId with a space', { ExternalId: 'not valid' }],
  ])('rejects %s with ValidationError', async (_name, extra) => {
    const { sts } = setup();
    await expectError(sts.send(assume(roleArn('aws', MEMBER, ROLE), extra)), 'ValidationError', 400);
  });

  it('limits a role-chained session to one hour', async () => {
    const { sim } = setup();
    const member = new STSClient(simClientConfig(sim, MEMBER));
    await expectError(member.send(assume(roleArn('aws', MEMBER, ROLE), { DurationSeconds: 7200 })), 'ValidationError', 400);
    const chained = await member.send(assume(roleArn('aws', MEMBER, ROLE), { DurationSeconds: 3600 }));
    expect(chained.Credentials?.AccessKeyId).toMatch(/^ASIA/);
  });
});

describe('throttling', () => {
  it('returns Throttling (400) when throttled', async () => {
    const { sts, sim } = setup({ faults: { throttlingStorm: { probability: 1, services: ['sts'] } } });
    await expectError(sts.send(new GetCallerIdentityCommand({})), 'Throttling', 400);
    expect(sim.metrics.throttled).toBe(1);
  });

  it('is retried by the SDK until the server-side quota lets the call through', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    // Each look at the clock is 600 ms later: the second call is throttled (1/s), its retry is not.
    let t = 0;
    const clock = { now: () => (t += 600), sleep: async () => {} };
    const { sts, sim } = setup({ quotas: { sts: { rate: 1, burst: 1 } }, clock }, 3);
    await sts.send(new GetCallerIdentityCommand({}));
    const out = await sts.send(assume(roleArn('aws', MEMBER, ROLE)));
    expect(out.Credentials?.AccessKeyId).toMatch(/^ASIA/);
    expect(sim.metrics.requests).toBe(3);
    expect(sim.metrics.throttled).toBe(1);
  });
});

describe('CredentialBroker against the simulation', () => {
  function broker(sim: SimulatedAws, settings: Partial<AssumeRoleSettings> = {}) {
    const sts = new STSClient(simClientConfig(sim, MGMT));
    const base = vi.fn(async () => sim.callerCredentials());
    return {
      base,
      make: async () =>
        new CredentialBroker(base, sts, await callerIdentity(sts), { roleName: ROLE, sessionName: 'privapi-run-1', callerUsesOwnCredentials: true, ...settings }, () => NOW.getTime()),
    };
  }

  it('assumes the audit role once per account and shares the credentials', async () => {
    const sim = simulate(world(), { now: () => NOW });
    const b = await broker(sim).make();
    const [first, second] = await Promise.all([b.providerFor(MEMBER)(), b.providerFor(MEMBER)()]);
    expect(first).toEqual(second);
    expect(first).toMatchObject({ accountId: MEMBER, accessKeyId: expect.stringMatching(/^ASIA/), expiration: new Date(NOW.getTime() + 3600_000) });
    expect(await b.providerFor(MEMBER)()).toBe(first);
    expect(assumeRoleCalls(sim)).toBe(1);
  });

  it('uses the caller’s own credentials for the caller’s account', async () => {
    const sim = simulate(world(), { now: () => NOW });
    const { base, make } = broker(sim);
    const b = await make();
    expect(await b.providerFor(MGMT)()).toEqual(sim.callerCredentials());
    expect(base).toHaveBeenCalled();
    expect(assumeRoleCalls(sim)).toBe(0);
  });

  it('fails with AssumeRoleError AccessDenied where the role is not deployed', async () => {
    const sim = simulate(world(), { now: () => NOW });
    const b = await broker(sim).make();
    const err = await failure(b.providerFor(OTHER)());
    expect(err).toBeInstanceOf(AssumeRoleError);
    expect(err).toMatchObject({ accountId: OTHER, code: 'AccessDenied', roleArn: roleArn('aws', OTHER, ROLE) });
    expect(err.message).toContain('is the role deployed in this account');
  });

  it('fails with AssumeRoleError AccessDenied for a role name other than the audit role', async () => {
    const sim = simulate(world(), { now: () => NOW });
    const b = await broker(sim, { roleName: 'SomeOtherRole' }).make();
    const err = await failure(b.providerFor(MEMBER)());
    expect(err).toBeInstanceOf(AssumeRoleError);
    expect(err).toMatchObject({ accountId: MEMBER, code: 'AccessDenied' });
  });
});

describe('expiry faults', () => {
  it('refuses an account’s role credentials as expired after N requests, and accepts credentials issued later', async () => {
    // GIVEN credentials for MEMBER, which the fault refuses after two requests
    const { sts, sim } = setup({ faults: { expireCredentials: [{ accountId: MEMBER, afterRequests: 2 }] } });
    const issued = async () => {
      const c = (await sts.send(assume(roleArn('aws', MEMBER, ROLE)))).Credentials!;
      return { region: REGION, credentials: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! }, requestHandler: sim, maxAttempts: 1 };
    };
    const first = await issued();
    const second = await issued();
    await new STSClient(first).send(new GetCallerIdentityCommand({}));
    await new EC2Client(second).send(new DescribeRegionsCommand({}));

    // WHEN they are used again, from query, EC2 and JSON protocols, and after a new AssumeRole
    // THEN every credential issued before the second request is refused as expired, with the protocol's code
    await expectError(new STSClient(first).send(new GetCallerIdentityCommand({})), 'ExpiredToken', 400);
    await expectError(new EC2Client(second).send(new DescribeRegionsCommand({})), 'ExpiredToken', 400);
    await expectError(new Route53ResolverClient(second).send(new ListResolverEndpointsCommand({})), 'ExpiredTokenException', 400);
    const fresh = await issued();
    expect((await new STSClient(fresh).send(new GetCallerIdentityCommand({}))).Account).toBe(MEMBER);
    expect((await new Route53ResolverClient(fresh).send(new ListResolverEndpointsCommand({}))).ResolverEndpoints).toEqual([]);
  });

  it('refuses the caller’s own credentials as expired after N requests', async () => {
    const { sts } = setup({ faults: { expireCallerAfterRequests: 2 } });
    await sts.send(new GetCallerIdentityCommand({}));
    await sts.send(assume(roleArn('aws', MEMBER, ROLE)));
    await expectError(sts.send(assume(roleArn('aws', MEMBER, ROLE))), 'ExpiredToken', 400);
  });
});

describe('recovery from role credentials refused before their expiration', () => {
  const QUOTAS = Object.fromEntries(['ec2', 'route53resolver', 'apigateway'].map((k) => [k, { rate: 100_000, burst: 100_000 }]));

  it('assumes the role once more and repeats the refused call; the account’s other clients switch without a refusal', async () => {
    // GIVEN the clients privapi builds for MEMBER, whose credentials are refused after three requests;
    // real clocks, so the SDK memoizes the credentials as it would in a run
    const sim = simulate(world(), { faults: { expireCredentials: [{ accountId: MEMBER, afterRequests: 3 }] } });
    const sts = new STSClient(simClientConfig(sim, MGMT));
    const b = new CredentialBroker(async () => sim.callerCredentials(), sts, await callerIdentity(sts), { roleName: ROLE, sessionName: 'privapi-run-1', callerUsesOwnCredentials: true });
    const stats = new CallStats();
    const factory = new ClientFactory({ settings: { maxAttempts: 1, retryMode: 'standard', requestHandler: sim }, limiters: new RateLimiters(QUOTAS), stats });
    const clients = factory.regionClients(MEMBER, REGION, b.providerFor(MEMBER));
    const ec2 = factory.ec2(MEMBER, REGION, b.providerFor(MEMBER));
    await clients.ec2().send(new DescribeVpcsCommand({}));
    await ec2.send(new DescribeRegionsCommand({}));
    await clients.route53resolver().send(new ListResolverEndpointsCommand({}));

    // WHEN every client calls again: Route 53 Resolver first (its SDK core is older, with its own memoization), then EC2's
    await clients.route53resolver().send(new ListResolverEndpointsCommand({}));
    await clients.ec2().send(new DescribeVpcsCommand({}));
    await ec2.send(new DescribeRegionsCommand({}));

    // THEN every call succeeded: the first one was refused once and repeated, the role was assumed
    // once more, and the EC2 clients signed with the new credentials straight away
    expect(Object.fromEntries(sim.metrics.errors)).toEqual({ ExpiredTokenException: 1 });
    expect(assumeRoleCalls(sim)).toBe(2);
    expect(stats.totals().failed).toBe(0);
  });

  it('names the caller’s own credentials when those are refused, without assuming any role', async () => {
    const sim = simulate(world(), { now: () => NOW, faults: { expireCallerAfterRequests: 1 } });
    const sts = new STSClient(simClientConfig(sim, MGMT));
    const b = new CredentialBroker(async () => sim.callerCredentials(), sts, await callerIdentity(sts), { roleName: ROLE, sessionName: 'privapi-run-1', callerUsesOwnCredentials: true }, () => NOW.getTime());
    const factory = new ClientFactory({ settings: { maxAttempts: 1, retryMode: 'standard', requestHandler: sim }, limiters: new RateLimiters(QUOTAS), stats: new CallStats() });

    const err = await expectError(factory.ec2(MGMT, REGION, b.providerFor(MGMT)).send(new DescribeRegionsCommand({})), 'ExpiredToken', 400);

    expect(err.message).toContain('the caller\'s own credentials expired');
    expect(assumeRoleCalls(sim)).toBe(0);
  });
});

import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { ListResolverEndpointsCommand, Route53ResolverClient } from '@aws-sdk/client-route53resolver';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { HttpRequest } from '@smithy/protocol-http';
import type { AwsCredentialIdentity, FinalizeRequestMiddleware, MiddlewareStack } from '@smithy/types';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { AssumeRoleError, CredentialBroker, callerIdentity, isRoleCredentialProvider, roleArn, sessionName } from '../../src/aws/credentials.js';
import type { AssumeRoleSettings, CallerIdentity } from '../../src/aws/credentials.js';
import type { Partition } from '../../src/model/inventory.js';
import { MEMBER as SIM_MEMBER, simAccount, simulate, simWorld } from '../helpers/sim-world.js';

const stsMock = mockClient(STSClient);

const CALLER: CallerIdentity = { accountId: '999999999999', arn: 'arn:aws:iam::999999999999:role/auditor', partition: 'aws' };
const MEMBER = '111111111111';
const OTHER = '222222222222';
const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const HOUR = 3600_000;
const MARGIN = 5 * 60_000;

const BASE_CREDS: AwsCredentialIdentity = { accessKeyId: 'BASE', secretAccessKey: 'base-secret' };

function assumed(keyId: string, expiration: Date | undefined = new Date(T0 + HOUR)) {
  return { Credentials: { AccessKeyId: keyId, SecretAccessKey: `${keyId}-secret`, SessionToken: `${keyId}-token`, Expiration: expiration } };
}

function accessDenied(message = 'User: arn:aws:iam::999999999999:role/auditor is not authorized to perform: sts:AssumeRole') {
  return Object.assign(new Error(message), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
}

function setup(settings: Partial<AssumeRoleSettings> = {}, caller: CallerIdentity = CALLER) {
  const clock = { t: T0 };
  const base = vi.fn(async () => BASE_CREDS);
  const sts = new STSClient({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
  const broker = new CredentialBroker(
    base,
    sts,
    caller,
    { roleName: 'PrivapiReadOnly', sessionName: 'privapi-run-1', callerUsesOwnCredentials: true, ...settings },
    () => clock.t,
  );
  return { broker, base, clock };
}

beforeEach(() => {
  stsMock.reset();
});

describe('roleArn', () => {
  it.each<{ partition: Partition; path: string; expected: string }>([
    { partition: 'aws', path: '/', expected: 'arn:aws:iam::123456789012:role/R' },
    { partition: 'aws-us-gov', path: '/sec/', expected: 'arn:aws-us-gov:iam::123456789012:role/sec/R' },
    { partition: 'aws-cn', path: 'sec', expected: 'arn:aws-cn:iam::123456789012:role/sec/R' },
    { partition: 'aws', path: '//a/b//', expected: 'arn:aws:iam::123456789012:role/a/b/R' },
    { partition: 'aws', path: '', expected: 'arn:aws:iam::123456789012:role/R' },
  ])('builds $expected', ({ partition, path, expected }) => {
    // GIVEN a partition, account, role name and path / WHEN the ARN is built / THEN it is well formed
    expect(roleArn(partition, '123456789012', 'R', path)).toBe(expected);
  });

  it('defaults the path to /', () => {
    expect(roleArn('aws-iso', '123456789012', 'Audit')).toBe('arn:aws-iso:iam::123456789012:role/Audit');
  });
});

describe('sessionName', () => {
  it('prefixes the run id and replaces characters STS does not allow', () => {
    // GIVEN a run id with spaces, slashes and colons / WHEN it becomes a session name
    const name = sessionName('run 2026/01/01T12:00:00Z');

    // THEN only [\w+=,.@-] remain
    expect(name).toBe('privapi-run-2026-01-01T12-00-00Z');
  });

  it('keeps the characters STS allows', () => {
    expect(sessionName('a+b=c,d.e@f-g_h')).toBe('privapi-a+b=c,d.e@f-g_h');
  });

  it('truncates to 64 characters', () => {
    // GIVEN a very long run id / WHEN it becomes a session name
    const name = sessionName('x'.repeat(100));

    // THEN it is cut at 64 characters and still valid
    expect(name).toHaveLength(64);
    expect(name.startsWith('privapi-xxx')).toBe(true);
    expect(name).toMatch(/^[\w+=,.@-]{2,64}$/);
  });
});

describe('callerIdentity', () => {
  it('derives the partition from the ARN', async () => {
    // GIVEN STS answers with a China-partition identity
    stsMock.on(GetCallerIdentityCommand).resolves({ Account: '123456789012', Arn: 'arn:aws-cn:sts::123456789012:assumed-role/Audit/s', UserId: 'AROA:s' });
    const sts = new STSClient({ region: 'cn-north-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });

    // WHEN the identity is read
    const id = await callerIdentity(sts);

    // THEN the partition is aws-cn
    expect(id).toEqual({ accountId: '123456789012', arn: 'arn:aws-cn:sts::123456789012:assumed-role/Audit/s', partition: 'aws-cn' });
    expect(stsMock).toHaveReceivedCommandTimes(GetCallerIdentityCommand, 1);
  });

  it.each([
    { name: 'an ARN that is not an ARN', out: { Account: '123456789012', Arn: 'not-an-arn' } },
    { name: 'an unknown partition', out: { Account: '123456789012', Arn: 'arn:aws-mars:iam::123456789012:user/x' } },
    { name: 'no ARN', out: { Account: '123456789012' } },
    { name: 'no account', out: { Arn: 'arn:aws:iam::123456789012:user/x' } },
  ])('throws on an unusable identity: $name', async ({ out }) => {
    // GIVEN STS returns an unusable identity
    stsMock.on(GetCallerIdentityCommand).resolves(out);
    const sts = new STSClient({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });

    // WHEN / THEN the caller identity is refused
    await expect(callerIdentity(sts)).rejects.toThrow(/unusable identity/);
  });
});

describe('CredentialBroker', () => {
  it('shares one AssumeRole between concurrent callers of one account', async () => {
    // GIVEN STS answers AssumeRole
    stsMock.on(AssumeRoleCommand).resolves(assumed('K1'));
    const { broker } = setup();

    // WHEN five callers resolve credentials for the same account at once
    const results = await Promise.all(Array.from({ length: 5 }, () => broker.providerFor(MEMBER)()));

    // THEN one AssumeRole was made and everyone got its credentials
    expect(stsMock).toHaveReceivedCommandTimes(AssumeRoleCommand, 1);
    for (const c of results) expect(c.accessKeyId).toBe('K1');
  });

  it('returns the assumed credentials with session token, expiry and account id', async () => {
    stsMock.on(AssumeRoleCommand).resolves(assumed('K1'));
    const { broker } = setup();

    const creds = await broker.providerFor(MEMBER)();

    expect(creds).toEqual({ accessKeyId: 'K1', secretAccessKey: 'K1-secret', sessionToken: 'K1-token', expiration: new Date(T0 + HOUR), accountId: MEMBER });
  });

  it('assumes the role separately for each account', async () => {
    // GIVEN STS answers per account
    stsMock.on(AssumeRoleCommand, { RoleArn: `arn:aws:iam::${MEMBER}:role/PrivapiReadOnly` }).resolves(assumed('K-MEMBER'));
    stsMock.on(AssumeRoleCommand, { RoleArn: `arn:aws:iam::${OTHER}:role/PrivapiReadOnly` }).resolves(assumed('K-OTHER'));
    const { broker } = setup();

    // WHEN both accounts resolve concurrently
    const [m, o] = await Promise.all([broker.providerFor(MEMBER)(), broker.providerFor(OTHER)()]);

    // THEN each got its own credentials from its own AssumeRole
    expect(m.accessKeyId).toBe('K-MEMBER');
    expect(o.accessKeyId).toBe('K-OTHER');
    expect(stsMock).toHaveReceivedCommandTimes(AssumeRoleCommand, 2);
  });

  it('reuses cached credentials while they are valid for more than 5 minutes', async () => {
    // GIVEN credentials valid for an hour were obtained
    stsMock.on(AssumeRoleCommand).resolvesOnce(assumed('K1')).resolves(assumed('K2'));
    const { broker, clock } = setup();
    await broker.providerFor(MEMBER)();

    // WHEN they are requested again just before the refresh margin
    clock.t = T0 + HOUR - MARGIN - 1;
    const again = await broker.providerFor(MEMBER)();

    // THEN the cached ones are returned without a new AssumeRole
    expect(again.accessKeyId).toBe('K1');
    expect(stsMock).toHaveReceivedCommandTimes(AssumeRoleCommand, 1);
  });

  it('refreshes credentials that expire within 5 minutes', async () => {
    // GIVEN credentials valid for an hour were obtained
    stsMock.on(AssumeRoleCommand).resolvesOnce(assumed('K1')).resolves(assumed('K2', new Date(T0 + 2 * HOUR)));
    const { broker, clock } = setup();
    await broker.providerFor(MEMBER)();

    // WHEN exactly 5 minutes remain
    clock.t = T0 + HOUR - MARGIN;
    const refreshed = await broker.providerFor(MEMBER)();

    // THEN the role is assumed again and the new credentials are cached
    expect(refreshed.accessKeyId).toBe('K2');
    expect(stsMock).toHaveReceivedCommandTimes(AssumeRoleCommand, 2);
    expect((await broker.providerFor(MEMBER)()).accessKeyId).toBe('K2');
    expect(stsMock).toHaveReceivedCommandTimes(AssumeRoleCommand, 2);
  });

  it('refreshes credentials that already expired', async () => {
    stsMock.on(AssumeRoleCommand).resolvesOnce(assumed('K1')).resolves(assumed('K2', new Date(T0 + 3 * HOUR)));
    const { broker, clock } = setup();
    await broker.providerFor(MEMBER)();

    clock.t = T0 + 2 * HOUR;
    const refreshed = await broker.providerFor(MEMBER)();

    expect(refreshed.accessKeyId).toBe('K2');
  });

  it('builds the role ARN from partition, path and name and passes ExternalId, session name and duration', async () => {
    // GIVEN a GovCloud caller with a role path, an ExternalId and a duration
    stsMock.on(AssumeRoleCommand).resolves(assumed('K1'));
    const gov: CallerIdentity = { accountId: '999999999999', arn: 'arn:aws-us-gov:iam::999999999999:role/auditor', partition: 'aws-us-gov' };
    const { broker } = setup({ rolePath: '/security/', externalId: 'ext-123', sessionName: 'privapi-abc', durationSeconds: 900 }, gov);

    // WHEN credentials are resolved
    await broker.providerFor(MEMBER)();

    // THEN AssumeRole got all of them
    expect(broker.roleArnFor(MEMBER)).toBe(`arn:aws-us-gov:iam::${MEMBER}:role/security/PrivapiReadOnly`);
    expect(stsMock).toHaveReceivedCommandWith(AssumeRoleCommand, {
      RoleArn: `arn:aws-us-gov:iam::${MEMBER}:role/security/PrivapiReadOnly`,
      RoleSessionName: 'privapi-abc',
      ExternalId: 'ext-123',
      DurationSeconds: 900,
    });
  });

  it('omits ExternalId when none is configured and defaults the duration to one hour', async () => {
    stsMock.on(AssumeRoleCommand).resolves(assumed('K1'));
    const { broker } = setup();

    await broker.providerFor(MEMBER)();

    const input = stsMock.commandCalls(AssumeRoleCommand)[0]?.args[0].input;
    expect(input).toEqual({ RoleArn: `arn:aws:iam::${MEMBER}:role/PrivapiReadOnly`, RoleSessionName: 'privapi-run-1', DurationSeconds: 3600 });
    expect(input).not.toHaveProperty('ExternalId');
  });

  it('gives the caller account its own base credentials when callerUsesOwnCredentials is true', async () => {
    // GIVEN the broker is told to use the caller's own credentials
    const { broker, base } = setup({ callerUsesOwnCredentials: true });

    // WHEN credentials for the caller account are resolved
    const provider = broker.providerFor(CALLER.accountId);
    const creds = await provider();

    // THEN they are the base credentials and no role is assumed
    expect(provider).toBe(base);
    expect(creds).toEqual(BASE_CREDS);
    expect(stsMock).toHaveReceivedCommandTimes(AssumeRoleCommand, 0);
  });

  it('assumes the role in the caller account when callerUsesOwnCredentials is false', async () => {
    // GIVEN the broker must assume the role everywhere
    stsMock.on(AssumeRoleCommand).resolves(assumed('K-CALLER'));
    const { broker, base } = setup({ callerUsesOwnCredentials: false });

    // WHEN credentials for the caller account are resolved
    const creds = await broker.providerFor(CALLER.accountId)();

    // THEN the role in the caller's account is assumed
    expect(creds.accessKeyId).toBe('K-CALLER');
    expect(base).not.toHaveBeenCalled();
    expect(stsMock).toHaveReceivedCommandWith(AssumeRoleCommand, { RoleArn: `arn:aws:iam::${CALLER.accountId}:role/PrivapiReadOnly` });
  });

  it('turns AccessDenied into an AssumeRoleError that names the role and hints at the trust policy', async () => {
    // GIVEN STS denies the AssumeRole
    stsMock.on(AssumeRoleCommand).rejects(accessDenied());
    const { broker } = setup();
    const arn = `arn:aws:iam::${MEMBER}:role/PrivapiReadOnly`;

    // WHEN credentials are resolved
    const err = await broker.providerFor(MEMBER)().catch((e: unknown) => e);

    // THEN the error carries the account, role ARN and code, and the message explains what to check
    expect(err).toBeInstanceOf(AssumeRoleError);
    const e = err as AssumeRoleError;
    expect(e.name).toBe('AssumeRoleError');
    expect(e.accountId).toBe(MEMBER);
    expect(e.roleArn).toBe(arn);
    expect(e.code).toBe('AccessDenied');
    expect(e.message).toContain(arn);
    expect(e.message).toContain('not authorized to perform: sts:AssumeRole');
    expect(e.message).toMatch(/trust policy/);
  });

  it('gives every concurrent caller the failure and retries on the next request', async () => {
    // GIVEN the first AssumeRole fails and the second succeeds
    stsMock.on(AssumeRoleCommand).rejectsOnce(accessDenied()).resolves(assumed('K2'));
    const { broker } = setup();

    // WHEN three callers wait on the failing request, then one more asks
    const outcomes = await Promise.allSettled([1, 2, 3].map(() => broker.providerFor(MEMBER)()));
    const later = await broker.providerFor(MEMBER)();

    // THEN all three failed from a single call and the failure was not cached
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(later.accessKeyId).toBe('K2');
    expect(stsMock).toHaveReceivedCommandTimes(AssumeRoleCommand, 2);
  });

  it('reports an AssumeRole answer without credentials as an AssumeRoleError', async () => {
    stsMock.on(AssumeRoleCommand).resolves({});
    const { broker } = setup();

    const err = await broker.providerFor(MEMBER)().catch((e: unknown) => e);

    expect(err).toBeInstanceOf(AssumeRoleError);
    expect((err as AssumeRoleError).code).toBe('NoCredentials');
  });

  it('hints at refreshing the caller credentials when they expired', async () => {
    stsMock.on(AssumeRoleCommand).rejects(Object.assign(new Error('The security token included in the request is expired'), { name: 'ExpiredToken' }));
    const { broker } = setup();

    const err = await broker.providerFor(MEMBER)().catch((e: unknown) => e);

    expect((err as AssumeRoleError).code).toBe('ExpiredToken');
    expect((err as AssumeRoleError).message).toMatch(/sso login/);
  });
});

describe('CredentialBroker: credentials AWS refuses before their expiration', () => {
  function roleProvider(broker: CredentialBroker, accountId = MEMBER) {
    const provider = broker.providerFor(accountId);
    if (!isRoleCredentialProvider(provider)) throw new Error('expected a role credential provider');
    return provider;
  }

  it('assumes the role again once the refused credentials are expired, for every concurrent caller at once', async () => {
    // GIVEN credentials valid for an hour, refused by AWS after a minute
    stsMock.on(AssumeRoleCommand).resolvesOnce(assumed('K1')).resolves(assumed('K2', new Date(T0 + 2 * HOUR)));
    const { broker, clock } = setup();
    const provider = roleProvider(broker);
    const refused = await provider();
    clock.t = T0 + 60_000;

    // WHEN they are expired and five callers ask for credentials
    provider.expire(refused);
    const renewed = await Promise.all(Array.from({ length: 5 }, () => provider()));

    // THEN one more AssumeRole served them all, and the refused credentials read as expired
    expect(renewed.map((c) => c.accessKeyId)).toEqual(['K2', 'K2', 'K2', 'K2', 'K2']);
    expect(stsMock).toHaveReceivedCommandTimes(AssumeRoleCommand, 2);
    expect(refused.expiration!.getTime()).toBeLessThanOrEqual(clock.t);
  });

  it('keeps the current credentials when older ones are refused late', async () => {
    // GIVEN K1 was refused and replaced by K2
    stsMock.on(AssumeRoleCommand).resolvesOnce(assumed('K1')).resolvesOnce(assumed('K2')).resolves(assumed('K3'));
    const { broker } = setup();
    const provider = roleProvider(broker);
    const k1 = await provider();
    provider.expire(k1);
    await provider();

    // WHEN another client reports K1 refused, after the fact
    provider.expire(k1);

    // THEN K2 stays in use and no role is assumed for it
    expect((await provider()).accessKeyId).toBe('K2');
    expect(stsMock).toHaveReceivedCommandTimes(AssumeRoleCommand, 2);
  });

  it('gives credentials an expiration even when AssumeRole names none, so they can be expired', async () => {
    stsMock.on(AssumeRoleCommand).resolves({ Credentials: { AccessKeyId: 'K1', SecretAccessKey: 'K1-secret', SessionToken: 'K1-token', Expiration: undefined } });
    const { broker } = setup({ durationSeconds: 900 });

    const creds = await broker.providerFor(MEMBER)();

    expect(creds.expiration).toEqual(new Date(T0 + 900_000));
  });

  it('offers no way to renew the caller’s own credentials: assuming a role cannot replace them', () => {
    const { broker } = setup({ callerUsesOwnCredentials: true });
    expect(isRoleCredentialProvider(broker.providerFor(CALLER.accountId))).toBe(false);
    expect(isRoleCredentialProvider(broker.providerFor(MEMBER))).toBe(true);
  });
});

describe('SDK v3 credential memoization, which expire() relies on', () => {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each client types its stack by its own input/output unions
  function signedKeys(client: { middlewareStack: MiddlewareStack<any, any> }): string[] {
    const keys: string[] = [];
    const record: FinalizeRequestMiddleware<object, object> = (next) => async (args) => {
      const auth = HttpRequest.isInstance(args.request) ? String(args.request.headers.authorization) : '';
      keys.push(/Credential=([^/]+)/.exec(auth)?.[1] ?? 'unsigned');
      return next(args);
    };
    client.middlewareStack.add(record, { step: 'finalizeRequest', priority: 'low' });
    return keys;
  }

  const sim = simulate(simWorld([simAccount(SIM_MEMBER)]));
  // Copies: the simulation keeps the issued Date objects and must not see them change.
  const issue = () => {
    const c = sim.issueCredentials(SIM_MEMBER, 'memo-test');
    return { ...c, expiration: new Date(c.expiration!.getTime()) };
  };

  it.each([
    { name: 'EC2 (current SDK core)', call: (credentials: () => Promise<AwsCredentialIdentity>) => {
      const client = new EC2Client({ region: 'us-east-1', credentials, requestHandler: sim, maxAttempts: 1 });
      return { keys: signedKeys(client), send: () => client.send(new DescribeRegionsCommand({})) };
    } },
    { name: 'Route 53 Resolver (older SDK core)', call: (credentials: () => Promise<AwsCredentialIdentity>) => {
      const client = new Route53ResolverClient({ region: 'us-east-1', credentials, requestHandler: sim, maxAttempts: 1 });
      return { keys: signedKeys(client), send: () => client.send(new ListResolverEndpointsCommand({})) };
    } },
  ])('$name signs with the identity it memoized until that identity’s expiration is near', async ({ call }) => {
    // GIVEN a client whose provider returns K1, then K2
    const [k1, k2] = [issue(), issue()];
    let current = k1;
    const { keys, send } = call(async () => current);
    await send();

    // WHEN the provider moves on to K2 while K1 has an hour left, then K1's expiration moves into the past
    current = k2;
    await send();
    k1.expiration.setTime(0);
    await send();

    // THEN the client kept K1 until its expiration moved, and asked the provider again then
    expect(keys).toEqual([k1.accessKeyId, k1.accessKeyId, k2.accessKeyId]);
  });
});

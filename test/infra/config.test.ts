import { describe, expect, it } from 'vitest';
import { ConfigError, contextSettings, hubRoleArns, parseConfig } from '../../infra/config.js';
import { BASE_CONTEXT } from './helpers.js';

function problems(overrides: Record<string, unknown>): string[] {
  try {
    parseConfig({ ...BASE_CONTEXT, ...overrides });
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
}

describe('privapi CDK configuration', () => {
  it('GIVEN the minimum WHEN parsed THEN sensible defaults apply', () => {
    const config = parseConfig({ ...BASE_CONTEXT });
    expect(config).toMatchObject({
      schedule: 'rate(6 hours)',
      regions: [],
      roleName: 'PrivapiAuditRole',
      rolePath: '/',
      ous: [],
      callAs: 'SELF',
      fanOutThreshold: 200,
      batchSize: 50,
      mapMaxConcurrency: 10,
      retentionDays: 90,
      logRetentionDays: 365,
      securityHub: true,
    });
    expect(config.externalId).toBeUndefined();
  });

  it('GIVEN command-line strings WHEN parsed THEN lists, numbers and booleans are converted', () => {
    const config = parseConfig({ ...BASE_CONTEXT, regions: 'us-east-1, eu-west-1', ous: 'ou-ab12-cdef3456', fanOutThreshold: '0', securityHub: 'false', schedule: 'cron(0 3 * * ? *)' });
    expect(config).toMatchObject({ regions: ['us-east-1', 'eu-west-1'], ous: ['ou-ab12-cdef3456'], fanOutThreshold: 0, securityHub: false, schedule: 'cron(0 3 * * ? *)' });
  });

  it('GIVEN no account or region in context WHEN parsed THEN CDK_DEFAULT_ACCOUNT/REGION are used', () => {
    const { hubAccount: _a, hubRegion: _r, ...rest } = BASE_CONTEXT;
    expect(parseConfig(rest, { CDK_DEFAULT_ACCOUNT: '222222222222', CDK_DEFAULT_REGION: 'eu-west-1' })).toMatchObject({ hubAccount: '222222222222', hubRegion: 'eu-west-1' });
  });

  it.each([
    ['bad schedule', { schedule: 'every 6 hours' }, "privapi:schedule: 'every 6 hours' — expected rate(N minutes|hours|days)"],
    ['zero rate', { schedule: 'rate(0 hours)' }, "privapi:schedule: 'rate(0 hours)' — expected rate("],
    ['short cron', { schedule: 'cron(0 3 * *)' }, "privapi:schedule: 'cron(0 3 * *)' — expected"],
    ['bad region', { regions: 'us-east-1,foo' }, "privapi:regions: 'us-east-1,foo' — 'foo' is not a region name"],
    ['bad region in a list', { regions: ['eu-west-1', 'EU'] }, "privapi:regions: 'eu-west-1,EU' — 'EU' is not a region name"],
    ['bad org id', { organizationId: 'o-123' }, "privapi:organizationId: 'o-123' — expected an organization id"],
    ['missing org id', { organizationId: undefined }, 'privapi:organizationId: required (o-xxxxxxxxxx)'],
    ['bad OU', { ous: 'ou-abc' }, "privapi:ous: 'ou-abc' — 'ou-abc' is not an organizational unit id"],
    ['no OUs and no root', { rootId: undefined }, 'privapi:ous: no OUs given, so the member role goes to the whole organization: set privapi:rootId'],
    ['bad root', { rootId: 'root' }, "privapi:rootId: 'root' — expected an organization root id"],
    ['negative threshold', { fanOutThreshold: -1 }, 'privapi:fanOutThreshold: -1 — expected a whole number from 0 to 1000000'],
    ['non-numeric batch size', { batchSize: 'ten' }, "privapi:batchSize: 'ten' — expected a whole number from 1 to 500"],
    ['batch size too large', { batchSize: 501 }, 'privapi:batchSize: 501 — expected a whole number from 1 to 500'],
    ['log retention CloudWatch does not offer', { logRetentionDays: 100 }, 'privapi:logRetentionDays: 100 — CloudWatch Logs accepts only 1, 3, 5'],
    ['bad role name', { roleName: 'bad role' }, "privapi:roleName: 'bad role' — expected an IAM role name"],
    ['bad role path', { rolePath: 'audit' }, "privapi:rolePath: 'audit' — expected an IAM path"],
    ['bad external id', { externalId: 'x' }, "privapi:externalId: 'x' — expected an ExternalId"],
    ['bad callAs', { callAs: 'ADMIN' }, "privapi:callAs: 'ADMIN' — expected SELF (management account) or DELEGATED_ADMIN"],
    ['bad email', { alarmEmail: 'ops' }, "privapi:alarmEmail: 'ops' — expected an email address"],
    ['bad boolean', { securityHub: 'yes' }, "privapi:securityHub: 'yes' — expected true or false"],
    ['bad account', { hubAccount: '1234' }, "privapi:hubAccount: '1234' — expected a 12-digit account id"],
    ['unknown key', { region: 'us-east-1' }, 'privapi:region: unknown setting'],
  ])('GIVEN %s WHEN parsed THEN the error names the key and the problem', (_name, overrides, fragment) => {
    const found = problems(overrides);
    expect(found.some((p) => p.includes(fragment)), `${JSON.stringify(found)} should include ${JSON.stringify(fragment)}`).toBe(true);
  });

  it('GIVEN several problems WHEN parsed THEN all are reported in one error', () => {
    expect(() => parseConfig({ ...BASE_CONTEXT, schedule: 'x', batchSize: 0 })).toThrow(/privapi:schedule: .*\n.*privapi:batchSize: /s);
  });

  it('GIVEN the privapi object and privapi:<key> overrides WHEN read THEN the override wins', () => {
    const context: Record<string, unknown> = { privapi: { schedule: 'rate(1 day)', batchSize: 10 }, 'privapi:schedule': 'rate(2 hours)' };
    expect(contextSettings((k) => context[k])).toEqual({ schedule: 'rate(2 hours)', batchSize: 10 });
  });

  it('GIVEN a GovCloud hub WHEN the hub role ARNs are made THEN they use its partition', () => {
    expect(hubRoleArns({ hubAccount: '111111111111', hubRegion: 'us-gov-west-1', hubRolePrefix: 'privapi-hub' })).toEqual([
      'arn:aws-us-gov:iam::111111111111:role/privapi-hub-scheduled',
      'arn:aws-us-gov:iam::111111111111:role/privapi-hub-worker',
      'arn:aws-us-gov:iam::111111111111:role/privapi-hub-aggregate',
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { expiredEntries, expiringSoon, globPattern, matchMutelist, MutelistEntry, unknownCheckPatterns, type LocatedEntry, type MuteTarget } from '../../src/engine/mutelist.js';

const API_ARN = 'arn:aws:apigateway:eu-west-1::/restapis/a1b2c3';
const TARGET: MuteTarget = {
  checkId: 'POLICY-002',
  accountId: '111111111111',
  region: 'eu-west-1',
  resourceArn: API_ARN,
  tags: { env: 'prod-eu', team: 'payments' },
};
const TODAY = '2026-06-15';
const BASE = { check: 'POLICY-002', reason: 'shared VPCE by design', owner: 'platform-team', expires: '2026-12-31' };

function located(entry: Partial<MutelistEntry>, where = 'privapi.config.yaml:3 mutelist[0]'): LocatedEntry {
  return { entry: MutelistEntry.parse({ ...BASE, ...entry }), where };
}

describe('matchMutelist', () => {
  const cases: { name: string; entry: Partial<MutelistEntry>; target?: Partial<MuteTarget>; mutes: boolean }[] = [
    { name: 'exact check id', entry: {}, mutes: true },
    { name: 'other check id', entry: { check: 'POLICY-003' }, mutes: false },
    { name: 'check prefix glob', entry: { check: 'POLICY-*' }, mutes: true },
    { name: 'check glob of another area', entry: { check: 'DNS-*' }, mutes: false },
    { name: 'check *', entry: { check: '*' }, mutes: true },
    { name: 'check id is not a prefix match', entry: { check: 'POLICY-00' }, mutes: false },
    { name: 'listed account', entry: { accounts: ['222222222222', '111111111111'] }, mutes: true },
    { name: 'unlisted account', entry: { accounts: ['222222222222'] }, mutes: false },
    { name: 'account glob', entry: { accounts: ['1111*'] }, mutes: true },
    { name: 'listed region', entry: { regions: ['eu-west-1'] }, mutes: true },
    { name: 'region glob', entry: { regions: ['eu-*'] }, mutes: true },
    { name: 'unlisted region', entry: { regions: ['us-east-1'] }, mutes: false },
    { name: 'global region for Route 53', entry: { regions: ['global'] }, target: { region: 'global' }, mutes: true },
    { name: 'exact resource ARN', entry: { resource: API_ARN }, mutes: true },
    { name: 'resource glob across / and :', entry: { resource: 'arn:aws:apigateway:*/a1b2c3' }, mutes: true },
    { name: 'resource *', entry: { resource: '*' }, mutes: true },
    { name: 'other resource', entry: { resource: 'arn:aws:apigateway:eu-west-1::/restapis/zzz' }, mutes: false },
    { name: 'regex characters in a resource are literal', entry: { resource: 'arn:aws:apigateway:eu-west-1::/restapis/a1b2c.' }, mutes: false },
    { name: '? is literal, not a wildcard', entry: { resource: 'arn:aws:apigateway:eu-west-1::/restapis/a1b2c?' }, mutes: false },
    { name: 'tag with exact value', entry: { tags: { team: 'payments' } }, mutes: true },
    { name: 'tag with glob value', entry: { tags: { env: 'prod-*' } }, mutes: true },
    { name: 'every listed tag must match', entry: { tags: { env: 'prod-*', team: 'search' } }, mutes: false },
    { name: 'missing tag', entry: { tags: { owner: '*' } }, mutes: false },
    { name: 'tag * still needs the tag', entry: { tags: { owner: '*' } }, target: { tags: {} }, mutes: false },
    { name: 'tag key is exact', entry: { tags: { Env: 'prod-eu' } }, mutes: false },
    { name: 'all fields together', entry: { check: 'POLICY-*', accounts: ['111111111111'], regions: ['eu-*'], resource: 'arn:aws:apigateway:eu-west-1::/restapis/*', tags: { env: 'prod-*' } }, mutes: true },
    { name: 'one field off fails the whole entry', entry: { check: 'POLICY-*', accounts: ['111111111111'], regions: ['us-*'], resource: '*' }, mutes: false },
  ];

  it.each(cases)('$name', ({ entry, target, mutes }) => {
    const result = matchMutelist([located(entry)], { ...TARGET, ...target }, TODAY);
    expect(result.mute !== undefined).toBe(mutes);
    expect(result.expired).toEqual([]);
  });

  it('copies the entry onto the mute, with where it is written', () => {
    const result = matchMutelist([located({}, 'privapi.config.yaml:14 mutelist[2]')], TARGET, TODAY);
    expect(result.mute).toEqual({ entry: 'privapi.config.yaml:14 mutelist[2]', reason: 'shared VPCE by design', owner: 'platform-team', expires: '2026-12-31' });
  });

  it('the first unexpired matching entry wins', () => {
    const list = [located({ check: 'DNS-*' }, 'a mutelist[0]'), located({ reason: 'narrow' }, 'a mutelist[1]'), located({ check: '*', reason: 'broad' }, 'a mutelist[2]')];
    expect(matchMutelist(list, TARGET, TODAY).mute).toMatchObject({ entry: 'a mutelist[1]', reason: 'narrow' });
  });

  it('an expired entry does not mute; a later unexpired one still does, and the expired one is reported', () => {
    const stale = located({ expires: '2026-06-14' }, 'a mutelist[0]');
    const fresh = located({ check: 'POLICY-*' }, 'a mutelist[1]');
    expect(matchMutelist([stale], TARGET, TODAY)).toEqual({ expired: [stale] });
    expect(matchMutelist([stale, fresh], TARGET, TODAY)).toEqual({ mute: expect.objectContaining({ entry: 'a mutelist[1]' }), expired: [stale] });
  });

  it('an entry mutes through its expiry day and stops the day after', () => {
    const entry = located({ expires: '2026-06-15' });
    expect(matchMutelist([entry], TARGET, '2026-06-15').mute?.expires).toBe('2026-06-15');
    expect(matchMutelist([entry], TARGET, '2026-06-16')).toEqual({ expired: [entry] });
  });

  it('an expired entry that does not match the finding is not reported for it', () => {
    expect(matchMutelist([located({ check: 'DNS-001', expires: '2020-01-01' })], TARGET, TODAY)).toEqual({ expired: [] });
  });
});

describe('expiredEntries and expiringSoon', () => {
  const list = [
    located({ expires: '2026-06-14' }, 'yesterday'),
    located({ expires: '2026-06-15' }, 'today'),
    located({ expires: '2026-06-29' }, 'in 14 days'),
    located({ expires: '2026-06-30' }, 'in 15 days'),
  ];
  const where = (entries: LocatedEntry[]) => entries.map((e) => e.where);

  it('expired: before today only', () => {
    expect(where(expiredEntries(list, TODAY))).toEqual(['yesterday']);
  });

  it('expiring soon: unexpired, within the given number of days', () => {
    expect(where(expiringSoon(list, TODAY, 14))).toEqual(['today', 'in 14 days']);
    expect(where(expiringSoon(list, TODAY, 0))).toEqual(['today']);
  });

  it('counts days across month and year ends', () => {
    expect(where(expiringSoon([located({ expires: '2027-01-02' }, 'next year')], '2026-12-31', 2))).toEqual(['next year']);
    expect(where(expiringSoon([located({ expires: '2026-03-01' }, 'march')], '2026-02-27', 1))).toEqual([]);
  });
});

describe('unknownCheckPatterns', () => {
  const known = ['POLICY-002', 'POLICY-003', 'DNS-001'];

  it.each([
    { check: 'POLICY-002', unknown: false },
    { check: 'POLICY-*', unknown: false },
    { check: '*', unknown: false },
    { check: 'POLICY-020', unknown: true },
    { check: 'POLCY-*', unknown: true },
    { check: 'DNS-001*', unknown: false },
  ])('$check unknown=$unknown', ({ check, unknown }) => {
    const entry = located({ check });
    expect(unknownCheckPatterns([entry], known)).toEqual(unknown ? [entry] : []);
  });
});

describe('MutelistEntry schema', () => {
  const messages = (input: unknown) => {
    const parsed = MutelistEntry.safeParse(input);
    return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('accepts a minimal entry and a full one', () => {
    expect(messages(BASE)).toEqual([]);
    expect(messages({ ...BASE, accounts: ['012345678901', '1234*'], regions: ['eu-west-1', 'global', 'us-*'], resource: 'arn:aws:apigateway:*', tags: { env: 'prod*' } })).toEqual([]);
  });

  it.each([
    { name: 'check in lower case', patch: { check: 'policy-002' }, error: 'check: expected a check id such as POLICY-002, or a pattern with * such as POLICY-* or *' },
    { name: 'empty check', patch: { check: '' }, error: 'check: expected a check id such as POLICY-002' },
    { name: 'account of 11 digits', patch: { accounts: ['11111111111'] }, error: 'accounts.0: expected a 12-digit account id, or a pattern with * such as 1234*' },
    { name: 'account as a number', patch: { accounts: [111111111111] }, error: 'accounts.0: expected the account id as a quoted string, such as "012345678901"' },
    { name: 'empty accounts', patch: { accounts: [] }, error: 'accounts: list at least one, or leave out accounts to match any' },
    { name: 'region with capitals', patch: { regions: ['EU-West-1'] }, error: 'regions.0: expected a region such as eu-west-1 (global for Route 53)' },
    { name: 'empty regions', patch: { regions: [] }, error: 'regions: list at least one, or leave out regions to match any' },
    { name: 'resource not an ARN', patch: { resource: 'a1b2c3' }, error: 'resource: expected an ARN or an ARN pattern with *' },
    { name: 'tag value a number', patch: { tags: { cost: 12 } }, error: 'tags.cost: expected a tag value as text' },
    { name: 'no tags', patch: { tags: {} }, error: 'tags: list at least one tag, or leave out tags to match any' },
    { name: 'blank reason', patch: { reason: '  ' }, error: 'reason: must not be empty: why the risk is accepted' },
    { name: 'missing owner', patch: { owner: undefined }, error: 'owner: required: who accepted the risk (a person or team)' },
    { name: 'missing expires', patch: { expires: undefined }, error: 'expires: required: the last day the entry mutes, as YYYY-MM-DD' },
    { name: 'expires in another format', patch: { expires: '31/12/2026' }, error: 'expires: expected a date as YYYY-MM-DD, such as 2026-12-31' },
    { name: 'expires not a calendar date', patch: { expires: '2026-02-30' }, error: 'expires: 2026-02-30 is not a calendar date (expected YYYY-MM-DD, such as 2026-12-31)' },
    { name: 'expires a number', patch: { expires: 20261231 }, error: 'expires: expected a date as YYYY-MM-DD' },
    { name: 'unknown key', patch: { expiry: '2026-12-31' }, error: ': unknown key; expected check, accounts, regions, resource, tags, reason, owner, expires' },
  ])('$name', ({ patch, error }) => {
    const found = messages({ ...BASE, ...patch });
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(error);
  });

  it('accepts 29 February in a leap year only', () => {
    expect(messages({ ...BASE, expires: '2028-02-29' })).toEqual([]);
    expect(messages({ ...BASE, expires: '2027-02-29' })).toEqual(['expires: 2027-02-29 is not a calendar date (expected YYYY-MM-DD, such as 2026-12-31)']);
  });

  it('an entry that is not a mapping says what one looks like', () => {
    expect(messages('POLICY-002')).toEqual([': expected a mapping with check, reason, owner and expires (and optionally accounts, regions, resource, tags)']);
  });
});

describe('globPattern', () => {
  it('matches piece by piece, so many stars against a long near-miss finish (a backtracking regular expression hangs here)', () => {
    const stars = `${'*a'.repeat(12)}*b`;
    expect(globPattern(stars).test('a'.repeat(20_000))).toBe(false);
    expect(globPattern(stars).test(`${'a'.repeat(20_000)}b`)).toBe(true);
  });

  it('anchors both ends and keeps the last piece for the end', () => {
    expect(globPattern('arn:*:vpce/*').test('arn:aws:ec2:vpce/vpce-1')).toBe(true);
    expect(globPattern('ab*ab').test('ab')).toBe(false);
    expect(globPattern('ab*ab').test('abab')).toBe(true);
    expect(globPattern('a*b*c').test('acb')).toBe(false);
  });
});

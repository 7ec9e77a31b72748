import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { checks } from '../../checks/index.js';
import type { PrivapiConfig } from '../../src/cli/config-file.js';
import { addScopeOptions } from '../../src/cli/commands/collect.js';
import { selectChecks, withConfig } from '../../src/cli/settings.js';

/** The options commander parsed from `args`, and the command that knows where each came from. */
function parsed(args: string[]): { flags: Record<string, unknown>; cmd: Command } {
  const cmd = addScopeOptions(new Command('audit').exitOverride()).option('--fail-on <s>', 'threshold', 'LOW').option('--no-state', 'no state');
  cmd.parse(args, { from: 'user' });
  return { flags: cmd.opts(), cmd };
}

const config: PrivapiConfig = {
  accounts: { mode: 'organization', include: ['111111111111'], ous: ['ou-ab12-cdef3456'] },
  regions: ['eu-west-1'],
  role: { name: 'Auditor', externalId: 'xyz', assumeInCallerAccount: true },
  failOn: 'CRITICAL',
  collection: { accountConcurrency: 3, quotas: { ec2: { rate: 5, burst: 10 } } },
  state: { file: false },
};

describe('withConfig', () => {
  it('fills every flag left at its default from the file', () => {
    const { flags, cmd } = parsed([]);
    expect(withConfig(flags, cmd, config)).toMatchObject({
      org: true,
      includeAccounts: ['111111111111'],
      ou: ['ou-ab12-cdef3456'],
      regions: ['eu-west-1'],
      roleName: 'Auditor',
      externalId: 'xyz',
      callerUsesRole: true,
      failOn: 'CRITICAL',
      accountConcurrency: 3,
      quota: { ec2: { rate: 5, burst: 10 } },
      state: false,
    });
  });

  it('keeps what the command line says', () => {
    const { flags, cmd } = parsed(['--regions', 'us-east-1', '--role-name', 'Other', '--fail-on', 'HIGH', '--account-concurrency', '9']);
    expect(withConfig(flags, cmd, config)).toMatchObject({ regions: ['us-east-1'], roleName: 'Other', failOn: 'HIGH', accountConcurrency: 9, externalId: 'xyz' });
  });

  it('an account mode chosen on the command line replaces the file\'s whole account selection', () => {
    const { flags, cmd } = parsed(['--account', '222222222222']);
    const merged = withConfig(flags, cmd, config);
    expect(merged).toMatchObject({ account: ['222222222222'] });
    expect(merged).not.toHaveProperty('includeAccounts');
    expect(merged).not.toHaveProperty('ou');
    expect(merged).not.toHaveProperty('org');
  });

  it('account mode in the file lists its accounts under include', () => {
    const { flags, cmd } = parsed([]);
    expect(withConfig(flags, cmd, { accounts: { mode: 'account', include: ['333333333333'] } })).toMatchObject({ account: ['333333333333'] });
    expect(withConfig(flags, cmd, { accounts: { mode: 'account' } })).toMatchObject({ account: true });
  });

  it('ignores sections for flags the command does not have', () => {
    const { flags, cmd } = parsed([]);
    expect(withConfig(flags, cmd, { outputs: { dir: 'out' }, securityHub: true })).not.toHaveProperty('outputDir');
  });
});

describe('selectChecks', () => {
  it('selects by ids and patterns, minus exclusions, case-insensitively', () => {
    const policy = checks.filter((c) => c.id.startsWith('POLICY-')).map((c) => c.id);
    expect(selectChecks(['policy-*'], ['POLICY-001']).map((c) => c.id)).toEqual(policy.filter((id) => id !== 'POLICY-001'));
    expect(selectChecks(undefined).length).toBe(checks.length);
  });

  it('rejects a pattern that matches nothing, and an empty selection', () => {
    expect(() => selectChecks(['NOPE-*'])).toThrow('check id(s) or pattern(s) matching no check: NOPE-*');
    expect(() => selectChecks(['POLICY-001'], ['POLICY-*'])).toThrow('the check selection is empty');
  });
});

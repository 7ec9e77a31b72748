import { describe, expect, it } from 'vitest';
import { memberRolePolicy } from '../../src/collectors/permissions.js';
import { runCli } from '../helpers/cli.js';

const run = (...args: string[]) => runCli(args);

describe('privapi permissions', () => {
  it('prints the generated member-role policy as JSON', async () => {
    const { code, out } = await run('permissions');
    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual(memberRolePolicy('aws'));
  });

  it('prints the hub policy with --hub', async () => {
    const { code, out } = await run('permissions', '--hub', '--role-name', 'Auditor');
    expect(code).toBe(0);
    expect(out).toContain('arn:aws:iam::*:role/Auditor');
  });

  it('rejects an unknown partition with exit code 2', async () => {
    const { code, err } = await run('permissions', '--partition', 'mars');
    expect(code).toBe(2);
    expect(err).toContain('unknown partition "mars"');
  });
});

describe('privapi collect argument errors', () => {
  it('requires --out', async () => {
    const { code, err } = await run('collect');
    expect(code).toBe(2);
    expect(err).toContain('--out');
  });

  it('rejects malformed account ids, regions and OUs, naming the value', async () => {
    for (const [flag, value, message] of [
      ['--account', '12345', 'not a 12-digit account id: 12345'],
      ['--regions', 'useast1', 'not a region name: useast1'],
      ['--ou', 'marketing', 'not an OU or root id: marketing'],
      ['--quota', 'ec2=fast', 'expected SERVICE[:Operation]=RATE/BURST'],
    ] as const) {
      const { code, err } = await run('collect', '--out', 'x.json', flag, value);
      expect(code, flag).toBe(2);
      expect(err).toContain(message);
    }
  });

  it('rejects --org with --account', async () => {
    const { code, err } = await run('collect', '--out', 'x.json', '--org', '--account', '--region', 'us-east-1');
    expect(code).toBe(2);
    expect(err).toContain('--org and --account are exclusive');
  });

  it('shows examples and exit codes in --help', async () => {
    const { code, out } = await run('collect', '--help');
    expect(code).toBe(0);
    expect(out).toContain('Examples:');
    expect(out).toContain('Exit codes');
  });
});

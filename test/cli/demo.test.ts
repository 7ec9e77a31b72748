import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO, demoOrganization } from '../../src/aws/simulation/organization.js';
import { main } from '../../src/cli/main.js';
import { parseSnapshotText } from '../../src/model/snapshot.js';
import { silentLogger } from '../helpers/collector-context.js';

async function run(...args: string[]) {
  let out = '';
  let err = '';
  const code = await main(['node', 'privapi', ...args], { stdout: (t) => void (out += t), stderr: (t) => void (err += t), log: silentLogger });
  return { code, out, err };
}

describe('privapi demo', () => {
  it('audits the built-in organization end to end and prints what a real run prints', async () => {
    const { world } = demoOrganization();
    const missing = world.accounts.filter((a) => a.status === 'ACTIVE' && a.id !== world.managementAccountId).at(-1)!;
    const { code, out } = await run('demo', '--latency', '0');
    expect(code).toBe(0);
    expect(out).toContain(`Simulated organization (seed ${DEMO.seed}): ${DEMO.accounts} accounts`);
    expect(out).toMatch(/Collected 11 account\(s\), \d+ account-region\(s\): \d+ complete, 0 partial, 2 failed, 0 skipped/);
    expect(out).toContain(`${missing.id}  *`);
    expect(out).toContain('AssumeRole: AccessDenied');
    expect(out).toMatch(/skipped\s+\S+: account is SUSPENDED/);
    expect(out).toMatch(/\d+ AWS API calls in [\d.]+ s \(\d+ throttled and retried\)/);
    expect(out).toContain('A real run would exit 3 here');
    expect(out).toMatch(/\d+ failed, \d+ passed, \d+ not applicable, \d+ could not be evaluated/);
    const key = /Answer key: of the (\d+) problems the generator planted, (\d+) were found, (\d+) could not be evaluated \(their inventory was not collected\) and 0 were missed\./.exec(out);
    expect(key).not.toBeNull();
    expect(Number(key![2])).toBeGreaterThan(0);
  });

  it('collect --demo writes a valid snapshot of the same organization', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'privapi-demo-'));
    const file = join(dir, 'snapshot.json');
    const { code } = await run('collect', '--demo', '--out', file);
    expect(code).toBe(3);
    const snapshot = parseSnapshotText(await readFile(file, 'utf8'), file);
    const { world } = demoOrganization();
    expect(snapshot.callerAccountId).toBe(world.managementAccountId);
    expect(snapshot.regions).toEqual([...DEMO.regions].sort());
    expect(snapshot.regional.reduce((n, r) => n + r.restApis.length, 0)).toBeGreaterThan(0);
  });
});

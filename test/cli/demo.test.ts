import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO, demoOrganization } from '../../src/aws/simulation/organization.js';
import { parseSnapshotText } from '../../src/model/snapshot.js';
import { asffProblems } from '../../src/sinks/asff.js';
import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { runCli } from '../helpers/cli.js';

const run = (...args: string[]) => runCli(args);

describe('privapi demo', () => {
  it('audits the built-in organization end to end and prints what a real run prints', async () => {
    const { world } = demoOrganization();
    const missing = world.accounts.filter((a) => a.status === 'ACTIVE' && a.id !== world.managementAccountId).at(-1)!;
    const dir = await mkdtemp(join(tmpdir(), 'privapi-demo-'));
    const asffFile = join(dir, 'demo.asff.json');
    const { code, out } = await run('demo', '--latency', '0', '--asff-file', asffFile);
    expect(code).toBe(0);
    expect(out).toContain(`Simulated organization (seed ${DEMO.seed}): ${DEMO.accounts} accounts`);
    expect(out).toMatch(/Collected 11 account\(s\), \d+ account-region\(s\): \d+ complete, 0 partial, 2 failed, 0 skipped/);
    expect(out).toContain(`${missing.id}  *`);
    expect(out).toContain('AssumeRole: AccessDenied');
    expect(out).toMatch(/skipped\s+\S+: account is SUSPENDED/);
    expect(out).toMatch(/\d+ AWS API calls in [\d.]+ s \(\d+ throttled and retried\)/);
    expect(out).toContain('A real run would exit 3 here');
    expect(out).toMatch(/Checks: \d+ failed, \d+ passed, \d+ not applicable, \d+ could not be evaluated/);
    const key = /Answer key: of the (\d+) problems the generator planted, (\d+) were found, (\d+) could not be evaluated \(their inventory was not collected\) and 0 were missed\./.exec(out);
    expect(key).not.toBeNull();
    const planted = Number(key![2]);
    expect(planted).toBeGreaterThan(0);
    // The answer key plants catalog problems; the REACH checks add findings on top (the broken paths those problems cause).
    const run1 = /Run 1\. Findings since the previous run \(DynamoDB table privapi-demo\): (\d+) new/.exec(out);
    const found = Number(run1?.[1]);
    expect(found).toBeGreaterThanOrEqual(planted);

    // Two runs against DynamoDB and the simulated Security Hub: the fixed problem resolves, nothing else changes.
    expect(out).toContain(`Run 1. Findings since the previous run (DynamoDB table privapi-demo): ${found} new, 0 still failing, 0 resolved, 0 not re-evaluated (inventory incomplete, left open); 1 muted.`);
    expect(out).toContain(`Security Hub: ${found} imported (0 archived as resolved), 0 failed and kept for the next run.`);
    expect(out).toContain(`Run 2. Findings since the previous run (DynamoDB table privapi-demo): 0 new, ${found - 1} still failing, 1 resolved, 0 not re-evaluated (inventory incomplete, left open); 1 muted.`);
    expect(out).toContain(`Security Hub: ${found} imported (1 archived as resolved), 0 failed and kept for the next run.`);
    expect(out).toMatch(/history of privapi\/POLICY-002\/\w+: NONE -> NEW at \S+; NEW -> RESOLVED at \S+/);

    const { Findings } = JSON.parse(await readFile(asffFile, 'utf8')) as { Findings: AwsSecurityFinding[] };
    expect(Findings).toHaveLength(found);
    for (const f of Findings) expect(asffProblems(f), f.Id).toEqual([]);
    expect(Findings.filter((f) => !(f.GeneratorId ?? '').startsWith('REACH-'))).toHaveLength(planted);
    expect(Findings.filter((f) => f.RecordState === 'ARCHIVED').map((f) => f.Compliance?.Status)).toEqual(['PASSED']);
    expect(Findings.filter((f) => f.Workflow?.Status === 'SUPPRESSED')).toHaveLength(1);
    expect(new Set(Findings.map((f) => f.AwsAccountId)).size).toBeGreaterThan(3);
    for (const f of Findings) expect(f.ProductArn).toMatch(new RegExp(`^arn:aws:securityhub:(us-east-1|eu-west-1):${f.AwsAccountId}:product/${f.AwsAccountId}/default$`));
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

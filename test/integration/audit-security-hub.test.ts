import { describe, expect, it } from 'vitest';
import { generateWorld } from '../../src/aws/simulation/generator/index.js';
import type { LocatedEntry } from '../../src/engine/mutelist.js';
import { FileStateStore } from '../../src/sinks/state-file.js';
import { active, auditDays, stateDir } from '../helpers/audit-run.js';

const stateFile = stateDir('privapi-audit-');

const auditOnce = auditDays();

describe('audit to Security Hub through the simulated organization', () => {
  it('imports each finding in its own account and region, updates it next run, and archives it when resolved', async () => {
    const world = generateWorld({ seed: 11, accounts: 12, regions: ['us-east-1', 'eu-west-1'] });
    const store = new FileStateStore({ path: stateFile('sh.json'), retentionDays: 90 });
    const { result: first, org } = await auditOnce(world, store, { securityHub: true });
    const findings = active(first.findings);
    expect(first.run.securityHub).toEqual({ sent: findings.length, archived: 0, failed: 0, retriedFromEarlierRuns: 0, workflowUpdated: 0 });
    for (const f of findings) {
      const region = f.region === 'global' ? org.aws.region! : f.region;
      const stored = org.sim.securityHubFindings(f.accountId, region).find((s) => s.finding.Id === f.id);
      expect(stored, `${f.id} in ${f.accountId} ${region}`).toBeDefined();
      expect(stored!.finding).toMatchObject({ AwsAccountId: f.accountId, RecordState: 'ACTIVE', Compliance: { Status: 'FAILED' } });
    }

    const target = findings.find((f) => f.checkId === 'POLICY-002')!;
    const state = world.accounts.find((a) => a.id === target.accountId)!.regions[target.region]!;
    state.apigateway.restApis = state.apigateway.restApis.filter((a) => a.api.id !== target.resource.arn.split('/restapis/')[1]);
    const { result: second } = await auditOnce(world, store, { securityHub: true, org });
    const archived = org.sim.securityHubFindings(target.accountId, target.region).find((s) => s.finding.Id === target.id)!;
    expect(archived.finding).toMatchObject({ RecordState: 'ARCHIVED', Compliance: { Status: 'PASSED' } });
    expect(archived.imports).toBe(2);
    expect(second.run.securityHub!.archived).toBe(second.run.counts.byLifecycle.RESOLVED);
  });

  it('sets SUPPRESSED on findings muted after they were imported, with a note, and NEW when the mute ends', async () => {
    const world = generateWorld({ seed: 11, accounts: 12, regions: ['us-east-1', 'eu-west-1'] });
    const store = new FileStateStore({ path: stateFile('sh-mute.json'), retentionDays: 90 });
    const { result: first, org } = await auditOnce(world, store, { securityHub: true });
    const target = active(first.findings).find((f) => f.checkId === 'POLICY-002')!;
    const entry = (expires: string): LocatedEntry[] => [{ where: 'privapi.config.yaml:2 mutelist[0]', entry: { check: 'POLICY-002', accounts: [target.accountId], reason: 'migration in progress', owner: 'team-a@example.com', expires } }];
    const inHub = () => org.sim.securityHubFindings(target.accountId, target.region).find((s) => s.finding.Id === target.id)!.finding;

    const muted = (await auditOnce(world, store, { securityHub: true, org, mutelist: entry('2027-06-30') })).result;
    const suppressed = muted.findings.filter((f) => f.muted).length;
    expect(muted.run.securityHub!.workflowUpdated).toBe(suppressed);
    expect(inHub()).toMatchObject({ Workflow: { Status: 'SUPPRESSED' }, Note: { UpdatedBy: 'privapi' } });
    expect(inHub().Note!.Text).toContain('Owner: team-a@example.com. Reason: migration in progress');

    const again = (await auditOnce(world, store, { securityHub: true, org, mutelist: entry('2027-06-30') })).result;
    expect(again.run.securityHub!.workflowUpdated).toBe(0);

    const expired = (await auditOnce(world, store, { securityHub: true, org, mutelist: entry('2026-11-01') })).result;
    expect(expired.run.securityHub!.workflowUpdated).toBe(suppressed);
    expect(inHub().Workflow).toEqual({ Status: 'NEW' });
    expect(inHub().Note!.Text).toBe('privapi mutelist entry privapi.config.yaml:2 mutelist[0] no longer applies');
  });

  it('keeps findings Security Hub refused and delivers them on the next run', async () => {
    const world = generateWorld({ seed: 11, accounts: 12, regions: ['us-east-1', 'eu-west-1'] });
    const store = new FileStateStore({ path: stateFile('sh-retry.json'), retentionDays: 90 });
    const first = (await auditOnce(world, store)).result;
    const victim = active(first.findings)[0]!.accountId;
    const refused = (await auditOnce(world, store, { securityHub: true, faults: { securityHubDisabled: [{ accountId: victim }] } })).result;
    const owed = refused.findings.filter((f) => f.exportPending);
    expect(owed.length).toBe(active(first.findings).filter((f) => f.accountId === victim).length);
    expect(owed[0]!.exportPending!.error).toMatch(/InvalidAccessException/);
    expect(refused.run.problems.join('\n')).toContain('sent again on the next run');

    const { result: next, org } = await auditOnce(world, store, { securityHub: true });
    expect(next.findings.filter((f) => f.exportPending)).toEqual([]);
    for (const f of owed) expect(org.sim.securityHubFindings(f.accountId, f.region === 'global' ? org.aws.region! : f.region).some((s) => s.finding.Id === f.id)).toBe(true);
  });
});


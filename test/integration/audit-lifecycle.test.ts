import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { checks } from '../../checks/index.js';
import { generateWorld } from '../../src/aws/simulation/generator/index.js';
import type { FaultPlan } from '../../src/aws/simulation/server.js';
import type { LocatedEntry } from '../../src/engine/mutelist.js';
import type { Finding, RunRecord } from '../../src/model/finding.js';
import { FileStateStore } from '../../src/sinks/state-file.js';
import type { StateStore } from '../../src/sinks/state-store.js';
import { active, auditDays, stateDir } from '../helpers/audit-run.js';

const stateFile = stateDir('privapi-audit-');

const auditOnce = auditDays();

describe('audit lifecycle over the simulated organization', () => {
  it('a second identical run keeps every finding, with its id and FirstObservedAt, as STILL_FAILING', async () => {
    const world = generateWorld({ seed: 11, accounts: 12, regions: ['us-east-1', 'eu-west-1'] });
    const store = new FileStateStore({ path: stateFile('same.json'), retentionDays: 90 });
    const first = (await auditOnce(world, store)).result;
    const second = (await auditOnce(world, store)).result;
    const failing = first.results.filter((r) => r.status === 'FAIL').length;
    expect(first.run.counts.byLifecycle).toEqual({ NEW: failing, STILL_FAILING: 0, RESOLVED: 0, UNKNOWN: 0 });
    expect(second.run.counts.byLifecycle).toEqual({ NEW: 0, STILL_FAILING: failing, RESOLVED: 0, UNKNOWN: 0 });
    const firstSeen = new Map(first.findings.map((f) => [f.id, f.firstObservedAt]));
    for (const f of second.findings) expect(f.firstObservedAt).toBe(firstSeen.get(f.id));
    expect(second.findings.every((f) => f.lastObservedAt === second.run.startedAt)).toBe(true);
    expect(second.transitions.filter((t) => t.to !== 'STILL_FAILING')).toEqual([]);
  });

  it('a deleted API resolves its findings; a failed collection in another account resolves nothing there', async () => {
    const world = generateWorld({ seed: 11, accounts: 12, regions: ['us-east-1', 'eu-west-1'] });
    const store = new FileStateStore({ path: stateFile('fix.json'), retentionDays: 90 });
    const first = (await auditOnce(world, store)).result;
    const target = active(first.findings).find((f) => f.checkId === 'POLICY-002')!;
    const apiId = target.resource.arn.split('/restapis/')[1]!;
    const state = world.accounts.find((a) => a.id === target.accountId)!.regions[target.region]!;
    state.apigateway.restApis = state.apigateway.restApis.filter((a) => a.api.id !== apiId);
    const denied = active(first.findings).find((f) => f.accountId !== target.accountId && f.checkId.startsWith('POLICY'))!;

    const second = (await auditOnce(world, store, { faults: { accessDenied: [{ accountId: denied.accountId, service: 'apigateway' }] } })).result;
    const byId = new Map(second.findings.map((f) => [f.id, f]));
    expect(byId.get(target.id)).toMatchObject({ state: 'RESOLVED', lifecycle: 'RESOLVED', resolution: 'RESOURCE_GONE', resolvedAt: second.run.startedAt });
    const deniedAccount = second.findings.filter((f) => f.accountId === denied.accountId && checks.find((c) => c.id === f.checkId)!.requires.includes('apigateway'));
    expect(deniedAccount.length).toBeGreaterThan(0);
    expect(deniedAccount.every((f) => f.lifecycle === 'UNKNOWN' && f.state === 'ACTIVE')).toBe(true);
    expect(second.run.status).toBe('INCOMPLETE');
    expect(second.run.accounts.partial).toContain(denied.accountId);
  });

  it('nothing changed in the world: an account, or one service of it, that cannot be read resolves no finding anywhere', async () => {
    const world = generateWorld({ seed: 11, accounts: 12, regions: ['us-east-1', 'eu-west-1'] });
    const store = new FileStateStore({ path: stateFile('denied.json'), retentionDays: 90 });
    const first = (await auditOnce(world, store)).result;
    // The network account holds the zones, endpoints and Resolver rules other accounts' checks read.
    const network = [...world.accounts].sort((a, b) => b.route53.hostedZones.length - a.route53.hostedZones.length)[0]!.id;
    const faults: Array<[string, FaultPlan]> = [
      ...[...new Set(active(first.findings).map((f) => f.accountId))].map((accountId): [string, FaultPlan] => [`${accountId} unreadable`, { assumeRoleDenied: [accountId] }]),
      ...(['apigateway', 'ec2', 'elbv2', 'route53', 'route53resolver'] as const).map((service): [string, FaultPlan] => [`${service} denied in ${network}`, { accessDenied: [{ accountId: network, service }] }]),
    ];
    for (const [label, plan] of faults) {
      const run = (await auditOnce(world, store, { faults: plan })).result;
      const resolved = run.findings.filter((f) => f.lifecycle === 'RESOLVED');
      expect.soft(resolved.map((f) => `${f.checkId} ${f.accountId} ${f.resource.arn}`), label).toEqual([]);
      expect.soft(run.run.status, label).toBe('INCOMPLETE');
    }
    const recovered = (await auditOnce(world, store)).result;
    expect(recovered.run.counts.byLifecycle).toMatchObject({ NEW: 0, RESOLVED: 0, UNKNOWN: 0 });
    expect(recovered.run.counts.byLifecycle.STILL_FAILING).toBe(active(first.findings).length);
  }, 300_000);

  it('a run restricted to some checks touches only their findings', async () => {
    const world = generateWorld({ seed: 11, accounts: 12, regions: ['us-east-1', 'eu-west-1'] });
    const store = new FileStateStore({ path: stateFile('subset.json'), retentionDays: 90 });
    const first = (await auditOnce(world, store)).result;
    // Every API is deleted, yet only POLICY-002's findings may resolve: the others were not run.
    for (const a of world.accounts) for (const r of Object.values(a.regions)) r.apigateway.restApis = [];
    const second = (await auditOnce(world, store, { checkIds: ['POLICY-002'] })).result;
    expect(new Set(second.findings.map((f) => f.checkId))).toEqual(new Set(['POLICY-002']));
    expect(second.findings.every((f) => f.state === 'RESOLVED')).toBe(true);
    const stored = await store.loadFindings(first.snapshot.accounts.map((a) => a.id));
    const others = stored.filter((f) => f.checkId !== 'POLICY-002');
    expect(others.length).toBe(active(first.findings).filter((f) => f.checkId !== 'POLICY-002').length);
    expect(others.every((f) => f.state === 'ACTIVE' && f.runId === first.run.runId)).toBe(true);
  });

  it('muted findings are recorded as muted, and an expired entry is reported and mutes nothing', async () => {
    const world = generateWorld({ seed: 11, accounts: 12, regions: ['us-east-1', 'eu-west-1'] });
    const store = new FileStateStore({ path: stateFile('mute.json'), retentionDays: 90 });
    const mutelist: LocatedEntry[] = [
      { where: 'privapi.config.yaml:3 mutelist[0]', entry: { check: 'POLICY-*', reason: 'sandbox accounts', owner: 'platform@example.com', expires: '2027-01-31' } },
      { where: 'privapi.config.yaml:8 mutelist[1]', entry: { check: 'DNS-*', reason: 'old exception', owner: 'net@example.com', expires: '2026-01-31' } },
    ];
    const { result } = await auditOnce(world, store, { mutelist });
    const policy = active(result.findings).filter((f) => f.checkId.startsWith('POLICY'));
    const dns = active(result.findings).filter((f) => f.checkId.startsWith('DNS'));
    expect(policy.length).toBeGreaterThan(0);
    expect(policy.every((f) => f.muted?.entry === 'privapi.config.yaml:3 mutelist[0]')).toBe(true);
    expect(dns.length).toBeGreaterThan(0);
    expect(dns.every((f) => f.muted === undefined)).toBe(true);
    expect(result.run.counts.muted).toBe(policy.length);
    expect(result.run.expiredMutes).toEqual([`privapi.config.yaml:8 mutelist[1] (DNS-*, owner net@example.com) expired on 2026-01-31 and no longer mutes: ${dns.length} finding(s) it covered are active again`]);
  });
});

describe('audit failures', () => {
  it('a run that dies is recorded as FAILED with the reason, and the findings stay as they were', async () => {
    const world = generateWorld({ seed: 11, accounts: 6, regions: ['us-east-1', 'eu-west-1'] });
    const path = stateFile('dies.json');
    const store = new FileStateStore({ path, retentionDays: 90 });
    const first = (await auditOnce(world, store)).result;
    const broken: StateStore = {
      description: store.description,
      beginRun: (run) => store.beginRun(run),
      saveRun: (run, findings, transitions) => store.saveRun(run, findings, transitions),
      loadFindings: async () => {
        throw new Error('the table is unreachable');
      },
    };
    await expect(auditOnce(world, broken)).rejects.toThrow('the table is unreachable');
    const saved = JSON.parse(await readFile(path, 'utf8')) as { runs: RunRecord[]; findings: Finding[] };
    expect(saved.runs.map((r) => r.status)).toEqual([first.run.status, 'FAILED']);
    expect(saved.runs[1]!.problems).toEqual(['Error: the table is unreachable']);
    expect(saved.findings).toEqual(await store.loadFindings(first.snapshot.accounts.map((a) => a.id)));
    expect(saved.findings.every((f) => f.runId === first.run.runId)).toBe(true);
  });
});

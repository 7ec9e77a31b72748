import { describe, expect, it, vi } from 'vitest';
import { generateWorld } from '../../src/aws/simulation/generator/index.js';
import { serveWorld, type SimulatedOrganization } from '../../src/aws/simulation/organization.js';
import type { FaultPlan } from '../../src/aws/simulation/server.js';
import { FileStateStore } from '../../src/sinks/state-file.js';
import { active, auditDays, stateDir } from '../helpers/audit-run.js';

const stateFile = stateDir('privapi-expired-');
const auditOnce = auditDays();
const world = () => generateWorld({ seed: 11, accounts: 12, regions: ['us-east-1', 'eu-west-1'] });

/** Requests per account that made them (the caller's, AssumeRole included, count for the management account). */
function requestsByAccount(org: SimulatedOrganization): Map<string, number> {
  const out = new Map<string, number>();
  for (const [key, n] of org.sim.metrics.calls) {
    const accountId = key.split('|')[0]!;
    out.set(accountId, (out.get(accountId) ?? 0) + n);
  }
  return out;
}

const callsOf = (org: SimulatedOrganization, suffix: string) => [...org.sim.metrics.calls].filter(([key]) => key.endsWith(suffix)).reduce((n, [, c]) => n + c, 0);

/** The same organization with a fault plan, with AssumeRole counted per target account. */
function faulted(w: ReturnType<typeof world>, faults: FaultPlan) {
  const org = serveWorld(w, { enforceQuotas: false, faults });
  return { org, issued: vi.spyOn(org.sim, 'issueCredentials') };
}

describe('credentials refused as expired in the middle of a run', () => {
  it('role credentials refused mid-collection: the role is assumed again and the run loses nothing', async () => {
    // GIVEN a clean first run, and the three member accounts that made the most requests in it
    const w = world();
    const store = new FileStateStore({ path: stateFile('role.json'), retentionDays: 90 });
    const { result: baseline, org: clean } = await auditOnce(w, store);
    expect(baseline.run.status).toBe('COMPLETE');
    const byAccount = requestsByAccount(clean);
    const victims = [...byAccount].filter(([id]) => id !== w.managementAccountId).sort((a, b) => b[1] - a[1]).slice(0, 3);
    expect(victims.map(([, n]) => n).every((n) => n >= 10)).toBe(true);

    // WHEN each of them has its credentials refused halfway through its collection
    const { org, issued } = faulted(w, { expireCredentials: victims.map(([accountId, n]) => ({ accountId, afterRequests: Math.floor(n / 2) })) });
    const { result } = await auditOnce(w, store, { org });

    // THEN the refusals happened, each victim's role was assumed again, and the others' were not
    const refusals = (org.sim.metrics.errors.get('ExpiredToken') ?? 0) + (org.sim.metrics.errors.get('ExpiredTokenException') ?? 0);
    expect(refusals).toBeGreaterThanOrEqual(victims.length);
    const assumedFor = (accountId: string) => issued.mock.calls.filter(([id]) => id === accountId).length;
    for (const [accountId] of victims) expect(assumedFor(accountId), accountId).toBeGreaterThanOrEqual(2);
    for (const a of baseline.snapshot.accounts.filter((x) => !victims.some(([id]) => id === x.id) && x.id !== w.managementAccountId)) {
      expect(assumedFor(a.id), a.id).toBeLessThanOrEqual(1);
    }
    expect(callsOf(org, '|sts|AssumeRole') - callsOf(clean, '|sts|AssumeRole')).toBeGreaterThanOrEqual(victims.length);

    // AND the run is complete, with the same findings, all still failing: none resolved, none unknown
    expect(result.run.status).toBe('COMPLETE');
    expect(result.snapshot.collections.filter((c) => c.state !== 'complete' && c.state !== 'skipped')).toEqual([]);
    expect(result.findings.map((f) => f.id).sort()).toEqual(active(baseline.findings).map((f) => f.id).sort());
    expect(result.findings.every((f) => f.state === 'ACTIVE')).toBe(true);
    expect(result.run.counts.byLifecycle).toEqual({ NEW: 0, STILL_FAILING: active(baseline.findings).length, RESOLVED: 0, UNKNOWN: 0 });
  }, 120_000);

  it('the caller’s own credentials refused mid-run: what they cannot reach fails, naming the cause, and nothing resolves', async () => {
    // GIVEN a clean first run
    const w = world();
    const store = new FileStateStore({ path: stateFile('caller.json'), retentionDays: 90 });
    const { result: baseline, org: clean } = await auditOnce(w, store);
    const planning = callsOf(clean, '|sts|GetCallerIdentity') + [...clean.sim.metrics.calls].filter(([key]) => key.includes('|organizations|')).reduce((n, [, c]) => n + c, 0);

    // WHEN the caller's credentials are refused as expired a few requests after the accounts were listed
    const { org } = faulted(w, { expireCallerAfterRequests: planning + 3 });
    const { result } = await auditOnce(w, store, { org });

    // THEN the run is incomplete, some accounts were not collected, and each of their errors says whose credentials expired
    expect(result.run.status).toBe('INCOMPLETE');
    const hurt = [...result.run.accounts.failed, ...result.run.accounts.partial];
    expect(hurt.length).toBeGreaterThan(0);
    for (const accountId of hurt) {
      const errors = result.snapshot.collections.filter((c) => c.accountId === accountId).flatMap((c) => c.errors);
      expect(errors.length, accountId).toBeGreaterThan(0);
      for (const e of errors) {
        expect(e.code, accountId).toMatch(/^ExpiredToken(Exception)?$/);
        expect(e.message, accountId).toContain('the caller\'s own credentials expired');
      }
    }
    // AND no finding resolved: those of unreadable accounts are UNKNOWN, the others still failing
    expect(result.findings.filter((f) => f.lifecycle === 'RESOLVED' || f.state !== 'ACTIVE')).toEqual([]);
    expect(result.findings.filter((f) => f.lifecycle === 'UNKNOWN').length).toBeGreaterThan(0);
    expect(new Set(result.findings.map((f) => f.id))).toEqual(new Set(active(baseline.findings).map((f) => f.id)));
  }, 120_000);
});

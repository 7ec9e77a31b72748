import { describe, expect, it } from 'vitest';
import type { CheckResult, ResultStatus } from '../../src/model/check.js';
import type { Coverage } from '../../src/engine/coverage.js';
import { diffRun, type DiffInput } from '../../src/engine/lifecycle.js';
import { findingId, type Finding, type Lifecycle, type Mute } from '../../src/model/finding.js';

const ACCOUNT = '111111111111';
const REGION = 'us-east-1';
const API = `arn:aws:apigateway:${REGION}::/restapis/abc123`;
const CHECKS = new Map([['POLICY-002', { title: 'Private API invocable from any VPC endpoint', remediation: { text: 'Add aws:SourceVpce', url: 'https://docs.aws.amazon.com/x' } }]]);

function result(status: ResultStatus, overrides: Partial<CheckResult> = {}): CheckResult {
  return {
    checkId: 'POLICY-002',
    status,
    accountId: ACCOUNT,
    region: REGION,
    resource: { arn: API, type: 'AwsApiGatewayRestApi' },
    related: [],
    severity: 'HIGH',
    message: status === 'FAIL' ? 'open to any endpoint' : 'ok',
    ...(status === 'FAIL' ? { messageId: 'anyVpce' } : {}),
    ...overrides,
  };
}

const RUNS = ['2026-11-01T00:00:00.000Z', '2026-11-02T00:00:00.000Z', '2026-11-03T00:00:00.000Z', '2026-11-04T00:00:00.000Z'];

function run(n: number, results: CheckResult[], previous: Finding[], coverage: Coverage = 'complete', extra: Partial<DiffInput> = {}) {
  return diffRun({ runId: `run-${n}`, startedAt: RUNS[n]!, results, checks: CHECKS, coverage: () => coverage, previous, ...extra });
}

/** Builds the state after a sequence of runs, each given by its results (and coverage). */
function history(steps: Array<[CheckResult[], Coverage?]>): Finding[] {
  let state: Finding[] = [];
  steps.forEach(([results, coverage], i) => {
    const { findings } = run(i, results, state, coverage);
    const byId = new Map(state.map((f) => [f.id, f]));
    for (const f of findings) byId.set(f.id, f);
    state = [...byId.values()];
  });
  return state;
}

const ID = findingId(ACCOUNT, REGION, 'POLICY-002', API);

describe('diffRun: one transition per row', () => {
  const cases: Array<{ name: string; before: Array<[CheckResult[], Coverage?]>; now: CheckResult[]; coverage?: Coverage; expect: { lifecycle?: Lifecycle; state?: Finding['state']; untouched?: true; from?: string; resolution?: string } }> = [
    { name: 'FAIL, nothing before → NEW', before: [], now: [result('FAIL')], expect: { lifecycle: 'NEW', state: 'ACTIVE', from: 'NONE' } },
    { name: 'FAIL after NEW → STILL_FAILING', before: [[[result('FAIL')]]], now: [result('FAIL')], expect: { lifecycle: 'STILL_FAILING', state: 'ACTIVE', from: 'NEW' } },
    { name: 'FAIL after STILL_FAILING → STILL_FAILING, no transition', before: [[[result('FAIL')]], [[result('FAIL')]]], now: [result('FAIL')], expect: { lifecycle: 'STILL_FAILING', from: undefined } },
    { name: 'FAIL after UNKNOWN → STILL_FAILING', before: [[[result('FAIL')]], [[result('ERROR')]]], now: [result('FAIL')], expect: { lifecycle: 'STILL_FAILING', from: 'UNKNOWN' } },
    { name: 'FAIL after RESOLVED → NEW (recurrence)', before: [[[result('FAIL')]], [[result('PASS')]]], now: [result('FAIL')], expect: { lifecycle: 'NEW', state: 'ACTIVE', from: 'RESOLVED' } },
    { name: 'PASS after FAIL → RESOLVED (passed)', before: [[[result('FAIL')]]], now: [result('PASS')], expect: { lifecycle: 'RESOLVED', state: 'RESOLVED', from: 'NEW', resolution: 'PASSED' } },
    { name: 'NOT_APPLICABLE after FAIL → RESOLVED (not applicable)', before: [[[result('FAIL')]]], now: [result('NOT_APPLICABLE')], expect: { lifecycle: 'RESOLVED', resolution: 'NOT_APPLICABLE' } },
    { name: 'ERROR after FAIL → UNKNOWN', before: [[[result('FAIL')]]], now: [result('ERROR')], expect: { lifecycle: 'UNKNOWN', state: 'ACTIVE', from: 'NEW' } },
    { name: 'resource gone, complete inventory → RESOLVED (resource gone)', before: [[[result('FAIL')]]], now: [], coverage: 'complete', expect: { lifecycle: 'RESOLVED', state: 'RESOLVED', resolution: 'RESOURCE_GONE' } },
    { name: 'resource missing, partial inventory → UNKNOWN, never resolved', before: [[[result('FAIL')]]], now: [], coverage: 'incomplete', expect: { lifecycle: 'UNKNOWN', state: 'ACTIVE' } },
    { name: 'outside the run\'s scope → untouched', before: [[[result('FAIL')]]], now: [], coverage: 'outside', expect: { untouched: true } },
    { name: 'PASS with nothing before → no finding', before: [], now: [result('PASS')], expect: { untouched: true } },
    { name: 'ERROR with nothing before → no finding', before: [], now: [result('ERROR')], expect: { untouched: true } },
    { name: 'PASS after RESOLVED → untouched', before: [[[result('FAIL')]], [[result('PASS')]]], now: [result('PASS')], expect: { untouched: true } },
    { name: 'gone after RESOLVED → untouched', before: [[[result('FAIL')]], [[result('PASS')]]], now: [], expect: { untouched: true } },
  ];

  for (const c of cases) {
    it(c.name, () => {
      const previous = history(c.before);
      const out = run(c.before.length, c.now, previous, c.coverage ?? 'complete');
      const f = out.findings.find((x) => x.id === ID);
      if (c.expect.untouched) {
        expect(f).toBeUndefined();
        expect(out.transitions).toEqual([]);
        return;
      }
      expect(f).toBeDefined();
      if (c.expect.lifecycle) expect(f!.lifecycle).toBe(c.expect.lifecycle);
      if (c.expect.state) expect(f!.state).toBe(c.expect.state);
      if (c.expect.resolution) expect(f!.resolution).toBe(c.expect.resolution);
      if ('from' in c.expect) {
        const t = out.transitions.find((x) => x.findingId === ID);
        if (c.expect.from === undefined) expect(t).toBeUndefined();
        else expect(t).toMatchObject({ from: c.expect.from, to: f!.lifecycle, runId: `run-${c.before.length}`, at: RUNS[c.before.length] });
      }
    });
  }
});

describe('diffRun: timestamps', () => {
  it('keeps FirstObservedAt from the first run and moves LastObservedAt to the latest', () => {
    const state = history([[[result('FAIL')]], [[result('FAIL')]]]);
    const { findings } = run(2, [result('FAIL')], state);
    expect(findings[0]).toMatchObject({ firstObservedAt: RUNS[0], lastObservedAt: RUNS[2], updatedAt: RUNS[2] });
  });

  it('UNKNOWN leaves LastObservedAt at the last run that saw the problem', () => {
    const state = history([[[result('FAIL')]]]);
    const { findings } = run(1, [result('ERROR')], state);
    expect(findings[0]).toMatchObject({ firstObservedAt: RUNS[0], lastObservedAt: RUNS[0], updatedAt: RUNS[1] });
  });

  it('a recurrence starts a new occurrence under the same id', () => {
    const state = history([[[result('FAIL')]], [[result('PASS')]]]);
    const { findings, transitions } = run(2, [result('FAIL')], state);
    expect(findings[0]).toMatchObject({ id: ID, firstObservedAt: RUNS[2], state: 'ACTIVE' });
    expect(findings[0]!.resolvedAt).toBeUndefined();
    expect(transitions[0]!.note).toBe(`recurred after being resolved at ${RUNS[1]}`);
  });

  it('resolution records when and why', () => {
    const state = history([[[result('FAIL')]]]);
    const { findings } = run(1, [], state, 'complete');
    expect(findings[0]).toMatchObject({ resolvedAt: RUNS[1], resolution: 'RESOURCE_GONE', firstObservedAt: RUNS[0], lastObservedAt: RUNS[0] });
  });
});

describe('diffRun: identity', () => {
  it('the same problem keeps its id across runs; another resource, region or account gets another', () => {
    const other = [
      result('FAIL', { resource: { arn: `${API}x`, type: 'AwsApiGatewayRestApi' } }),
      result('FAIL', { region: 'eu-west-1' }),
      result('FAIL', { accountId: '222222222222' }),
      result('FAIL', { checkId: 'POLICY-003' }),
    ];
    const { findings } = run(0, [result('FAIL'), ...other], []);
    expect(new Set(findings.map((f) => f.id)).size).toBe(5);
    expect(findings[0]!.id).toBe(ID);
  });

  it('copies the check title and remediation onto the finding', () => {
    const { findings } = run(0, [result('FAIL')], []);
    expect(findings[0]).toMatchObject({ title: CHECKS.get('POLICY-002')!.title, remediation: CHECKS.get('POLICY-002')!.remediation, messageId: 'anyVpce', severity: 'HIGH' });
  });
});

describe('diffRun: mutes', () => {
  const mute: Mute = { entry: 'privapi.config.yaml:4 mutelist[0]', reason: 'sandbox', owner: 'platform@example.com', expires: '2026-12-31' };

  it('a muted failing result is still a finding, marked muted, and the history says by what', () => {
    const { findings, transitions, counts } = run(0, [result('FAIL')], [], 'complete', { muteOf: () => mute });
    expect(findings[0]).toMatchObject({ state: 'ACTIVE', lifecycle: 'NEW', muted: mute });
    expect(transitions[0]!.note).toContain('muted by privapi.config.yaml:4 mutelist[0]');
    expect(counts.muted).toBe(1);
    expect(counts.bySeverity.HIGH).toBe(1);
  });

  it('when the mute expires the finding is active again, and history records it', () => {
    const state = run(0, [result('FAIL')], [], 'complete', { muteOf: () => mute }).findings;
    const { findings, transitions } = run(1, [result('FAIL')], state, 'complete', { muteOf: () => undefined });
    expect(findings[0]!.muted).toBeUndefined();
    expect(transitions).toHaveLength(1);
    expect(transitions[0]).toMatchObject({ from: 'NEW', to: 'STILL_FAILING' });
    expect(transitions[0]!.note).toContain('no longer muted');
  });

  it('a resolved finding drops its mute', () => {
    const state = run(0, [result('FAIL')], [], 'complete', { muteOf: () => mute }).findings;
    const { findings } = run(1, [result('PASS')], state);
    expect(findings[0]!.muted).toBeUndefined();
  });
});

describe('diffRun: retried runs are idempotent', () => {
  it('re-diffing the same run against its own first attempt gives the same records and transitions', () => {
    const base = history([[[result('FAIL')]]]);
    const first = run(1, [result('FAIL'), result('FAIL', { region: 'eu-west-1' })], base);
    const stored = new Map(base.map((f) => [f.id, f]));
    for (const f of first.findings) stored.set(f.id, f);
    const second = run(1, [result('FAIL'), result('FAIL', { region: 'eu-west-1' })], [...stored.values()]);
    expect(second.findings).toEqual(first.findings);
    expect(second.counts).toEqual(first.counts);
    const key = (t: { findingId: string; runId: string; to: string }) => `${t.findingId}|${t.runId}|${t.to}`;
    expect(new Set(second.transitions.map(key))).toEqual(new Set(first.transitions.filter((t) => t.from === 'NONE').map(key)));
  });
});

describe('diffRun: counts', () => {
  it('counts active findings by severity and every record by lifecycle, and ERROR results as unevaluated', () => {
    const state = history([[[result('FAIL'), result('FAIL', { region: 'eu-west-1', severity: 'LOW' })]]]);
    const out = run(1, [result('FAIL'), result('PASS', { region: 'eu-west-1' }), result('FAIL', { accountId: '333333333333', severity: 'CRITICAL' }), result('ERROR', { checkId: 'POLICY-003' })], state);
    expect(out.counts.byLifecycle).toEqual({ NEW: 1, STILL_FAILING: 1, RESOLVED: 1, UNKNOWN: 0 });
    expect(out.counts.bySeverity).toEqual({ INFORMATIONAL: 0, LOW: 0, MEDIUM: 0, HIGH: 1, CRITICAL: 1 });
    expect(out.counts.unevaluated).toBe(1);
  });
});

import { describe, expect, it } from 'vitest';
import { demoReport } from '../helpers/demo-report.js';

describe('reportFromSnapshot', () => {
  it('evaluates the demo organization offline: every failing result is a NEW, active finding', async () => {
    const report = await demoReport();
    const fails = report.results!.filter((r) => r.status === 'FAIL');
    expect(fails.length).toBeGreaterThan(20);
    expect(report.findings).toHaveLength(fails.length);
    expect(new Set(report.findings.map((f) => `${f.state} ${f.lifecycle}`))).toEqual(new Set(['ACTIVE NEW']));
    expect(report.collection!.some((r) => r.state === 'failed')).toBe(true);
    expect(report.source).toEqual({ kind: 'snapshot', file: 'demo' });
  });
});

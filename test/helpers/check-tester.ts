import { describe, expect, it } from 'vitest';
import { runCheck, type CheckDefinition, type CheckResult } from '../../src/model/check.js';
import { InventoryIndex } from '../../src/model/inventory-index.js';
import type { Snapshot } from '../../src/model/inventory.js';

export interface FailCase {
  snapshot: Snapshot;
  /** Every FAIL the check must report: primary resource ARN and message id, nothing more. */
  findings: Array<{ resource: string; messageId: string }>;
}

export interface CheckCases {
  pass: Snapshot[];
  fail: FailCase[];
  notApplicable: Snapshot[];
  /** Inventories whose needed collection failed: the check must say ERROR there, never PASS or FAIL. */
  error: Snapshot[];
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** Runs a check over a frozen inventory, so a check that mutates its input fails loudly. */
export function resultsOf(check: CheckDefinition, snapshot: Snapshot): CheckResult[] {
  return runCheck(check, new InventoryIndex(deepFreeze(structuredClone(snapshot))));
}

const statuses = (results: readonly CheckResult[], status: CheckResult['status']) => results.filter((r) => r.status === status);

/** The standard cases every check is tested with; a case without cases is a test defect. */
export function testCheck(check: CheckDefinition, cases: CheckCases): void {
  describe(`${check.id}: ${check.title}`, () => {
    it('has every kind of case', () => {
      expect(cases.pass.length * cases.fail.length * cases.notApplicable.length * cases.error.length).toBeGreaterThan(0);
      for (const c of cases.fail) expect(c.findings.length, 'a failing case must expect at least one finding').toBeGreaterThan(0);
    });

    it.each(cases.pass.map((s, i) => [i, s] as const))('passes case %i', (_i, snapshot) => {
      const results = resultsOf(check, snapshot);
      expect(statuses(results, 'FAIL')).toEqual([]);
      expect(statuses(results, 'ERROR')).toEqual([]);
      expect(statuses(results, 'PASS').length).toBeGreaterThan(0);
    });

    it.each(cases.fail.map((c, i) => [i, c] as const))('fails case %i with exactly the expected findings', (_i, c) => {
      const results = resultsOf(check, c.snapshot);
      const found = statuses(results, 'FAIL').map((r) => ({ resource: r.resource.arn, messageId: r.messageId }));
      expect(found).toEqual(expect.arrayContaining(c.findings));
      expect(found).toHaveLength(c.findings.length);
      for (const r of statuses(results, 'FAIL')) expect(check.messages[r.messageId as keyof typeof check.messages], `message id ${r.messageId}`).toBeDefined();
    });

    it.each(cases.notApplicable.map((s, i) => [i, s] as const))('is not applicable in case %i', (_i, snapshot) => {
      const results = resultsOf(check, snapshot);
      expect(results.filter((r) => r.status !== 'NOT_APPLICABLE')).toEqual([]);
      expect(results.length).toBeGreaterThan(0);
    });

    it.each(cases.error.map((s, i) => [i, s] as const))('reports ERROR, never PASS or FAIL, where its inventory failed (case %i)', (_i, snapshot) => {
      const results = resultsOf(check, snapshot);
      const errors = statuses(results, 'ERROR');
      expect(errors.length).toBeGreaterThan(0);
      const scopes = new Set(errors.map((r) => `${r.accountId}|${r.region}`));
      expect(results.filter((r) => (r.status === 'PASS' || r.status === 'FAIL') && scopes.has(`${r.accountId}|${r.region}`))).toEqual([]);
    });
  });
}

import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEFAULT_CHAOS, runScenario, type ChaosOptions } from '../../src/chaos/harness.js';
import { chaosScenarios } from '../../src/chaos/scenarios.js';
import { rowPasses } from '../../src/chaos/table.js';
import { startLocalDynamoDb, type LocalDynamo } from '../../src/sinks/local-dynamodb.js';

/**
 * The suite runs the scenarios `npm run chaos` runs, on the same organization, split over a few
 * files so the two test workers share them. Storms last 5 s here instead of a minute: long enough
 * to cover the whole faulted run at CPU speed, which is what "for a minute" means for a real one.
 */
const OPTIONS: ChaosOptions = { ...DEFAULT_CHAOS, stormMs: 5_000 };

/** Which file runs which scenario; hub.test.ts checks that together they run every one. */
export const SUITES = {
  collection: ['throttling-storm', 'assume-role-denied', 'service-denied', 'region-not-enabled', 'expired-credentials', 'caller-credentials-expired'],
  responses: ['malformed-policy', 'truncated-page', 'repeated-page-token', 'unknown-enum', 'missing-fields'],
  sinks: ['security-hub-failed-findings', 'security-hub-throttling', 'security-hub-outage', 'dynamodb-throttling', 'dynamodb-unprocessed-items', 'dynamodb-concurrent-run'],
  hub: ['lambda-timeout', 'worker-crash', 'worker-fails-every-retry', 'run-retried'],
} as const;

export function chaosSuite(ids: readonly string[]): void {
  let local: LocalDynamo;
  beforeAll(async () => {
    local = await startLocalDynamoDb();
  });
  afterAll(async () => {
    await local.close();
  });
  for (const [i, id] of ids.entries()) {
    const scenario = chaosScenarios.find((s) => s.id === id);
    it(`${id}: nothing lost, wrongly resolved or wrongly created; the run reports ${scenario?.expectedStatus}`, async () => {
      expect(scenario, `scenario ${id}`).toBeDefined();
      const row = await runScenario(scenario!, local, OPTIONS, `chaos-${id}-${i}`);
      const verdict = `${id}: ${row.notes.join('; ')}`;
      expect(row.injected, `the fault hit: ${verdict}`).toBeGreaterThan(0);
      expect(row.damage, verdict).toEqual({ lost: [], wronglyResolved: [], wronglyCreated: [] });
      expect(row.status, verdict).toBe(row.expectedStatus);
      expect(row.recovery, verdict).toBe('COMPLETE');
      expect(rowPasses(row)).toBe(true);
      if (row.expectedStatus === 'INCOMPLETE' && id !== 'caller-credentials-expired') expect(row.heldUnknown, `${id}: findings it could not judge are UNKNOWN`).toBeGreaterThan(0);
    }, 120_000);
  }
}

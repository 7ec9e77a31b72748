import { describe, expect, it } from 'vitest';
import { runCheck, type CheckDefinition } from '../../src/model/check.js';
import { InventoryIndex } from '../../src/model/inventory-index.js';
import { simulatedSnapshot } from './simulated-snapshot.js';

/** Each check, run on the simulated organization, must report exactly the FAILs its answer key lists, and no ERROR. */
export function describeAnswerKey(area: string, checks: readonly CheckDefinition[]): void {
  describe(`${area} checks on the simulated organization report exactly its answer key`, () => {
    it.each(checks.map((c) => [c.id, c] as const))('%s', async (id, check) => {
      const { world, snapshot } = await simulatedSnapshot();
      const results = runCheck(check, new InventoryIndex(snapshot));
      const found = results.filter((r) => r.status === 'FAIL').map((r) => `${r.accountId}|${r.region}|${r.resource.arn}`).sort();
      const expected = world.answerKey.filter((f) => f.checkId === id).map((f) => `${f.accountId}|${f.region}|${f.resource}`).sort();
      expect(found).toEqual(expected);
      expect(results.filter((r) => r.status === 'ERROR')).toEqual([]);
    });
  });
}

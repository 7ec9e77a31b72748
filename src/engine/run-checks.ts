import { runCheck, type CheckDefinition, type CheckResult } from '../model/check.js';
import { InventoryIndex } from '../model/inventory-index.js';
import type { Snapshot } from '../model/inventory.js';

export interface CatalogRun {
  results: CheckResult[];
  /** Checks that threw: each becomes one ERROR result instead of ending the run. */
  crashed: Array<{ checkId: string; message: string }>;
}

/** Runs every check over one snapshot. Pure: the same snapshot always gives the same results. */
export function runCatalog(checks: readonly CheckDefinition[], snapshot: Snapshot): CatalogRun {
  const index = new InventoryIndex(snapshot);
  const results: CheckResult[] = [];
  const crashed: CatalogRun['crashed'] = [];
  for (const check of checks) {
    try {
      results.push(...runCheck(check, index));
    } catch (err) {
      const message = `check ${check.id} failed to evaluate: ${(err as Error).message}`;
      crashed.push({ checkId: check.id, message });
      results.push({
        checkId: check.id,
        status: 'ERROR',
        accountId: snapshot.callerAccountId,
        region: 'global',
        resource: { arn: `privapi:check/${check.id}`, type: 'Other' },
        related: [],
        severity: check.severity,
        messageId: 'checkCrashed',
        message,
      });
    }
  }
  return { results, crashed };
}

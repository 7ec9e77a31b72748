import { runCheck, type CheckDefinition, type CheckResult } from '../model/check.js';
import { InventoryIndex } from '../model/inventory-index.js';
import type { Snapshot } from '../model/inventory.js';
import { collectedServices, type Collected } from './coverage.js';

export interface CatalogRun {
  results: CheckResult[];
  /** Checks that threw: each becomes one ERROR result instead of ending the run. */
  crashed: Array<{ checkId: string; message: string }>;
}

/** Runs every check over one snapshot. Pure: the same snapshot always gives the same results. */
export function runCatalog(checks: readonly CheckDefinition[], snapshot: Snapshot): CatalogRun {
  const index = new InventoryIndex(snapshot);
  const collected = collectedServices(snapshot);
  const results: CheckResult[] = [];
  const crashed: CatalogRun['crashed'] = [];
  for (const check of checks) {
    try {
      results.push(...runCheck(check, index).map((r) => distrusted(r, check, collected)));
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

/**
 * A PASS or NOT_APPLICABLE resolves a finding, so it must not rest on inventory that was not
 * collected: where a service the check requires is incomplete for the result's account and region,
 * the result becomes ERROR whatever the check concluded from what it had (the contract `requires`
 * states; a check that forgets to test one of its services cannot turn AccessDenied into a PASS).
 */
function distrusted(result: CheckResult, check: CheckDefinition, collected: Collected): CheckResult {
  if (result.status !== 'PASS' && result.status !== 'NOT_APPLICABLE') return result;
  const missing = check.requires.filter((s) => !collected.complete(result.accountId, result.region, s));
  if (missing.length === 0) return result;
  return {
    ...result,
    status: 'ERROR',
    messageId: 'notCollected',
    message: `${check.id} could not be evaluated for ${result.resource.arn}: ${missing.join(', ')} ${missing.length > 1 ? 'were' : 'was'} not completely collected in ${result.accountId} ${result.region}, so its ${result.status} is not trusted`,
  };
}

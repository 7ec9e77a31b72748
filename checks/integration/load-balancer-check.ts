import type { CheckResult, Reporter } from '../../src/model/check.js';
import type { InventoryIndex } from '../../src/model/inventory-index.js';
import { lbRef, unlistedLoadBalancerScopes, type BackendUse } from './common.js';

/**
 * One result per load balancer: judged where it is in use, NOT_APPLICABLE where it is known not
 * to be, ERROR where that cannot be told (or its listing failed).
 */
export function perLoadBalancer<M extends string>(
  inventory: InventoryIndex,
  report: Reporter<M>,
  uses: ReadonlyMap<string, BackendUse>,
  uncertain: (at: { accountId: string; region: string }) => string | undefined,
  judge: (use: BackendUse) => CheckResult | undefined,
): CheckResult[] {
  const results = [...inventory.loadBalancers.values()].map((lb) => {
    const resource = lbRef(lb.arn);
    const use = uses.get(lb.arn);
    if (use) return judge(use) ?? report.pass(lb, resource, use.via);
    const reason = uncertain(lb);
    return reason ? report.error(lb, resource, reason) : report.notApplicable(lb, resource);
  });
  return [...results, ...unlistedLoadBalancerScopes(inventory).map((s) => report.error(s, lbRef(s.arn), s.reason))];
}

import type { CheckResult } from '../model/check.js';
import type { Service, Snapshot } from '../model/inventory.js';

/**
 * What one run can say about an (account, region, check):
 * - `outside`: the run did not look there (another account, region or check was asked for);
 *   findings there must be left exactly as they are.
 * - `incomplete`: it looked but some inventory the check reads was not collected, or the check
 *   could not evaluate something there; absence of a FAIL proves nothing.
 * - `complete`: every service the check reads was fully collected there and the check evaluated
 *   everything; a previous finding with no FAIL now is really gone.
 */
export type Coverage = 'outside' | 'incomplete' | 'complete';

export interface CoverageCheck {
  id: string;
  requires: readonly Service[];
}

// Route 53 is collected once per account under this pseudo-region.
const GLOBAL_REGION = 'global';
const GLOBAL_SERVICES: ReadonlySet<Service> = new Set(['route53']);
// An account that failed before its regions were known (AssumeRole denied) records this region.
const ALL_REGIONS = '*';

export type CoverageOf = (accountId: string, region: string, checkId: string) => Coverage;

/** How completely the snapshot holds each (account, region, service). */
export interface Collected {
  /** True when the service was fully collected there (for the global pseudo-region: in every region of the account). */
  complete(accountId: string, region: string, service: Service): boolean;
  /** The account failed before its regions were known (AssumeRole denied). */
  failedEverywhere(accountId: string): boolean;
  regionsOf(accountId: string): ReadonlySet<string> | undefined;
}

export function collectedServices(snapshot: Snapshot): Collected {
  const state = new Map<string, string>();
  const regionsOf = new Map<string, Set<string>>();
  const failedEverywhere = new Set<string>();
  for (const s of snapshot.collections) {
    state.set(`${s.accountId}|${s.region}|${s.service}`, s.state);
    if (s.region === ALL_REGIONS) failedEverywhere.add(s.accountId);
    else regionsOf.set(s.accountId, (regionsOf.get(s.accountId) ?? new Set()).add(s.region));
  }
  return {
    complete: (accountId, region, service) => {
      if (GLOBAL_SERVICES.has(service)) return state.get(`${accountId}|${GLOBAL_REGION}|${service}`) === 'complete';
      // A result placed in the global pseudo-region may draw on any region of the account.
      const regions = region === GLOBAL_REGION ? [...(regionsOf.get(accountId) ?? [])].filter((r) => r !== GLOBAL_REGION) : [region];
      return regions.every((r) => state.get(`${accountId}|${r}|${service}`) === 'complete');
    },
    failedEverywhere: (accountId) => failedEverywhere.has(accountId),
    regionsOf: (accountId) => regionsOf.get(accountId),
  };
}

export function coverageOf(snapshot: Snapshot, checks: readonly CoverageCheck[], results: readonly CheckResult[], crashedCheckIds: readonly string[] = []): CoverageOf {
  const requires = new Map(checks.map((c) => [c.id, c.requires]));
  const crashed = new Set(crashedCheckIds);
  const audited = new Set(snapshot.accounts.map((a) => a.id));
  const collected = collectedServices(snapshot);
  const errored = new Set(results.filter((r) => r.status === 'ERROR').map((r) => `${r.accountId}|${r.region}|${r.checkId}`));

  return (accountId, region, checkId) => {
    const needs = requires.get(checkId);
    if (needs === undefined || !audited.has(accountId)) return 'outside';
    if (collected.failedEverywhere(accountId)) return 'incomplete';
    if (!collected.regionsOf(accountId)?.has(region)) return 'outside';
    if (crashed.has(checkId) || errored.has(`${accountId}|${region}|${checkId}`)) return 'incomplete';
    return needs.every((s) => collected.complete(accountId, region, s)) ? 'complete' : 'incomplete';
  };
}

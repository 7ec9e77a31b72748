import type { Random } from '../random.js';
import { ARCHITECTURES } from './architectures/index.js';
import type { ArchitectureSpec } from './architectures/types.js';

/** Share of instances drawn broken once every variant has been placed. */
const BROKEN_SHARE = 0.2;
/** Share of workload accounts that also run a public (REGIONAL) API. */
const PUBLIC_API_SHARE = 0.05;
/** Attempts to fill one account before moving on: a draw can fail when its sites conflict. */
const FILL_ATTEMPTS = 10;

export interface PlannedInstance {
  spec: ArchitectureSpec;
  variant: string;
  /** The workload accounts it spans, primary first. */
  accounts: string[];
  regions: string[];
}

export interface Site {
  accountId: string;
  region: string;
}

export interface Plan {
  instances: PlannedInstance[];
  /** Where a plain public API is added as noise. */
  publicApiSites: Site[];
}

interface Needs {
  privateDns: boolean;
  publicApi: boolean;
}

function needsOf(spec: ArchitectureSpec, variant: string): Needs {
  return { privateDns: spec.privateDns, publicApi: spec.variants[variant]?.publicApi ?? false };
}

/**
 * DNS-003 fires wherever a VPC with execute-api private DNS shares an account and region with a
 * REGIONAL or EDGE API, so the two only meet where a variant creates both on purpose.
 */
class SiteLedger {
  private readonly privateDns = new Set<string>();
  private readonly publicApi = new Set<string>();

  fits(accountId: string, region: string, needs: Needs): boolean {
    const key = `${accountId}|${region}`;
    return !(needs.publicApi && this.privateDns.has(key)) && !(needs.privateDns && this.publicApi.has(key));
  }

  take(accountId: string, region: string, needs: Needs): void {
    const key = `${accountId}|${region}`;
    if (needs.privateDns) this.privateDns.add(key);
    if (needs.publicApi) this.publicApi.add(key);
  }
}

/**
 * Every variant of every architecture once (public-API ones first, so private-DNS VPCs stay out of
 * their sites), spread round-robin over the workload accounts; then each account is topped up to
 * 1–3 instances drawn from a realistic mix. Small organizations may not fit every variant.
 */
export function planInstances(rng: Random, workloadAccounts: readonly string[], regions: readonly string[]): Plan {
  const ledger = new SiteLedger();
  const counts = new Map<string, number>();
  const instances: PlannedInstance[] = [];
  const publicApiSites: Site[] = [];

  const place = (spec: ArchitectureSpec, variant: string, accountId: string): boolean => {
    const needs = needsOf(spec, variant);
    const others = spec.workloadAccounts === 2 ? workloadAccounts.filter((a) => a !== accountId) : [];
    if (spec.workloadAccounts === 2 && others.length === 0) return false;
    const candidates = spec.multiRegion ? [regions.slice(0, 2)] : regionOrder(rng, regions).map((r) => [r]);
    const fitting = candidates.find((rs) => rs.every((region) => ledger.fits(accountId, region, needs)));
    if (!fitting) return false;
    fitting.forEach((region) => ledger.take(accountId, region, needs));
    instances.push({ spec, variant, accounts: others.length ? [accountId, rng.pick(others)] : [accountId], regions: fitting });
    counts.set(accountId, (counts.get(accountId) ?? 0) + 1);
    return true;
  };
  const placePublicApi = (accountId: string): boolean => {
    const needs = { privateDns: false, publicApi: true };
    const region = regionOrder(rng, regions).find((r) => ledger.fits(accountId, r, needs));
    if (region === undefined) return false;
    ledger.take(accountId, region, needs);
    publicApiSites.push({ accountId, region });
    return true;
  };

  let cursor = 0;
  const roundRobin = (placeAt: (accountId: string) => boolean) => {
    for (let tries = 0; tries < workloadAccounts.length; tries++) {
      const accountId = workloadAccounts[cursor++ % workloadAccounts.length];
      if (accountId !== undefined && placeAt(accountId)) return;
    }
  };
  roundRobin(placePublicApi);
  const everyVariant = ARCHITECTURES.flatMap(({ spec }) => Object.keys(spec.variants).map((variant) => ({ spec, variant })));
  const publicFirst = [...everyVariant].sort((x, y) => Number(needsOf(y.spec, y.variant).publicApi) - Number(needsOf(x.spec, x.variant).publicApi));
  for (const { spec, variant } of publicFirst) roundRobin((accountId) => place(spec, variant, accountId));

  for (const accountId of workloadAccounts) {
    const target = rng.int(1, 3);
    for (let attempt = 0; attempt < FILL_ATTEMPTS && (counts.get(accountId) ?? 0) < target; attempt++) {
      const { spec, variant } = draw(rng);
      place(spec, variant, accountId);
    }
    if (rng.chance(PUBLIC_API_SHARE)) placePublicApi(accountId);
  }
  return { instances, publicApiSites };
}

/** All regions in a random order, the primary first half of the time (most workloads live there). */
function regionOrder(rng: Random, regions: readonly string[]): string[] {
  const order = [...regions];
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [order[i], order[j]] = [order[j] as string, order[i] as string];
  }
  const primary = regions[0];
  if (primary !== undefined && rng.chance(0.5)) return [primary, ...order.filter((r) => r !== primary)];
  return order;
}

const TOTAL_WEIGHT = ARCHITECTURES.reduce((sum, a) => sum + a.weight, 0);

function draw(rng: Random): { spec: ArchitectureSpec; variant: string } {
  let roll = rng.float() * TOTAL_WEIGHT;
  const chosen = ARCHITECTURES.find((a) => (roll -= a.weight) < 0) ?? ARCHITECTURES[0];
  if (!chosen) throw new Error('no architectures');
  const variants = Object.entries(chosen.spec.variants);
  const broken = variants.filter(([, v]) => v.breaks.length > 0);
  const clean = variants.filter(([, v]) => v.breaks.length === 0);
  const [variant] = rng.chance(BROKEN_SHARE) && broken.length > 0 ? rng.pick(broken) : rng.pick(clean);
  return { spec: chosen.spec, variant };
}

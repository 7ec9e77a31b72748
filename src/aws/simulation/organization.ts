import type { AwsEnvironmentOptions } from '../environment.js';
import { DEFAULT_QUOTAS, type Quota } from '../rate-limit.js';
import { generateWorld } from './generator/index.js';
import { REALISTIC_LATENCY_MS, SimulatedAws, type FaultPlan, type SimulationOptions } from './server.js';
import type { SimWorld } from './world.js';

export interface SimulatedOrganizationOptions {
  seed: number;
  accounts: number;
  regions: readonly string[];
  /** Multiplies REALISTIC_LATENCY_MS; 0 (default) answers at CPU speed. */
  latencyScale?: number;
  faults?: FaultPlan;
  pageSize?: number;
  enforceQuotas?: boolean;
}

export interface SimulatedOrganization {
  world: SimWorld;
  sim: SimulatedAws;
  /** What createAwsEnvironment needs to send every call of a run to the simulation. */
  aws: AwsEnvironmentOptions;
}

/**
 * Every quota key lifted, for the simulation's own buckets and privapi's: tests and harnesses
 * that put faults, not rate limits, under test.
 */
export const UNLIMITED_QUOTAS: Readonly<Record<string, Partial<Quota>>> = Object.fromEntries(Object.keys(DEFAULT_QUOTAS).map((k) => [k, { rate: 100_000, burst: 100_000 }]));

/** A generated organization served by SimulatedAws, ready for a real collection run. */
export function simulatedOrganization(opts: SimulatedOrganizationOptions): SimulatedOrganization {
  const world = generateWorld({ seed: opts.seed, accounts: opts.accounts, regions: opts.regions });
  return serveWorld(world, {
    latencyMs: scaledLatency(opts.latencyScale ?? 0),
    ...(opts.faults ? { faults: opts.faults } : {}),
    ...(opts.pageSize ? { pageSize: opts.pageSize } : {}),
    ...(opts.enforceQuotas === undefined ? {} : { enforceQuotas: opts.enforceQuotas }),
  });
}

export function serveWorld(world: SimWorld, options: SimulationOptions = {}): SimulatedOrganization {
  const sim = new SimulatedAws(world, options);
  const primary = world.regions.find((r) => !r.optIn)?.name ?? 'us-east-1';
  return {
    world,
    sim,
    aws: { requestHandler: sim, credentials: async () => sim.callerCredentials(), region: primary },
  };
}

export function scaledLatency(scale: number): SimulationOptions['latencyMs'] {
  if (!(scale >= 0)) throw new RangeError(`latency scale must be ≥ 0, got ${scale}`);
  return Object.fromEntries(Object.entries(REALISTIC_LATENCY_MS).map(([service, ms]) => [service, ms * scale]));
}

/** The built-in organization of `privapi demo` and `--demo`: a dozen accounts in two regions. */
export const DEMO = { seed: 2026, accounts: 12, regions: ['us-east-1', 'eu-west-1'] } as const;

/**
 * The demo organization, with one fault real organizations usually have: a member account where
 * the audit role was never deployed, so its AssumeRole is denied.
 */
export function demoOrganization(opts: { seed?: number; accounts?: number; latencyScale?: number; quotas?: SimulationOptions['quotas'] } = {}): SimulatedOrganization {
  const seed = opts.seed ?? DEMO.seed;
  const accounts = opts.accounts ?? DEMO.accounts;
  const world = generateWorld({ seed, accounts, regions: DEMO.regions });
  const missingRole = world.accounts.filter((a) => a.status === 'ACTIVE' && a.id !== world.managementAccountId).at(-1)?.id;
  return serveWorld(world, {
    latencyMs: scaledLatency(opts.latencyScale ?? 0),
    ...(opts.quotas ? { quotas: opts.quotas } : {}),
    ...(missingRole ? { faults: { assumeRoleDenied: [missingRole] } } : {}),
  });
}

import { mkdtemp, rm } from 'node:fs/promises';
import { UNLIMITED_QUOTAS } from '../../src/aws/simulation/organization.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { checks } from '../../checks/index.js';
import { audit, type AuditResult } from '../../src/audit.js';
import { createAwsEnvironment } from '../../src/aws/environment.js';
import { serveWorld, type SimulatedOrganization } from '../../src/aws/simulation/organization.js';
import type { FaultPlan } from '../../src/aws/simulation/server.js';
import type { SimWorld } from '../../src/aws/simulation/world.js';
import type { LocatedEntry } from '../../src/engine/mutelist.js';
import type { Finding } from '../../src/model/finding.js';
import type { StateStore } from '../../src/sinks/state-store.js';
import { silentLogger } from './collector-context.js';

const DAY = 86_400_000;

export interface AuditOnceOptions {
  faults?: FaultPlan;
  checkIds?: string[];
  securityHub?: boolean;
  mutelist?: LocatedEntry[];
  /** Reuse a served organization, so its Security Hub keeps what earlier runs imported. */
  org?: SimulatedOrganization;
}

/**
 * Audits of a simulated organization as they would run on consecutive days: each call runs the
 * real audit (collection through the SDK, checks, diff, sinks) a day after the previous one.
 */
export function auditDays(start = '2026-11-01T00:00:00.000Z') {
  let day = 0;
  return async (world: SimWorld, store: StateStore, opts: AuditOnceOptions = {}): Promise<{ result: AuditResult; org: SimulatedOrganization }> => {
    const org = opts.org ?? serveWorld(world, { quotas: UNLIMITED_QUOTAS, ...(opts.faults ? { faults: opts.faults } : {}) });
    const env = await createAwsEnvironment({ ...org.aws, maxAttempts: 2, retryMode: 'standard', quotas: UNLIMITED_QUOTAS });
    const at = new Date(Date.parse(start) + day++ * DAY);
    const selected = opts.checkIds ? checks.filter((c) => opts.checkIds!.includes(c.id)) : checks;
    const result = await audit(
      {
        collect: { mode: 'organization', filters: {}, assumeRole: { roleName: world.auditRoleName, callerUsesOwnCredentials: true }, homeRegion: env.homeRegion, accountConcurrency: 6 },
        checks: selected,
        store,
        securityHub: Boolean(opts.securityHub),
        ...(opts.mutelist ? { mutelist: opts.mutelist } : {}),
      },
      { env, log: silentLogger, now: () => at },
    );
    return { result, org };
  };
}

export const active = (findings: readonly Finding[]): Finding[] => findings.filter((f) => f.state === 'ACTIVE');

/** A temporary folder for the state files of one test file: made before its tests, removed after. */
export function stateDir(prefix: string): (file: string) => string {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), prefix));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  return (file) => join(dir, file);
}

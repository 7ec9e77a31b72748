import { checks } from '../../checks/index.js';
import { UNLIMITED_QUOTAS } from '../../src/aws/simulation/organization.js';
import { createAwsEnvironment } from '../../src/aws/environment.js';
import { demoOrganization } from '../../src/aws/simulation/organization.js';
import { collectInventory } from '../../src/collectors/run.js';
import { reportFromSnapshot } from '../../src/report/build.js';
import type { Report } from '../../src/report/model.js';
import { silentLogger } from './collector-context.js';

let pending: Promise<Report> | undefined;

/**
 * The report of the demo organization (what `privapi audit --demo` reads, its one account without
 * the audit role included), collected through the real collectors and evaluated offline: what
 * the format and browser tests render. Cached within a test file.
 */
export function demoReport(): Promise<Report> {
  pending ??= (async () => {
    // Server quotas as generous as the client's: no throttling, so every run collects the same inventory.
    const org = demoOrganization({ quotas: UNLIMITED_QUOTAS });
    const env = await createAwsEnvironment({ ...org.aws, maxAttempts: 2, retryMode: 'standard', quotas: UNLIMITED_QUOTAS });
    const { snapshot, skipped } = await collectInventory(
      { mode: 'organization', filters: {}, assumeRole: { roleName: 'PrivapiAuditRole', callerUsesOwnCredentials: true }, homeRegion: env.homeRegion, accountConcurrency: 6 },
      { factory: env.factory, baseCredentials: env.baseCredentials, log: silentLogger, runId: 'demo-report', version: 'test', now: () => new Date('2026-11-21T09:00:00.000Z') },
    );
    return reportFromSnapshot(snapshot, { file: 'demo', checks, homeRegion: env.homeRegion, generatedAt: '2026-11-21T09:00:00.000Z', runId: 'demo-report', skipped });
  })();
  return pending;
}

import type { Logger } from 'pino';
import { checks } from '../../checks/index.js';
import { audit, type AuditResult } from '../../src/audit.js';
import { createAwsEnvironment, type AwsEnvironmentOptions } from '../../src/aws/environment.js';
import { UNLIMITED_QUOTAS, type SimulatedOrganization } from '../../src/aws/simulation/organization.js';
import type { LocatedEntry } from '../../src/engine/mutelist.js';
import type { Finding } from '../../src/model/finding.js';
import type { StateStore } from '../../src/sinks/state-store.js';

/** Quotas high enough that neither privapi nor the simulation throttles: throttling is not under test here. */

export interface SecurityAuditOptions {
  store: StateStore;
  log: Logger;
  at: Date;
  mutelist?: LocatedEntry[];
  externalId?: string;
  /** Sees every request before the simulation does (the simulation itself when absent). */
  requestHandler?: AwsEnvironmentOptions['requestHandler'];
}

/**
 * A full audit of a served organization as the hub deployment runs it: every account, the
 * management account included, is read through the member role (callerUsesOwnCredentials false),
 * so the caller's own keys do only what the hub policy grants.
 */
export async function auditThroughRole(org: SimulatedOrganization, opts: SecurityAuditOptions): Promise<AuditResult> {
  const env = await createAwsEnvironment({ ...org.aws, ...(opts.requestHandler ? { requestHandler: opts.requestHandler } : {}), maxAttempts: 2, retryMode: 'standard', quotas: UNLIMITED_QUOTAS });
  return audit(
    {
      collect: {
        mode: 'organization',
        filters: {},
        assumeRole: { roleName: org.world.auditRoleName, callerUsesOwnCredentials: false, ...(opts.externalId ? { externalId: opts.externalId } : {}) },
        homeRegion: env.homeRegion,
        accountConcurrency: 6,
      },
      checks,
      store: opts.store,
      securityHub: true,
      ...(opts.mutelist ? { mutelist: opts.mutelist } : {}),
    },
    { env, log: opts.log, now: () => opts.at },
  );
}

/** Mutes one active POLICY-002 finding, so the next run sets its workflow with BatchUpdateFindings. */
export function muteOne(findings: readonly Finding[]): LocatedEntry[] {
  const target = findings.find((f) => f.state === 'ACTIVE' && f.checkId === 'POLICY-002');
  if (!target) throw new Error('the generated organization has no active POLICY-002 finding to mute');
  return [{ where: 'privapi.config.yaml:2 mutelist[0]', entry: { check: 'POLICY-002', accounts: [target.accountId], reason: 'migration in progress', owner: 'team-a@example.com', expires: '2027-06-30' } }];
}

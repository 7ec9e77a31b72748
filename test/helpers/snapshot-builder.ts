import { SNAPSHOT_SCHEMA_VERSION, emptyGlobal, emptyRegional, type CollectionStatus, type RegionalInventory, type Snapshot } from '../../src/model/inventory.js';

export const ACCOUNT_A = '111111111111';
export const ACCOUNT_B = '222222222222';

/** A valid snapshot to start from; tests add records to it. Every service complete by default. */
export function snapshotWith(regional: RegionalInventory[] = [emptyRegional(ACCOUNT_A, 'us-east-1')], extra: Partial<Snapshot> = {}): Snapshot {
  const accountIds = [...new Set(regional.map((r) => r.accountId))];
  const collections: CollectionStatus[] = regional.flatMap((r) =>
    (['apigateway', 'apigatewayv2', 'elbv2', 'route53resolver', 'ec2'] as const).map((service) => ({ accountId: r.accountId, region: r.region, service, state: 'complete' as const, errors: [] })),
  );
  return {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    privapiVersion: '0.0.0-test',
    startedAt: '2026-11-21T00:00:00.000Z',
    finishedAt: '2026-11-21T00:01:00.000Z',
    partition: 'aws',
    callerAccountId: ACCOUNT_A,
    mode: 'organization',
    regions: [...new Set(regional.map((r) => r.region))],
    accounts: accountIds.map((id) => ({ id, name: `acct-${id}`, status: 'ACTIVE', ouPath: [], ouIds: [] })),
    collections,
    regional,
    global: accountIds.map((id) => emptyGlobal(id)),
    ...extra,
  };
}

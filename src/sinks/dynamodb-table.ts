import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/**
 * The privapi state table: one table, three entities, one GSI. The CDK stack and the state store
 * both build keys from this module so they cannot drift apart.
 *
 *   entity      PK                     SK                           GSI1PK              GSI1SK                             expiresAt
 *   finding     ACCOUNT#<accountId>    FINDING#<region>#<findingId>  CHECK#<checkId>     <accountId>#<region>#<findingId>   RESOLVED only: resolvedAt + retention
 *   run         RUN#<runId>            RUN                          RUNS                <startedAt>#<runId>                startedAt + retention
 *   transition  HISTORY#<findingId>    RUN#<runId>#TO#<to>          —                   —                                  at + retention
 *
 * Access patterns:
 *   - previous state for the lifecycle diff: Query PK = ACCOUNT#<id> (one per account, paginated);
 *     by (account, region): the same with begins_with(SK, FINDING#<region>#)
 *   - findings of one check across the organization: Query GSI1 GSI1PK = CHECK#<checkId>,
 *     narrowed to an account or (account, region) with begins_with(GSI1SK, …)
 *   - runs newest first: Query GSI1 GSI1PK = RUNS, ScanIndexForward = false
 *   - history of one finding: Query PK = HISTORY#<findingId>
 *
 * Why these keys:
 *   - The finding SK leads with the region so one account's findings can be read per region
 *     without a second index; the finding id already embeds the check id (privapi/<check>/<hash>),
 *     so the check is not repeated in the key.
 *   - A transition is identified by (finding, run, target lifecycle), not by time: a retried run
 *     rewrites the same item even if its retry was given a different start time, and the local
 *     state file dedupes on exactly the same triple. A finding has a handful of transitions within
 *     the retention, so ordering them by `at` happens after the Query.
 *   - "RUNS" is a single GSI partition; a few runs a day is far below any partition limit.
 *   - Items carry their fields as native attributes (maps, not JSON strings) so they can be
 *     filtered in the console; `entity` says which kind an item is.
 *   - ACTIVE findings never expire (the problem still exists). RESOLVED ones are kept for the
 *     retention so a recurrence is recognised as the same finding (keeping FirstObservedAt
 *     history), then DynamoDB TTL removes them, like old runs and history.
 */

export const TTL_ATTRIBUTE = 'expiresAt';
export const GSI1 = 'GSI1';
export const RUNS_PARTITION = 'RUNS';

export type Entity = 'FINDING' | 'RUN' | 'TRANSITION';

export interface ItemKey {
  PK: string;
  SK: string;
}

export const findingPk = (accountId: string): string => `ACCOUNT#${accountId}`;
/** The SK prefix of one region's findings; the trailing separator keeps us-east-1 from matching us-east-10. */
export const findingSkPrefix = (region?: string): string => (region === undefined ? 'FINDING#' : `FINDING#${region}#`);
export const findingKey = (f: { accountId: string; region: string; id: string }): ItemKey => ({
  PK: findingPk(f.accountId),
  SK: `${findingSkPrefix(f.region)}${f.id}`,
});
export const checkGsiPk = (checkId: string): string => `CHECK#${checkId}`;
/** GSI1SK prefix for a check's findings in one account, or in one (account, region). */
export const checkGsiSkPrefix = (accountId: string, region?: string): string => (region === undefined ? `${accountId}#` : `${accountId}#${region}#`);
export const findingGsiKey = (f: { checkId: string; accountId: string; region: string; id: string }) => ({
  GSI1PK: checkGsiPk(f.checkId),
  GSI1SK: `${checkGsiSkPrefix(f.accountId, f.region)}${f.id}`,
});

export const runKey = (runId: string): ItemKey => ({ PK: `RUN#${runId}`, SK: 'RUN' });
export const runGsiKey = (run: { runId: string; startedAt: string }) => ({ GSI1PK: RUNS_PARTITION, GSI1SK: `${run.startedAt}#${run.runId}` });

export const historyPk = (findingId: string): string => `HISTORY#${findingId}`;
export const transitionKey = (t: { findingId: string; runId: string; to: string }): ItemKey => ({
  PK: historyPk(t.findingId),
  SK: `RUN#${t.runId}#TO#${t.to}`,
});

/** TTL value (epoch seconds) for something that happened at `iso` and is kept `retentionDays`. */
export function expiryEpochSeconds(iso: string, retentionDays: number): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new TypeError(`not an ISO timestamp: ${JSON.stringify(iso)}`);
  return Math.floor(ms / 1000) + Math.round(retentionDays * 86_400);
}

export function tableDefinition(name: string): CreateTableCommandInput {
  return {
    TableName: name,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: 'PK', AttributeType: 'S' },
      { AttributeName: 'SK', AttributeType: 'S' },
      { AttributeName: 'GSI1PK', AttributeType: 'S' },
      { AttributeName: 'GSI1SK', AttributeType: 'S' },
    ],
    KeySchema: [
      { AttributeName: 'PK', KeyType: 'HASH' },
      { AttributeName: 'SK', KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: GSI1,
        KeySchema: [
          { AttributeName: 'GSI1PK', KeyType: 'HASH' },
          { AttributeName: 'GSI1SK', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
    ],
  };
}

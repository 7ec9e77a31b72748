import { z } from 'zod';
import { Account } from './inventory.js';

/**
 * The contract between the deployed pieces: the hub Lambdas read their settings from these
 * environment variables (the CDK stack sets them), and the state machine passes these shapes
 * between the scheduled handler, the workers and the aggregation step. One module, so the stack,
 * the handlers and `privapi invoke` cannot drift apart.
 */

export const HUB_ENV = {
  regions: 'PRIVAPI_REGIONS',
  roleName: 'PRIVAPI_ROLE_NAME',
  rolePath: 'PRIVAPI_ROLE_PATH',
  externalId: 'PRIVAPI_EXTERNAL_ID',
  ous: 'PRIVAPI_OUS',
  fanOutThreshold: 'PRIVAPI_FANOUT_THRESHOLD',
  batchSize: 'PRIVAPI_BATCH_SIZE',
  table: 'PRIVAPI_TABLE',
  retentionDays: 'PRIVAPI_RETENTION_DAYS',
  securityHub: 'PRIVAPI_SECURITY_HUB',
  stateMachineArn: 'PRIVAPI_STATE_MACHINE_ARN',
  bucket: 'PRIVAPI_BUCKET',
  accountConcurrency: 'PRIVAPI_ACCOUNT_CONCURRENCY',
} as const;

const csv = z
  .string()
  .optional()
  .transform((v) => (v ?? '').split(',').map((s) => s.trim()).filter(Boolean));

export const HubConfig = z.object({
  [HUB_ENV.regions]: csv,
  [HUB_ENV.roleName]: z.string().min(1),
  [HUB_ENV.rolePath]: z.string().default('/'),
  [HUB_ENV.externalId]: z.string().optional(),
  [HUB_ENV.ous]: csv,
  [HUB_ENV.fanOutThreshold]: z.coerce.number().int().min(0).default(200),
  [HUB_ENV.batchSize]: z.coerce.number().int().min(1).max(500).default(50),
  [HUB_ENV.table]: z.string().min(3),
  [HUB_ENV.retentionDays]: z.coerce.number().int().min(1).default(90),
  [HUB_ENV.securityHub]: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  [HUB_ENV.stateMachineArn]: z.string().optional(),
  [HUB_ENV.bucket]: z.string().optional(),
  [HUB_ENV.accountConcurrency]: z.coerce.number().int().min(1).default(16),
});
export type HubConfig = z.infer<typeof HubConfig>;

/**
 * One item of the Distributed Map. Only the batch's number travels through Step Functions: its
 * accounts are in the run plan in S3, because a state (input, items and results) may not exceed
 * 256 KiB and a few thousand account records would.
 */
export const BatchItem = z.object({
  runId: z.string(),
  startedAt: z.string(),
  index: z.number().int().min(0),
});
export type BatchItem = z.infer<typeof BatchItem>;

/** The state machine's input, written by the scheduled handler. */
export const FanOutInput = z.object({
  runId: z.string(),
  startedAt: z.string(),
  batches: z.array(BatchItem),
});
export type FanOutInput = z.infer<typeof FanOutInput>;

/** The accounts of every batch, and who the run skips, written to S3 before the state machine starts. */
export const RunPlan = z.object({
  runId: z.string(),
  batches: z.array(z.object({ index: z.number().int().min(0), accounts: z.array(Account).min(1) })),
  /** Accounts Organizations listed but the run skips (suspended, filtered), for the run record. */
  skipped: z.array(z.object({ id: z.string(), name: z.string(), reason: z.string() })).default([]),
});
export type RunPlan = z.infer<typeof RunPlan>;

/** What a worker returns for its batch (small: the inventory itself goes to S3). */
export const BatchResult = z.object({
  index: z.number().int(),
  key: z.string(),
  accounts: z.number().int(),
  /** Accounts the worker did not start before its deadline; recorded as not collected. */
  notStarted: z.array(z.string()).default([]),
});
export type BatchResult = z.infer<typeof BatchResult>;

/** What the scheduled handler, the aggregation step and `privapi invoke` report of a run. */
export interface RunSummary {
  runId: string;
  status: string;
  mode: 'in-process' | 'fan-out';
  accounts: { complete: number; partial: number; failed: number };
  findings: { new: number; stillFailing: number; resolved: number; unknown: number; muted: number };
  securityHub?: { sent: number; archived: number; failed: number };
  /** Batches whose worker failed every retry: their accounts are in `accounts.failed`. */
  failedBatches?: number[];
  /** The state machine execution, when the run fanned out. */
  executionArn?: string;
}

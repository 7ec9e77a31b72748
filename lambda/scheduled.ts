import type { Context } from 'aws-lambda';
import type { RunSummary } from '../src/model/hub.js';
import { runScheduled } from '../src/hub/runs.js';
import { hubDependencies } from './environment.js';

/** EventBridge Scheduler target: audits the organization in process, or starts the fan-out. */
export async function handler(_event: unknown, context: Context): Promise<RunSummary> {
  return runScheduled(await hubDependencies(context));
}

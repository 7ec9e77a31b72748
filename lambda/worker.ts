import type { Context } from 'aws-lambda';
import type { BatchResult } from '../src/model/hub.js';
import { runWorker } from '../src/hub/runs.js';
import { hubDependencies } from './environment.js';

/** One Distributed Map item: collects a batch of accounts into S3. */
export async function handler(event: unknown, context: Context): Promise<BatchResult> {
  return runWorker(event, await hubDependencies(context));
}

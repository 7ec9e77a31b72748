import type { Context } from 'aws-lambda';
import type { RunSummary } from '../src/model/hub.js';
import { runAggregate } from '../src/hub/runs.js';
import { hubDependencies } from './environment.js';

/** After the Map: merges the batches' inventory, evaluates and records the run. */
export async function handler(event: unknown, context: Context): Promise<RunSummary> {
  return runAggregate(event, await hubDependencies(context));
}

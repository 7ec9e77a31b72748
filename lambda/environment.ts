import type { Context } from 'aws-lambda';
import { createAwsEnvironment } from '../src/aws/environment.js';
import { hubConfig, type HubDependencies } from '../src/hub/runs.js';
import { createLogger } from '../src/logging.js';

/**
 * What every hub handler builds from its context and environment. Built per invocation: clients
 * hold credentials and sockets, and a warm container must not carry one run's state into the next.
 */
export async function hubDependencies(context: Pick<Context, 'getRemainingTimeInMillis'>): Promise<HubDependencies> {
  const config = hubConfig(process.env);
  const env = await createAwsEnvironment({ region: process.env.AWS_REGION });
  return { env, config, log: createLogger(), remainingMs: () => context.getRemainingTimeInMillis() };
}

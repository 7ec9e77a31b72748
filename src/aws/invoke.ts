import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { DescribeExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import type { RunSummary } from '../model/hub.js';

/**
 * `privapi invoke`: runs the deployed audit and waits for its result. The scheduled function is
 * the one entry point (it lists the organization and decides in process or fan-out), so the CLI
 * invokes it exactly as EventBridge Scheduler does, then follows the state machine if it fanned out.
 */

export class InvokeError extends Error {
  override readonly name = 'InvokeError';
}

export async function invokeScheduled(lambda: LambdaClient, functionName: string): Promise<RunSummary> {
  const out = await lambda.send(new InvokeCommand({ FunctionName: functionName, InvocationType: 'RequestResponse', Payload: Buffer.from(JSON.stringify({ source: 'privapi.invoke' })) }));
  const text = out.Payload ? Buffer.from(out.Payload).toString('utf8') : '';
  if (out.FunctionError) {
    const error = parseJson(text) as { errorType?: string; errorMessage?: string } | undefined;
    throw new InvokeError(`${functionName} failed (${out.FunctionError}): ${error?.errorType ?? 'Error'}: ${error?.errorMessage ?? text}`);
  }
  const summary = parseJson(text) as RunSummary | undefined;
  if (!summary?.runId) throw new InvokeError(`${functionName} returned no run summary: ${text.slice(0, 200)}`);
  return summary;
}

export interface WaitOptions {
  pollMs: number;
  timeoutMs: number;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  onPoll?: (status: string) => void;
}

/** Polls the execution until it ends; its output is the aggregate step's run summary. */
export async function waitForExecution(sfn: SFNClient, executionArn: string, opts: WaitOptions): Promise<RunSummary> {
  const deadline = opts.now() + opts.timeoutMs;
  for (;;) {
    const out = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    const status = out.status ?? 'UNKNOWN';
    opts.onPoll?.(status);
    if (status === 'SUCCEEDED') {
      const summary = parseJson(out.output ?? '') as RunSummary | undefined;
      if (!summary?.runId) throw new InvokeError(`execution ${executionArn} succeeded without a run summary`);
      return { ...summary, executionArn };
    }
    if (status !== 'RUNNING' && status !== 'PENDING_REDRIVE') {
      throw new InvokeError(`execution ${executionArn} ended ${status}${out.error ? `: ${out.error}` : ''}${out.cause ? ` (${out.cause.slice(0, 500)})` : ''}`);
    }
    if (opts.now() >= deadline) throw new InvokeError(`execution ${executionArn} is still ${status} after ${Math.round(opts.timeoutMs / 60_000)} min; it goes on running (see the Step Functions console)`);
    await opts.sleep(opts.pollMs);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

import { StartExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import type { FanOutInput } from '../model/hub.js';

/**
 * Starts the fan-out state machine for one run. The execution is named after the run, so a
 * scheduler retry of the same run cannot start a second execution (Step Functions refuses a
 * duplicate name with different input, and returns the first for identical input).
 */
export async function startFanOut(sfn: SFNClient, stateMachineArn: string, input: FanOutInput): Promise<string> {
  const out = await sfn.send(new StartExecutionCommand({ stateMachineArn, name: input.runId, input: JSON.stringify(input) }));
  if (!out.executionArn) throw new Error(`StartExecution of ${stateMachineArn} returned no execution ARN`);
  return out.executionArn;
}

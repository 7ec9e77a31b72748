import type { Command } from 'commander';
import { createAwsEnvironment } from '../../aws/environment.js';
import { invokeScheduled, waitForExecution } from '../../aws/invoke.js';
import type { RunSummary } from '../../model/hub.js';
import { EXIT } from '../errors.js';
import { positiveInt } from '../options.js';
import type { CommandIo } from './collect.js';

export interface InvokeFlags {
  function: string;
  region?: string;
  profile?: string;
  wait: boolean;
  timeout: number;
  json?: boolean;
}

/** The name the CDK hub stack gives the scheduled function (its role prefix, default privapi-hub, plus -scheduled). */
export const DEFAULT_FUNCTION = 'privapi-hub-scheduled';

export function formatRunSummary(s: RunSummary): string {
  const lines = [
    `Run ${s.runId} (${s.mode}): ${s.status}`,
    `Accounts: ${s.accounts.complete} complete, ${s.accounts.partial} partial, ${s.accounts.failed} failed`,
    `Findings: ${s.findings.new} new, ${s.findings.stillFailing} still failing, ${s.findings.resolved} resolved, ${s.findings.unknown} not re-evaluated; ${s.findings.muted} muted`,
  ];
  if (s.securityHub) lines.push(`Security Hub: ${s.securityHub.sent} imported (${s.securityHub.archived} archived), ${s.securityHub.failed} failed and kept for the next run`);
  if (s.failedBatches?.length) lines.push(`Batches that failed every retry: ${s.failedBatches.join(', ')}`);
  if (s.executionArn) lines.push(`Execution: ${s.executionArn}`);
  return lines.join('\n');
}

/** Exit code of a finished run: 3 incomplete, 1 unmuted findings, 0 otherwise. */
export function exitCodeOf(s: RunSummary): number {
  if (s.status !== 'COMPLETE') return s.status === 'RUNNING' ? EXIT.ok : EXIT.incomplete;
  return s.findings.new + s.findings.stillFailing > s.findings.muted ? EXIT.findings : EXIT.ok;
}

/** How waiting passes time; tests pass a virtual one. */
export interface WaitClock {
  sleep: (ms: number) => Promise<void>;
  now: () => number;
}

const realWaitClock: WaitClock = { sleep: (ms) => new Promise<void>((r) => setTimeout(r, ms)), now: Date.now };

export async function runInvoke(flags: InvokeFlags, io: Pick<CommandIo, 'stdout' | 'log' | 'aws'>, clock: WaitClock = realWaitClock): Promise<number> {
  const env = await createAwsEnvironment({ profile: flags.profile, region: flags.region, ...io.aws });
  io.log.info({ function: flags.function, region: env.homeRegion }, 'invoking the deployed audit');
  let summary = await invokeScheduled(env.factory.lambda(env.homeRegion, env.baseCredentials), flags.function);
  if (summary.mode === 'fan-out' && summary.executionArn && flags.wait) {
    io.log.info({ executionArn: summary.executionArn }, 'the audit fanned out; waiting for the state machine');
    summary = await waitForExecution(env.factory.stepFunctions(env.homeRegion, env.baseCredentials), summary.executionArn, {
      pollMs: 10_000,
      timeoutMs: flags.timeout * 60_000,
      sleep: clock.sleep,
      now: clock.now,
      onPoll: (status) => io.log.debug({ status }, 'execution status'),
    });
  }
  io.stdout(flags.json ? `${JSON.stringify(summary, null, 2)}\n` : `${formatRunSummary(summary)}\n`);
  return exitCodeOf(summary);
}

export function registerInvoke(program: Command, io: () => CommandIo, done: (code: number) => void): void {
  program
    .command('invoke')
    .description('run the deployed audit (the scheduled function; it fans out over the state machine for large organizations), wait, and print the run summary')
    .option('--function <name>', 'name or ARN of the deployed scheduled function', DEFAULT_FUNCTION)
    .option('--region <region>', 'region of the hub deployment (default: AWS_REGION or the profile\'s)')
    .option('--profile <name>', 'AWS shared-config profile (SSO profiles included)')
    .option('--no-wait', 'do not follow a fanned-out run to its end: print the execution and exit')
    .option('--timeout <minutes>', 'how long to wait for a fanned-out run', positiveInt, 60)
    .option('--json', 'print the run summary as JSON')
    .addHelpText(
      'after',
      `
Examples:
  privapi invoke --region eu-west-1
  privapi invoke --function arn:aws:lambda:eu-west-1:111122223333:function:privapi-hub-scheduled --json
  privapi invoke --no-wait

The caller needs lambda:InvokeFunction on the function and states:DescribeExecution on the state machine's executions.
Exit codes: 0 complete without unmuted findings (or started, with --no-wait), 1 unmuted findings, 2 usage error, 3 incomplete or failed.`,
    )
    .action(async (flags: InvokeFlags) => done(await runInvoke(flags, io())));
}

import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { DescribeExecutionCommand, SFNClient } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { runInvoke, type InvokeFlags } from '../../src/cli/commands/invoke.js';
import { main } from '../../src/cli/main.js';
import type { RunSummary } from '../../src/model/hub.js';
import { silentLogger } from '../helpers/collector-context.js';

const lambda = mockClient(LambdaClient);
const sfn = mockClient(SFNClient);
afterEach(() => {
  lambda.reset();
  sfn.reset();
});

const EXECUTION = 'arn:aws:states:eu-west-1:111122223333:execution:privapi:run-1';
const summary = (extra: Partial<RunSummary> = {}): RunSummary => ({
  runId: 'run-1',
  status: 'COMPLETE',
  mode: 'in-process',
  accounts: { complete: 11, partial: 0, failed: 1 },
  findings: { new: 2, stillFailing: 60, resolved: 1, unknown: 0, muted: 1 },
  securityHub: { sent: 62, archived: 1, failed: 0 },
  ...extra,
});
const payload = (value: unknown) => ({ Payload: new TextEncoder().encode(JSON.stringify(value)) as never, StatusCode: 200 });

async function invoke(flags: Partial<InvokeFlags> = {}) {
  let out = '';
  const sleeps: number[] = [];
  const code = await runInvoke(
    { function: 'privapi-hub-scheduled', wait: true, timeout: 60, ...flags },
    { stdout: (t) => void (out += t), log: silentLogger, aws: { region: 'eu-west-1', credentials: async () => ({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }) } },
    { sleep: async (ms) => void sleeps.push(ms), now: () => 0 },
  );
  return { code, out, sleeps };
}

describe('privapi invoke', () => {
  it('invokes the scheduled function synchronously and prints the in-process run summary', async () => {
    lambda.on(InvokeCommand).resolves(payload(summary()));
    const { code, out } = await invoke();
    expect(lambda).toHaveReceivedCommandWith(InvokeCommand, { FunctionName: 'privapi-hub-scheduled', InvocationType: 'RequestResponse' });
    expect(out).toContain('Run run-1 (in-process): COMPLETE');
    expect(out).toContain('Findings: 2 new, 60 still failing, 1 resolved, 0 not re-evaluated; 1 muted');
    expect(out).toContain('Security Hub: 62 imported (1 archived), 0 failed');
    expect(code).toBe(1);
  });

  it('follows a fanned-out run to its end and prints the aggregate step\'s summary', async () => {
    lambda.on(InvokeCommand).resolves(payload(summary({ mode: 'fan-out', status: 'RUNNING', executionArn: EXECUTION })));
    sfn
      .on(DescribeExecutionCommand)
      .resolvesOnce({ status: 'RUNNING' } as never)
      .resolvesOnce({ status: 'RUNNING' } as never)
      .resolves({ status: 'SUCCEEDED', output: JSON.stringify(summary({ mode: 'fan-out', findings: { new: 0, stillFailing: 1, resolved: 0, unknown: 0, muted: 1 } })) } as never);
    const { code, out, sleeps } = await invoke({ json: true });
    expect(sleeps).toEqual([10_000, 10_000]);
    expect(JSON.parse(out)).toMatchObject({ runId: 'run-1', mode: 'fan-out', status: 'COMPLETE', executionArn: EXECUTION });
    expect(code).toBe(0);
  });

  it('--no-wait prints the started execution and exits 0', async () => {
    lambda.on(InvokeCommand).resolves(payload(summary({ mode: 'fan-out', status: 'RUNNING', executionArn: EXECUTION })));
    const { code, out } = await invoke({ wait: false });
    expect(sfn).not.toHaveReceivedCommand(DescribeExecutionCommand);
    expect(out).toContain(`Execution: ${EXECUTION}`);
    expect(code).toBe(0);
  });

  it('an incomplete run exits 3', async () => {
    lambda.on(InvokeCommand).resolves(payload(summary({ status: 'INCOMPLETE', findings: { new: 0, stillFailing: 0, resolved: 0, unknown: 3, muted: 0 } })));
    expect((await invoke()).code).toBe(3);
  });

  it('says why when the function fails, the execution fails, or it does not finish in time', async () => {
    const run = async (...args: string[]) => {
      let err = '';
      const code = await main(['node', 'privapi', 'invoke', '--region', 'eu-west-1', ...args], { stdout: () => {}, stderr: (t) => void (err += t), log: silentLogger, aws: { credentials: async () => ({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }) } });
      return { code, err };
    };
    lambda.on(InvokeCommand).resolves({ ...payload({ errorType: 'HubConfigError', errorMessage: 'invalid privapi hub configuration: PRIVAPI_TABLE: Required' }), FunctionError: 'Unhandled' });
    const failed = await run();
    expect(failed.code).toBe(3);
    expect(failed.err).toContain('privapi-hub-scheduled failed (Unhandled): HubConfigError: invalid privapi hub configuration: PRIVAPI_TABLE: Required');

    lambda.on(InvokeCommand).resolves(payload(summary({ mode: 'fan-out', status: 'RUNNING', executionArn: EXECUTION })));
    sfn.on(DescribeExecutionCommand).resolves({ status: 'FAILED', error: 'PrivapiFanOutFailed', cause: 'The Distributed Map over the batches failed' } as never);
    const execution = await run();
    expect(execution.code).toBe(3);
    expect(execution.err).toContain(`execution ${EXECUTION} ended FAILED: PrivapiFanOutFailed (The Distributed Map over the batches failed)`);
  });

  it('gives up waiting after --timeout and says the execution goes on', async () => {
    lambda.on(InvokeCommand).resolves(payload(summary({ mode: 'fan-out', status: 'RUNNING', executionArn: EXECUTION })));
    sfn.on(DescribeExecutionCommand).resolves({ status: 'RUNNING' } as never);
    let now = 0;
    const io = { stdout: () => {}, log: silentLogger, aws: { region: 'eu-west-1', credentials: async () => ({ accessKeyId: 'a', secretAccessKey: 'b' }) } };
    const clock = { sleep: async (ms: number) => void (now += ms), now: () => now };
    await expect(runInvoke({ function: 'privapi-hub-scheduled', wait: true, timeout: 1 }, io, clock)).rejects.toThrow(/is still RUNNING after 1 min; it goes on running/);
    expect(now).toBe(60_000);
  });
});

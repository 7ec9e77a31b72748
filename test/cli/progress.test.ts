import { describe, expect, it } from 'vitest';
import { formatDuration, ProgressLine } from '../../src/cli/progress.js';
import { colourFor, progressWanted } from '../../src/cli/terminal.js';

describe('ProgressLine', () => {
  it('shows accounts done of total, calls, throttles, accounts with errors, elapsed time and an estimate', () => {
    let now = 0;
    let calls = { attempts: 0, throttled: 0, failed: 0 };
    const written: string[] = [];
    const progress = new ProgressLine({ write: (t) => written.push(t), calls: () => calls, now: () => now, label: 'auditing' });
    expect(progress.line()).toBe('auditing: listing accounts · 0 calls · 0 throttled · 0 with errors · 0s elapsed');
    progress.onPlanned(4);
    now = 30_000;
    calls = { attempts: 120, throttled: 3, failed: 1 };
    progress.onAccountDone('111111111111', [{ accountId: '111111111111', region: 'us-east-1', service: 'ec2', state: 'complete', errors: [] }]);
    progress.onAccountDone('222222222222', [{ accountId: '222222222222', region: 'us-east-1', service: 'ec2', state: 'failed', errors: [] }]);
    expect(progress.line()).toBe('auditing: 2/4 accounts · 120 calls · 3 throttled · 1 with errors · 30s elapsed · ~30s left');
    // Redrawn in place, at most every 100 ms: the second account finished in the same instant.
    expect(written.filter((t) => t.startsWith('\r\u001b[2K'))).toHaveLength(2);
    progress.stop();
    expect(written.at(-1)).toBe('\r\u001b[2K');
  });

  it('formats durations for people', () => {
    expect([formatDuration(400), formatDuration(59_600), formatDuration(61_000), formatDuration(3_723_000)]).toEqual(['0s', '1m00s', '1m01s', '1h02m']);
  });
});

describe('terminal decisions', () => {
  it('colour: on a TTY only, off with NO_COLOR, forced with FORCE_COLOR', () => {
    expect(colourFor(true, {})).toBe(true);
    expect(colourFor(false, {})).toBe(false);
    expect(colourFor(true, { NO_COLOR: '1' })).toBe(false);
    expect(colourFor(true, { TERM: 'dumb' })).toBe(false);
    expect(colourFor(false, { FORCE_COLOR: '1' })).toBe(true);
    expect(colourFor(true, { FORCE_COLOR: '0' })).toBe(false);
  });

  it('progress: interactive stderr only, never in CI or Lambda', () => {
    const tty = { stdoutIsTTY: false, stderrIsTTY: true };
    expect(progressWanted({ ...tty, env: {} })).toBe(true);
    expect(progressWanted({ ...tty, env: { CI: 'true' } })).toBe(false);
    expect(progressWanted({ ...tty, env: { AWS_LAMBDA_FUNCTION_NAME: 'privapi-hub-worker' } })).toBe(false);
    expect(progressWanted({ stdoutIsTTY: true, stderrIsTTY: false, env: {} })).toBe(false);
  });
});

import type { CollectionStatus } from '../model/inventory.js';

/**
 * A one-line progress display for long runs: accounts done of total, API calls, throttled
 * responses, failed collections and an estimate of the time left, redrawn in place on stderr.
 * The CLI only creates one for an interactive terminal (see progressWanted).
 */

export interface CallTotals {
  attempts: number;
  throttled: number;
  failed: number;
}

export interface ProgressOptions {
  write: (text: string) => void;
  /** The SDK call counters of the run (AwsEnvironment.stats.totals). */
  calls: () => CallTotals;
  now?: () => number;
  /** Redraws at most this often, so a fast run does not flood the terminal. */
  intervalMs?: number;
  label?: string;
}

export class ProgressLine {
  private total: number | undefined;
  private done = 0;
  private accountsWithErrors = 0;
  private readonly started: number;
  private lastDraw = Number.NEGATIVE_INFINITY;
  private drawn = false;
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly now: () => number;

  constructor(private readonly opts: ProgressOptions) {
    this.now = opts.now ?? Date.now;
    this.started = this.now();
  }

  /** Redraws every second even when nothing finishes, so the elapsed time and calls keep moving. */
  start(): this {
    this.timer = setInterval(() => this.draw(true), 1000);
    this.timer.unref?.();
    return this;
  }

  onPlanned = (accounts: number): void => {
    this.total = accounts;
    this.draw(true);
  };

  onAccountDone = (_accountId: string, statuses: readonly CollectionStatus[]): void => {
    this.done += 1;
    if (statuses.some((s) => s.state === 'failed' || s.state === 'partial')) this.accountsWithErrors += 1;
    this.draw(false);
  };

  /** The current line, without terminal control codes. */
  line(): string {
    const elapsed = this.now() - this.started;
    const calls = this.opts.calls();
    const accounts = this.total === undefined ? 'listing accounts' : `${this.done}/${this.total} accounts`;
    const parts = [
      `${this.opts.label ?? 'collecting'}: ${accounts}`,
      `${calls.attempts} calls`,
      `${calls.throttled} throttled`,
      `${this.accountsWithErrors} with errors`,
      `${formatDuration(elapsed)} elapsed`,
    ];
    if (this.total !== undefined && this.done > 0 && this.done < this.total) parts.push(`~${formatDuration((elapsed / this.done) * (this.total - this.done))} left`);
    return parts.join(' · ');
  }

  private draw(force: boolean): void {
    const t = this.now();
    if (!force && t - this.lastDraw < (this.opts.intervalMs ?? 100)) return;
    this.lastDraw = t;
    this.drawn = true;
    this.opts.write(`\r\u001b[2K${this.line()}`);
  }

  /** Clears the line, so the results that follow start on a clean one. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.drawn) this.opts.write('\r\u001b[2K');
    this.drawn = false;
  }
}

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

import { classifyError } from './errors.js';

export interface OperationCount {
  service: string;
  operation: string;
  accountId: string;
  region: string;
  attempts: number;
  throttled: number;
  failed: number;
}

/**
 * Counts every attempt the SDK makes (retries included), throttling responses and calls that
 * failed after all retries, per account/region/operation. Feeds the run summary, the benchmark
 * and the test that compares calls made with the permissions declared.
 */
export class CallStats {
  private readonly counts = new Map<string, OperationCount>();

  private entry(service: string, operation: string, accountId: string, region: string): OperationCount {
    const key = `${service}|${operation}|${accountId}|${region}`;
    let e = this.counts.get(key);
    if (e === undefined) {
      e = { service, operation, accountId, region, attempts: 0, throttled: 0, failed: 0 };
      this.counts.set(key, e);
    }
    return e;
  }

  attempt(service: string, operation: string, accountId: string, region: string, error?: unknown): void {
    const e = this.entry(service, operation, accountId, region);
    e.attempts += 1;
    if (error !== undefined && classifyError(error).kind === 'throttling') e.throttled += 1;
  }

  failure(service: string, operation: string, accountId: string, region: string): void {
    this.entry(service, operation, accountId, region).failed += 1;
  }

  all(): OperationCount[] {
    return [...this.counts.values()];
  }

  totals(): { attempts: number; throttled: number; failed: number } {
    let attempts = 0, throttled = 0, failed = 0;
    for (const e of this.counts.values()) {
      attempts += e.attempts;
      throttled += e.throttled;
      failed += e.failed;
    }
    return { attempts, throttled, failed };
  }
}

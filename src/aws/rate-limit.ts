/**
 * Client-side pacing at AWS's documented control-plane quotas, so a large organization is read at
 * the speed AWS allows instead of by hammering it into throttling errors. Each bucket is a GCRA
 * (virtual scheduling) token bucket: O(1) per call, no timers, no queue to leak.
 */

export type QuotaScope = 'account' | 'account-region';

export interface Quota {
  /** Sustained requests per second. */
  rate: number;
  /** Requests that may go at once after an idle period. */
  burst: number;
  scope: QuotaScope;
}

export type LimitedService = 'organizations' | 'sts' | 'apigateway' | 'ec2' | 'elbv2' | 'route53' | 'route53resolver' | 'securityhub';

/**
 * Defaults from the AWS documentation (see the checks catalog's rate-limit table). Operation keys
 * ("service:Operation") add a second, narrower bucket on top of the service bucket.
 */
export const DEFAULT_QUOTAS: Readonly<Record<string, Quota>> = {
  apigateway: { rate: 10, burst: 40, scope: 'account' },
  'apigateway:GetResources': { rate: 2.5, burst: 5, scope: 'account' },
  ec2: { rate: 20, burst: 100, scope: 'account-region' },
  elbv2: { rate: 10, burst: 40, scope: 'account-region' },
  route53: { rate: 10, burst: 50, scope: 'account' },
  // Not documented by AWS: a conservative guess, configurable.
  route53resolver: { rate: 10, burst: 20, scope: 'account-region' },
  organizations: { rate: 10, burst: 20, scope: 'account' },
  sts: { rate: 50, burst: 100, scope: 'account-region' },
  securityhub: { rate: 10, burst: 30, scope: 'account-region' },
};

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export class TokenBucket {
  private readonly interval: number;
  private readonly tolerance: number;
  /** Theoretical arrival time of the next conforming request. */
  private tat = Number.NEGATIVE_INFINITY;

  constructor(quota: Pick<Quota, 'rate' | 'burst'>, private readonly clock: Clock = realClock) {
    if (!(quota.rate > 0) || !(quota.burst >= 1)) throw new RangeError(`invalid quota: rate ${quota.rate}/s, burst ${quota.burst}`);
    this.interval = 1000 / quota.rate;
    this.tolerance = (Math.floor(quota.burst) - 1) * this.interval;
  }

  /** Takes a slot only if one is free now; the simulated AWS side uses this to throttle instead of wait. */
  tryTake(): boolean {
    const now = this.clock.now();
    if (now < this.tat - this.tolerance) return false;
    this.tat = Math.max(this.tat, now) + this.interval;
    return true;
  }

  /** Reserves the next slot and waits for it; returns the milliseconds waited. */
  async take(): Promise<number> {
    const now = this.clock.now();
    const start = Math.max(now, this.tat - this.tolerance);
    this.tat = Math.max(this.tat, start) + this.interval;
    const wait = start - now;
    if (wait > 0) await this.clock.sleep(wait);
    return wait;
  }
}

export class RateLimiters {
  private readonly buckets = new Map<string, TokenBucket>();
  private readonly quotas: Record<string, Quota>;

  constructor(overrides: Readonly<Record<string, Partial<Quota>>> = {}, private readonly clock: Clock = realClock) {
    this.quotas = { ...DEFAULT_QUOTAS };
    for (const [key, override] of Object.entries(overrides)) {
      const base = this.quotas[key] ?? { rate: 10, burst: 10, scope: 'account-region' };
      this.quotas[key] = { ...base, ...override };
    }
  }

  quota(key: string): Quota | undefined {
    return this.quotas[key];
  }

  /** Waits for a slot in every bucket that governs this call. */
  async acquire(service: LimitedService, operation: string, accountId: string, region: string): Promise<void> {
    for (const key of [service, `${service}:${operation}`]) {
      const quota = this.quotas[key];
      if (quota === undefined) continue;
      const id = quota.scope === 'account' ? `${key}|${accountId}` : `${key}|${accountId}|${region}`;
      let bucket = this.buckets.get(id);
      if (bucket === undefined) {
        bucket = new TokenBucket(quota, this.clock);
        this.buckets.set(id, bucket);
      }
      await bucket.take();
    }
  }
}

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

export type LimitedService = 'organizations' | 'sts' | 'apigateway' | 'ec2' | 'elbv2' | 'route53' | 'route53resolver' | 'securityhub' | 's3';

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
  // "at least 3,500 PUT/COPY/POST/DELETE or 5,500 GET/HEAD requests per second per partitioned prefix"
  // (https://docs.aws.amazon.com/AmazonS3/latest/userguide/optimizing-performance.html): one bucket per account and region at the PUT rate.
  s3: { rate: 3500, burst: 5500, scope: 'account-region' },
};

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = {
  now: () => performance.now(),
  // Timers run on the event loop's cached millisecond clock and can fire a fraction of a
  // millisecond before performance.now() reaches the deadline; a paced call must not go early.
  sleep: async (ms) => {
    const until = performance.now() + ms;
    while (performance.now() < until) await new Promise((resolve) => setTimeout(resolve, Math.max(1, Math.ceil(until - performance.now()))));
  },
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

  /** The earliest time (clock ms) a request conforms to this bucket. */
  earliest(now: number): number {
    return Math.max(now, this.tat - this.tolerance);
  }

  /** Books the slot of a request sent at `at` (a time at or after earliest()). */
  reserve(at: number): void {
    this.tat = Math.max(this.tat, at) + this.interval;
  }

  /** Takes a slot only if one is free now; the simulated AWS side uses this to throttle instead of wait. */
  tryTake(): boolean {
    const now = this.clock.now();
    if (this.earliest(now) > now) return false;
    this.reserve(now);
    return true;
  }

  /** Reserves the next slot and waits for it; returns the milliseconds waited. */
  async take(): Promise<number> {
    return takeAll([this], this.clock);
  }
}

/**
 * Reserves one slot in every bucket at the same instant, the earliest all of them allow, then
 * waits for it. Waiting on the buckets one after another would book a slot in the first and send
 * later, bunching that request with the ones booked after it: the server would see a burst the
 * client never meant.
 */
export async function takeAll(buckets: readonly TokenBucket[], clock: Clock): Promise<number> {
  const now = clock.now();
  const start = buckets.reduce((at, b) => Math.max(at, b.earliest(now)), now);
  for (const b of buckets) b.reserve(start);
  const wait = start - now;
  if (wait > 0) await clock.sleep(wait);
  return wait;
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
    await takeAll(this.bucketsFor(service, operation, accountId, region), this.clock);
  }

  /** The service bucket and, where one is configured, the operation's narrower bucket. */
  bucketsFor(service: string, operation: string, accountId: string, region: string): TokenBucket[] {
    const buckets: TokenBucket[] = [];
    for (const key of [service, `${service}:${operation}`]) {
      const quota = this.quotas[key];
      if (quota === undefined) continue;
      const id = quota.scope === 'account' ? `${key}|${accountId}` : `${key}|${accountId}|${region}`;
      let bucket = this.buckets.get(id);
      if (bucket === undefined) {
        bucket = new TokenBucket(quota, this.clock);
        this.buckets.set(id, bucket);
      }
      buckets.push(bucket);
    }
    return buckets;
  }
}

import { describe, expect, it } from 'vitest';
import { DEFAULT_QUOTAS, RateLimiters, TokenBucket, takeAll } from '../../src/aws/rate-limit.js';
import type { Clock } from '../../src/aws/rate-limit.js';
import { FakeClock } from '../helpers/fake-clock.js';


/** Virtual milliseconds spent in one call. */
async function elapsed(clock: FakeClock, act: () => Promise<unknown>): Promise<number> {
  const start = clock.now();
  await act();
  return clock.now() - start;
}

async function takeMany(bucket: TokenBucket, n: number): Promise<number[]> {
  const waits: number[] = [];
  for (let i = 0; i < n; i++) waits.push(await bucket.take());
  return waits;
}

describe('TokenBucket', () => {
  it('lets a burst of `burst` takes through at once and makes the next one wait 1000/rate ms', async () => {
    // GIVEN a bucket of 10/s with a burst of 4
    const clock = new FakeClock();
    const bucket = new TokenBucket({ rate: 10, burst: 4 }, clock);

    // WHEN six takes are made back to back
    const waits = await takeMany(bucket, 6);

    // THEN the first four are immediate and each further one waits one interval (100 ms)
    expect(waits).toEqual([0, 0, 0, 0, 100, 100]);
    expect(clock.sleeps).toEqual([100, 100]);
    expect(clock.now()).toBe(200);
  });

  it('uses fractional rates exactly (2.5/s means 400 ms between requests)', async () => {
    // GIVEN a bucket of 2.5/s with a burst of 1
    const clock = new FakeClock();
    const bucket = new TokenBucket({ rate: 2.5, burst: 1 }, clock);

    // WHEN three takes are made
    const waits = await takeMany(bucket, 3);

    // THEN the first is immediate and the others are 400 ms apart
    expect(waits).toEqual([0, 400, 400]);
  });

  it('refills after idle time but never beyond the burst', async () => {
    // GIVEN a drained bucket of 10/s, burst 3
    const clock = new FakeClock();
    const bucket = new TokenBucket({ rate: 10, burst: 3 }, clock);
    await takeMany(bucket, 3);

    // WHEN the bucket stays idle for a minute (enough for 600 tokens) and is then used again
    clock.advance(60_000);
    const waits = await takeMany(bucket, 5);

    // THEN only `burst` takes are immediate again
    expect(waits).toEqual([0, 0, 0, 100, 100]);
  });

  it('refills in proportion to the idle time (250 ms at 10/s gives two whole tokens)', async () => {
    // GIVEN a drained bucket of 10/s, burst 4
    const clock = new FakeClock();
    const bucket = new TokenBucket({ rate: 10, burst: 4 }, clock);
    await takeMany(bucket, 4);

    // WHEN 250 ms pass
    clock.advance(250);
    const waits = await takeMany(bucket, 3);

    // THEN two takes are immediate and the third waits for the rest of its interval
    expect(waits).toEqual([0, 0, 50]);
  });

  it('gives concurrent callers distinct slots', async () => {
    // GIVEN a bucket of 2.5/s with a burst of 5 and a clock that stands still while callers wait
    const sleeps: number[] = [];
    const frozen: Clock = { now: () => 0, sleep: async (ms) => void sleeps.push(ms) };
    const bucket = new TokenBucket({ rate: 2.5, burst: 5 }, frozen);

    // WHEN seven takes are started at the same instant
    const waits = await Promise.all(Array.from({ length: 7 }, () => bucket.take()));

    // THEN five go at once and the others are spaced one interval apart
    expect(waits).toEqual([0, 0, 0, 0, 0, 400, 800]);
    expect(sleeps).toEqual([400, 800]);
  });

  it('rounds a fractional burst down', async () => {
    // GIVEN a burst of 2.9
    const clock = new FakeClock();
    const bucket = new TokenBucket({ rate: 10, burst: 2.9 }, clock);

    // WHEN three takes are made
    const waits = await takeMany(bucket, 3);

    // THEN only two are immediate
    expect(waits).toEqual([0, 0, 100]);
  });

  it.each([
    { rate: 0, burst: 1 },
    { rate: -1, burst: 1 },
    { rate: Number.NaN, burst: 1 },
    { rate: 1, burst: 0 },
    { rate: 1, burst: 0.5 },
    { rate: 1, burst: -3 },
    { rate: 1, burst: Number.NaN },
  ])('rejects the invalid quota %o with a RangeError', (quota) => {
    // GIVEN an invalid quota / WHEN a bucket is built / THEN it throws
    expect(() => new TokenBucket(quota, new FakeClock())).toThrow(RangeError);
    expect(() => new TokenBucket(quota, new FakeClock())).toThrow(/invalid quota/);
  });
});

describe('RateLimiters', () => {
  const A = '111111111111';
  const B = '222222222222';

  it("shares an 'account'-scoped bucket across the regions of one account", async () => {
    // GIVEN apigateway (account scope) limited to a burst of 2 at 10/s
    const clock = new FakeClock();
    const limiters = new RateLimiters({ apigateway: { burst: 2 } }, clock);

    // WHEN one account calls from two regions, using up the burst in the first
    await limiters.acquire('apigateway', 'GetRestApis', A, 'us-east-1');
    await limiters.acquire('apigateway', 'GetRestApis', A, 'us-east-1');
    const otherRegion = await elapsed(clock, () => limiters.acquire('apigateway', 'GetRestApis', A, 'eu-west-1'));

    // THEN the call from the second region has to wait
    expect(otherRegion).toBe(100);
  });

  it("keeps 'account'-scoped buckets separate between accounts", async () => {
    // GIVEN account A has used up its apigateway burst
    const clock = new FakeClock();
    const limiters = new RateLimiters({ apigateway: { burst: 2 } }, clock);
    await limiters.acquire('apigateway', 'GetRestApis', A, 'us-east-1');
    await limiters.acquire('apigateway', 'GetRestApis', A, 'us-east-1');

    // WHEN account B calls
    const otherAccount = await elapsed(clock, () => limiters.acquire('apigateway', 'GetRestApis', B, 'us-east-1'));
    const sameAccount = await elapsed(clock, () => limiters.acquire('apigateway', 'GetRestApis', A, 'us-east-1'));

    // THEN B goes at once while A still waits
    expect(otherAccount).toBe(0);
    expect(sameAccount).toBe(100);
  });

  it("keeps 'account-region'-scoped buckets separate per region", async () => {
    // GIVEN ec2 (account-region scope) limited to a burst of 1 at 10/s
    const clock = new FakeClock();
    const limiters = new RateLimiters({ ec2: { rate: 10, burst: 1 } }, clock);

    // WHEN one account calls in two regions, then again in the first
    const first = await elapsed(clock, () => limiters.acquire('ec2', 'DescribeVpcs', A, 'us-east-1'));
    const otherRegion = await elapsed(clock, () => limiters.acquire('ec2', 'DescribeVpcs', A, 'eu-west-1'));
    const sameRegion = await elapsed(clock, () => limiters.acquire('ec2', 'DescribeVpcs', A, 'us-east-1'));

    // THEN only the repeated region waits
    expect([first, otherRegion, sameRegion]).toEqual([0, 0, 100]);
  });

  it("applies the 'apigateway:GetResources' bucket (2.5/s, burst 5) on top of 'apigateway'", async () => {
    // GIVEN the default quotas (apigateway alone allows a burst of 40)
    const clock = new FakeClock();
    const limiters = new RateLimiters({}, clock);

    // WHEN six GetResources calls are made, then another operation
    const waits: number[] = [];
    for (let i = 0; i < 6; i++) waits.push(await elapsed(clock, () => limiters.acquire('apigateway', 'GetResources', A, 'us-east-1')));
    const otherOperation = await elapsed(clock, () => limiters.acquire('apigateway', 'GetRestApis', A, 'us-east-1'));

    // THEN the sixth GetResources waits 400 ms, while other operations are not held back by it
    expect(waits).toEqual([0, 0, 0, 0, 0, 400]);
    expect(otherOperation).toBe(0);
  });

  it("still charges the service bucket for an operation that has its own bucket", async () => {
    // GIVEN apigateway narrowed to a burst of 3 (GetResources keeps its burst of 5)
    const clock = new FakeClock();
    const limiters = new RateLimiters({ apigateway: { burst: 3 } }, clock);

    // WHEN four GetResources calls are made
    const waits: number[] = [];
    for (let i = 0; i < 4; i++) waits.push(await elapsed(clock, () => limiters.acquire('apigateway', 'GetResources', A, 'us-east-1')));

    // THEN the fourth waits for the service bucket (100 ms at 10/s)
    expect(waits).toEqual([0, 0, 0, 100]);
  });

  it('merges overrides with the defaults and leaves other quotas untouched', () => {
    // GIVEN overrides for part of a known quota and for an unknown key
    const limiters = new RateLimiters({ apigateway: { burst: 7 }, ec2: { scope: 'account' }, 'custom:Op': { rate: 3 } }, new FakeClock());

    // WHEN the quotas are read / THEN the given fields replace the defaults and the rest is kept
    expect(limiters.quota('apigateway')).toEqual({ rate: 10, burst: 7, scope: 'account' });
    expect(limiters.quota('ec2')).toEqual({ rate: 20, burst: 100, scope: 'account' });
    expect(limiters.quota('custom:Op')).toEqual({ rate: 3, burst: 10, scope: 'account-region' });
    expect(limiters.quota('apigateway:GetResources')).toEqual({ rate: 2.5, burst: 5, scope: 'account' });
    expect(limiters.quota('elbv2')).toEqual(DEFAULT_QUOTAS.elbv2);
    expect(limiters.quota('nothing')).toBeUndefined();
  });

  it('does not modify the shared DEFAULT_QUOTAS when overridden', () => {
    // GIVEN a limiter with an override
    new RateLimiters({ organizations: { rate: 1, burst: 1 } }, new FakeClock());

    // WHEN a fresh limiter is built / THEN it sees the documented defaults
    expect(new RateLimiters({}, new FakeClock()).quota('organizations')).toEqual({ rate: 10, burst: 20, scope: 'account' });
  });

  it('paces with an overridden rate', async () => {
    // GIVEN route53 overridden to 1/s, burst 1
    const clock = new FakeClock();
    const limiters = new RateLimiters({ route53: { rate: 1, burst: 1 } }, clock);

    // WHEN two calls are made
    await limiters.acquire('route53', 'ListHostedZones', A, 'global');
    const second = await elapsed(clock, () => limiters.acquire('route53', 'ListHostedZones', A, 'global'));

    // THEN the second waits a full second
    expect(second).toBe(1000);
  });
});

describe('takeAll: one instant for every bucket of a call', () => {
  it('books the service and operation buckets at the same time, so a later send never bunches with others', async () => {
    const clock = new FakeClock();
    const service = new TokenBucket({ rate: 10, burst: 1 }, clock);
    const operation = new TokenBucket({ rate: 1, burst: 1 }, clock);
    await takeAll([service, operation], clock);
    await takeAll([service, operation], clock);
    // The second call waits 1000 ms for the operation bucket; the service bucket is booked at 1000 ms, not at 100 ms.
    expect(clock.sleeps).toEqual([1000]);
    expect(service.earliest(clock.now())).toBe(clock.now() + 100);
  });
});

import { DescribeRegionsCommand } from '@aws-sdk/client-ec2';
import { HttpResponse } from '@smithy/protocol-http';
import type { HttpRequest } from '@smithy/protocol-http';
import type { AwsCredentialIdentityProvider, HttpHandlerOptions, RequestHandler } from '@smithy/types';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CallStats } from '../../src/aws/call-stats.js';
import { ClientFactory, globalRegionOf } from '../../src/aws/clients.js';
import { RateLimiters } from '../../src/aws/rate-limit.js';
import type { Clock } from '../../src/aws/rate-limit.js';
import type { Partition } from '../../src/model/inventory.js';

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';

const THROTTLED_XML =
  '<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded.</Message></Error></Errors><RequestID>x</RequestID></Response>';
const REGIONS_XML =
  '<DescribeRegionsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>y</requestId><regionInfo><item><regionName>us-east-1</regionName><regionEndpoint>ec2.us-east-1.amazonaws.com</regionEndpoint><optInStatus>opt-in-not-required</optInStatus></item></regionInfo></DescribeRegionsResponse>';

interface Canned {
  statusCode: number;
  body: string;
}

/** A transport that answers from a script and remembers what it was sent. */
function scriptedHandler(script: readonly Canned[]) {
  const requests: HttpRequest[] = [];
  const handler: RequestHandler<HttpRequest, HttpResponse, HttpHandlerOptions> = {
    handle: async (request) => {
      requests.push(request);
      const next = script[Math.min(requests.length - 1, script.length - 1)]!;
      const body = requests.length % 2 === 0 ? Buffer.from(next.body) : Readable.from([Buffer.from(next.body)]);
      return { response: new HttpResponse({ statusCode: next.statusCode, headers: { 'content-type': 'text/xml;charset=UTF-8' }, body }) };
    },
  };
  return { handler, requests };
}

const credentials: AwsCredentialIdentityProvider = async () => ({ accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' });

/** Virtual time for the rate limiter: sleeping advances the clock at once. */
function fakeClock(): Clock & { slept: number[] } {
  let t = 0;
  const slept: number[] = [];
  return {
    slept,
    now: () => t,
    sleep: async (ms) => {
      slept.push(ms);
      t += ms;
    },
  };
}

function factoryWith(script: readonly Canned[], limiters = new RateLimiters()) {
  const { handler, requests } = scriptedHandler(script);
  const stats = new CallStats();
  const factory = new ClientFactory({ settings: { maxAttempts: 3, retryMode: 'standard', requestHandler: handler }, limiters, stats });
  return { factory, stats, requests };
}

describe('ClientFactory with the SDK retry strategy', () => {
  beforeEach(() => {
    // The SDK's standard retry waits random() * 2^n * 500 ms after a throttling error. Pinning the
    // jitter to 0 keeps the SDK's own strategy in play while making the test instant and repeatable.
    vi.spyOn(Math, 'random').mockReturnValue(0);
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('retries a throttled attempt and counts both attempts and the throttle', async () => {
    // GIVEN EC2 throttles the first attempt and answers the second
    const { factory, stats, requests } = factoryWith([
      { statusCode: 503, body: THROTTLED_XML },
      { statusCode: 200, body: REGIONS_XML },
    ]);
    const ec2 = factory.ec2(ACCOUNT, REGION, credentials);

    // WHEN DescribeRegions is sent
    const out = await ec2.send(new DescribeRegionsCommand({ AllRegions: true }));

    // THEN the SDK retried once and the call succeeded
    expect(requests).toHaveLength(2);
    expect(out.Regions).toEqual([{ RegionName: 'us-east-1', Endpoint: 'ec2.us-east-1.amazonaws.com', OptInStatus: 'opt-in-not-required' }]);
    expect(out.$metadata.attempts).toBe(2);
    expect(stats.totals()).toEqual({ attempts: 2, throttled: 1, failed: 0 });
    expect(stats.all()).toEqual([
      { service: 'ec2', operation: 'DescribeRegions', accountId: ACCOUNT, region: REGION, attempts: 2, throttled: 1, failed: 0 },
    ]);
  });

  it('signs every attempt with the given credentials for the region', async () => {
    // GIVEN a throttle then a success
    const { factory, requests } = factoryWith([
      { statusCode: 503, body: THROTTLED_XML },
      { statusCode: 200, body: REGIONS_XML },
    ]);

    // WHEN DescribeRegions is sent
    await factory.ec2(ACCOUNT, 'eu-west-1', credentials).send(new DescribeRegionsCommand({ AllRegions: true }));

    // THEN both attempts went to the regional endpoint, signed with our key for that region
    for (const request of requests) {
      expect(request.hostname).toBe('ec2.eu-west-1.amazonaws.com');
      expect(String(request.headers.authorization)).toMatch(/Credential=AKIDTEST\/\d{8}\/eu-west-1\/ec2\/aws4_request/);
      expect(String(request.body)).toContain('Action=DescribeRegions');
    }
  });

  it('rejects after maxAttempts throttled attempts and counts one failed call', async () => {
    // GIVEN EC2 throttles every attempt
    const { factory, stats, requests } = factoryWith([{ statusCode: 503, body: THROTTLED_XML }]);
    const ec2 = factory.ec2(ACCOUNT, REGION, credentials);

    // WHEN DescribeRegions is sent
    const err = await ec2.send(new DescribeRegionsCommand({ AllRegions: true })).catch((e: unknown) => e);

    // THEN the SDK gave up after three attempts with the throttling error
    expect(err).toMatchObject({ name: 'RequestLimitExceeded', message: 'Request limit exceeded.' });
    expect(requests).toHaveLength(3);
    expect(stats.totals()).toEqual({ attempts: 3, throttled: 3, failed: 1 });
  });

  it('paces every attempt, retries included, through the rate limiter', async () => {
    // GIVEN ec2 limited to 1 request/s with no burst, on a virtual clock
    const clock = fakeClock();
    const { factory, requests } = factoryWith(
      [
        { statusCode: 503, body: THROTTLED_XML },
        { statusCode: 200, body: REGIONS_XML },
      ],
      new RateLimiters({ ec2: { rate: 1, burst: 1 } }, clock),
    );

    // WHEN DescribeRegions is sent and retried once
    await factory.ec2(ACCOUNT, REGION, credentials).send(new DescribeRegionsCommand({ AllRegions: true }));

    // THEN the retry waited for its own token
    expect(requests).toHaveLength(2);
    expect(clock.slept).toEqual([1000]);
  });

  it('does not count a non-throttling error as throttled', async () => {
    // GIVEN EC2 denies the call (not retried by the SDK)
    const denied =
      '<Response><Errors><Error><Code>UnauthorizedOperation</Code><Message>You are not authorized to perform this operation.</Message></Error></Errors><RequestID>z</RequestID></Response>';
    const { factory, stats, requests } = factoryWith([{ statusCode: 403, body: denied }]);

    // WHEN DescribeRegions is sent
    await expect(factory.ec2(ACCOUNT, REGION, credentials).send(new DescribeRegionsCommand({}))).rejects.toMatchObject({ name: 'UnauthorizedOperation' });

    // THEN one attempt, no throttle, one failure
    expect(requests).toHaveLength(1);
    expect(stats.totals()).toEqual({ attempts: 1, throttled: 0, failed: 1 });
  });
});

describe('globalRegionOf', () => {
  it.each<[Partition, string]>([
    ['aws', 'us-east-1'],
    ['aws-cn', 'cn-northwest-1'],
    ['aws-us-gov', 'us-gov-west-1'],
  ])('signs Route 53 in %s for %s', (partition, region) => {
    expect(globalRegionOf(partition)).toBe(region);
  });

  it.each<[Partition, string]>([
    ['aws-iso', 'us-iso-east-1'],
    ['aws-iso-b', 'us-isob-east-1'],
    ['aws-iso-e', 'eu-isoe-west-1'],
    ['aws-iso-f', 'us-isof-south-1'],
    ['aws-eusc', 'eusc-de-east-1'],
  ])('keeps Route 53 inside the %s partition (%s)', (partition, region) => {
    // GIVEN a partition other than aws/aws-cn/aws-us-gov
    // WHEN its global region is chosen / THEN it is a region of that partition, which is what the
    // Route 53 endpoint rules sign for (us-east-1 would send the call to route53.amazonaws.com)
    // (fails today: src/aws/clients.ts returns us-east-1 for every other partition)
    expect(globalRegionOf(partition)).toBe(region);
  });
});

describe('ClientFactory: closing an account-region\'s clients', () => {
  it('destroys exactly the clients that were built, once', () => {
    const destroy = vi.fn();
    const requestHandler = { handle: async () => ({ response: new HttpResponse({ statusCode: 500 }) }), destroy };
    const factory = new ClientFactory({ settings: { maxAttempts: 1, retryMode: 'standard', requestHandler }, limiters: new RateLimiters(), stats: new CallStats() });
    const regional = factory.regionClients(ACCOUNT, REGION, credentials);
    regional.ec2();
    regional.ec2();
    regional.elbv2();
    regional.destroy();
    expect(destroy).toHaveBeenCalledTimes(2);
    regional.destroy();
    expect(destroy).toHaveBeenCalledTimes(2);
    const global = factory.globalClients(ACCOUNT, 'aws', credentials);
    global.destroy();
    expect(destroy).toHaveBeenCalledTimes(2);
    global.route53();
    global.destroy();
    expect(destroy).toHaveBeenCalledTimes(3);
  });
});

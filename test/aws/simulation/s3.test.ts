import {
  GetObjectCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  NoSuchBucket,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  paginateListObjectsV2,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { gzipSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { SimulatedAws, SimulationOptions } from '../../../src/aws/simulation/server.js';
import { FakeClock } from '../../helpers/fake-clock.js';
import { MGMT, MEMBER, OTHER, REGION, simAccount, simClientConfig, simulate, simWorld } from '../../helpers/sim-world.js';

const BUCKET = 'privapi-inventory-200000000002';

/** An S3 client in an account, with credentials from AssumeRole through the simulated STS, as privapi's workers get them. */
async function s3Client(sim: SimulatedAws, accountId = MEMBER, config: Partial<S3ClientConfig> = {}): Promise<S3Client> {
  const sts = new STSClient(simClientConfig(sim, MGMT));
  const { Credentials } = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${accountId}:role/PrivapiAuditRole`, RoleSessionName: 'privapi-worker' }));
  return new S3Client({
    region: REGION,
    maxAttempts: 1,
    requestHandler: sim,
    credentials: { accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: Credentials!.SecretAccessKey!, sessionToken: Credentials!.SessionToken! },
    ...config,
  });
}

function setup(options: SimulationOptions = {}): SimulatedAws {
  return simulate(simWorld([simAccount(MEMBER), simAccount(OTHER)]), { s3Buckets: [{ name: BUCKET, accountId: MEMBER, region: REGION }], ...options });
}

function part(runId: string, index: number): { key: string; body: Buffer } {
  return { key: `runs/${runId}/batches/${index}.json.gz`, body: gzipSync(JSON.stringify({ runId, index, apis: [{ id: `api-${index}` }] })) };
}

async function put(client: S3Client, key: string, body: Uint8Array | Readable, extra: Partial<ConstructorParameters<typeof PutObjectCommand>[0]> = {}) {
  return client.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body, ContentType: 'application/json', ContentEncoding: 'gzip', ...extra }));
}

async function rejection(call: Promise<unknown>): Promise<S3ServiceException> {
  const err: unknown = await call.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(S3ServiceException);
  return err as S3ServiceException;
}

describe('simulated S3: PutObject and GetObject', () => {
  it('round-trips gzip bytes exactly, with their content type, encoding, length, ETag and CRC32', async () => {
    const sim = setup();
    const client = await s3Client(sim);
    const { key, body } = part('r1', 0);
    const md5 = `"${createHash('md5').update(body).digest('hex')}"`;
    const putOut = await put(client, key, body);
    expect(putOut.ETag).toBe(md5);
    expect(putOut.ChecksumCRC32).toBeDefined();

    const got = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
    const bytes = await got.Body!.transformToByteArray();
    expect(Buffer.from(bytes).equals(body)).toBe(true);
    expect(JSON.parse(gunzipSync(bytes).toString('utf8'))).toMatchObject({ runId: 'r1', index: 0 });
    expect(got).toMatchObject({ ContentType: 'application/json', ContentEncoding: 'gzip', ContentLength: body.byteLength, ETag: md5, ChecksumCRC32: putOut.ChecksumCRC32 });
    expect(got.LastModified).toBeInstanceOf(Date);
    expect(sim.s3Objects(BUCKET)).toEqual([{ key, size: body.byteLength }]);
  });

  it('serves path-style requests (forcePathStyle) the same as virtual-hosted ones', async () => {
    const sim = setup();
    const virtual = await s3Client(sim);
    const pathStyle = await s3Client(sim, MEMBER, { forcePathStyle: true });
    const { key, body } = part('r 2/ü', 1);
    await put(pathStyle, key, body);
    const got = await virtual.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
    expect(Buffer.from(await got.Body!.transformToByteArray()).equals(body)).toBe(true);
    expect(sim.s3Objects(BUCKET).map((o) => o.key)).toEqual([key]);
  });

  it('stores a streaming (aws-chunked) body decoded, keeping its gzip content encoding', async () => {
    const sim = setup();
    const client = await s3Client(sim);
    const { key, body } = part('r3', 0);
    await put(client, key, Readable.from([body.subarray(0, 10), body.subarray(10)]), { ContentLength: body.byteLength });
    const got = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
    expect(Buffer.from(await got.Body!.transformToByteArray()).equals(body)).toBe(true);
    expect(got.ContentEncoding).toBe('gzip');
  });

  it('serves the CRC32 the SDK validates: a body changed in transit fails the read', async () => {
    const sim = setup();
    const { key, body } = part('r1', 0);
    await put(await s3Client(sim), key, body);
    // Flips the first byte of every GetObject body between the simulation and the client.
    const corrupting = {
      handle: async (request: Parameters<SimulatedAws['handle']>[0]) => {
        const { response } = await sim.handle(request);
        if (request.query['x-id'] !== 'GetObject') return { response };
        const bytes = Buffer.concat(await (response.body as Readable).toArray());
        bytes[0] = (bytes[0] ?? 0) ^ 0xff;
        response.body = Readable.from([bytes]);
        return { response };
      },
    };
    const got = await (await s3Client(sim, MEMBER, { requestHandler: corrupting })).send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
    await expect(got.Body!.transformToByteArray()).rejects.toThrow(/Checksum mismatch/);
  });

  it('rejects a body whose CRC32 does not match with BadDigest (400)', async () => {
    const sim = setup();
    const err = await rejection(put(await s3Client(sim), 'runs/r1/batches/0.json.gz', Buffer.from('x'), { ChecksumCRC32: 'AAAAAA==' }));
    expect(err).toMatchObject({ name: 'BadDigest', $metadata: { httpStatusCode: 400 } });
    expect(sim.s3Objects(BUCKET)).toEqual([]);
  });

  it('gives NoSuchKey (404) for a missing key', async () => {
    const sim = setup();
    const call = (await s3Client(sim)).send(new GetObjectCommand({ Bucket: BUCKET, Key: 'runs/none/batches/0.json.gz' }));
    await expect(call).rejects.toBeInstanceOf(NoSuchKey);
    await expect(call).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } });
  });

  it('gives NoSuchBucket (404) for a bucket that does not exist', async () => {
    const sim = setup();
    const client = await s3Client(sim);
    const call = client.send(new PutObjectCommand({ Bucket: 'no-such-bucket-anywhere', Key: 'k', Body: Buffer.from('x') }));
    await expect(call).rejects.toBeInstanceOf(NoSuchBucket);
    await expect(call).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } });
    const list = client.send(new ListObjectsV2Command({ Bucket: 'no-such-bucket-anywhere' }));
    await expect(list).rejects.toBeInstanceOf(NoSuchBucket);
  });

  it('denies another account the bucket with AccessDenied (403), unless the bucket is shared with it', async () => {
    const sim = setup();
    const other = await s3Client(sim, OTHER);
    const { key, body } = part('r1', 0);
    for (const call of [put(other, key, body), other.send(new GetObjectCommand({ Bucket: BUCKET, Key: key })), other.send(new ListObjectsV2Command({ Bucket: BUCKET }))]) {
      expect(await rejection(call)).toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
    }
    expect(sim.s3Objects(BUCKET)).toEqual([]);

    const shared = setup({ s3Buckets: [{ name: BUCKET, accountId: MEMBER, region: REGION, sharedWith: [OTHER] }] });
    await put(await s3Client(shared, OTHER), key, body);
    expect(shared.s3Objects(BUCKET)).toEqual([{ key, size: body.byteLength }]);
  });

  it('answers a request to the wrong regional endpoint with PermanentRedirect (301)', async () => {
    const sim = setup();
    const err = await rejection((await s3Client(sim, MEMBER, { region: 'eu-west-1' })).send(new ListObjectsV2Command({ Bucket: BUCKET })));
    expect(err).toMatchObject({ name: 'PermanentRedirect', $metadata: { httpStatusCode: 301 } });
  });
});

describe('simulated S3: ListObjectsV2', () => {
  async function fill(client: S3Client): Promise<string[]> {
    const keys: string[] = [];
    for (let i = 0; i < 5; i++) {
      const { key, body } = part('r1', i);
      await put(client, key, body);
      keys.push(key);
    }
    await put(client, 'runs/r2/batches/0.json.gz', part('r2', 0).body);
    await put(client, 'runs/r1.summary.json', Buffer.from('{}'), { ContentEncoding: undefined });
    return keys;
  }

  it('lists a prefix in pages of MaxKeys with continuation tokens', async () => {
    const sim = setup();
    const client = await s3Client(sim);
    const keys = await fill(client);
    const first = await client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'runs/r1/batches/', MaxKeys: 2 }));
    expect(first).toMatchObject({ Name: BUCKET, Prefix: 'runs/r1/batches/', MaxKeys: 2, KeyCount: 2, IsTruncated: true });
    expect(first.Contents?.map((o) => o.Key)).toEqual(keys.slice(0, 2));
    expect(first.Contents?.[0]).toMatchObject({ Size: part('r1', 0).body.byteLength, StorageClass: 'STANDARD', ETag: expect.stringMatching(/^"[0-9a-f]{32}"$/) });
    expect(first.Contents?.[0]?.LastModified).toBeInstanceOf(Date);

    const pages = [];
    for await (const page of paginateListObjectsV2({ client }, { Bucket: BUCKET, Prefix: 'runs/r1/batches/', MaxKeys: 2 })) pages.push(page);
    expect(pages.map((p) => p.KeyCount)).toEqual([2, 2, 1]);
    expect(pages.flatMap((p) => p.Contents ?? []).map((o) => o.Key)).toEqual(keys);
    expect(pages.at(-1)?.IsTruncated).toBe(false);
    expect(pages.at(-1)?.NextContinuationToken).toBeUndefined();
  });

  it('lists a whole bucket in UTF-8 binary order, and groups keys by Delimiter into CommonPrefixes', async () => {
    const sim = setup();
    const client = await s3Client(sim);
    await fill(client);
    const all = await client.send(new ListObjectsV2Command({ Bucket: BUCKET }));
    expect(all.Contents?.map((o) => o.Key)).toEqual(sim.s3Objects(BUCKET).map((o) => o.key));
    expect(all.KeyCount).toBe(7);
    // "." (0x2e) sorts before "/" (0x2f).
    expect(all.Contents?.[0]?.Key).toBe('runs/r1.summary.json');

    const pages = [];
    for await (const page of paginateListObjectsV2({ client }, { Bucket: BUCKET, Prefix: 'runs/', Delimiter: '/', MaxKeys: 1 })) pages.push(page);
    expect(pages.flatMap((p) => [...(p.Contents ?? []).map((o) => o.Key), ...(p.CommonPrefixes ?? []).map((c) => c.Prefix)])).toEqual([
      'runs/r1.summary.json',
      'runs/r1/',
      'runs/r2/',
    ]);
  });

  it('returns an empty listing for a prefix without keys, and rejects a forged continuation token', async () => {
    const sim = setup();
    const client = await s3Client(sim);
    const empty = await client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'runs/none/' }));
    expect(empty).toMatchObject({ KeyCount: 0, IsTruncated: false });
    expect(empty.Contents).toBeUndefined();
    const err = await rejection(client.send(new ListObjectsV2Command({ Bucket: BUCKET, ContinuationToken: 'bm90IGEgdG9rZW4=' })));
    expect(err).toMatchObject({ name: 'InvalidArgument', $metadata: { httpStatusCode: 400 } });
  });
});

describe('simulated S3: HeadBucket, faults and quotas', () => {
  it('answers HeadBucket with the bucket region, NotFound (404) for a missing bucket, 403 for another account', async () => {
    const sim = setup();
    expect(await (await s3Client(sim)).send(new HeadBucketCommand({ Bucket: BUCKET }))).toMatchObject({ BucketRegion: REGION, $metadata: { httpStatusCode: 200 } });
    // HEAD responses carry no body, so the SDK only has the status code.
    expect(await rejection((await s3Client(sim)).send(new HeadBucketCommand({ Bucket: 'no-such-bucket-anywhere' })))).toMatchObject({ name: 'NotFound', $metadata: { httpStatusCode: 404 } });
    const denied = await rejection((await s3Client(sim, OTHER)).send(new HeadBucketCommand({ Bucket: BUCKET })));
    // No body, no code: the SDK names a bodiless 403 only by its status.
    expect(denied).toMatchObject({ $metadata: { httpStatusCode: 403 } });
  });

  it('applies the s3Denied fault to the account and operation it names', async () => {
    const sim = setup({ faults: { s3Denied: [{ accountId: MEMBER, operation: 'GetObject' }] } });
    const client = await s3Client(sim);
    const { key, body } = part('r1', 0);
    await put(client, key, body);
    expect(await rejection(client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key })))).toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
    expect((await client.send(new ListObjectsV2Command({ Bucket: BUCKET }))).KeyCount).toBe(1);

    const all = setup({ faults: { s3Denied: [{ accountId: MEMBER }] } });
    expect(await rejection((await s3Client(all)).send(new HeadBucketCommand({ Bucket: BUCKET })))).toMatchObject({ $metadata: { httpStatusCode: 403 } });
    expect(all.metrics.errors.get('AccessDenied')).toBe(1);
  });

  it('throttles beyond the s3 quota with SlowDown (503)', async () => {
    const clock = new FakeClock();
    const sim = setup({ clock, quotas: { s3: { rate: 1, burst: 1 } } });
    const client = await s3Client(sim);
    await client.send(new HeadBucketCommand({ Bucket: BUCKET }));
    const err = await rejection(client.send(new ListObjectsV2Command({ Bucket: BUCKET })));
    expect(err).toMatchObject({ name: 'SlowDown', $metadata: { httpStatusCode: 503 } });
    expect(sim.metrics.throttled).toBe(1);
    clock.advance(1000);
    expect((await client.send(new ListObjectsV2Command({ Bucket: BUCKET }))).KeyCount).toBe(0);
  });

  it('records calls per account, region, service and operation', async () => {
    const sim = setup();
    const client = await s3Client(sim);
    await put(client, 'k', Buffer.from('x'));
    await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'k' }));
    expect(sim.metrics.calls.get(`${MEMBER}|${REGION}|s3|PutObject`)).toBe(1);
    expect(sim.metrics.calls.get(`${MEMBER}|${REGION}|s3|GetObject`)).toBe(1);
  });
});

import * as s3Sdk from '@aws-sdk/client-s3';
import type { CommonPrefix, ListObjectsV2Output, _Object } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { restOperation, SimError, type ProtocolSpec, type SimRequest } from '../protocol.js';
import { queryParam, unknownOperation, type HandlerContext, type ServiceHandler, type SimBucket, type SimReply, type StoredObject } from '../service.js';

/**
 * Amazon S3's object basics, as privapi's workers and aggregation use them: PutObject, GetObject,
 * ListObjectsV2 and HeadBucket, through the real @aws-sdk/client-s3 (its serializers, signer,
 * flexible checksums and paginator run unchanged).
 *
 * Addressing: the SDK puts the bucket in the host name by default (`<bucket>.s3.<region>.amazonaws.com`)
 * and in the first path segment with `forcePathStyle` or for a bucket name that is not DNS-safe
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/VirtualHosting.html); both are served.
 * Routing: S3's http traits name only the key (`/{Key+}?x-id=GetObject`, `/?list-type=2`), the bucket
 * being a host label, so the bucket is taken off first and the rest routed by the published traits.
 */
const spec: ProtocolSpec = { protocol: 'restXml', xmlNamespace: 'http://s3.amazonaws.com/doc/2006-03-01/', schemas: s3Sdk, noErrorWrapping: true };

/** "returns up to 1,000 key names. The response might contain fewer keys but will never contain more" (https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html). */
const MAX_KEYS = 1000;
/** "The name for a key is a sequence of Unicode characters whose UTF-8 encoding is at most 1,024 bytes long" (https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-keys.html). */
const MAX_KEY_BYTES = 1024;
/** "Upload a single object of up to 5 GB" with one PUT (https://docs.aws.amazon.com/AmazonS3/latest/userguide/upload-objects.html). */
const MAX_PUT_BYTES = 5 * 1024 ** 3;

/** Full-object checksum headers S3 accepts and stores (https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html). */
const CHECKSUM_HEADERS = ['x-amz-checksum-crc32', 'x-amz-checksum-crc32c', 'x-amz-checksum-crc64nvme', 'x-amz-checksum-sha1', 'x-amz-checksum-sha256'] as const;

/** Checksums the simulation recomputes; CRC32C and CRC64NVME (no Node built-in) are stored as sent and echoed back. */
const VERIFIED: Partial<Record<(typeof CHECKSUM_HEADERS)[number], (body: Uint8Array) => string>> = {
  'x-amz-checksum-crc32': crc32Base64,
  'x-amz-checksum-sha1': (body) => createHash('sha1').update(body).digest('base64'),
  'x-amz-checksum-sha256': (body) => createHash('sha256').update(body).digest('base64'),
};

const VIRTUAL_HOST = /^(.+)\.s3(?:[.-][a-z0-9-]+)*\.amazonaws\.com(?:\.cn)?$/;

export const s3Handler: ServiceHandler = {
  service: 's3',
  spec,
  quota: 's3',
  // "503 Slow Down" (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html#ErrorCodeList).
  throttle: { code: 'SlowDown', status: 503 },
  operationOf(req) {
    const { rawKey } = addressOf(req);
    return restOperation(spec, req.method, rawKey === undefined ? '/' : `/${rawKey}`, req.query);
  },
  handle(req, ctx) {
    const { bucket, key } = addressOf(req);
    switch (req.operation) {
      case 'PutObject':
        return putObject(req, bucketFor(req, ctx, bucket), key ?? '', ctx);
      case 'GetObject':
        return getObject(req, bucketFor(req, ctx, bucket), key ?? '');
      case 'ListObjectsV2':
        return listObjectsV2(req, ctx, bucketFor(req, ctx, bucket));
      case 'HeadBucket': {
        const b = bucketFor(req, ctx, bucket);
        return { operation: 'HeadBucket', output: {}, raw: { headers: { 'x-amz-bucket-region': b.region, 'x-amz-access-point-alias': 'false' } } };
      }
      default:
        throw new SimError('NotImplemented', 501, `the simulated s3 does not implement ${req.operation ?? `${req.method} ${req.path}`}`);
    }
  },
};

/** The bucket and key of a request, virtual-hosted or path-style; rawKey is the key as the path encodes it. */
function addressOf(req: Pick<SimRequest, 'hostname' | 'path'>): { bucket: string | undefined; key: string | undefined; rawKey: string | undefined } {
  const host = VIRTUAL_HOST.exec(req.hostname);
  let bucket: string | undefined;
  let rawKey: string;
  if (host) {
    bucket = host[1];
    rawKey = req.path.replace(/^\//, '');
  } else {
    const [, first = '', ...rest] = req.path.split('/');
    bucket = first === '' ? undefined : decode(first);
    rawKey = rest.join('/');
  }
  return { bucket, key: rawKey === '' ? undefined : decode(rawKey), rawKey: rawKey === '' ? undefined : rawKey };
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new SimError('InvalidURI', 400, `Couldn't parse the specified URI: ${segment}`);
  }
}

/**
 * The bucket a call may use: NoSuchBucket (404) when it does not exist, PermanentRedirect (301)
 * when it is in another region than the request's endpoint, AccessDenied (403) for an account that
 * neither owns it nor is granted it.
 */
function bucketFor(req: SimRequest, ctx: HandlerContext, name: string | undefined): SimBucket {
  if (name === undefined) throw unknownOperation('s3', `${req.method} ${req.path} without a bucket`);
  const bucket = ctx.s3().bucket(name);
  if (!bucket) throw new SimError('NoSuchBucket', 404, `The specified bucket does not exist: ${name}`);
  if (bucket.region !== req.region) {
    throw new SimError('PermanentRedirect', 301, `The bucket you are attempting to access must be addressed using the specified endpoint: ${name} is in ${bucket.region}`);
  }
  if (bucket.accountId !== req.accountId && !bucket.sharedWith.includes(req.accountId)) {
    throw new SimError('AccessDenied', 403, `User: arn:aws:sts::${req.accountId}:assumed-role/… is not authorized to perform: s3:${req.operation ?? req.method} on resource: arn:aws:s3:::${name}`);
  }
  return bucket;
}

function crc32Base64(body: Uint8Array): string {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(crc32(body) >>> 0);
  return b.toString('base64');
}

function header(req: SimRequest, name: string): string | undefined {
  return req.headers[name];
}

function putObject(req: SimRequest, bucket: SimBucket, key: string, ctx: HandlerContext): SimReply {
  if (Buffer.byteLength(key, 'utf8') > MAX_KEY_BYTES) throw new SimError('KeyTooLongError', 400, 'Your key is too long');
  for (const name of ['if-match', 'x-amz-server-side-encryption-customer-algorithm', 'x-amz-write-offset-bytes']) {
    if (header(req, name) !== undefined) throw new SimError('NotImplemented', 501, `the simulated s3 does not implement PutObject with ${name}`);
  }
  const encodings = (header(req, 'content-encoding') ?? '').split(',').map((e) => e.trim()).filter((e) => e !== '');
  let body: Uint8Array = req.body;
  let trailers: Record<string, string> = {};
  // A streaming body comes aws-chunked with its checksum in a trailer; S3 stores the decoded bytes and drops the coding
  // (https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html).
  if (encodings.includes('aws-chunked')) {
    ({ body, trailers } = decodeAwsChunked(Buffer.from(req.body.buffer, req.body.byteOffset, req.body.byteLength)));
    const declared = header(req, 'x-amz-decoded-content-length');
    if (declared !== undefined && Number(declared) !== body.byteLength) throw new SimError('IncompleteBody', 400, 'You did not provide the number of bytes specified by the Content-Length HTTP header');
  }
  if (body.byteLength > MAX_PUT_BYTES) throw new SimError('EntityTooLarge', 400, 'Your proposed upload exceeds the maximum allowed object size.');
  const md5 = createHash('md5').update(body).digest();
  const contentMd5 = header(req, 'content-md5');
  if (contentMd5 !== undefined && contentMd5 !== md5.toString('base64')) throw new SimError('BadDigest', 400, 'The Content-MD5 you specified did not match what we received.');
  const checksums: Record<string, string> = {};
  for (const name of CHECKSUM_HEADERS) {
    const value = header(req, name) ?? trailers[name];
    if (value === undefined) continue;
    const verify = VERIFIED[name];
    if (verify && verify(body) !== value) {
      throw new SimError('BadDigest', 400, `The ${name.slice('x-amz-checksum-'.length).toUpperCase()} you specified did not match the calculated checksum.`);
    }
    checksums[name] = value;
  }
  // S3 computes a checksum when the client sent none (CRC64NVME in AWS); the simulation's is CRC32, which every SDK validates.
  if (Object.keys(checksums).length === 0) checksums['x-amz-checksum-crc32'] = crc32Base64(body);
  if (header(req, 'if-none-match') === '*' && bucket.objects.has(key)) {
    throw new SimError('PreconditionFailed', 412, 'At least one of the pre-conditions you specified did not hold');
  }
  const metadata = Object.fromEntries(Object.entries(req.headers).filter(([k]) => k.startsWith('x-amz-meta-')).map(([k, v]) => [k.slice('x-amz-meta-'.length), v]));
  const contentEncoding = encodings.filter((e) => e !== 'aws-chunked').join(',');
  const object: StoredObject = {
    key,
    body: Buffer.from(body),
    // "binary/octet-stream" is what S3 stores when the request gives no Content-Type.
    contentType: header(req, 'content-type') ?? 'binary/octet-stream',
    contentEncoding: contentEncoding === '' ? undefined : contentEncoding,
    etag: `"${md5.toString('hex')}"`,
    lastModified: new Date(Math.floor(ctx.now().getTime() / 1000) * 1000),
    metadata,
    checksums,
  };
  bucket.objects.set(key, object);
  return {
    operation: 'PutObject',
    output: {},
    raw: { headers: { etag: object.etag, 'x-amz-server-side-encryption': 'AES256', ...checksums, 'x-amz-checksum-type': 'FULL_OBJECT' } },
  };
}

/** The body of an aws-chunked request: `<hex size>[;chunk-signature=…]\r\n<bytes>\r\n` … `0\r\n`, then trailer lines. */
function decodeAwsChunked(data: Buffer): { body: Buffer; trailers: Record<string, string> } {
  const incomplete = () => new SimError('IncompleteBody', 400, 'The request body is not a complete aws-chunked body');
  const chunks: Buffer[] = [];
  let pos = 0;
  for (;;) {
    const eol = data.indexOf('\r\n', pos);
    if (eol < 0) throw incomplete();
    const size = parseInt(data.subarray(pos, eol).toString('latin1').split(';')[0] ?? '', 16);
    if (!Number.isInteger(size) || size < 0) throw incomplete();
    pos = eol + 2;
    if (size === 0) break;
    if (pos + size + 2 > data.length || data.subarray(pos + size, pos + size + 2).toString('latin1') !== '\r\n') throw incomplete();
    chunks.push(data.subarray(pos, pos + size));
    pos += size + 2;
  }
  const trailers: Record<string, string> = {};
  for (const line of data.subarray(pos).toString('latin1').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) trailers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { body: Buffer.concat(chunks), trailers };
}

function getObject(req: SimRequest, bucket: SimBucket, key: string): SimReply {
  for (const name of ['range', 'if-match', 'if-none-match', 'if-modified-since', 'if-unmodified-since']) {
    if (header(req, name) !== undefined) throw new SimError('NotImplemented', 501, `the simulated s3 does not implement GetObject with ${name}`);
  }
  if (queryParam(req.query, 'partNumber') !== undefined || queryParam(req.query, 'versionId') !== undefined) {
    throw new SimError('NotImplemented', 501, 'the simulated s3 does not implement GetObject of a part or a version');
  }
  const object = bucket.objects.get(key);
  if (!object) throw new SimError('NoSuchKey', 404, `The specified key does not exist: ${key}`);
  const headers: Record<string, string> = {
    'content-length': String(object.body.byteLength),
    'content-type': object.contentType,
    etag: object.etag,
    'last-modified': object.lastModified.toUTCString(),
    'accept-ranges': 'bytes',
    'x-amz-server-side-encryption': 'AES256',
  };
  if (object.contentEncoding !== undefined) headers['content-encoding'] = object.contentEncoding;
  for (const [name, value] of Object.entries(object.metadata)) headers[`x-amz-meta-${name}`] = value;
  // Checksums come back only when asked for with x-amz-checksum-mode: ENABLED, which the SDK sends by
  // default (responseChecksumValidation WHEN_SUPPORTED) and validates against the body it reads.
  if (header(req, 'x-amz-checksum-mode') === 'ENABLED') Object.assign(headers, object.checksums, { 'x-amz-checksum-type': 'FULL_OBJECT' });
  return { operation: 'GetObject', output: {}, raw: { headers, body: object.body } };
}

/** Where a listing resumes: after a key, or after every key under a common prefix. */
interface Resume {
  after: string;
  prefix: boolean;
}

function encodeToken(resume: Resume): string {
  return Buffer.from(JSON.stringify({ v: 'sim1', ...resume })).toString('base64');
}

function decodeToken(token: string): Resume {
  try {
    const value = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { v?: unknown; after?: unknown; prefix?: unknown };
    if (value.v === 'sim1' && typeof value.after === 'string' && typeof value.prefix === 'boolean') return { after: value.after, prefix: value.prefix };
  } catch {
    // the error below
  }
  throw new SimError('InvalidArgument', 400, 'The continuation token provided is incorrect');
}

function utf8Compare(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

type Entry = { object: StoredObject; prefix?: undefined } | { prefix: string; object?: undefined };

/**
 * ListObjectsV2: keys in UTF-8 binary order ("List results are always returned in UTF-8 binary order"),
 * Prefix, Delimiter (each common prefix counts once toward MaxKeys), StartAfter, and an opaque
 * ContinuationToken (https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html).
 */
function listObjectsV2(req: SimRequest, ctx: HandlerContext, bucket: SimBucket): SimReply {
  const prefix = queryParam(req.query, 'prefix') ?? '';
  const delimiter = queryParam(req.query, 'delimiter');
  const startAfter = queryParam(req.query, 'start-after');
  const token = queryParam(req.query, 'continuation-token');
  const encodingType = queryParam(req.query, 'encoding-type');
  if (encodingType !== undefined && encodingType !== 'url') throw new SimError('InvalidArgument', 400, `Invalid Encoding Method specified in Request: ${encodingType}`);
  const rawMaxKeys = queryParam(req.query, 'max-keys');
  const maxKeys = rawMaxKeys === undefined ? MAX_KEYS : Number(rawMaxKeys);
  if (!Number.isInteger(maxKeys) || maxKeys < 0) throw new SimError('InvalidArgument', 400, 'Provided max-keys not an integer or within integer range');
  const resume: Resume | undefined = token !== undefined ? decodeToken(token) : startAfter !== undefined ? { after: startAfter, prefix: false } : undefined;

  const keys = [...bucket.objects.values()].filter((o) => o.key.startsWith(prefix)).sort((a, b) => utf8Compare(a.key, b.key));
  const entries: Entry[] = [];
  for (const object of keys) {
    if (resume && (utf8Compare(object.key, resume.after) <= 0 || (resume.prefix && object.key.startsWith(resume.after)))) continue;
    const cut = delimiter ? object.key.indexOf(delimiter, prefix.length) : -1;
    if (delimiter && cut >= 0) {
      const common = object.key.slice(0, cut + delimiter.length);
      if (entries.at(-1)?.prefix !== common) entries.push({ prefix: common });
    } else {
      entries.push({ object });
    }
  }
  // More than 1,000 is not an error: the page holds at most 1,000. The simulation's page-size cap applies on top.
  const size = Math.min(maxKeys, MAX_KEYS);
  const page = size === 0 ? { items: [] as Entry[], next: undefined } : ctx.page(entries, { token: undefined, requested: size, max: size, defaultSize: size, operation: 'ListObjectsV2' });
  const last = page.items.at(-1);
  const enc = (s: string) => (encodingType === 'url' ? encodeURIComponent(s).replace(/%2F/g, '/') : s);
  const contents: _Object[] = page.items.flatMap((e) =>
    e.object
      ? [{
          Key: enc(e.object.key),
          LastModified: e.object.lastModified,
          ETag: e.object.etag,
          ChecksumAlgorithm: Object.keys(e.object.checksums).map((h) => h.slice('x-amz-checksum-'.length).toUpperCase() as never),
          ChecksumType: 'FULL_OBJECT',
          Size: e.object.body.byteLength,
          StorageClass: 'STANDARD',
        }]
      : [],
  );
  const commonPrefixes: CommonPrefix[] = page.items.flatMap((e) => (e.prefix !== undefined ? [{ Prefix: enc(e.prefix) }] : []));
  const output: Omit<ListObjectsV2Output, '$metadata'> = {
    Name: bucket.name,
    Prefix: enc(prefix),
    MaxKeys: maxKeys,
    KeyCount: page.items.length,
    IsTruncated: page.next !== undefined,
  };
  if (contents.length > 0) output.Contents = contents;
  if (commonPrefixes.length > 0) output.CommonPrefixes = commonPrefixes;
  if (delimiter !== undefined) output.Delimiter = enc(delimiter);
  if (encodingType !== undefined) output.EncodingType = 'url';
  if (token !== undefined) output.ContinuationToken = token;
  if (startAfter !== undefined) output.StartAfter = enc(startAfter);
  if (page.next !== undefined && last) {
    output.NextContinuationToken = encodeToken(last.prefix !== undefined ? { after: last.prefix, prefix: true } : { after: last.object.key, prefix: false });
  }
  return { operation: 'ListObjectsV2', output };
}

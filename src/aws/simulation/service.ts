import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import type { LimitedService } from '../rate-limit.js';
import { SimError, type ProtocolSpec, type SimRequest } from './protocol.js';
import { emptyRegionState, type SimAccount, type SimRegionState, type SimWorld } from './world.js';

/** The services the simulation serves, named as privapi's clients and quotas name them. */
export type SimService = 'sts' | 'organizations' | 'ec2' | 'elbv2' | 'apigateway' | 'apigatewayv2' | 'route53' | 'route53resolver' | 'securityhub' | 's3';

export interface SimReply {
  operation: string;
  output: object;
  /**
   * A response written by the handler itself instead of serialized from `output`: S3's object
   * bodies are raw bytes and its outputs travel in headers, which the XML serializer does not write.
   */
  raw?: { statusCode?: number; headers: Record<string, string>; body?: Uint8Array | string };
}

/** A finding as Security Hub holds it, with how many imports created or changed it. */
export interface StoredFinding {
  finding: AwsSecurityFinding;
  imports: number;
}

/**
 * Security Hub in the caller's account and region. Unlike the world, which the simulation only
 * reads, findings are written by the calls themselves, so they live on the server per instance.
 */
export interface SecurityHubState {
  /** Keyed by securityHubKey(ProductArn, Id): AWS identifies a finding by both. */
  findings: Map<string, StoredFinding>;
  /** The error code the failed-findings fault gives the next valid finding, or undefined to let it through. */
  injectedFailure(): string | undefined;
}

/** An S3 object as the simulated S3 holds it. */
export interface StoredObject {
  key: string;
  body: Uint8Array;
  contentType: string;
  contentEncoding: string | undefined;
  /** Quoted hex MD5 of the body, as S3 gives a single-part upload's ETag. */
  etag: string;
  lastModified: Date;
  /** `x-amz-meta-*` headers, names without the prefix. */
  metadata: Record<string, string>;
  /** Full-object checksums by header name (`x-amz-checksum-crc32`…), base64. */
  checksums: Record<string, string>;
}

/** An S3 bucket: S3 bucket names are global, so buckets live on the server, not in an account. */
export interface SimBucket {
  name: string;
  /** The account that owns the bucket. */
  accountId: string;
  region: string;
  /** Other accounts a bucket policy lets read and write the bucket. */
  sharedWith: readonly string[];
  objects: Map<string, StoredObject>;
}

/** S3 as every caller sees it: one global namespace of buckets. */
export interface S3State {
  bucket(name: string): SimBucket | undefined;
}

export function securityHubKey(productArn: string, id: string): string {
  return `${productArn}|${id}`;
}

export interface IssuedCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
}

/** What a service handler may use besides the request. */
export interface HandlerContext {
  world: SimWorld;
  /** The account the request's credentials belong to. */
  account: SimAccount;
  /** The region's state (an empty one for a region without resources). */
  regionState: SimRegionState;
  /** Cuts a page out of a listing; see Paginator. */
  page: Paginator;
  /** STS only: credentials for the target account of AssumeRole. */
  issueCredentials(accountId: string, sessionName: string): IssuedCredentials;
  /** Whether a region is enabled for the calling account (opt-in regions and the region fault). */
  regionEnabled(region: string): boolean;
  /** Security Hub only: its findings in the caller's account and signing region. */
  securityHub(): SecurityHubState;
  /** S3 only: the simulation's buckets. */
  s3(): S3State;
  now(): Date;
}

export interface ServiceHandler {
  service: SimService;
  spec: ProtocolSpec;
  /** The quota bucket (privapi's DEFAULT_QUOTAS key) this service's calls draw from. */
  quota: LimitedService;
  /** The error AWS returns when this service throttles. */
  throttle: { code: string; status: number };
  /** Global services (Route 53, Organizations) ignore the signing region for state. */
  global?: boolean;
  /**
   * The operation a REST request is for, when the path alone does not say it (S3 takes the bucket
   * from the host name or the first path segment); default: the http trait matching the path.
   */
  operationOf?(req: Omit<SimRequest, 'operation'>): string | undefined;
  handle(req: SimRequest, ctx: HandlerContext): SimReply;
}

export interface PageRequest {
  /** The token the previous page returned (NextToken, position, Marker…), if any. */
  token: string | undefined;
  /** The page size the caller asked for (MaxResults, limit, PageSize, maxitems), if any. */
  requested: number | undefined;
  /** The service's maximum page size for this operation. */
  max: number;
  /** The page size the service uses when none is asked for. */
  defaultSize: number;
  /** The operation, so a token from one listing is rejected by another. */
  operation: string;
  /** The service's own error codes for a bad token or page size (defaults below otherwise). */
  errors?: { token?: string; size?: string };
}

export type Paginator = <T>(items: readonly T[], req: PageRequest) => { items: T[]; next: string | undefined };

/**
 * Pages by offset behind an opaque token, as AWS does. `cap` (the simulation's page-size option)
 * makes every listing multi-page, so the collectors' pagination is exercised on every call.
 */
export function makePaginator(cap: number | undefined): Paginator {
  return <T>(items: readonly T[], req: PageRequest) => {
    let offset = 0;
    if (req.token !== undefined && req.token !== '') {
      const m = /^sim1\.([A-Za-z]+)\.(\d+)$/.exec(Buffer.from(req.token, 'base64url').toString('utf8'));
      if (!m || m[1] !== req.operation) throw new SimError(req.errors?.token ?? tokenErrorCode(req.operation), 400, `invalid pagination token for ${req.operation}`);
      offset = Number(m[2]);
    }
    if (req.requested !== undefined && (req.requested < 1 || req.requested > req.max)) {
      throw new SimError(req.errors?.size ?? 'ValidationException', 400, `page size ${req.requested} is outside 1..${req.max} for ${req.operation}`);
    }
    const size = Math.min(req.requested ?? req.defaultSize, cap ?? Number.POSITIVE_INFINITY);
    const slice = items.slice(offset, offset + size);
    const end = offset + slice.length;
    return { items: slice, next: end < items.length ? pageToken(req.operation, end) : undefined };
  };
}

/** The opaque token of the page of a listing that starts at `offset`. */
export function pageToken(operation: string, offset: number): string {
  return Buffer.from(`sim1.${operation}.${offset}`).toString('base64url');
}

function tokenErrorCode(operation: string): string {
  return operation.startsWith('Describe') ? 'InvalidNextToken' : 'BadRequestException';
}

export function regionStateOf(account: SimAccount, region: string): SimRegionState {
  return account.regions[region] ?? emptyRegionState();
}

export function unknownOperation(service: string, what: string | undefined): SimError {
  return new SimError('UnknownOperationException', 400, `the simulated ${service} does not implement ${what ?? 'this request'}`);
}

/** A numeric request parameter, or undefined when absent. */
export function numberParam(value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = Number(Array.isArray(value) ? value[0] : value);
  if (!Number.isFinite(n)) throw new SimError('ValidationException', 400, `not a number: ${String(value)}`);
  return n;
}

/** A single string parameter of a REST query string. */
export function queryParam(query: SimRequest['query'], name: string): string | undefined {
  const v = query[name];
  if (v === null || v === undefined) return undefined;
  return Array.isArray(v) ? v[0] : v;
}

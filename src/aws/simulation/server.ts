import { Readable } from 'node:stream';
import { HttpResponse, type HttpRequest } from '@smithy/protocol-http';
import type { AwsCredentialIdentity, HttpHandlerOptions, RequestHandler } from '@smithy/types';
import { RateLimiters, realClock, type Clock, type Quota } from '../rate-limit.js';
import { bodyBytes, credentialScope, parseForm, parseJson, restOperation, serializeError, serializeOutput, SimError, type SimRequest, type WireResponse } from './protocol.js';
import { mulberry32 } from './random.js';
import {
  makePaginator,
  pageToken,
  regionStateOf,
  type HandlerContext,
  type IssuedCredentials,
  type Paginator,
  type SecurityHubState,
  type ServiceHandler,
  type SimBucket,
  type SimService,
  type StoredFinding,
} from './service.js';
import { serviceHandlers } from './services/index.js';
import type { SimAccount, SimWorld } from './world.js';

/**
 * Round trips typical of AWS control-plane calls made from inside a region. AWS publishes no
 * latency figures; these are assumptions, used only so the benchmark's dependent call chains cost
 * what they would, and every one is configurable.
 */
export const REALISTIC_LATENCY_MS: Readonly<Record<SimService, number>> = {
  sts: 40,
  organizations: 80,
  ec2: 90,
  elbv2: 60,
  apigateway: 70,
  apigatewayv2: 70,
  route53: 80,
  route53resolver: 60,
  securityhub: 60,
  // S3 answers small object requests faster than the control planes; 20 ms is an assumption too.
  s3: 20,
};

export interface FaultPlan {
  /** A share of calls (0..1) is throttled during the first `durationMs` of the run (all of it when absent). */
  throttlingStorm?: { probability: number; durationMs?: number; services?: readonly SimService[]; accounts?: readonly string[] };
  /** Calls that get the service's AccessDenied error; absent fields match everything. */
  accessDenied?: ReadonlyArray<{ accountId: string; service?: SimService; operation?: string; region?: string }>;
  /** Accounts where sts:AssumeRole of the audit role is denied. */
  assumeRoleDenied?: readonly string[];
  /** Regions listed as not opted in for an account; calls there fail as they do in AWS. */
  regionNotEnabled?: ReadonlyArray<{ accountId: string; region: string }>;
  /** REST APIs whose `policy` is replaced by text that is not a policy. */
  malformedPolicies?: ReadonlyArray<{ accountId: string; region: string; restApiId: string; policy?: string }>;
  /** Extra latency per call for a service. */
  slowServices?: ReadonlyArray<{ service: SimService; latencyMs: number }>;
  /** Accounts (in one region, or all when absent) where Security Hub is not enabled: every Security Hub call fails with InvalidAccessException. */
  securityHubDisabled?: ReadonlyArray<{ accountId: string; region?: string }>;
  /** A share (0..1) of otherwise valid findings that BatchImportFindings reports in FailedFindings with `code` (default InternalException). */
  securityHubFailedFindings?: { probability: number; code?: string };
  /** S3 calls (of one operation, or all when absent) from an account that get AccessDenied (403), as a denying bucket or IAM policy gives. */
  s3Denied?: ReadonlyArray<{ accountId: string; operation?: string }>;
  /** Successful responses of a call that arrive damaged or altered, every time that call is made. */
  responseFaults?: readonly ResponseFault[];
  /** Listings whose every page after the first answers with the token it was asked with, as a service stuck on one page would. */
  repeatedPageToken?: readonly SimCall[];
  /**
   * Role credentials refused as expired before their expiration, as a revoked session or clock skew
   * has it: once an account has served `afterRequests` requests made with role credentials, every
   * credential issued to it until then is refused, and credentials issued later work.
   */
  expireCredentials?: ReadonlyArray<{ accountId: string; afterRequests: number }>;
  /** The caller's own credentials are refused as expired once it has made this many requests. */
  expireCallerAfterRequests?: number;
}

/** One call of one account (in one region, or every region when absent). */
export interface SimCall {
  accountId: string;
  service: SimService;
  /** The SDK operation name, e.g. GetRestApis. */
  operation: string;
  region?: string;
}

/**
 * `truncate` cuts the serialized body in half (JSON or XML that does not parse); `drop-field`
 * deletes the member at `path`; `unknown-enum` puts `value` there, a value the SDK's enum does
 * not list. `path` names members of the operation's output as the SDK names them, dot-separated,
 * `*` standing for every element of a list: `items.*.endpointConfiguration.types`.
 */
export type ResponseFault = SimCall & ({ kind: 'truncate' } | { kind: 'drop-field'; path: string } | { kind: 'unknown-enum'; path: string; value: string | readonly string[] });

/** An S3 bucket that exists when the simulation starts; objects are written by the calls. */
export interface SimBucketOptions {
  /** Globally unique, as S3 bucket names are. */
  name: string;
  /** The owner: only it (and `sharedWith`) may use the bucket; others get AccessDenied. */
  accountId: string;
  region: string;
  /** Other accounts a bucket policy grants read and write access. */
  sharedWith?: readonly string[];
}

export interface SimulationOptions {
  /** Per-call latency per service in ms (default 0: tests run at CPU speed). */
  latencyMs?: Partial<Record<SimService, number>>;
  /** Server-side buckets (privapi's quota keys); default AWS's documented quotas. */
  quotas?: Readonly<Record<string, Partial<Quota>>>;
  /** When false, the simulation never throttles on its own (faults still apply). Default true. */
  enforceQuotas?: boolean;
  /** Caps every page at this many items, so every listing of more items is multi-page. */
  pageSize?: number;
  /** Lifetime of credentials issued by the simulated AssumeRole (default 3600 s). */
  credentialLifetimeSeconds?: number;
  faults?: FaultPlan;
  /** The S3 buckets that exist (the simulated S3 creates none: privapi's buckets come from its deployment). */
  s3Buckets?: readonly SimBucketOptions[];
  clock?: Clock;
  /** Wall clock for timestamps and credential expiry. */
  now?: () => Date;
}

export interface SimMetrics {
  requests: number;
  throttled: number;
  /** Requests per `${accountId}|${region}|${service}|${operation}`. */
  calls: Map<string, number>;
  /** Error responses per code. */
  errors: Map<string, number>;
  /**
   * Distinct `${identity}|${accountId}|${region}|${service}|${operation}|${method} ${path}`, identity being
   * `caller` (its long-term keys) or `role` (AssumeRole credentials): which identity needs which
   * IAM action, and API Gateway's actions are authorized on the path.
   */
  requestsByIdentity: Set<string>;
  /** Successful responses a response fault altered, and pages served under a repeating token. */
  damaged: number;
}

interface Identity {
  accountId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
  /** Which AssumeRole issued it (1, 2, ...); absent for the caller's long-term keys. */
  session?: number;
}

const MALFORMED_POLICY = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke", "Resource": ';

/**
 * A simulated AWS organization behind the SDK's request handler interface: every privapi client
 * (STS, Organizations and the collectors') can be pointed at it, and the SDK's serializers,
 * signers, retry strategy and paginators run unchanged.
 */
export class SimulatedAws implements RequestHandler<HttpRequest, HttpResponse, HttpHandlerOptions> {
  readonly metrics: SimMetrics = { requests: 0, throttled: 0, calls: new Map(), errors: new Map(), requestsByIdentity: new Set(), damaged: 0 };
  private readonly handlers: Map<SimService, ServiceHandler>;
  private accounts: Map<string, SimAccount>;
  private readonly identities = new Map<string, Identity>();
  /** Security Hub findings per `${accountId}|${region}`. */
  private readonly securityHubFindingsByRegion = new Map<string, Map<string, StoredFinding>>();
  /** S3 buckets by name (one global namespace). */
  private readonly buckets = new Map<string, SimBucket>();
  /** AWS's side of the quotas: the same bucket arithmetic as privapi's client, throttling instead of waiting. */
  private readonly limiters: RateLimiters;
  private readonly clock: Clock;
  private readonly now: () => Date;
  private readonly page: Paginator;
  /** When the fault plan took effect (a storm's duration counts from here). */
  private startedAt: number;
  private readonly random: () => number;
  private readonly caller: AwsCredentialIdentity;
  private sessions = 0;
  private requestIds = 0;
  /** For the expiry faults: requests served to the caller and to each account's role, and the last session refused per account. */
  private servedToCaller = 0;
  private readonly servedToRole = new Map<string, number>();
  private readonly refusedUpTo = new Map<string, number>();

  constructor(
    readonly world: SimWorld,
    private readonly options: SimulationOptions = {},
    handlers: readonly ServiceHandler[] = serviceHandlers,
  ) {
    this.handlers = new Map(handlers.map((h) => [h.service, h]));
    this.accounts = new Map(applyMalformedPolicies(world, options.faults).accounts.map((a) => [a.id, a]));
    this.clock = options.clock ?? realClock;
    this.limiters = new RateLimiters(options.quotas, this.clock);
    this.now = options.now ?? (() => new Date());
    this.page = makePaginator(options.pageSize);
    this.startedAt = this.clock.now();
    this.random = mulberry32(world.seed ^ 0x5eed);
    const key = `AKIA${world.managementAccountId.slice(-8)}SIMCALLR`;
    this.caller = { accessKeyId: key, secretAccessKey: `sim-secret-${world.seed}-caller` };
    this.identities.set(key, { accountId: world.managementAccountId, secretAccessKey: this.caller.secretAccessKey });
    for (const b of options.s3Buckets ?? []) {
      if (this.buckets.has(b.name)) throw new Error(`s3Buckets: bucket ${b.name} is declared twice (S3 bucket names are global)`);
      this.buckets.set(b.name, { name: b.name, accountId: b.accountId, region: b.region, sharedWith: b.sharedWith ?? [], objects: new Map() });
    }
  }

  /**
   * Replaces the fault plan from now on, keeping everything the calls changed (Security Hub
   * findings, S3 objects, issued credentials): a harness audits the same organization clean,
   * faulted, then clean again.
   */
  setFaults(faults: FaultPlan | undefined): void {
    this.options.faults = faults;
    this.accounts = new Map(applyMalformedPolicies(this.world, faults).accounts.map((a) => [a.id, a]));
    this.startedAt = this.clock.now();
  }

  /** Long-term credentials of the caller (an identity in the management account). */
  callerCredentials(): AwsCredentialIdentity {
    return { ...this.caller };
  }

  /** Every secret the simulation issued, so a test can prove none reached a log. */
  issuedSecrets(): string[] {
    return [...this.identities.values()].map((i) => i.secretAccessKey);
  }

  /** Every session token AssumeRole issued, for the same proof. */
  issuedSessionTokens(): string[] {
    return [...this.identities.values()].flatMap((i) => (i.sessionToken ? [i.sessionToken] : []));
  }

  async handle(request: HttpRequest): Promise<{ response: HttpResponse }> {
    const requestId = `sim-${(++this.requestIds).toString(16).padStart(8, '0')}`;
    this.metrics.requests++;
    let handler: ServiceHandler | undefined;
    let wire: WireResponse;
    let latency = 0;
    try {
      const scope = credentialScope(request);
      handler = this.handlerFor(scope.signingName, request.path);
      latency = this.latencyOf(handler.service);
      const identity = this.identify(scope.accessKeyId, handler);
      const account = this.accounts.get(identity.accountId);
      if (!account) throw new SimError('InvalidClientTokenId', 403, 'The security token included in the request is invalid.');
      const region = handler.global ? 'global' : scope.region;
      const req = this.parse(request, await bodyBytes(request), handler, identity.accountId, scope.region, scope.accessKeyId);
      const operation = req.operation ?? `${request.method} ${request.path}`;
      this.count(`${account.id}|${region}|${handler.service}|${operation}`);
      const kind = scope.accessKeyId === this.caller.accessKeyId ? 'caller' : 'role';
      this.metrics.requestsByIdentity.add(`${kind}|${account.id}|${region}|${handler.service}|${operation}|${request.method} ${request.path}`);
      if (!handler.global && !this.regionEnabled(account, scope.region)) {
        throw new SimError(handler.service === 'ec2' ? 'AuthFailure' : 'UnrecognizedClientException', 401, `${scope.region} is not enabled for account ${account.id}`);
      }
      this.applyFaults(handler, account.id, scope.region, req.operation);
      this.applyQuota(handler, account.id, scope.region, req.operation);
      const stuck = callsMatching(this.options.faults?.repeatedPageToken, handler.service, account.id, scope.region, req.operation).length > 0;
      if (stuck) this.metrics.damaged++;
      const ctx: HandlerContext = {
        world: this.world,
        account,
        regionState: regionStateOf(account, scope.region),
        page: stuck ? repeatingToken(this.page) : this.page,
        issueCredentials: (accountId, sessionName) => this.issueCredentials(accountId, sessionName),
        now: this.now,
        regionEnabled: (r) => this.regionEnabled(account, r),
        securityHub: () => this.securityHubState(account.id, scope.region),
        s3: () => ({ bucket: (name) => this.buckets.get(name) }),
      };
      const reply = handler.handle(req, ctx);
      const damage = callsMatching(this.options.faults?.responseFaults, handler.service, account.id, scope.region, reply.operation);
      wire = reply.raw
        ? { statusCode: reply.raw.statusCode ?? 200, headers: { 'x-amz-request-id': requestId, ...reply.raw.headers }, body: reply.raw.body ?? '' }
        : serializeOutput(handler.spec, reply.operation, damage.length ? alteredOutput(reply.output, damage) : reply.output, requestId);
      if (damage.some((f) => f.kind === 'truncate')) wire = { ...wire, body: firstHalf(wire.body) };
      if (damage.length) this.metrics.damaged++;
    } catch (err) {
      const simErr = err instanceof SimError ? err : new SimError('InternalFailure', 500, `simulation error: ${(err as Error).message}`);
      if (simErr.code === handler?.throttle.code) this.metrics.throttled++;
      this.metrics.errors.set(simErr.code, (this.metrics.errors.get(simErr.code) ?? 0) + 1);
      wire = serializeError(handler?.spec ?? { protocol: 'restJson' }, simErr, requestId);
    }
    if (latency > 0) await this.clock.sleep(latency);
    // A response to HEAD has no body (RFC 9110 §9.3.2): S3's HeadBucket errors are a bare status.
    const body = request.method === 'HEAD' ? Buffer.alloc(0) : typeof wire.body === 'string' ? Buffer.from(wire.body, 'utf8') : Buffer.from(wire.body.buffer, wire.body.byteOffset, wire.body.byteLength);
    return {
      response: new HttpResponse({ statusCode: wire.statusCode, headers: wire.headers, body: Readable.from([body]) }),
    };
  }

  private count(key: string): void {
    this.metrics.calls.set(key, (this.metrics.calls.get(key) ?? 0) + 1);
  }

  private handlerFor(signingName: string, path: string): ServiceHandler {
    const service: SimService | undefined =
      signingName === 'elasticloadbalancing' ? 'elbv2'
      : signingName === 'apigateway' ? (path.startsWith('/v2/') ? 'apigatewayv2' : 'apigateway')
      : (signingName as SimService);
    const handler = this.handlers.get(service);
    if (!handler) throw new SimError('UnknownServiceException', 400, `the simulation does not serve ${signingName}`);
    return handler;
  }

  private latencyOf(service: SimService): number {
    const slow = this.options.faults?.slowServices?.filter((s) => s.service === service).reduce((sum, s) => sum + s.latencyMs, 0) ?? 0;
    return (this.options.latencyMs?.[service] ?? 0) + slow;
  }

  private identify(accessKeyId: string, handler: ServiceHandler): Identity {
    const identity = this.identities.get(accessKeyId);
    if (!identity) throw new SimError(handler.spec.protocol.startsWith('json') ? 'UnrecognizedClientException' : handler.service === 's3' ? 'InvalidAccessKeyId' : 'InvalidClientTokenId', 403, 'The security token included in the request is invalid.');
    if ((identity.expiration && identity.expiration.getTime() <= this.now().getTime()) || this.refusedAsExpired(identity)) {
      throw new SimError(handler.spec.protocol.startsWith('json') ? 'ExpiredTokenException' : 'ExpiredToken', 400, 'The security token included in the request is expired');
    }
    return identity;
  }

  /** Applies the expiry faults; a request not refused counts as served. */
  private refusedAsExpired(identity: Identity): boolean {
    const faults = this.options.faults;
    if (identity.session === undefined) {
      const limit = faults?.expireCallerAfterRequests;
      if (limit === undefined) return false;
      if (this.servedToCaller >= limit) return true;
      this.servedToCaller++;
      return false;
    }
    const limit = faults?.expireCredentials?.find((f) => f.accountId === identity.accountId)?.afterRequests;
    if (limit === undefined) return false;
    if (identity.session <= (this.refusedUpTo.get(identity.accountId) ?? 0)) return true;
    const served = (this.servedToRole.get(identity.accountId) ?? 0) + 1;
    this.servedToRole.set(identity.accountId, served);
    if (served === limit) this.refusedUpTo.set(identity.accountId, this.sessions);
    return false;
  }

  private parse(request: HttpRequest, body: Uint8Array, handler: ServiceHandler, accountId: string, region: string, accessKeyId: string): SimRequest {
    const text = request.method === 'GET' || handler.service === 's3' ? '' : Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
    const protocol = handler.spec.protocol;
    const form = protocol === 'ec2Query' || protocol === 'awsQuery' ? parseForm(text) : new Map<string, string>();
    const json = protocol === 'json1_1' || protocol === 'restJson' ? parseJson(text) : {};
    const target = request.headers['x-amz-target'] ?? request.headers['X-Amz-Target'];
    const query = request.query ?? {};
    const rest = protocol === 'restJson' || protocol === 'restXml';
    const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), v]));
    const base = { accountId, region, accessKeyId, method: request.method, path: request.path, query, form, json, hostname: request.hostname, headers, body };
    const operation =
      form.get('Action') ??
      (target ? target.slice(target.lastIndexOf('.') + 1)
      : handler.operationOf ? handler.operationOf(base)
      : rest ? restOperation(handler.spec, request.method, request.path, query)
      : undefined);
    return { ...base, operation };
  }

  private regionEnabled(account: SimAccount, region: string): boolean {
    const info = this.world.regions.find((r) => r.name === region);
    if (!info) return false;
    if (this.options.faults?.regionNotEnabled?.some((f) => f.accountId === account.id && f.region === region)) return false;
    return !info.optIn || account.optedInRegions.includes(region);
  }

  private applyFaults(handler: ServiceHandler, accountId: string, region: string, operation: string | undefined): void {
    const faults = this.options.faults;
    if (!faults) return;
    const denied = faults.accessDenied?.some(
      (f) => f.accountId === accountId && (f.service === undefined || f.service === handler.service) && (f.operation === undefined || f.operation === operation) && (f.region === undefined || f.region === region),
    );
    if (denied) throw accessDenied(handler, accountId, operation);
    if (handler.service === 's3' && faults.s3Denied?.some((f) => f.accountId === accountId && (f.operation === undefined || f.operation === operation))) {
      throw accessDenied(handler, accountId, operation);
    }
    if (handler.service === 'securityhub' && faults.securityHubDisabled?.some((f) => f.accountId === accountId && (f.region === undefined || f.region === region))) {
      throw securityHubNotEnabled(accountId);
    }
    const storm = faults.throttlingStorm;
    if (storm && (storm.durationMs === undefined || this.clock.now() - this.startedAt < storm.durationMs)) {
      const applies = (storm.services === undefined || storm.services.includes(handler.service)) && (storm.accounts === undefined || storm.accounts.includes(accountId));
      if (applies && this.random() < storm.probability) throw new SimError(handler.throttle.code, handler.throttle.status, 'Rate exceeded');
    }
  }

  private applyQuota(handler: ServiceHandler, accountId: string, region: string, operation: string | undefined): void {
    if (this.options.enforceQuotas === false) return;
    const buckets = this.limiters.bucketsFor(handler.quota, operation ?? '', accountId, region);
    const now = this.clock.now();
    if (buckets.some((b) => b.earliest(now) > now)) throw new SimError(handler.throttle.code, handler.throttle.status, 'Rate exceeded');
    for (const b of buckets) b.reserve(now);
  }

  /** The findings Security Hub holds in an account and region, in import order, for tests and the demo. */
  securityHubFindings(accountId: string, region: string): ReadonlyArray<Readonly<StoredFinding>> {
    return [...(this.securityHubFindingsByRegion.get(`${accountId}|${region}`)?.values() ?? [])].map((s) => ({ finding: s.finding, imports: s.imports }));
  }

  private securityHubState(accountId: string, region: string): SecurityHubState {
    const key = `${accountId}|${region}`;
    let findings = this.securityHubFindingsByRegion.get(key);
    if (!findings) this.securityHubFindingsByRegion.set(key, (findings = new Map()));
    const fault = this.options.faults?.securityHubFailedFindings;
    return {
      findings,
      // InternalException by default: the error Security Hub documents for its own failures, which is what a retry is for.
      injectedFailure: () => (fault && this.random() < fault.probability ? (fault.code ?? 'InternalException') : undefined),
    };
  }

  /** The objects of an S3 bucket in key order (UTF-8 binary order, as ListObjectsV2 lists them), for tests; empty for an unknown bucket. */
  s3Objects(bucket: string): ReadonlyArray<{ key: string; size: number }> {
    const objects = [...(this.buckets.get(bucket)?.objects.values() ?? [])];
    return objects.sort((a, b) => Buffer.compare(Buffer.from(a.key), Buffer.from(b.key))).map((o) => ({ key: o.key, size: o.body.byteLength }));
  }

  /** What the simulated AssumeRole returns; tests may call it to act as a member account directly. */
  issueCredentials(accountId: string, sessionName: string): IssuedCredentials {
    const account = this.accounts.get(accountId);
    if (!account || !account.roleDeployed || this.options.faults?.assumeRoleDenied?.includes(accountId)) {
      throw new SimError('AccessDenied', 403, `User is not authorized to perform: sts:AssumeRole on the audit role in account ${accountId} (session ${sessionName})`);
    }
    const n = ++this.sessions;
    const accessKeyId = `ASIA${accountId.slice(-6)}${n.toString(36).toUpperCase().padStart(6, '0')}`;
    const secretAccessKey = `sim-secret-${this.world.seed}-${accountId}-${n}`;
    const expiration = new Date(this.now().getTime() + (this.options.credentialLifetimeSeconds ?? 3600) * 1000);
    const sessionToken = `sim-session-${n}`;
    this.identities.set(accessKeyId, { accountId, secretAccessKey, sessionToken, expiration, session: n });
    return { accessKeyId, secretAccessKey, sessionToken, expiration };
  }
}

function callsMatching<T extends SimCall>(calls: readonly T[] | undefined, service: SimService, accountId: string, region: string, operation: string | undefined): T[] {
  return (calls ?? []).filter((c) => c.accountId === accountId && c.service === service && c.operation === operation && (c.region === undefined || c.region === region));
}

/** The output with the faults' edits made on a copy: it shares its records with the world. */
function alteredOutput(output: object, faults: readonly ResponseFault[]): object {
  const copy: unknown = structuredClone(output);
  for (const fault of faults) {
    if (fault.kind === 'truncate') continue;
    const path = fault.path.split('.');
    const member = path.pop() ?? '';
    for (const parent of containersAt(copy, path)) {
      if (fault.kind === 'drop-field') delete parent[member];
      else parent[member] = typeof fault.value === 'string' ? fault.value : [...fault.value];
    }
  }
  return copy as object;
}

function* containersAt(value: unknown, path: readonly string[]): Generator<Record<string, unknown>> {
  if (value === null || typeof value !== 'object') return;
  const [head, ...rest] = path;
  if (head === undefined) yield value as Record<string, unknown>;
  else if (head === '*') for (const item of Array.isArray(value) ? (value as unknown[]) : []) yield* containersAt(item, rest);
  else yield* containersAt((value as Record<string, unknown>)[head], rest);
}

function firstHalf(body: string | Uint8Array): string | Uint8Array {
  return typeof body === 'string' ? body.slice(0, Math.floor(body.length / 2)) : body.subarray(0, Math.floor(body.byteLength / 2));
}

/** Pages as `page` does, except that a page asked for with a token answers with that same token, and the first always has one. */
function repeatingToken(page: Paginator): Paginator {
  return (items, req) => {
    const out = page(items, req);
    return { items: out.items, next: req.token || out.next || pageToken(req.operation, items.length) };
  };
}

function accessDenied(handler: ServiceHandler, accountId: string, operation: string | undefined): SimError {
  const action = `${handler.service === 'elbv2' ? 'elasticloadbalancing' : handler.service === 'apigatewayv2' ? 'apigateway' : handler.service}:${operation ?? 'GET'}`;
  const message = `User: arn:aws:sts::${accountId}:assumed-role/PrivapiAuditRole/privapi is not authorized to perform: ${action}`;
  switch (handler.service) {
    case 'ec2': return new SimError('UnauthorizedOperation', 403, message);
    case 'elbv2': case 'route53': case 'sts': case 's3': return new SimError('AccessDenied', 403, message);
    default: return new SimError('AccessDeniedException', handler.spec.protocol === 'json1_1' ? 400 : 403, message);
  }
}

/**
 * Security Hub's InvalidAccessException (HTTP 401) means "Either Security Hub is not enabled for the
 * account, or the account does not have permission"
 * (https://docs.rs/aws-sdk-securityhub/0.16.0/aws_sdk_securityhub/error/struct.InvalidAccessException.html,
 * https://docs.rs/rusoto_securityhub/latest/rusoto_securityhub/enum.BatchImportFindingsError.html); the
 * message's wording is not documented. An older user guide page says BatchImportFindings instead lists
 * every finding in FailedFindings with "InvalidAccess" (awsdocs' finding-update-batchimportfindings.md);
 * the whole-request error is simulated as the documented exception and the harsher case for a sink.
 */
function securityHubNotEnabled(accountId: string): SimError {
  return new SimError('InvalidAccessException', 401, `Account ${accountId} is not subscribed to AWS Security Hub`);
}

/** A copy of the world with the fault's policies broken; only the touched APIs are copied. */
function applyMalformedPolicies(world: SimWorld, faults: FaultPlan | undefined): SimWorld {
  const targets = faults?.malformedPolicies ?? [];
  if (targets.length === 0) return world;
  const accounts = world.accounts.map((account) => {
    const mine = targets.filter((t) => t.accountId === account.id);
    if (mine.length === 0) return account;
    const regions = Object.fromEntries(
      Object.entries(account.regions).map(([region, state]) => {
        const here = mine.filter((t) => t.region === region);
        if (here.length === 0) return [region, state];
        const restApis = state.apigateway.restApis.map((r) => {
          const fault = here.find((t) => t.restApiId === r.api.id);
          return fault ? { ...r, api: { ...r.api, policy: fault.policy ?? MALFORMED_POLICY } } : r;
        });
        return [region, { ...state, apigateway: { ...state.apigateway, restApis } }];
      }),
    );
    return { ...account, regions };
  });
  return { ...world, accounts };
}

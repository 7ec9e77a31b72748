import pino from 'pino';
import { UNLIMITED_QUOTAS } from '../aws/simulation/organization.js';
import { checks } from '../../checks/index.js';
import { createAwsEnvironment } from '../aws/environment.js';
import { serveWorld } from '../aws/simulation/organization.js';
import { emptyRegionState, emptyRoute53State, type SimAccount, type SimHostedZone, type SimRegionState, type SimRestApi, type SimWorld } from '../aws/simulation/world.js';
import { collectInventory } from '../collectors/run.js';
import { runCatalog } from '../engine/run-checks.js';
import type { CheckResult } from '../model/check.js';
import type { Snapshot } from '../model/inventory.js';
import { invokeAccess, parsePolicy, type InvokeAccess } from '../policy/index.js';
import { PRIVAPI_VERSION } from '../version.js';
import { best, round } from './measure.js';

/**
 * Issue 9, size limits: what privapi costs at AWS's own maximums, each against the same work at
 * a small size measured in the same run. The quotas, from the API Gateway and Route 53 developer
 * guides (checked Nov 2026): a REST API's resource policy is at most 8,192 characters and an API
 * has at most 300 resources (both raisable, so larger ones exist), a hosted zone holds at most
 * 10,000 records (raisable).
 */
export const AWS_MAXIMUMS = { policyChars: 8192, resourcesPerApi: 300, recordsPerZone: 10_000 } as const;

export const SIZE_MANAGEMENT = '100000000001';
export const SIZE_MEMBER = '200000000002';
export const SIZE_REGION = 'us-east-1';
export const SIZE_VPC = 'vpc-0512e00000000001';
/** The one endpoint a size policy admits that no account holds: POLICY-003 must name it, and only it. */
export const OUTSIDE_VPCE = 'vpce-0ffffffffffffffff';

const endpointId = (i: number) => `vpce-${(i + 1).toString(16).padStart(17, '0')}`;

export interface SizedPolicy {
  text: string;
  /** Every endpoint the policy admits except OUTSIDE_VPCE, in the order it lists them. */
  endpointIds: string[];
}

/**
 * A resource policy of exactly `chars` characters shaped like the whitepaper's: allow invoke,
 * deny it outside a list of endpoints, and per-path IP restrictions. The endpoint list takes
 * what the statements leave; the first Sid pads to the exact length.
 */
export function sizedPolicy(chars: number, ipStatements = 12): SizedPolicy {
  const ipDenies = Array.from({ length: ipStatements }, (_, i) => ({
    Sid: `DenyAdmin${i}OutsideOffice`,
    Effect: 'Deny',
    Principal: '*',
    Action: 'execute-api:Invoke',
    Resource: `execute-api:/*/DELETE/admin${i}/*`,
    Condition: { NotIpAddress: { 'aws:SourceIp': [`10.${i}.0.0/16`, `192.168.${i}.0/24`] } },
  }));
  const text = (ids: string[], pad: number) =>
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Sid: `AllowInvoke${'x'.repeat(pad)}`, Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' },
        { Sid: 'DenyOutsideEndpoints', Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*', Condition: { StringNotEquals: { 'aws:SourceVpce': [...ids, OUTSIDE_VPCE] } } },
        ...ipDenies,
      ],
    });
  const ids: string[] = [];
  while (text([...ids, endpointId(ids.length)], 0).length <= chars) ids.push(endpointId(ids.length));
  const pad = chars - text(ids, 0).length;
  if (pad < 0) throw new RangeError(`a policy with ${ipStatements} IP statements needs more than ${chars} characters`);
  return { text: text(ids, pad), endpointIds: ids };
}

/** The policy a minimal private API has: one statement, one endpoint. */
export const ONE_STATEMENT_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*', Condition: { StringEquals: { 'aws:SourceVpce': endpointId(0) } } }],
});

/** What the policy checks compute from a policy before judging it: the parse and the invoke analysis. */
export function analysePolicy(text: string): InvokeAccess {
  const parsed = parsePolicy(text);
  if (!parsed.ok) throw new Error(`size policy does not parse: ${parsed.error.message}`);
  return invokeAccess(parsed.policy, { partition: 'aws', region: SIZE_REGION, accountId: SIZE_MEMBER, apiId: 'sizepolicy' });
}

export interface SizeWorldOptions {
  /** Private APIs by id, each with this resource policy text; every endpoint it admits but OUTSIDE_VPCE exists. */
  policies?: Array<{ apiId: string; policy: SizedPolicy }>;
  /** One private API, `resources` resources under "/", each with a GET method; the last one is unauthenticated. */
  resources?: number;
  /** One private hosted zone of exactly `records` records; the last two are a failover pair without health checks. */
  records?: number;
}

export const SIZE_API = 'sizeresapi';
export const SIZE_ZONE = { id: 'Z0SIZE000000000000001', name: 'size.corp.internal.' } as const;

function privateApi(id: string, policy: string, resources: SimRestApi['resources']): SimRestApi {
  const api: SimRestApi['api'] = { id, name: `size-${id}`, createdDate: new Date('2026-01-01T00:00:00Z'), policy, endpointConfiguration: { types: ['PRIVATE'], vpcEndpointIds: [endpointId(0)] } };
  return { api, resources, stages: [], authorizers: [] };
}

/** Resources "/", "/r0" … each with GET: AWS_IAM everywhere but the last, which is NONE. */
function apiResources(count: number): SimRestApi['resources'] {
  const root = { id: 'root', path: '/' };
  const children = Array.from({ length: count - 1 }, (_, i) => ({
    id: `res${i}`,
    parentId: 'root',
    pathPart: `r${i}`,
    path: `/r${i}`,
    resourceMethods: { GET: { httpMethod: 'GET', authorizationType: i === count - 2 ? 'NONE' : 'AWS_IAM', methodIntegration: { type: 'MOCK' } } },
  }));
  return [root, ...children];
}

function hostedZone(count: number): SimHostedZone {
  const name = SIZE_ZONE.name;
  const failover = (role: 'PRIMARY' | 'SECONDARY') => ({ Name: `failover.${name}`, Type: 'A' as const, SetIdentifier: role.toLowerCase(), Failover: role, TTL: 60, ResourceRecords: [{ Value: role === 'PRIMARY' ? '10.9.0.1' : '10.9.0.2' }] });
  const records: SimHostedZone['records'] = [
    { Name: name, Type: 'SOA', TTL: 900, ResourceRecords: [{ Value: 'ns-1.awsdns-01.org. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400' }] },
    { Name: name, Type: 'NS', TTL: 172800, ResourceRecords: [{ Value: 'ns-1.awsdns-01.org.' }] },
    ...Array.from({ length: count - 4 }, (_, i) => ({ Name: `host${i}.${name}`, Type: 'A' as const, TTL: 300, ResourceRecords: [{ Value: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` }] })),
    failover('PRIMARY'),
    failover('SECONDARY'),
  ];
  return {
    zone: { Id: `/hostedzone/${SIZE_ZONE.id}`, Name: name, CallerReference: 'size', Config: { PrivateZone: true }, ResourceRecordSetCount: records.length },
    vpcs: [{ VPCRegion: SIZE_REGION, VPCId: SIZE_VPC }],
    records,
  };
}

function account(id: string, name: string): SimAccount {
  return { id, name, email: `aws+${id}@example.com`, status: 'ACTIVE', parentId: 'r-size', optedInRegions: [], roleDeployed: true, regions: {}, route53: emptyRoute53State() };
}

/** A management account and one member holding, in one region, only what the sizes ask for. */
export function sizeWorld(opts: SizeWorldOptions): SimWorld {
  const member = account(SIZE_MEMBER, 'size-member');
  const region = emptyRegionState();
  region.ec2.vpcs.push({ vpc: { VpcId: SIZE_VPC, CidrBlock: '10.0.0.0/8', OwnerId: SIZE_MEMBER, State: 'available' }, enableDnsSupport: true, enableDnsHostnames: true });
  const endpoints = new Set([endpointId(0), ...(opts.policies ?? []).flatMap((p) => p.policy.endpointIds)]);
  // EC2 answers in lower case where the SDK's enum spells "Available".
  type VpcEndpoint = SimRegionState['ec2']['vpcEndpoints'][number];
  for (const id of endpoints) {
    region.ec2.vpcEndpoints.push({ VpcEndpointId: id, VpcEndpointType: 'Interface', VpcId: SIZE_VPC, ServiceName: `com.amazonaws.${SIZE_REGION}.execute-api`, State: 'available' as VpcEndpoint['State'], OwnerId: SIZE_MEMBER });
  }
  for (const { apiId, policy } of opts.policies ?? []) region.apigateway.restApis.push(privateApi(apiId, policy.text, apiResources(2)));
  if (opts.resources) region.apigateway.restApis.push(privateApi(SIZE_API, ONE_STATEMENT_POLICY, apiResources(opts.resources)));
  member.regions[SIZE_REGION] = region;
  if (opts.records) member.route53.hostedZones.push(hostedZone(opts.records));
  return {
    partition: 'aws',
    seed: 9,
    managementAccountId: SIZE_MANAGEMENT,
    rootId: 'r-size',
    auditRoleName: 'PrivapiAuditRole',
    organizationalUnits: [],
    accounts: [account(SIZE_MANAGEMENT, 'management'), member],
    regions: [{ name: SIZE_REGION, optIn: false }],
    answerKey: [],
    reachKey: [],
    architectures: [],
  };
}

const silent = pino({ level: 'silent' });

export interface CollectedAndChecked {
  snapshot: Snapshot;
  results: CheckResult[];
  /** Calls per operation, e.g. "apigateway:GetResources" → 6. */
  calls: Map<string, number>;
  ms: number;
}

/**
 * A full collection of the world through the simulated SDK (no latency, no throttling: the
 * figures are privapi's own work) and the whole check catalog over it.
 */
export async function collectAndCheck(world: SimWorld): Promise<CollectedAndChecked> {
  const org = serveWorld(world, { quotas: UNLIMITED_QUOTAS });
  const env = await createAwsEnvironment({ ...org.aws, maxAttempts: 1, quotas: UNLIMITED_QUOTAS });
  const started = performance.now();
  const { snapshot } = await collectInventory(
    { mode: 'organization', filters: {}, assumeRole: { roleName: world.auditRoleName, callerUsesOwnCredentials: true }, homeRegion: env.homeRegion, accountConcurrency: 2 },
    { factory: env.factory, baseCredentials: env.baseCredentials, log: silent, runId: 'size', version: PRIVAPI_VERSION },
  );
  const { results } = runCatalog(checks, snapshot);
  const ms = performance.now() - started;
  const calls = new Map<string, number>();
  for (const e of env.stats.all()) calls.set(`${e.service}:${e.operation}`, (calls.get(`${e.service}:${e.operation}`) ?? 0) + e.attempts);
  return { snapshot, results, calls, ms };
}

export const SIZE_CASES = {
  'policy-one-statement': { kind: 'policy', size: ONE_STATEMENT_POLICY.length, unit: 'character' },
  'policy-max': { kind: 'policy', size: AWS_MAXIMUMS.policyChars, unit: 'character' },
  'api-30': { kind: 'resources', size: 30, unit: 'resource' },
  'api-3000': { kind: 'resources', size: 3000, unit: 'resource' },
  'zone-100': { kind: 'records', size: 100, unit: 'record' },
  'zone-10000': { kind: 'records', size: AWS_MAXIMUMS.recordsPerZone, unit: 'record' },
} as const;
export type SizeCaseName = keyof typeof SIZE_CASES;

export interface SizeCaseResult {
  name: SizeCaseName;
  size: number;
  unit: string;
  /** Fastest of 3 in one process (the first run pays for JIT and module warm-up). */
  ms: number;
  msPerUnit: number;
  peakRssMb: number;
  /** What the run produced, so a figure cannot come from a run that did less: endpoints admitted, resources or records collected. */
  produced: number;
}

/** One case, meant to run alone in its process so its peak RSS is its own. */
export async function runSizeCase(name: SizeCaseName): Promise<SizeCaseResult> {
  const spec = SIZE_CASES[name];
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 10);
  let ms = Number.POSITIVE_INFINITY;
  let produced = 0;
  try {
    if (spec.kind === 'policy') {
      const text = name === 'policy-max' ? sizedPolicy(spec.size).text : ONE_STATEMENT_POLICY;
      // One analysis of a one-statement policy is microseconds: time a batch so the clock can see it.
      const repeat = name === 'policy-max' ? 1 : 1000;
      const run = best(() => {
        let access: InvokeAccess | undefined;
        for (let i = 0; i < repeat; i++) access = analysePolicy(text);
        return access!;
      });
      ms = run.ms / repeat;
      produced = run.value.allowedEndpoints.length;
    } else {
      const world = sizeWorld(spec.kind === 'resources' ? { resources: spec.size } : { records: spec.size });
      for (let i = 0; i < 3; i++) {
        const run = await collectAndCheck(world);
        ms = Math.min(ms, run.ms);
        const regional = run.snapshot.regional.find((r) => r.accountId === SIZE_MEMBER);
        produced =
          spec.kind === 'resources'
            ? (regional?.restApis?.find((a) => a.id === SIZE_API)?.resources?.length ?? 0)
            : (run.snapshot.global.find((g) => g.accountId === SIZE_MEMBER)?.hostedZones?.[0]?.records?.length ?? 0);
      }
    }
  } finally {
    clearInterval(sampler);
  }
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  return { name, size: spec.size, unit: spec.unit, ms: round(ms, 3), msPerUnit: ms / spec.size, peakRssMb: Math.round(peakRss / 1024 / 1024), produced };
}

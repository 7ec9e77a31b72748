import { beforeAll, describe, expect, it } from 'vitest';
import type { AuditResult } from '../../src/audit.js';
import { generateWorld } from '../../src/aws/simulation/generator/index.js';
import type { FaultPlan, ResponseFault, SimCall } from '../../src/aws/simulation/server.js';
import type { SimRegionState } from '../../src/aws/simulation/world.js';
import { FileStateStore } from '../../src/sinks/state-file.js';
import { active, auditDays, stateDir } from '../helpers/audit-run.js';

const stateFile = stateDir('privapi-malformed-');
const auditOnce = auditDays();
const world = generateWorld({ seed: 11, accounts: 12, regions: ['us-east-1', 'eu-west-1'] });
// Made once stateDir's beforeAll has made the folder: its path is empty before.
let store: FileStateStore;
beforeAll(() => {
  store = new FileStateStore({ path: stateFile('malformed.json'), retentionDays: 90 });
});

interface Scope {
  accountId: string;
  region: string;
}

/** The account and region holding the most of what `count` counts: where a damaged answer hides the most. */
function busiest(count: (state: SimRegionState) => number): Scope {
  const scopes = world.accounts.flatMap((a) => Object.entries(a.regions).map(([region, state]) => ({ accountId: a.id, region, n: count(state) })));
  const best = scopes.sort((x, y) => y.n - x.n)[0]!;
  expect(best.n).toBeGreaterThan(0);
  return { accountId: best.accountId, region: best.region };
}

const privateApis = busiest((s) => s.apigateway.restApis.filter((r) => r.api.endpointConfiguration?.types?.includes('PRIVATE')).length);
const endpoints = busiest((s) => s.ec2.vpcEndpoints.filter((e) => e.ServiceName?.endsWith('.execute-api')).length);
const loadBalancers = busiest((s) => s.elbv2.loadBalancers.length);
const linksV1 = busiest((s) => s.apigateway.vpcLinks.length);
const linksV2 = busiest((s) => s.apigatewayv2.vpcLinks.length);

const call = (scope: Scope, service: SimCall['service'], operation: string): SimCall => ({ ...scope, service, operation });

let first: AuditResult;

beforeAll(async () => {
  first = (await auditOnce(world, store)).result;
  expect(first.run.status).toBe('COMPLETE');
  expect(active(first.findings).length).toBeGreaterThan(0);
}, 60_000);

/**
 * A damaged answer may only make findings UNKNOWN: none resolves, none appears that the clean run
 * did not have, the run says it is INCOMPLETE, and the scope's collection status names the call.
 */
function expectNothingLost(run: AuditResult, faults: ReadonlyArray<SimCall & { code: string; mentions?: string }>): void {
  const before = new Set(first.findings.map((f) => f.id));
  const resolved = run.findings.filter((f) => f.lifecycle === 'RESOLVED');
  expect(resolved.map((f) => `${f.checkId} ${f.accountId} ${f.region} ${f.resource.arn}`)).toEqual([]);
  const created = run.findings.filter((f) => !before.has(f.id));
  // Soft: a finding that should not exist is reported alongside what the collection recorded.
  expect.soft(created.map((f) => `${f.checkId} ${f.accountId} ${f.region} ${f.resource.arn}: ${f.message}`)).toEqual([]);
  expect(run.run.status).toBe('INCOMPLETE');
  for (const fault of faults) {
    const status = run.snapshot.collections.find((s) => s.accountId === fault.accountId && s.region === fault.region && s.service === fault.service);
    expect(status?.state, `${fault.service} in ${fault.accountId}/${fault.region}`).not.toBe('complete');
    expect(status?.errors).toContainEqual(
      expect.objectContaining({ operation: fault.operation, code: fault.code, ...(fault.mentions ? { message: expect.stringContaining(fault.mentions) } : {}) }),
    );
  }
  const unknown = run.findings.filter((f) => f.lifecycle === 'UNKNOWN');
  expect(unknown.length).toBeGreaterThan(0);
}

async function auditWith(faults: FaultPlan): Promise<AuditResult> {
  return (await auditOnce(world, store, { faults })).result;
}

describe('malformed API responses', () => {
  it('a response cut in half fails its call, named with account, region and operation', async () => {
    const truncated: ResponseFault[] = [
      { ...call(privateApis, 'apigateway', 'GetRestApis'), kind: 'truncate' },
      { ...call(endpoints, 'ec2', 'DescribeVpcEndpoints'), kind: 'truncate' },
      { ...call(loadBalancers, 'elbv2', 'DescribeLoadBalancers'), kind: 'truncate' },
    ];
    const run = await auditWith({ responseFaults: truncated });
    expectNothingLost(run, truncated.map((f) => ({ ...f, code: 'MalformedResponse' })));
  }, 30_000);

  it('a listing whose next token repeats stops with an error instead of looping or ending early', async () => {
    const repeated = [call(privateApis, 'apigateway', 'GetRestApis'), call(endpoints, 'ec2', 'DescribeVpcEndpoints'), call(linksV2, 'apigatewayv2', 'GetVpcLinks')];
    const run = await auditWith({ repeatedPageToken: repeated });
    expectNothingLost(run, repeated.map((f) => ({ ...f, code: 'PaginationLoop' })));
  }, 30_000);

  it('an enum value the SDK does not know withholds the record and says which value', async () => {
    const unknown: ResponseFault[] = [
      { ...call(privateApis, 'apigateway', 'GetRestApis'), kind: 'unknown-enum', path: 'items.*.endpointConfiguration.types', value: ['PRIVATE_FUTURE'] },
      { ...call(endpoints, 'ec2', 'DescribeVpcEndpoints'), kind: 'unknown-enum', path: 'VpcEndpoints.*.State', value: 'migrating' },
      { ...call(linksV1, 'apigateway', 'GetVpcLinks'), kind: 'unknown-enum', path: 'items.*.status', value: 'FUTURE' },
      { ...call(linksV2, 'apigatewayv2', 'GetVpcLinks'), kind: 'unknown-enum', path: 'Items.*.VpcLinkStatus', value: 'FUTURE' },
    ];
    const run = await auditWith({ responseFaults: unknown });
    expectNothingLost(run, [
      { ...unknown[0]!, code: 'MalformedResponse', mentions: 'PRIVATE_FUTURE' },
      { ...unknown[1]!, code: 'MalformedResponse', mentions: 'migrating' },
      { ...unknown[2]!, code: 'MalformedResponse', mentions: 'FUTURE' },
      { ...unknown[3]!, code: 'MalformedResponse', mentions: 'FUTURE' },
    ]);
  }, 30_000);

  it('a record without a field AWS always sends is reported with that field, not dropped silently', async () => {
    const dropped: ResponseFault[] = [
      { ...call(privateApis, 'apigateway', 'GetRestApis'), kind: 'drop-field', path: 'items.*.id' },
      { ...call(endpoints, 'ec2', 'DescribeVpcEndpoints'), kind: 'drop-field', path: 'VpcEndpoints.*.VpcId' },
      { ...call(loadBalancers, 'elbv2', 'DescribeLoadBalancers'), kind: 'drop-field', path: 'LoadBalancers.*.LoadBalancerArn' },
    ];
    const run = await auditWith({ responseFaults: dropped });
    expectNothingLost(run, dropped.map((f) => ({ ...f, code: 'MalformedResponse', mentions: f.kind === 'drop-field' ? f.path.split('.').pop()! : '' })));
  }, 30_000);

  it('a clean audit afterwards finds exactly what the first one did', async () => {
    const recovered = (await auditOnce(world, store)).result;
    expect(recovered.run.status).toBe('COMPLETE');
    expect(recovered.run.counts.byLifecycle).toMatchObject({ NEW: 0, UNKNOWN: 0, STILL_FAILING: active(first.findings).length });
    expect(active(recovered.findings).map((f) => f.id).sort()).toEqual(active(first.findings).map((f) => f.id).sort());
    // Whatever resolves now is a finding the faulty runs created, never one of the first run's.
    const firstIds = new Set(first.findings.map((f) => f.id));
    expect(recovered.findings.filter((f) => f.lifecycle === 'RESOLVED' && firstIds.has(f.id))).toEqual([]);
  }, 30_000);
});

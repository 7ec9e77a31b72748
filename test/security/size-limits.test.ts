import { beforeAll, describe, expect, it } from 'vitest';
import {
  AWS_MAXIMUMS,
  collectAndCheck,
  OUTSIDE_VPCE,
  SIZE_API,
  SIZE_MEMBER,
  SIZE_ZONE,
  sizedPolicy,
  sizeWorld,
  type CollectedAndChecked,
} from '../../src/bench/size-run.js';
import type { CheckResult } from '../../src/model/check.js';

/**
 * Issue 9, size limits: correctness at AWS's maximums (a resource policy of 8,192 characters, an
 * API with ten times the default 300 resources, a hosted zone of 10,000 records), collected through
 * the simulated SDK's pagination and checked by the whole catalog. Time and memory at these sizes
 * are the benchmark's (`npm run bench -- --sizes`), not this file's.
 */

const RESOURCES = 3000;
const POLICY_MAX = sizedPolicy(AWS_MAXIMUMS.policyChars);
// The quota can be raised, so a larger policy is legitimate: privapi must read it the same way.
const POLICY_OVER = sizedPolicy(2 * AWS_MAXIMUMS.policyChars);

let run: CollectedAndChecked;

beforeAll(async () => {
  const world = sizeWorld({
    policies: [
      { apiId: 'policymax', policy: POLICY_MAX },
      { apiId: 'policyover', policy: POLICY_OVER },
    ],
    resources: RESOURCES,
    records: AWS_MAXIMUMS.recordsPerZone,
  });
  run = await collectAndCheck(world);
}, 30_000);

const resultsOf = (checkId: string, arnPart: string): CheckResult[] => run.results.filter((r) => r.checkId === checkId && r.resource.arn.includes(arnPart));
const regional = () => run.snapshot.regional.find((r) => r.accountId === SIZE_MEMBER)!;

describe('a resource policy at the maximum size', () => {
  it('is exactly the maximum, many statements and conditions long', () => {
    expect(POLICY_MAX.text).toHaveLength(AWS_MAXIMUMS.policyChars);
    const doc = JSON.parse(POLICY_MAX.text) as { Statement: unknown[] };
    expect(doc.Statement.length).toBeGreaterThan(10);
    expect(POLICY_MAX.endpointIds.length).toBeGreaterThan(150);
  });

  it.each([
    ['at the maximum', 'policymax', POLICY_MAX],
    ['twice the maximum', 'policyover', POLICY_OVER],
  ])('%s: parses and is judged exactly: restricted to endpoints, one of which is outside the organization', (_label, apiId, policy) => {
    expect(regional().restApis?.find((a) => a.id === apiId)?.policy).toBeDefined();
    for (const id of ['POLICY-001', 'POLICY-002', 'POLICY-004']) expect(resultsOf(id, `/restapis/${apiId}`).map((r) => r.status), id).toEqual(['PASS']);
    const [outside] = resultsOf('POLICY-003', `/restapis/${apiId}`);
    expect(outside).toMatchObject({ status: 'FAIL', messageId: 'outside' });
    expect(outside!.message).toContain(`admits ${OUTSIDE_VPCE},`);
    // No answer was cut short by the analysis' search budget: nothing about this API is ERROR.
    expect(run.results.filter((r) => r.resource.arn.endsWith(`/restapis/${apiId}`) && r.status === 'ERROR').map((r) => `${r.checkId}: ${r.message}`)).toEqual([]);
    expect(policy.endpointIds.every((id) => regional().vpcEndpoints?.some((e) => e.id === id))).toBe(true);
  });
});

describe(`a REST API with ${RESOURCES} resources`, () => {
  it('is collected whole through GetResources pagination', () => {
    const api = regional().restApis?.find((a) => a.id === SIZE_API);
    expect(api?.resources).toHaveLength(RESOURCES);
    expect(new Set(api?.resources?.map((r) => r.path)).size).toBe(RESOURCES);
    // 500 per page is GetResources' maximum: 6 pages, not one call per resource (plus one for each policy API).
    expect(run.calls.get('apigateway:GetResources')).toBe(Math.ceil(RESOURCES / 500) + 2);
  });

  it('is checked method by method: the one unauthenticated method, the last one listed, is named', () => {
    const [auth] = resultsOf('AUTH-001', `/restapis/${SIZE_API}`);
    expect(auth).toMatchObject({ status: 'FAIL', messageId: 'noAuthorization' });
    expect(auth!.message).toContain(`has 1 method(s) with authorization NONE: GET /r${RESOURCES - 2}.`);
  });
});

describe(`a private hosted zone of ${AWS_MAXIMUMS.recordsPerZone} records`, () => {
  it('is collected whole through ListResourceRecordSets pagination', () => {
    const zone = run.snapshot.global.find((g) => g.accountId === SIZE_MEMBER)?.hostedZones.find((z) => z.id.endsWith(SIZE_ZONE.id));
    expect(zone?.records).toHaveLength(AWS_MAXIMUMS.recordsPerZone);
    expect(new Set(zone?.records?.map((r) => `${r.name} ${r.type} ${r.setIdentifier ?? ''}`)).size).toBe(AWS_MAXIMUMS.recordsPerZone);
    // 300 per page is the most Route 53 returns.
    expect(run.calls.get('route53:ListResourceRecordSets')).toBe(Math.ceil(AWS_MAXIMUMS.recordsPerZone / 300));
  });

  it('is checked: the failover record on the last page is found, and no DNS check fails to evaluate', () => {
    const failover = run.results.filter((r) => r.checkId === 'R53-001' && r.status === 'FAIL');
    expect(failover.map((r) => r.resource.arn)).toEqual([expect.stringContaining(`#failover.${SIZE_ZONE.name}/A/primary`)]);
    const dns = run.results.filter((r) => /^(R53|DNS)-/.test(r.checkId));
    expect(dns.length).toBeGreaterThan(0);
    expect(dns.filter((r) => r.status === 'ERROR').map((r) => `${r.checkId}: ${r.message}`)).toEqual([]);
  });
});

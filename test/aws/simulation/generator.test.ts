import { describe, expect, it } from 'vitest';
import { ARCHITECTURES } from '../../../src/aws/simulation/generator/architectures/index.js';
import { NOT_SIMULATED, PRIMARY_RESOURCE, type ResourceKind } from '../../../src/aws/simulation/generator/answer-key.js';
import { generateWorld } from '../../../src/aws/simulation/generator/index.js';
import type { ExpectedFinding, SimRegionState, SimWorld } from '../../../src/aws/simulation/world.js';
import { arns, parseArn } from '../../../src/model/arn.js';
import { catalogCheckIds } from '../../helpers/catalog.js';

const REGIONS = ['us-east-1', 'eu-west-1'];
const world = generateWorld({ seed: 42, accounts: 12, regions: REGIONS });

function regionStates(w: SimWorld): Array<{ accountId: string; region: string; state: SimRegionState }> {
  return w.accounts.flatMap((a) => Object.entries(a.regions).map(([region, state]) => ({ accountId: a.id, region, state })));
}

const RESOURCE_PATTERNS: Record<ResourceKind, RegExp> = {
  'rest-api': /^arn:aws:apigateway:[a-z0-9-]+::\/restapis\/[a-z0-9]{10}$/,
  stage: /^arn:aws:apigateway:[a-z0-9-]+::\/restapis\/[a-z0-9]{10}\/stages\/[a-z0-9-]+$/,
  vpc: /^arn:aws:ec2:[a-z0-9-]+:\d{12}:vpc\/vpc-[0-9a-f]{17}$/,
  'vpc-endpoint': /^arn:aws:ec2:[a-z0-9-]+:\d{12}:vpc-endpoint\/vpce-[0-9a-f]{17}$/,
  'vpc-link': /^arn:aws:apigateway:[a-z0-9-]+::\/vpclinks\/[a-z0-9]{6}$/,
  'load-balancer': /^arn:aws:elasticloadbalancing:[a-z0-9-]+:\d{12}:loadbalancer\/(net|app)\/[a-z0-9-]+\/[0-9a-f]{16}$/,
  listener: /^arn:aws:elasticloadbalancing:[a-z0-9-]+:\d{12}:listener\/(net|app)\/[a-z0-9-]+\/[0-9a-f]{16}\/[0-9a-f]{16}$/,
  'target-group': /^arn:aws:elasticloadbalancing:[a-z0-9-]+:\d{12}:targetgroup\/[a-z0-9-]+\/[0-9a-f]{16}$/,
  'domain-name': /^arn:aws:apigateway:[a-z0-9-]+:\d{12}:\/domainnames\/[a-z0-9.-]+\+[a-z0-9]{10}$/,
  'access-association': /^arn:aws:apigateway:[a-z0-9-]+:\d{12}:\/domainnameaccessassociations\/domainname\/[a-z0-9.-]+\+[a-z0-9]{10}\/vpcesource\/vpce-[0-9a-f]{17}$/,
  'hosted-zone': /^arn:aws:route53:::hostedzone\/Z0[A-Z0-9]{19}$/,
  record: /^arn:aws:route53:::hostedzone\/Z0[A-Z0-9]{19}#[a-z0-9.-]+\.\/[A-Z]+\/[a-z0-9-]*$/,
  'health-check': /^arn:aws:route53:::healthcheck\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
  'resolver-endpoint': /^arn:aws:route53resolver:[a-z0-9-]+:\d{12}:resolver-endpoint\/rslvr-in-[0-9a-f]{17}$/,
  'resolver-rule': /^arn:aws:route53resolver:[a-z0-9-]+:\d{12}:resolver-rule\/rslvr-rr-[0-9a-f]{17}$/,
};

const GLOBAL_KINDS: ReadonlySet<ResourceKind> = new Set(['hosted-zone', 'record', 'health-check']);

/** Every ARN the world holds for each account and region, to prove answer-key resources exist. */
function knownArns(w: SimWorld): Set<string> {
  const known = new Set<string>();
  for (const { accountId, region, state } of regionStates(w)) {
    const { apigateway, apigatewayv2, elbv2, ec2, route53resolver } = state;
    for (const { api, stages } of apigateway.restApis) {
      known.add(arns.restApi('aws', region, api.id ?? ''));
      for (const s of stages) known.add(arns.stage('aws', region, api.id ?? '', s.stageName ?? ''));
    }
    for (const l of apigateway.vpcLinks) known.add(arns.vpcLink('aws', region, l.id ?? ''));
    for (const l of apigatewayv2.vpcLinks) known.add(arns.vpcLink('aws', region, l.VpcLinkId ?? ''));
    for (const d of apigateway.domainNames) known.add(d.domain.domainNameArn ?? '');
    for (const a of apigateway.accessAssociations) known.add(a.domainNameAccessAssociationArn ?? '');
    for (const { vpc } of ec2.vpcs) known.add(arns.ec2('aws', region, accountId, 'vpc', vpc.VpcId ?? ''));
    for (const e of ec2.vpcEndpoints) known.add(arns.ec2('aws', region, accountId, 'vpc-endpoint', e.VpcEndpointId ?? ''));
    for (const lb of elbv2.loadBalancers) known.add(lb.LoadBalancerArn ?? '');
    for (const l of elbv2.listeners) known.add(l.ListenerArn ?? '');
    for (const tg of elbv2.targetGroups) known.add(tg.TargetGroupArn ?? '');
    for (const { endpoint } of route53resolver.endpoints) known.add(endpoint.Arn ?? '');
    for (const r of route53resolver.rules) known.add(r.Arn ?? '');
  }
  for (const account of w.accounts) {
    for (const { zone, records } of account.route53.hostedZones) {
      const zoneArn = arns.hostedZone('aws', (zone.Id ?? '').replace('/hostedzone/', ''));
      known.add(zoneArn);
      for (const r of records) known.add(`${zoneArn}#${r.Name}/${r.Type}/${r.SetIdentifier ?? ''}`);
    }
    for (const h of account.route53.healthChecks) known.add(arns.healthCheck('aws', h.Id ?? ''));
  }
  return known;
}

describe('generateWorld', () => {
  it('is deterministic: the same options give a deep-equal world, another seed other ids', () => {
    expect(generateWorld({ seed: 42, accounts: 12, regions: REGIONS })).toEqual(world);
    const other = generateWorld({ seed: 43, accounts: 12, regions: REGIONS });
    expect(other.managementAccountId).not.toBe(world.managementAccountId);
    const apiIds = (w: SimWorld) => new Set(regionStates(w).flatMap(({ state }) => state.apigateway.restApis.map((r) => r.api.id)));
    const mine = apiIds(world);
    expect([...apiIds(other)].filter((id) => mine.has(id))).toEqual([]);
  });

  it('rejects organizations too small for its layout', () => {
    expect(() => generateWorld({ seed: 1, accounts: 2, regions: REGIONS })).toThrow(RangeError);
    expect(() => generateWorld({ seed: 1, accounts: 5, regions: ['us-east-1'] })).toThrow(RangeError);
  });

  it('lays out the organization: management, network, workloads, one suspended account, nested OUs, opt-in regions', () => {
    const [management, network] = world.accounts;
    expect(management?.id).toBe(world.managementAccountId);
    expect(Object.keys(management?.regions ?? {})).toEqual([]);
    expect(network?.name).toBe('network');
    expect(world.accounts.every((a) => /^\d{12}$/.test(a.id) && a.roleDeployed)).toBe(true);
    const suspended = world.accounts.filter((a) => a.status === 'SUSPENDED');
    expect(suspended).toHaveLength(1);
    expect(Object.keys(suspended[0]?.regions ?? {})).toEqual([]);
    expect(suspended[0]?.route53.hostedZones).toEqual([]);
    const ouIds = new Set([world.rootId, ...world.organizationalUnits.map((ou) => ou.id)]);
    expect(world.accounts.every((a) => ouIds.has(a.parentId))).toBe(true);
    expect(world.organizationalUnits.some((ou) => ou.parentId !== world.rootId)).toBe(true);
    expect(world.auditRoleName).toBe('PrivapiAuditRole');
    expect(world.regions.filter((r) => !r.optIn).map((r) => r.name)).toEqual(REGIONS);
    const optIn = world.regions.filter((r) => r.optIn).map((r) => r.name);
    expect(optIn).toHaveLength(2);
    expect(optIn.some((r) => REGIONS.includes(r))).toBe(false);
    expect(world.accounts.every((a) => a.optedInRegions.length === 0 && Object.keys(a.regions).every((r) => REGIONS.includes(r)))).toBe(true);
  });

  it('has no suspended account below ten accounts', () => {
    expect(generateWorld({ seed: 3, accounts: 9, regions: REGIONS }).accounts.every((a) => a.status === 'ACTIVE')).toBe(true);
  });
});

describe('answer key at 12 accounts × 2 regions', () => {
  const catalog = catalogCheckIds();
  const keyed = new Set(world.answerKey.map((f) => f.checkId));

  it('reads the whole catalog', () => {
    expect(catalog.length).toBeGreaterThanOrEqual(60);
    expect(new Set(catalog).size).toBe(catalog.length);
  });

  it('makes every catalog check fire at least once, except those documented as not simulated', () => {
    expect(catalog.filter((id) => !keyed.has(id) && !(id in NOT_SIMULATED))).toEqual([]);
    expect(Object.keys(NOT_SIMULATED).filter((id) => keyed.has(id) || !catalog.includes(id))).toEqual([]);
    expect(Object.keys(PRIMARY_RESOURCE).sort()).toEqual(catalog.filter((id) => !(id in NOT_SIMULATED)).sort());
  });

  it('instantiates every variant of every architecture', () => {
    const placed = new Set(world.architectures.map((a) => `${a.kind}/${a.variant}`));
    const all = ARCHITECTURES.flatMap(({ spec }) => Object.keys(spec.variants).map((v) => `${spec.kind}/${v}`));
    expect(all.filter((v) => !placed.has(v))).toEqual([]);
  });

  it('keys findings to broken instances only, exactly the checks each one breaks', () => {
    const byInstance = groupBy(world.answerKey, (f) => f.architecture);
    for (const instance of world.architectures) {
      const checks = new Set((byInstance.get(instance.id) ?? []).map((f) => f.checkId));
      if (instance.breaks[0] === 'correct') expect(checks, instance.id).toEqual(new Set());
      else expect(checks, instance.id).toEqual(new Set(instance.breaks));
      for (const f of byInstance.get(instance.id) ?? []) expect(f.variant).toBe(instance.variant);
    }
    expect(new Set(world.answerKey.map((f) => f.architecture)).size).toBe(world.architectures.filter((a) => a.breaks[0] !== 'correct').length);
  });

  it('names each finding once', () => {
    const keys = world.answerKey.map((f) => `${f.checkId} ${f.resource}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('names resources by well-formed ARNs of the documented kind, in the finding account and region, that exist', () => {
    const accounts = new Map(world.accounts.map((a) => [a.id, a]));
    const known = knownArns(world);
    for (const f of world.answerKey) {
      const label = `${f.checkId} ${f.resource}`;
      const kinds = PRIMARY_RESOURCE[f.checkId] ?? [];
      const kind = kinds.find((k) => RESOURCE_PATTERNS[k].test(f.resource));
      expect(kind, label).toBeDefined();
      const arn = parseArn(f.resource);
      expect(arn?.partition, label).toBe('aws');
      expect(accounts.get(f.accountId)?.status, label).toBe('ACTIVE');
      if (kind && GLOBAL_KINDS.has(kind)) {
        expect(f.region, label).toBe('global');
      } else {
        expect(f.region, label).toBe(arn?.region);
        expect(REGIONS, label).toContain(f.region);
      }
      if (arn?.accountId) expect(arn.accountId, label).toBe(f.accountId);
      expect(known.has(f.resource), `${label} exists`).toBe(true);
      // API ARNs carry no account: the API must be in the finding's account.
      if (kind === 'rest-api' || kind === 'stage' || kind === 'vpc-link') expect(ownerOf(world, f), label).toBe(f.accountId);
    }
  });

  it('reports DNS-003 exactly where private DNS meets a REGIONAL or EDGE API in one account and region', () => {
    const expected = regionStates(world).flatMap(({ accountId, region, state }) => {
      const publicApis = state.apigateway.restApis.some((r) => r.api.endpointConfiguration?.types?.some((t) => t === 'REGIONAL' || t === 'EDGE'));
      if (!publicApis) return [];
      const vpcs = state.ec2.vpcEndpoints.filter((e) => e.ServiceName?.endsWith('.execute-api') && e.PrivateDnsEnabled && String(e.State) !== 'deleted').map((e) => e.VpcId);
      return [...new Set(vpcs)].map((vpcId) => arns.ec2('aws', region, accountId, 'vpc', vpcId ?? ''));
    });
    expect(world.answerKey.filter((f) => f.checkId === 'DNS-003').map((f) => f.resource).sort()).toEqual(expected.sort());
  });

  it('breaks about one instance in five beyond the variants every world must hold', () => {
    const large = generateWorld({ seed: 5, accounts: 300, regions: REGIONS });
    const mandatory = ARCHITECTURES.reduce((n, { spec }) => n + Object.keys(spec.variants).length, 0);
    const drawn = large.architectures.slice(mandatory);
    const broken = drawn.filter((a) => a.breaks[0] !== 'correct').length / drawn.length;
    expect(broken).toBeGreaterThan(0.1);
    expect(broken).toBeLessThan(0.3);
  });
});

/** Map.groupBy arrived in Node 21; Node 20 is supported. */
function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

function ownerOf(w: SimWorld, f: ExpectedFinding): string | undefined {
  const id = /\/(?:restapis|vpclinks)\/([a-z0-9]+)/.exec(f.resource)?.[1];
  return regionStates(w).find(
    ({ region, state }) =>
      region === f.region &&
      (state.apigateway.restApis.some((r) => r.api.id === id) || state.apigateway.vpcLinks.some((l) => l.id === id) || state.apigatewayv2.vpcLinks.some((l) => l.VpcLinkId === id)),
  )?.accountId;
}

describe('a large organization', () => {
  const large = generateWorld({ seed: 9, accounts: 200, regions: [...REGIONS, 'us-west-2'] });

  it('has every account, 1–3 instances per workload account, and multi-Region instances in the first two regions', () => {
    expect(large.accounts.length).toBeGreaterThanOrEqual(200);
    const perAccount = groupBy(large.architectures, (a) => a.accounts[0] ?? '');
    const workloads = large.accounts.slice(2).filter((a) => a.status === 'ACTIVE');
    const counts = workloads.map((a) => perAccount.get(a.id)?.length ?? 0);
    expect(counts.filter((n) => n === 0)).toEqual([]);
    expect(counts.filter((n) => n <= 3).length / counts.length).toBeGreaterThan(0.9);
    for (const a of large.architectures.filter((x) => x.kind === 'multi-region')) expect(a.regions).toEqual(REGIONS);
  });

  it('uses every id once across the world', () => {
    const ids = [
      ...large.accounts.map((a) => a.id),
      ...regionStates(large).flatMap(({ state }) => [
        ...state.apigateway.restApis.flatMap((r) => [r.api.id, ...r.resources.map((x) => x.id), ...r.authorizers.map((x) => x.id)]),
        ...state.apigateway.vpcLinks.map((l) => l.id),
        ...state.apigateway.domainNames.map((d) => d.domain.domainNameId),
        ...state.apigatewayv2.vpcLinks.map((l) => l.VpcLinkId),
        ...state.ec2.vpcs.map((v) => v.vpc.VpcId),
        ...state.ec2.subnets.map((s) => s.SubnetId),
        ...state.ec2.vpcEndpoints.map((e) => e.VpcEndpointId),
        ...state.ec2.networkInterfaces.map((n) => n.NetworkInterfaceId),
        ...state.ec2.securityGroupRules.map((r) => r.SecurityGroupRuleId),
        ...state.ec2.dhcpOptions.map((d) => d.DhcpOptionsId),
        ...state.elbv2.loadBalancers.map((lb) => lb.LoadBalancerArn),
        ...state.elbv2.targetGroups.map((tg) => tg.TargetGroupArn),
        ...state.elbv2.listeners.map((l) => l.ListenerArn),
        ...state.route53resolver.endpoints.map((e) => e.endpoint.Id),
        ...state.route53resolver.rules.map((r) => r.Id),
      ]),
      ...large.accounts.flatMap((a) => [...a.route53.hostedZones.map((z) => z.zone.Id), ...a.route53.healthChecks.map((h) => h.Id)]),
    ];
    expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("grows the network account's private hosted zones with the organization", () => {
    const privateZones = (w: SimWorld) => w.accounts[1]?.route53.hostedZones.filter((z) => z.zone.Config?.PrivateZone).length ?? 0;
    expect(privateZones(large)).toBeGreaterThan(privateZones(world) * 3);
  });

  it('keeps every string small', () => {
    let longest = 0;
    JSON.stringify(large, (_key, value: unknown) => {
      if (typeof value === 'string') longest = Math.max(longest, value.length);
      return value;
    });
    expect(longest).toBeLessThan(2000);
  });
});

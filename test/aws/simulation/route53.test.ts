import {
  GetHostedZoneCommand,
  InvalidInput,
  ListHostedZonesCommand,
  ListResourceRecordSetsCommand,
  NoSuchHostedZone,
  Route53Client,
  paginateListHealthChecks,
  paginateListHostedZones,
} from '@aws-sdk/client-route-53';
import type { HealthCheck, HostedZone, ResourceRecordSet } from '@aws-sdk/client-route-53';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CallStats } from '../../../src/aws/call-stats.js';
import { ClientFactory } from '../../../src/aws/clients.js';
import { RateLimiters } from '../../../src/aws/rate-limit.js';
import type { SimulatedAws } from '../../../src/aws/simulation/server.js';
import type { SimHostedZone, SimWorld } from '../../../src/aws/simulation/world.js';
import { CollectionRecorder, type GlobalContext } from '../../../src/collectors/contract.js';
import { route53Collector } from '../../../src/collectors/route53.js';
import { emptyGlobal } from '../../../src/model/inventory.js';
import { silentLogger } from '../../helpers/collector-context.js';
import { MEMBER, simAccount, simClientConfig, simWorld, simulate } from '../../helpers/sim-world.js';

function zone(id: string, name: string, privateZone: boolean, parts: Partial<SimHostedZone> = {}): SimHostedZone {
  const hostedZone: HostedZone = { Id: `/hostedzone/${id}`, Name: name, CallerReference: `ref-${id}`, Config: { PrivateZone: privateZone }, ResourceRecordSetCount: parts.records?.length ?? 0 };
  return { zone: hostedZone, vpcs: [], records: [], ...parts };
}

const soa: ResourceRecordSet = { Name: 'internal.example.com.', Type: 'SOA', TTL: 900, ResourceRecords: [{ Value: 'ns-1.awsdns-01.org. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400' }] };
const alias: ResourceRecordSet = {
  Name: 'api.internal.example.com.',
  Type: 'A',
  AliasTarget: { HostedZoneId: 'Z7HUB', DNSName: 'vpce-0aa-1234.execute-api.us-east-1.vpce.amazonaws.com.', EvaluateTargetHealth: false },
};
const primary: ResourceRecordSet = {
  Name: 'orders.internal.example.com.',
  Type: 'CNAME',
  SetIdentifier: 'primary',
  Failover: 'PRIMARY',
  TTL: 60,
  HealthCheckId: 'hc-1',
  ResourceRecords: [{ Value: 'a1.execute-api.us-east-1.amazonaws.com' }],
};
const secondary: ResourceRecordSet = { ...primary, SetIdentifier: 'secondary', Failover: 'SECONDARY', HealthCheckId: undefined, ResourceRecords: [{ Value: 'a1.execute-api.eu-west-1.amazonaws.com' }] };
const wildcard: ResourceRecordSet = { Name: '\\052.internal.example.com.', Type: 'CNAME', TTL: 300, ResourceRecords: [{ Value: 'api.internal.example.com' }] };

const healthChecks: HealthCheck[] = [
  { Id: 'hc-1', CallerReference: 'c1', HealthCheckVersion: 1, HealthCheckConfig: { Type: 'HTTPS', FullyQualifiedDomainName: 'a1.execute-api.us-east-1.amazonaws.com', Port: 443, ResourcePath: '/prod/health' } },
  { Id: 'hc-2', CallerReference: 'c2', HealthCheckVersion: 1, HealthCheckConfig: { Type: 'CALCULATED', ChildHealthChecks: ['hc-1'], Inverted: true } },
  { Id: 'hc-3', CallerReference: 'c3', HealthCheckVersion: 1, HealthCheckConfig: { Type: 'CLOUDWATCH_METRIC', AlarmIdentifier: { Region: 'us-east-1', Name: 'api-5xx' }, InsufficientDataHealthStatus: 'Unhealthy' } },
];

function world(): SimWorld {
  const hostedZones = [
    zone('Z1PRIV', 'internal.example.com.', true, {
      vpcs: [{ VPCRegion: 'us-east-1', VPCId: 'vpc-0001' }, { VPCRegion: 'eu-west-1', VPCId: 'vpc-0002' }],
      records: [soa, alias, primary, secondary, wildcard],
    }),
    zone('Z2PUB', 'example.com.', false, { records: [{ Name: 'example.com.', Type: 'NS', TTL: 172800, ResourceRecords: [{ Value: 'ns-1.awsdns-01.org.' }] }] }),
    zone('Z3PRIV', 'corp.internal.', true, { vpcs: [{ VPCRegion: 'us-east-1', VPCId: 'vpc-0003' }] }),
  ];
  return simWorld([simAccount(MEMBER, { route53: { hostedZones, healthChecks } })]);
}

function client(sim: SimulatedAws, maxAttempts = 1): Route53Client {
  return new Route53Client(simClientConfig(sim, MEMBER, 'us-east-1', maxAttempts));
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('simulated Route 53', () => {
  it('lists hosted zones over several pages, the marker naming the next zone', async () => {
    const pages = [];
    for await (const page of paginateListHostedZones({ client: client(simulate(world(), { pageSize: 2 })) }, { MaxItems: 100 })) pages.push(page);
    expect(pages.map((p) => p.HostedZones?.map((z) => z.Id))).toEqual([['/hostedzone/Z1PRIV', '/hostedzone/Z2PUB'], ['/hostedzone/Z3PRIV']]);
    expect(pages[0]).toMatchObject({ IsTruncated: true, NextMarker: 'Z3PRIV', MaxItems: 100 });
    expect(pages[1]).toMatchObject({ IsTruncated: false, Marker: 'Z3PRIV' });
    expect(pages[1]?.NextMarker).toBeUndefined();
    expect(pages[0]?.HostedZones?.[0]).toMatchObject({ Name: 'internal.example.com.', Config: { PrivateZone: true }, ResourceRecordSetCount: 5 });
  });

  it('starts at the marker, honours maxitems and returns at most 100 zones whatever is asked', async () => {
    const c = client(simulate(world()));
    const one = await c.send(new ListHostedZonesCommand({ Marker: 'Z2PUB', MaxItems: 1 }));
    expect(one.HostedZones?.map((z) => z.Id)).toEqual(['/hostedzone/Z2PUB']);
    expect(one).toMatchObject({ Marker: 'Z2PUB', IsTruncated: true, NextMarker: 'Z3PRIV', MaxItems: 1 });
    const all = await c.send(new ListHostedZonesCommand({ MaxItems: 500 }));
    expect(all).toMatchObject({ IsTruncated: false, MaxItems: 500 });
    expect(all.HostedZones).toHaveLength(3);
    await expect(c.send(new ListHostedZonesCommand({ Marker: 'ZNOPE' }))).rejects.toBeInstanceOf(InvalidInput);
  });

  it('returns a private zone with its VPCs and a public one with its name servers', async () => {
    const c = client(simulate(world()));
    for (const id of ['Z1PRIV', '/hostedzone/Z1PRIV']) {
      const out = await c.send(new GetHostedZoneCommand({ Id: id }));
      expect(out.HostedZone?.Id).toBe('/hostedzone/Z1PRIV');
      expect(out.VPCs).toEqual([{ VPCRegion: 'us-east-1', VPCId: 'vpc-0001' }, { VPCRegion: 'eu-west-1', VPCId: 'vpc-0002' }]);
    }
    const pub = await c.send(new GetHostedZoneCommand({ Id: 'Z2PUB' }));
    expect(pub.DelegationSet?.NameServers).toHaveLength(4);
    expect(pub.VPCs ?? []).toEqual([]);
  });

  it('answers an unknown hosted zone with NoSuchHostedZone (404)', async () => {
    const call = client(simulate(world())).send(new GetHostedZoneCommand({ Id: 'ZNOPE' }));
    await expect(call).rejects.toBeInstanceOf(NoSuchHostedZone);
    await expect(call).rejects.toMatchObject({ name: 'NoSuchHostedZone', message: 'No hosted zone found with ID: ZNOPE', $metadata: { httpStatusCode: 404 } });
  });

  it('pages records by the next record name, type and set identifier, in stored order', async () => {
    // Pages of 3 end between the two failover records, so only the set identifier tells them apart.
    const c = client(simulate(world(), { pageSize: 3 }));
    const pages = [];
    let position: { StartRecordName?: string; StartRecordType?: ResourceRecordSet['Type']; StartRecordIdentifier?: string } = {};
    for (;;) {
      const page = await c.send(new ListResourceRecordSetsCommand({ HostedZoneId: 'Z1PRIV', MaxItems: 300, ...position }));
      pages.push(page);
      if (!page.IsTruncated) break;
      position = { StartRecordName: page.NextRecordName, StartRecordType: page.NextRecordType, StartRecordIdentifier: page.NextRecordIdentifier };
    }
    expect(pages.flatMap((p) => p.ResourceRecordSets ?? [])).toEqual([soa, alias, primary, { ...secondary, HealthCheckId: undefined }, wildcard].map(stripUndefined));
    expect(pages).toHaveLength(2);
    expect(pages[0]).toMatchObject({ IsTruncated: true, NextRecordName: 'orders.internal.example.com.', NextRecordType: 'CNAME', NextRecordIdentifier: 'secondary', MaxItems: 300 });
    expect(pages[1]?.NextRecordName).toBeUndefined();
  });

  it('finds the start record by name regardless of case and final dot, and validates the position', async () => {
    const c = client(simulate(world()));
    const out = await c.send(new ListResourceRecordSetsCommand({ HostedZoneId: 'Z1PRIV', StartRecordName: 'ORDERS.internal.example.com', StartRecordType: 'CNAME', MaxItems: 1 }));
    expect(out.ResourceRecordSets?.map((r) => r.SetIdentifier)).toEqual(['primary']);
    const star = await c.send(new ListResourceRecordSetsCommand({ HostedZoneId: 'Z1PRIV', StartRecordName: '*.internal.example.com.' }));
    expect(star.ResourceRecordSets?.map((r) => r.Name)).toEqual(['\\052.internal.example.com.']);
    await expect(c.send(new ListResourceRecordSetsCommand({ HostedZoneId: 'Z1PRIV', StartRecordType: 'A' }))).rejects.toMatchObject({ name: 'InvalidInput', $metadata: { httpStatusCode: 400 } });
    await expect(c.send(new ListResourceRecordSetsCommand({ HostedZoneId: 'ZNOPE' }))).rejects.toBeInstanceOf(NoSuchHostedZone);
  });

  it('lists health checks over several pages', async () => {
    const pages = [];
    for await (const page of paginateListHealthChecks({ client: client(simulate(world(), { pageSize: 2 })) }, { MaxItems: 1000 })) pages.push(page);
    expect(pages.map((p) => p.HealthChecks?.map((h) => h.Id))).toEqual([['hc-1', 'hc-2'], ['hc-3']]);
    expect(pages[0]).toMatchObject({ IsTruncated: true, NextMarker: 'hc-3', MaxItems: 1000 });
    expect(pages[1]?.HealthChecks?.[0]?.HealthCheckConfig).toMatchObject({ Type: 'CLOUDWATCH_METRIC', AlarmIdentifier: { Region: 'us-east-1', Name: 'api-5xx' } });
  });

  it('throttles with Throttling (400), which the SDK retries', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    let t = 0;
    const sim = simulate(world(), { quotas: { route53: { rate: 1, burst: 1 } }, clock: { now: () => (t += 500), sleep: async () => {} } });
    const c = client(sim, 3);
    await c.send(new ListHostedZonesCommand({}));
    const out = await c.send(new ListHostedZonesCommand({}));
    expect(out.$metadata.attempts).toBe(2);
    expect(sim.metrics.throttled).toBe(1);

    const storm = client(simulate(world(), { faults: { throttlingStorm: { probability: 1 } } })).send(new ListHostedZonesCommand({}));
    await expect(storm).rejects.toMatchObject({ name: 'Throttling', $metadata: { httpStatusCode: 400 } });
  });
});

/** What the SDK parses has no undefined members. */
function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

describe('the Route 53 collector against the simulation', () => {
  it('collects zones with their VPCs and records, and health checks', async () => {
    const sim = simulate(world(), { pageSize: 2 });
    const factory = new ClientFactory({ settings: { maxAttempts: 3, retryMode: 'standard', requestHandler: sim }, limiters: new RateLimiters(), stats: new CallStats() });
    const creds = sim.issueCredentials(MEMBER, 'collector');
    const ctx: GlobalContext = {
      accountId: MEMBER,
      partition: 'aws',
      log: silentLogger,
      recorder: new CollectionRecorder('route53', silentLogger),
      clients: factory.globalClients(MEMBER, 'aws', async () => creds),
    };
    const into = emptyGlobal(MEMBER);
    await route53Collector.collect(ctx, into);
    expect(ctx.recorder.errors).toEqual([]);
    expect(ctx.recorder.state).toBe('complete');

    expect(into.hostedZones.map((z) => [z.id, z.name, z.privateZone])).toEqual([
      ['Z1PRIV', 'internal.example.com.', true],
      ['Z2PUB', 'example.com.', false],
      ['Z3PRIV', 'corp.internal.', true],
    ]);
    const internal = into.hostedZones[0]!;
    expect(internal.vpcs).toEqual([{ vpcId: 'vpc-0001', vpcRegion: 'us-east-1' }, { vpcId: 'vpc-0002', vpcRegion: 'eu-west-1' }]);
    expect(internal.records?.map((r) => [r.name, r.type, r.setIdentifier])).toEqual([
      ['internal.example.com.', 'SOA', undefined],
      ['api.internal.example.com.', 'A', undefined],
      ['orders.internal.example.com.', 'CNAME', 'primary'],
      ['orders.internal.example.com.', 'CNAME', 'secondary'],
      ['*.internal.example.com.', 'CNAME', undefined],
    ]);
    expect(internal.records?.[2]).toMatchObject({ failover: 'PRIMARY', healthCheckId: 'hc-1', values: ['a1.execute-api.us-east-1.amazonaws.com'] });
    expect(internal.records?.[1]?.aliasTarget).toEqual({ hostedZoneId: 'Z7HUB', dnsName: 'vpce-0aa-1234.execute-api.us-east-1.vpce.amazonaws.com.', evaluateTargetHealth: false });
    expect(into.hostedZones[1]?.vpcs).toEqual([]);
    // Public zones have no VPCs to read, so the collector asks only for the private ones.
    expect(sim.metrics.calls.get(`${MEMBER}|global|route53|GetHostedZone`)).toBe(2);

    expect(into.healthChecks.map((h) => [h.id, h.type])).toEqual([['hc-1', 'HTTPS'], ['hc-2', 'CALCULATED'], ['hc-3', 'CLOUDWATCH_METRIC']]);
    expect(into.healthChecks[1]).toMatchObject({ inverted: true, childHealthChecks: ['hc-1'] });
  });
});

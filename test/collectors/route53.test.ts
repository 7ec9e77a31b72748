import {
  GetHostedZoneCommand,
  ListHealthChecksCommand,
  ListHostedZonesCommand,
  ListResourceRecordSetsCommand,
  Route53Client,
  type HealthCheck as SdkHealthCheck,
  type HostedZone as SdkHostedZone,
  type ResourceRecordSet,
} from '@aws-sdk/client-route-53';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { route53Collector, unescapeDnsName } from '../../src/collectors/route53.js';
import { emptyGlobal, type GlobalInventory } from '../../src/model/inventory.js';
import { ACCOUNT, accessDenied, expectOnlyDeclaredCalls, globalContext, throttled } from '../helpers/collector-context.js';

const r53 = mockClient(Route53Client);

const publicZone: SdkHostedZone = {
  Id: '/hostedzone/Z0PUBLIC',
  Name: 'example.com.',
  CallerReference: 'pub-1',
  Config: { PrivateZone: false, Comment: 'public' },
  ResourceRecordSetCount: 3,
};
const privateZone: SdkHostedZone = {
  Id: '/hostedzone/Z0PRIVATE',
  Name: 'internal.example.com.',
  CallerReference: 'priv-1',
  Config: { PrivateZone: true },
  ResourceRecordSetCount: 2,
};

const soa: ResourceRecordSet = {
  Name: 'example.com.',
  Type: 'SOA',
  TTL: 900,
  ResourceRecords: [{ Value: 'ns-1.awsdns-01.org. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400' }],
};
const primaryAlias: ResourceRecordSet = {
  Name: 'api.example.com.',
  Type: 'A',
  SetIdentifier: 'primary',
  Failover: 'PRIMARY',
  HealthCheckId: 'hc-metric',
  AliasTarget: {
    HostedZoneId: 'Z35SXDOTRQ7X7K',
    DNSName: 'dualstack.internal-alb-123.us-gov-west-1.elb.amazonaws.com.',
    EvaluateTargetHealth: true,
  },
};
const weighted: ResourceRecordSet = {
  Name: 'svc.internal.example.com.',
  Type: 'CNAME',
  SetIdentifier: 'blue',
  Weight: 10,
  Region: 'us-gov-west-1',
  TTL: 60,
  ResourceRecords: [{ Value: 'vpce-0abc-xyz.execute-api.us-gov-west-1.vpce.amazonaws.com' }],
};

const metricCheck: SdkHealthCheck = {
  Id: 'hc-metric',
  CallerReference: 'ref-1',
  HealthCheckVersion: 1,
  HealthCheckConfig: {
    Type: 'CLOUDWATCH_METRIC',
    Inverted: false,
    Disabled: false,
    AlarmIdentifier: { Region: 'us-gov-west-1', Name: 'api-5xx' },
    InsufficientDataHealthStatus: 'LastKnownStatus',
  },
};
const httpsCheck: SdkHealthCheck = {
  Id: 'hc-https',
  CallerReference: 'ref-2',
  HealthCheckVersion: 3,
  HealthCheckConfig: {
    Type: 'HTTPS',
    IPAddress: '10.0.1.15',
    Port: 443,
    ResourcePath: '/ping',
    FullyQualifiedDomainName: 'api.internal.example.com',
    Inverted: true,
    Disabled: true,
  },
};

function mockEmptyAccount(): void {
  r53.on(ListHostedZonesCommand).resolves({ HostedZones: [], IsTruncated: false, Marker: '', MaxItems: 100 });
  r53.on(ListHealthChecksCommand).resolves({ HealthChecks: [], IsTruncated: false, Marker: '', MaxItems: 100 });
}

async function collect(partition: 'aws' | 'aws-us-gov' = 'aws'): Promise<{ ctx: ReturnType<typeof globalContext>; into: GlobalInventory }> {
  const ctx = globalContext('route53', { partition });
  const into = emptyGlobal(ACCOUNT);
  await route53Collector.collect(ctx, into);
  return { ctx, into };
}

describe('route53Collector', () => {
  beforeEach(() => r53.reset());

  it('maps zones, VPC associations, records and health checks with partition-aware ARNs', async () => {
    r53.on(ListHostedZonesCommand).resolves({ HostedZones: [publicZone, privateZone], IsTruncated: false, Marker: '', MaxItems: 100 });
    r53.on(GetHostedZoneCommand, { Id: 'Z0PRIVATE' }).resolves({
      HostedZone: privateZone,
      VPCs: [
        { VPCId: 'vpc-0aaa', VPCRegion: 'us-gov-west-1' },
        { VPCId: 'vpc-0bbb', VPCRegion: 'us-gov-east-1' },
      ],
    });
    r53.on(ListResourceRecordSetsCommand, { HostedZoneId: 'Z0PUBLIC' }).resolves({ ResourceRecordSets: [soa, primaryAlias], IsTruncated: false, MaxItems: 300 });
    r53.on(ListResourceRecordSetsCommand, { HostedZoneId: 'Z0PRIVATE' }).resolves({ ResourceRecordSets: [weighted], IsTruncated: false, MaxItems: 300 });
    r53.on(ListHealthChecksCommand).resolves({ HealthChecks: [metricCheck, httpsCheck], IsTruncated: false, Marker: '', MaxItems: 100 });

    const { ctx, into } = await collect('aws-us-gov');

    expect(ctx.recorder.state).toBe('complete');
    expect(into.hostedZones).toEqual([
      {
        accountId: ACCOUNT,
        region: 'global',
        arn: 'arn:aws-us-gov:route53:::hostedzone/Z0PRIVATE',
        id: 'Z0PRIVATE',
        name: 'internal.example.com.',
        privateZone: true,
        vpcs: [
          { vpcId: 'vpc-0aaa', vpcRegion: 'us-gov-west-1' },
          { vpcId: 'vpc-0bbb', vpcRegion: 'us-gov-east-1' },
        ],
        records: [
          {
            name: 'svc.internal.example.com.',
            type: 'CNAME',
            setIdentifier: 'blue',
            weight: 10,
            region: 'us-gov-west-1',
            ttl: 60,
            values: ['vpce-0abc-xyz.execute-api.us-gov-west-1.vpce.amazonaws.com'],
          },
        ],
      },
      {
        accountId: ACCOUNT,
        region: 'global',
        arn: 'arn:aws-us-gov:route53:::hostedzone/Z0PUBLIC',
        id: 'Z0PUBLIC',
        name: 'example.com.',
        privateZone: false,
        vpcs: [],
        records: [
          { name: 'example.com.', type: 'SOA', ttl: 900, values: ['ns-1.awsdns-01.org. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400'] },
          {
            name: 'api.example.com.',
            type: 'A',
            setIdentifier: 'primary',
            failover: 'PRIMARY',
            healthCheckId: 'hc-metric',
            values: [],
            aliasTarget: {
              hostedZoneId: 'Z35SXDOTRQ7X7K',
              dnsName: 'dualstack.internal-alb-123.us-gov-west-1.elb.amazonaws.com.',
              evaluateTargetHealth: true,
            },
          },
        ],
      },
    ]);
    expect(into.healthChecks).toEqual([
      {
        accountId: ACCOUNT,
        region: 'global',
        arn: 'arn:aws-us-gov:route53:::healthcheck/hc-https',
        id: 'hc-https',
        type: 'HTTPS',
        ipAddress: '10.0.1.15',
        port: 443,
        resourcePath: '/ping',
        fullyQualifiedDomainName: 'api.internal.example.com',
        disabled: true,
        inverted: true,
        childHealthChecks: [],
      },
      {
        accountId: ACCOUNT,
        region: 'global',
        arn: 'arn:aws-us-gov:route53:::healthcheck/hc-metric',
        id: 'hc-metric',
        type: 'CLOUDWATCH_METRIC',
        disabled: false,
        inverted: false,
        alarmName: 'api-5xx',
        alarmRegion: 'us-gov-west-1',
        insufficientDataHealthStatus: 'LastKnownStatus',
        childHealthChecks: [],
      },
    ]);
    expectOnlyDeclaredCalls(route53Collector.declares, r53);
  });

  it('asks GetHostedZone only for private zones', async () => {
    mockEmptyAccount();
    r53.on(ListHostedZonesCommand).resolves({ HostedZones: [publicZone, privateZone], IsTruncated: false, Marker: '', MaxItems: 100 });
    r53.on(GetHostedZoneCommand).resolves({ HostedZone: privateZone, VPCs: [{ VPCId: 'vpc-0aaa', VPCRegion: 'us-east-1' }] });
    r53.on(ListResourceRecordSetsCommand).resolves({ ResourceRecordSets: [], IsTruncated: false, MaxItems: 300 });

    const { into } = await collect();

    expect(r53).toHaveReceivedCommandTimes(GetHostedZoneCommand, 1);
    expect(r53).toHaveReceivedCommandWith(GetHostedZoneCommand, { Id: 'Z0PRIVATE' });
    expect(r53).toHaveReceivedCommandTimes(ListResourceRecordSetsCommand, 2);
    expect(into.hostedZones.find((z) => z.id === 'Z0PUBLIC')?.vpcs).toEqual([]);
    expect(into.hostedZones.find((z) => z.id === 'Z0PRIVATE')?.vpcs).toEqual([{ vpcId: 'vpc-0aaa', vpcRegion: 'us-east-1' }]);
  });

  it('follows every page of hosted zones and health checks', async () => {
    r53
      .on(ListHostedZonesCommand)
      .resolvesOnce({ HostedZones: [publicZone], IsTruncated: true, NextMarker: 'Z0PRIVATE', Marker: '', MaxItems: 1 })
      .resolvesOnce({ HostedZones: [privateZone], IsTruncated: false, Marker: 'Z0PRIVATE', MaxItems: 1 });
    r53.on(GetHostedZoneCommand).resolves({ HostedZone: privateZone, VPCs: [] });
    r53.on(ListResourceRecordSetsCommand).resolves({ ResourceRecordSets: [], IsTruncated: false, MaxItems: 300 });
    r53
      .on(ListHealthChecksCommand)
      .resolvesOnce({ HealthChecks: [metricCheck], IsTruncated: true, NextMarker: 'hc-https', Marker: '', MaxItems: 1 })
      .resolvesOnce({ HealthChecks: [httpsCheck], IsTruncated: false, Marker: 'hc-https', MaxItems: 1 });

    const { ctx, into } = await collect();

    expect(ctx.recorder.state).toBe('complete');
    expect(r53).toHaveReceivedCommandTimes(ListHostedZonesCommand, 2);
    expect(r53).toHaveReceivedNthCommandWith(ListHostedZonesCommand, 1, { MaxItems: 100 });
    expect(r53).toHaveReceivedNthCommandWith(ListHostedZonesCommand, 2, { Marker: 'Z0PRIVATE', MaxItems: 100 });
    expect(into.hostedZones.map((z) => z.id)).toEqual(['Z0PRIVATE', 'Z0PUBLIC']);
    expect(r53).toHaveReceivedCommandTimes(ListHealthChecksCommand, 2);
    expect(r53).toHaveReceivedNthCommandWith(ListHealthChecksCommand, 2, { Marker: 'hc-https', MaxItems: 100 });
    expect(into.healthChecks.map((h) => h.id)).toEqual(['hc-https', 'hc-metric']);
  });

  it('passes all three Next* record positions back when listing record sets', async () => {
    mockEmptyAccount();
    r53.on(ListHostedZonesCommand).resolves({ HostedZones: [publicZone], IsTruncated: false, Marker: '', MaxItems: 100 });
    r53
      .on(ListResourceRecordSetsCommand)
      .resolvesOnce({
        ResourceRecordSets: [soa, primaryAlias],
        IsTruncated: true,
        NextRecordName: 'api.example.com.',
        NextRecordType: 'A',
        NextRecordIdentifier: 'secondary',
        MaxItems: 2,
      })
      .resolvesOnce({
        ResourceRecordSets: [{ ...primaryAlias, SetIdentifier: 'secondary', Failover: 'SECONDARY', HealthCheckId: undefined }],
        IsTruncated: false,
        MaxItems: 2,
      });

    const { ctx, into } = await collect();

    expect(ctx.recorder.state).toBe('complete');
    expect(r53).toHaveReceivedCommandTimes(ListResourceRecordSetsCommand, 2);
    expect(r53).toHaveReceivedNthCommandWith(ListResourceRecordSetsCommand, 1, { HostedZoneId: 'Z0PUBLIC', MaxItems: 300 });
    expect(r53).toHaveReceivedNthCommandWith(ListResourceRecordSetsCommand, 2, {
      HostedZoneId: 'Z0PUBLIC',
      MaxItems: 300,
      StartRecordName: 'api.example.com.',
      StartRecordType: 'A',
      StartRecordIdentifier: 'secondary',
    });
    const records = into.hostedZones[0]?.records ?? [];
    expect(records.map((r) => [r.name, r.type, r.setIdentifier, r.failover])).toEqual([
      ['example.com.', 'SOA', undefined, undefined],
      ['api.example.com.', 'A', 'primary', 'PRIMARY'],
      ['api.example.com.', 'A', 'secondary', 'SECONDARY'],
    ]);
  });

  it('records an error, not an endless listing, when a record position repeats', async () => {
    mockEmptyAccount();
    r53.on(ListHostedZonesCommand).resolves({ HostedZones: [publicZone], IsTruncated: false, Marker: '', MaxItems: 100 });
    r53.on(ListResourceRecordSetsCommand).resolves({ ResourceRecordSets: [soa], IsTruncated: true, NextRecordName: 'example.com.', NextRecordType: 'SOA', MaxItems: 1 });

    const { ctx, into } = await collect();

    expect(ctx.recorder.state).toBe('partial');
    expect(ctx.recorder.errors).toEqual([expect.objectContaining({ operation: 'ListResourceRecordSets', code: 'PaginationLoop', resource: 'Z0PUBLIC' })]);
    expect(into.hostedZones[0]?.records).toBeUndefined();
  });

  it('decodes octal escapes in names and keeps the trailing dot', async () => {
    mockEmptyAccount();
    r53.on(ListHostedZonesCommand).resolves({ HostedZones: [publicZone], IsTruncated: false, Marker: '', MaxItems: 100 });
    r53.on(ListResourceRecordSetsCommand).resolves({
      ResourceRecordSets: [{ Name: '\\052.example.com.', Type: 'CNAME', TTL: 300, ResourceRecords: [{ Value: 'example.com' }] }],
      IsTruncated: false,
      MaxItems: 300,
    });

    const { into } = await collect();

    expect(into.hostedZones[0]?.records).toEqual([{ name: '*.example.com.', type: 'CNAME', ttl: 300, values: ['example.com'] }]);
    expect(unescapeDnsName('a\\100b\\.example.com.')).toBe('a@b\\.example.com.');
  });

  it('withholds a zone or health check without an id and fails the listing, naming what is missing', async () => {
    mockEmptyAccount();
    const { Id: _zoneId, ...zoneWithoutId } = privateZone;
    const { Id: _checkId, ...checkWithoutId } = metricCheck;
    r53.on(ListHostedZonesCommand).resolves({ HostedZones: [zoneWithoutId as typeof privateZone, publicZone], IsTruncated: false, Marker: '', MaxItems: 100 });
    r53.on(ListResourceRecordSetsCommand).resolves({ ResourceRecordSets: [soa], IsTruncated: false, MaxItems: 300 });
    r53.on(ListHealthChecksCommand).resolves({ HealthChecks: [checkWithoutId as typeof metricCheck, httpsCheck], IsTruncated: false, Marker: '', MaxItems: 100 });

    const { ctx, into } = await collect();

    // A zone left out silently would resolve every finding on it as if it were deleted.
    expect(ctx.recorder.state).toBe('failed');
    expect(ctx.recorder.errors).toEqual([
      expect.objectContaining({ operation: 'ListHostedZones', code: 'MalformedResponse', message: expect.stringContaining('hosted zone #1 without Id') }),
      expect.objectContaining({ operation: 'ListHealthChecks', code: 'MalformedResponse', message: expect.stringContaining('health check #1 without Id') }),
    ]);
    expect(into.hostedZones.map((z) => z.id)).toEqual(['Z0PUBLIC']);
    expect(r53).not.toHaveReceivedCommand(GetHostedZoneCommand);
    expect(into.healthChecks.map((h) => h.id)).toEqual([httpsCheck.Id]);
  });

  it('completes with empty lists when the account has no zones or health checks', async () => {
    mockEmptyAccount();

    const { ctx, into } = await collect();

    expect(ctx.recorder.state).toBe('complete');
    expect(ctx.recorder.errors).toEqual([]);
    expect(into.hostedZones).toEqual([]);
    expect(into.healthChecks).toEqual([]);
    expect(r53).not.toHaveReceivedCommand(ListResourceRecordSetsCommand);
  });

  it('fails when hosted zones cannot be listed, without inventing zones, and still lists health checks', async () => {
    r53.on(ListHostedZonesCommand).rejects(accessDenied());
    r53.on(ListHealthChecksCommand).resolves({ HealthChecks: [metricCheck], IsTruncated: false, Marker: '', MaxItems: 100 });

    const { ctx, into } = await collect();

    expect(ctx.recorder.state).toBe('failed');
    expect(ctx.recorder.errors).toEqual([expect.objectContaining({ operation: 'ListHostedZones', code: 'AccessDeniedException' })]);
    expect(into.hostedZones).toEqual([]);
    expect(into.healthChecks.map((h) => h.id)).toEqual(['hc-metric']);
    expect(r53).not.toHaveReceivedCommand(ListResourceRecordSetsCommand);
  });

  it('fails when a later page of hosted zones fails, keeping none of the earlier pages', async () => {
    r53
      .on(ListHostedZonesCommand)
      .resolvesOnce({ HostedZones: [publicZone], IsTruncated: true, NextMarker: 'Z0PRIVATE', Marker: '', MaxItems: 1 })
      .rejectsOnce(throttled('Throttling'));
    r53.on(ListHealthChecksCommand).resolves({ HealthChecks: [], IsTruncated: false, Marker: '', MaxItems: 100 });

    const { ctx, into } = await collect();

    expect(ctx.recorder.state).toBe('failed');
    expect(ctx.recorder.errors).toEqual([expect.objectContaining({ operation: 'ListHostedZones', code: 'Throttling' })]);
    expect(into.hostedZones).toEqual([]);
  });

  it('fails when health checks cannot be listed but keeps the hosted zones it read', async () => {
    r53.on(ListHostedZonesCommand).resolves({ HostedZones: [publicZone], IsTruncated: false, Marker: '', MaxItems: 100 });
    r53.on(ListResourceRecordSetsCommand).resolves({ ResourceRecordSets: [soa], IsTruncated: false, MaxItems: 300 });
    r53.on(ListHealthChecksCommand).rejects(accessDenied());

    const { ctx, into } = await collect();

    expect(ctx.recorder.state).toBe('failed');
    expect(ctx.recorder.errors).toEqual([expect.objectContaining({ operation: 'ListHealthChecks', code: 'AccessDeniedException' })]);
    expect(into.healthChecks).toEqual([]);
    expect(into.hostedZones.map((z) => z.id)).toEqual(['Z0PUBLIC']);
  });

  it('marks the collection partial when a private zone\'s VPC associations are denied', async () => {
    mockEmptyAccount();
    const secondPrivate: SdkHostedZone = { ...privateZone, Id: '/hostedzone/Z0PRIVATE2', Name: 'corp.example.com.' };
    r53.on(ListHostedZonesCommand).resolves({ HostedZones: [privateZone, secondPrivate], IsTruncated: false, Marker: '', MaxItems: 100 });
    r53.on(GetHostedZoneCommand, { Id: 'Z0PRIVATE' }).rejects(accessDenied());
    r53.on(GetHostedZoneCommand, { Id: 'Z0PRIVATE2' }).resolves({ HostedZone: secondPrivate, VPCs: [{ VPCId: 'vpc-0ccc', VPCRegion: 'us-east-1' }] });
    r53.on(ListResourceRecordSetsCommand).resolves({ ResourceRecordSets: [weighted], IsTruncated: false, MaxItems: 300 });

    const { ctx, into } = await collect();

    expect(ctx.recorder.state).toBe('partial');
    expect(ctx.recorder.errors).toEqual([
      expect.objectContaining({ operation: 'GetHostedZone', code: 'AccessDeniedException', resource: 'Z0PRIVATE' }),
    ]);
    const denied = into.hostedZones.find((z) => z.id === 'Z0PRIVATE');
    expect(denied?.vpcs).toBeUndefined();
    expect(denied?.records).toHaveLength(1);
    expect(into.hostedZones.find((z) => z.id === 'Z0PRIVATE2')?.vpcs).toEqual([{ vpcId: 'vpc-0ccc', vpcRegion: 'us-east-1' }]);
  });

  it('marks the collection partial when one zone\'s records are denied', async () => {
    mockEmptyAccount();
    r53.on(ListHostedZonesCommand).resolves({ HostedZones: [publicZone, privateZone], IsTruncated: false, Marker: '', MaxItems: 100 });
    r53.on(GetHostedZoneCommand).resolves({ HostedZone: privateZone, VPCs: [{ VPCId: 'vpc-0aaa', VPCRegion: 'us-east-1' }] });
    r53.on(ListResourceRecordSetsCommand, { HostedZoneId: 'Z0PUBLIC' }).rejects(accessDenied());
    r53.on(ListResourceRecordSetsCommand, { HostedZoneId: 'Z0PRIVATE' }).resolves({ ResourceRecordSets: [weighted], IsTruncated: false, MaxItems: 300 });

    const { ctx, into } = await collect();

    expect(ctx.recorder.state).toBe('partial');
    expect(ctx.recorder.errors).toEqual([
      expect.objectContaining({ operation: 'ListResourceRecordSets', code: 'AccessDeniedException', resource: 'Z0PUBLIC' }),
    ]);
    expect(into.hostedZones.find((z) => z.id === 'Z0PUBLIC')?.records).toBeUndefined();
    expect(into.hostedZones.find((z) => z.id === 'Z0PRIVATE')?.records?.map((r) => r.name)).toEqual(['svc.internal.example.com.']);
  });
});

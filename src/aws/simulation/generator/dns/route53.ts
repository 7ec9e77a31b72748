import type { HealthCheckConfig, InsufficientDataHealthStatus, ResourceRecordSet } from '@aws-sdk/client-route-53';
import { arns } from '../../../../model/arn.js';
import type { SimHostedZone } from '../../world.js';
import type { WorldBuilder } from '../world-builder.js';

export interface ZoneHandle {
  id: string;
  arn: string;
  /** Fully qualified, with the trailing dot Route 53 returns. */
  name: string;
  accountId: string;
  sim: SimHostedZone;
}

export interface HostedZoneOptions {
  /** Without the trailing dot. */
  name: string;
  privateZone: boolean;
  vpcs?: ReadonlyArray<{ id: string; region: string }>;
  comment: string;
}

/** A zone with the SOA and NS records Route 53 creates with it. */
export function createHostedZone(b: WorldBuilder, accountId: string, opts: HostedZoneOptions): ZoneHandle {
  const id = b.ids.hostedZone();
  const name = `${opts.name}.`;
  const ns = b.rng.int(0, 2047);
  const sim: SimHostedZone = {
    zone: { Id: `/hostedzone/${id}`, Name: name, CallerReference: b.ids.uuid(), Config: { Comment: opts.comment, PrivateZone: opts.privateZone }, ResourceRecordSetCount: 2 },
    vpcs: (opts.vpcs ?? []).map((v) => ({ VPCId: v.id, VPCRegion: v.region as NonNullable<SimHostedZone['vpcs'][number]['VPCRegion']> })),
    records: [
      { Name: name, Type: 'NS', TTL: 172800, ResourceRecords: [0, 1, 2, 3].map((i) => ({ Value: `ns-${(ns + i * 512) % 2048}.awsdns-${String(ns % 64).padStart(2, '0')}.${['com', 'net', 'org', 'co.uk'][i]}.` })) },
      { Name: name, Type: 'SOA', TTL: 900, ResourceRecords: [{ Value: `ns-${ns}.awsdns-${String(ns % 64).padStart(2, '0')}.com. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400` }] },
    ],
  };
  b.route53(accountId).hostedZones.push(sim);
  return { id, arn: arns.hostedZone(b.partition, id), name, accountId, sim };
}

export function associateVpc(zone: ZoneHandle, vpc: { id: string; region: string }): void {
  zone.sim.vpcs.push({ VPCId: vpc.id, VPCRegion: vpc.region as NonNullable<SimHostedZone['vpcs'][number]['VPCRegion']> });
}

/** Adds a record and returns its answer-key name: the zone ARN, then #<name>/<type>/<set identifier>. */
export function addRecord(zone: ZoneHandle, record: ResourceRecordSet): string {
  zone.sim.records.push(record);
  zone.sim.zone.ResourceRecordSetCount = zone.sim.records.length;
  return `${zone.arn}#${record.Name ?? ''}/${record.Type ?? ''}/${record.SetIdentifier ?? ''}`;
}

export interface HealthCheckHandle {
  id: string;
  arn: string;
}

export function createHealthCheck(b: WorldBuilder, accountId: string, config: HealthCheckConfig): HealthCheckHandle {
  const id = b.ids.uuid();
  b.route53(accountId).healthChecks.push({ Id: id, CallerReference: b.ids.uuid(), HealthCheckConfig: config, HealthCheckVersion: 1 });
  return { id, arn: arns.healthCheck(b.partition, id) };
}

/**
 * Route 53 health checkers run on the internet, so a private target is checked through a
 * CloudWatch alarm; missing data counts as unhealthy so a silent alarm fails over.
 */
export function alarmHealthCheck(
  b: WorldBuilder,
  accountId: string,
  region: string,
  alarmName: string,
  insufficientData: InsufficientDataHealthStatus = 'Unhealthy',
): HealthCheckHandle {
  return createHealthCheck(b, accountId, {
    Type: 'CLOUDWATCH_METRIC',
    AlarmIdentifier: { Region: region as NonNullable<HealthCheckConfig['AlarmIdentifier']>['Region'], Name: alarmName },
    InsufficientDataHealthStatus: insufficientData,
    Inverted: false,
    Disabled: false,
  });
}

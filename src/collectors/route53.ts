import {
  GetHostedZoneCommand,
  ListResourceRecordSetsCommand,
  paginateListHealthChecks,
  paginateListHostedZones,
  type AliasTarget as SdkAliasTarget,
  type HealthCheck as SdkHealthCheck,
  type HostedZone as SdkHostedZone,
  type ListResourceRecordSetsRequest,
  type ListResourceRecordSetsResponse,
  type ResourceRecordSet,
  type Route53Client,
} from '@aws-sdk/client-route-53';
import { mapLimited } from '../aws/concurrency.js';
import { loopGuarded, paginate } from '../aws/paginate.js';
import { arns } from '../model/arn.js';
import { GLOBAL_REGION, type GlobalInventory, type HealthCheck, type HostedZone, type RecordSet } from '../model/inventory.js';
import type { GlobalCollector, GlobalContext } from './contract.js';
import { allItems, byId, present } from './listing.js';

const HOSTED_ZONE_ARNS = ['arn:${Partition}:route53:::hostedzone/*'];

/**
 * Hosted zones (with their VPC associations and records) and health checks of one account.
 * Route 53 is global, so this runs once per account, not per region.
 */
export const route53Collector: GlobalCollector = {
  service: 'route53',
  declares: [
    { operation: 'ListHostedZones', action: 'route53:ListHostedZones' },
    { operation: 'GetHostedZone', action: 'route53:GetHostedZone', resources: HOSTED_ZONE_ARNS },
    { operation: 'ListResourceRecordSets', action: 'route53:ListResourceRecordSets', resources: HOSTED_ZONE_ARNS },
    { operation: 'ListHealthChecks', action: 'route53:ListHealthChecks' },
  ],
  async collect(ctx, into) {
    const client = ctx.clients.route53();
    await collectHostedZones(ctx, client, into);
    await collectHealthChecks(ctx, client, into);
  },
};

async function collectHostedZones(ctx: GlobalContext, client: Route53Client, into: GlobalInventory): Promise<void> {
  const zones = await ctx.recorder.primary('ListHostedZones', () => allItems(loopGuarded('ListHostedZones', paginateListHostedZones({ client }, { MaxItems: 100 }), (page) => page.NextMarker), (page) => page.HostedZones));
  if (!zones) return;
  const readable = ctx.recorder.readItems(
    'ListHostedZones',
    zones,
    (zone, i) => {
      const id = present(zone.Id, `hosted zone #${i + 1}`, 'Id').replace(/^\/hostedzone\//, '');
      return { zone, id, name: present(zone.Name, `hosted zone ${id}`, 'Name') };
    },
    'primary',
  );
  const collected = await mapLimited(readable, 4, ({ zone, id, name }) => describeZone(ctx, client, zone, id, name));
  into.hostedZones = collected.sort(byId);
}

async function describeZone(ctx: GlobalContext, client: Route53Client, zone: SdkHostedZone, id: string, name: string): Promise<HostedZone> {
  const privateZone = zone.Config?.PrivateZone ?? false;
  // Public zones have no VPC associations, so GetHostedZone would only spend rate-limit tokens.
  const vpcs = privateZone ? await ctx.recorder.attempt('GetHostedZone', id, () => zoneVpcs(client, id)) : [];
  const records = await ctx.recorder.attempt('ListResourceRecordSets', id, () => listRecordSets(client, id));
  return {
    accountId: ctx.accountId,
    region: GLOBAL_REGION,
    arn: arns.hostedZone(ctx.partition, id),
    id,
    name: unescapeDnsName(name),
    privateZone,
    vpcs,
    records,
  };
}

async function zoneVpcs(client: Route53Client, id: string): Promise<HostedZone['vpcs']> {
  const out = await client.send(new GetHostedZoneCommand({ Id: id }));
  return (out.VPCs ?? []).flatMap((vpc) => (vpc.VPCId === undefined ? [] : [{ vpcId: vpc.VPCId, vpcRegion: vpc.VPCRegion ?? '' }]));
}

type RecordPosition = Pick<ListResourceRecordSetsRequest, 'StartRecordName' | 'StartRecordType' | 'StartRecordIdentifier'>;

/**
 * ListResourceRecordSets resumes from a (name, type, set identifier) position rather than one
 * token, so the position is carried through paginate() as JSON to keep its repeated-token guard.
 */
async function listRecordSets(client: Route53Client, zoneId: string): Promise<RecordSet[]> {
  const records: RecordSet[] = [];
  const pages = paginate(
    'ListResourceRecordSets',
    (token) => client.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId, MaxItems: 300, ...positionOf(token) })),
    nextPosition,
  );
  for await (const page of pages) records.push(...(page.ResourceRecordSets ?? []).map(toRecordSet));
  return records;
}

function nextPosition(page: ListResourceRecordSetsResponse): string | undefined {
  if (!page.IsTruncated) return undefined;
  const position: RecordPosition = {
    StartRecordName: page.NextRecordName,
    StartRecordType: page.NextRecordType,
    StartRecordIdentifier: page.NextRecordIdentifier,
  };
  return JSON.stringify(position);
}

function positionOf(token: string | undefined): RecordPosition {
  return token === undefined ? {} : (JSON.parse(token) as RecordPosition);
}

function toRecordSet(record: ResourceRecordSet): RecordSet {
  return {
    name: unescapeDnsName(record.Name ?? ''),
    type: record.Type ?? '',
    setIdentifier: record.SetIdentifier,
    ttl: record.TTL,
    values: (record.ResourceRecords ?? []).flatMap((r) => (r.Value === undefined ? [] : [r.Value])),
    aliasTarget: record.AliasTarget === undefined ? undefined : toAliasTarget(record.AliasTarget),
    failover: record.Failover,
    weight: record.Weight,
    region: record.Region,
    healthCheckId: record.HealthCheckId,
  };
}

function toAliasTarget(alias: SdkAliasTarget): NonNullable<RecordSet['aliasTarget']> {
  return {
    hostedZoneId: alias.HostedZoneId ?? '',
    dnsName: unescapeDnsName(alias.DNSName ?? ''),
    evaluateTargetHealth: alias.EvaluateTargetHealth ?? false,
  };
}

/**
 * Route 53 returns characters outside [a-z0-9-_] as three-digit octal escapes (a wildcard comes
 * back as "\052.example.com."); checks compare names with what clients resolve, so decode them.
 */
export function unescapeDnsName(name: string): string {
  return name.replace(/\\([0-3][0-7]{2})/g, (_match, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}

async function collectHealthChecks(ctx: GlobalContext, client: Route53Client, into: GlobalInventory): Promise<void> {
  const checks = await ctx.recorder.primary('ListHealthChecks', () => allItems(loopGuarded('ListHealthChecks', paginateListHealthChecks({ client }, { MaxItems: 100 }), (page) => page.NextMarker), (page) => page.HealthChecks));
  if (checks) into.healthChecks = ctx.recorder.readItems('ListHealthChecks', checks, (check, i) => toHealthCheck(ctx, check, present(check.Id, `health check #${i + 1}`, 'Id')), 'primary').sort(byId);
}

function toHealthCheck(ctx: GlobalContext, check: SdkHealthCheck, id: string): HealthCheck {
  const config = check.HealthCheckConfig;
  return {
    accountId: ctx.accountId,
    region: GLOBAL_REGION,
    arn: arns.healthCheck(ctx.partition, id),
    id,
    type: config?.Type ?? '',
    ipAddress: config?.IPAddress,
    fullyQualifiedDomainName: config?.FullyQualifiedDomainName,
    port: config?.Port,
    resourcePath: config?.ResourcePath,
    disabled: config?.Disabled ?? false,
    inverted: config?.Inverted ?? false,
    alarmName: config?.AlarmIdentifier?.Name,
    alarmRegion: config?.AlarmIdentifier?.Region,
    insufficientDataHealthStatus: config?.InsufficientDataHealthStatus,
    childHealthChecks: config?.ChildHealthChecks ?? [],
  };
}

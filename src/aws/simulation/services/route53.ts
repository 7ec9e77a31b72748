import * as route53Sdk from '@aws-sdk/client-route-53';
import type {
  GetHostedZoneResponse,
  ListHealthChecksResponse,
  ListHostedZonesResponse,
  ListResourceRecordSetsResponse,
  ResourceRecordSet,
} from '@aws-sdk/client-route-53';
import { SimError, type SimRequest } from '../protocol.js';
import { queryParam, unknownOperation, type HandlerContext, type ServiceHandler, type SimReply } from '../service.js';
import type { SimHostedZone } from '../world.js';

const API_VERSION = '2013-04-01';

/** Route 53 does not reject a larger maxitems: it returns at most `max` items. */
interface Limit {
  max: number;
  defaultSize: number;
}
const HOSTED_ZONES: Limit = { max: 100, defaultSize: 100 };
const RECORD_SETS: Limit = { max: 300, defaultSize: 300 };
const HEALTH_CHECKS: Limit = { max: 1000, defaultSize: 100 };

/** Route 53: hosted zones (with VPC associations and records) and health checks, global per account. */
export const route53Handler: ServiceHandler = {
  service: 'route53',
  spec: { protocol: 'restXml', xmlNamespace: 'https://route53.amazonaws.com/doc/2013-04-01/', schemas: route53Sdk },
  quota: 'route53',
  throttle: { code: 'Throttling', status: 400 },
  global: true,
  handle(req, ctx) {
    const [version, kind, id, sub, ...rest] = pathSegments(req.path);
    if (req.method === 'GET' && version === API_VERSION && rest.length === 0) {
      if (kind === 'hostedzone' && id === undefined) return listHostedZones(req, ctx);
      if (kind === 'hostedzone' && id !== undefined && sub === undefined) return getHostedZone(ctx, id);
      if (kind === 'hostedzone' && id !== undefined && sub === 'rrset') return listRecordSets(req, ctx, id);
      if (kind === 'healthcheck' && id === undefined) return listHealthChecks(req, ctx);
    }
    throw unknownOperation('route53', `${req.method} ${req.path}`);
  },
};

function pathSegments(path: string): string[] {
  try {
    return path.split('/').filter((s) => s !== '').map(decodeURIComponent);
  } catch {
    throw invalidInput(`malformed path ${path}`);
  }
}

function invalidInput(message: string): SimError {
  return new SimError('InvalidInput', 400, message);
}

/** Ids are accepted with or without the "/hostedzone/" prefix, as Route 53 does. */
function zoneKey(id: string): string {
  return id.replace(/^\/?hostedzone\//, '');
}

function findZone(ctx: HandlerContext, id: string): SimHostedZone {
  const zone = ctx.account.route53.hostedZones.find((z) => zoneKey(z.zone.Id ?? '') === zoneKey(id));
  if (!zone) throw new SimError('NoSuchHostedZone', 404, `No hosted zone found with ID: ${zoneKey(id)}`);
  return zone;
}

function maxItems(req: SimRequest, limit: Limit): { echoed: number; size: number } {
  const raw = queryParam(req.query, 'maxitems');
  const requested = raw === undefined ? limit.defaultSize : Number(raw);
  if (!Number.isInteger(requested) || requested < 1) throw invalidInput(`Invalid value for maxitems: ${raw}`);
  return { echoed: requested, size: Math.min(requested, limit.max) };
}

/**
 * Route 53 resumes from a marker naming the next item, not from an offset token; the page is cut
 * through ctx.page so the simulation's page-size cap still makes every listing multi-page.
 */
function pageFrom<T>(ctx: HandlerContext, items: readonly T[], start: number, size: number, operation: string): { items: T[]; next: T | undefined } {
  const rest = items.slice(start);
  const page = ctx.page(rest, { token: undefined, requested: size, max: size, defaultSize: size, operation });
  return { items: page.items, next: page.next === undefined ? undefined : rest[page.items.length] };
}

function markerIndex<T>(items: readonly T[], marker: string | undefined, keyOf: (item: T) => string): number {
  if (marker === undefined) return 0;
  const index = items.findIndex((item) => keyOf(item) === marker);
  if (index < 0) throw invalidInput(`Invalid marker: ${marker}`);
  return index;
}

function listHostedZones(req: SimRequest, ctx: HandlerContext): SimReply {
  if (queryParam(req.query, 'delegationsetid') !== undefined) throw new SimError('NoSuchDelegationSet', 400, 'The simulated account has no reusable delegation sets.');
  const type = queryParam(req.query, 'hostedzonetype');
  if (type !== undefined && type !== 'PrivateHostedZone') throw invalidInput(`Invalid hostedzonetype: ${type}`);
  const zones = ctx.account.route53.hostedZones.map((z) => z.zone).filter((z) => type === undefined || z.Config?.PrivateZone === true);
  const marker = queryParam(req.query, 'marker');
  const { echoed, size } = maxItems(req, HOSTED_ZONES);
  const page = pageFrom(ctx, zones, markerIndex(zones, marker === undefined ? undefined : zoneKey(marker), (z) => zoneKey(z.Id ?? '')), size, 'ListHostedZones');
  const output: ListHostedZonesResponse = { HostedZones: page.items, Marker: marker, IsTruncated: page.next !== undefined, MaxItems: echoed };
  if (page.next) output.NextMarker = zoneKey(page.next.Id ?? '');
  return { operation: 'ListHostedZones', output };
}

function getHostedZone(ctx: HandlerContext, id: string): SimReply {
  const zone = findZone(ctx, id);
  const output: Omit<GetHostedZoneResponse, '$metadata'> = zone.zone.Config?.PrivateZone
    ? { HostedZone: zone.zone, VPCs: zone.vpcs }
    : { HostedZone: zone.zone, DelegationSet: { NameServers: nameServers(zoneKey(zone.zone.Id ?? id)) } };
  return { operation: 'GetHostedZone', output };
}

/** Four awsdns name servers, derived from the zone id so every run answers the same. */
function nameServers(zoneId: string): string[] {
  const h = [...zoneId].reduce((n, c) => (n * 31 + c.charCodeAt(0)) % 2048, 7);
  const group = String(h % 64).padStart(2, '0');
  return ['com', 'net', 'org', 'co.uk'].map((tld, i) => `ns-${(h + i * 512) % 2048}.awsdns-${group}.${tld}`);
}

/** Names compare case-insensitively, with or without the final dot, escaped or not ("\052" is "*"). */
function dnsKey(name: string): string {
  const plain = name.toLowerCase().replace(/\\([0-3][0-7]{2})/g, (_m, octal: string) => String.fromCharCode(parseInt(octal, 8)));
  return plain.endsWith('.') ? plain : `${plain}.`;
}

/** Records stay in stored order; the start is the first record at the given (name, type, identifier) position. */
function recordIndex(records: readonly ResourceRecordSet[], name: string, type: string | undefined, identifier: string | undefined): number {
  const key = dnsKey(name);
  const matches = [
    (r: ResourceRecordSet) => dnsKey(r.Name ?? '') === key && r.Type === type && r.SetIdentifier === identifier,
    (r: ResourceRecordSet) => dnsKey(r.Name ?? '') === key && (type === undefined || r.Type === type),
    (r: ResourceRecordSet) => dnsKey(r.Name ?? '') === key,
  ];
  for (const match of matches) {
    const index = records.findIndex(match);
    if (index >= 0) return index;
  }
  return records.length;
}

function listRecordSets(req: SimRequest, ctx: HandlerContext, zoneId: string): SimReply {
  const zone = findZone(ctx, zoneId);
  const name = queryParam(req.query, 'name');
  const type = queryParam(req.query, 'type');
  const identifier = queryParam(req.query, 'identifier');
  if (type !== undefined && name === undefined) throw invalidInput('The input is not valid: StartRecordType requires StartRecordName.');
  if (identifier !== undefined && type === undefined) throw invalidInput('The input is not valid: StartRecordIdentifier requires StartRecordType.');
  const { echoed, size } = maxItems(req, RECORD_SETS);
  const start = name === undefined ? 0 : recordIndex(zone.records, name, type, identifier);
  const page = pageFrom(ctx, zone.records, start, size, 'ListResourceRecordSets');
  const output: ListResourceRecordSetsResponse = { ResourceRecordSets: page.items, IsTruncated: page.next !== undefined, MaxItems: echoed };
  if (page.next) {
    output.NextRecordName = page.next.Name;
    output.NextRecordType = page.next.Type;
    if (page.next.SetIdentifier !== undefined) output.NextRecordIdentifier = page.next.SetIdentifier;
  }
  return { operation: 'ListResourceRecordSets', output };
}

function listHealthChecks(req: SimRequest, ctx: HandlerContext): SimReply {
  const checks = ctx.account.route53.healthChecks;
  const marker = queryParam(req.query, 'marker');
  const { echoed, size } = maxItems(req, HEALTH_CHECKS);
  const page = pageFrom(ctx, checks, markerIndex(checks, marker, (c) => c.Id ?? ''), size, 'ListHealthChecks');
  const output: ListHealthChecksResponse = { HealthChecks: page.items, Marker: marker, IsTruncated: page.next !== undefined, MaxItems: echoed };
  if (page.next) output.NextMarker = page.next.Id;
  return { operation: 'ListHealthChecks', output };
}

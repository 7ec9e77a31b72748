import { defineCheck, type CheckResult, type ResourceRef } from '../../src/model/check.js';
import type { RecordSet, RestApi, VpcEndpoint } from '../../src/model/inventory.js';
import {
  apiIn,
  apiRef,
  associationRef,
  domainNameOfArn,
  domainRef,
  endpointRef,
  endpointsBehind,
  endpointsByDns,
  hostedZones,
  isPrivateApi,
  loadBalancersByDns,
  normalizeName,
  ownedDomainsByArn,
  recordTarget,
  ref,
  scopeKey,
  scopeKeys,
  scopeProblem,
  TYPES,
  unlistedTarget,
  untrustedScopes,
  zoneRef,
} from './common.js';
import { locationOfArn } from '../integration/common.js';

interface Side {
  label: string;
  apis: RestApi[];
  missing: string[];
  unknown: string[];
  related: ResourceRef[];
}

const recordLabel = (r: RecordSet) => `${r.name} ${r.type}${r.setIdentifier ? ` (${r.setIdentifier})` : ''}`;

export default defineCheck({
  id: 'MR-001',
  title: 'Multi-Region setup not in parity',
  severity: 'MEDIUM',
  resourceType: TYPES.restApi,
  requires: ['apigateway', 'ec2', 'elbv2', 'route53'],
  remediation: {
    text: 'Every region a failover or weighted record can send clients to must hold the whole path: an execute-api endpoint (behind the record\'s load balancer), a private custom domain of the record\'s name that is AVAILABLE, associated with that endpoint and mapped to a PRIVATE API. Build the secondary region completely before relying on it.',
    url: 'https://docs.aws.amazon.com/whitepapers/latest/best-practices-api-gateway-private-apis-integration/multi-region-private-api.html',
  },
  references: ['https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-types.html'],
  messages: {
    notInParity: 'API {{name}} ({{id}}) serves {{record}}, but {{missing}}.',
  },
  evaluate(inventory, report) {
    const zonesUnlisted = untrustedScopes(inventory, report, 'route53', ['ListHostedZones'], 'hostedzone/*');
    const errors = [...untrustedScopes(inventory, report, 'apigateway', ['GetRestApis', 'GetDomainNames', 'GetDomainNameAccessAssociations'], '/restapis'), ...zonesUnlisted];
    // The records that put an API in a multi-Region set usually live in another account (the
    // network account): while any account's zones are unknown, "no such record" proves nothing.
    const zonesUnknown = zonesUnlisted.length ? `the hosted zones of ${[...new Set(zonesUnlisted.map((e) => e.accountId))].join(', ')} were not listed, so a failover or weighted record serving this API may exist there` : undefined;
    const skip = scopeKeys(errors);
    const lbs = loadBalancersByDns(inventory);
    const endpointNames = endpointsByDns(inventory);
    const domains = ownedDomainsByArn(inventory);
    const associationsBySource = new Map<string, typeof allAssociations>();
    const allAssociations = inventory.snapshot.regional.flatMap((r) => r.domainNameAccessAssociations);
    for (const a of allAssociations) associationsBySource.set(a.accessAssociationSource, [...(associationsBySource.get(a.accessAssociationSource) ?? []), a]);

    const sideOf = (record: RecordSet): Side => {
      const side: Side = { label: recordLabel(record), apis: [], missing: [], unknown: [], related: [] };
      const target = recordTarget(record);
      let endpoints: VpcEndpoint[];
      let where = target ?? 'nothing';
      const direct = target === undefined ? undefined : endpointNames.get(target);
      if (direct) endpoints = [direct];
      else {
        const lb = target === undefined ? undefined : lbs.get(target);
        if (!lb) {
          const gap = target === undefined ? undefined : unlistedTarget(inventory, target, ['ec2', 'elbv2']);
          if (gap) {
            side.unknown.push(`${recordLabel(record)}: ${gap}`);
            return side;
          }
          side.missing.push(`${recordLabel(record)} points to ${where}, which is no execute-api endpoint or load balancer privapi knows`);
          return side;
        }
        where = `load balancer ${lb.name} (${lb.region})`;
        side.related.push(ref(lb.arn, TYPES.loadBalancer));
        const fronted = endpointsBehind(inventory, lb);
        if (fronted.missing) {
          side.unknown.push(`${where}: ${fronted.missing}`);
          return side;
        }
        endpoints = fronted.endpoints;
      }
      if (!endpoints.length) {
        side.missing.push(`no execute-api endpoint is behind ${where}`);
        return side;
      }
      const name = normalizeName(record.name);
      let domainSeen = false;
      // Associations and domains live in other accounts or regions than the record: unlisted there, "none" proves nothing.
      const gaps: string[] = [];
      for (const e of endpoints) {
        side.related.push(endpointRef(e));
        const associations = scopeProblem(inventory, e, 'apigateway', ['GetDomainNameAccessAssociations']);
        if (associations) gaps.push(associations);
        for (const a of associationsBySource.get(e.id) ?? []) {
          const d = domains.get(a.domainNameArn);
          if (!d && domainNameOfArn(a.domainNameArn).toLowerCase() === name) {
            const listing = scopeProblem(inventory, locationOfArn(a.domainNameArn, a), 'apigateway', ['GetDomainNames']);
            if (listing) gaps.push(listing);
          }
          if (!d || d.domainName.toLowerCase() !== name) continue;
          domainSeen = true;
          side.related.push(associationRef(a), domainRef(d));
          if ((d.status ?? '').toUpperCase() !== 'AVAILABLE') {
            side.missing.push(`domain ${d.domainName} in ${d.region} is ${d.status ?? 'of unknown status'}`);
            continue;
          }
          if (d.basePathMappings === undefined) {
            side.unknown.push(`the base path mappings of domain ${d.domainName} in ${d.region} were not collected`);
            continue;
          }
          for (const m of d.basePathMappings) {
            const api = apiIn(inventory, d, m.restApiId);
            const unlisted = api ? undefined : scopeProblem(inventory, d, 'apigateway', ['GetRestApis']);
            if (unlisted) side.unknown.push(`API ${m.restApiId} mapped by domain ${d.domainName} in ${d.region}: ${unlisted}`);
            if (api && isPrivateApi(api) && (m.stage === undefined || api.stages === undefined || api.stages.some((s) => s.stageName === m.stage))) side.apis.push(api);
          }
        }
      }
      if (!domainSeen && gaps.length) side.unknown.push(...new Set(gaps));
      else if (!domainSeen) side.missing.push(`no private custom domain ${name} is associated with the endpoint behind ${where}`);
      else if (!side.apis.length && !side.unknown.length) side.missing.push(`domain ${name} behind ${where} maps to no PRIVATE API with an existing stage`);
      return side;
    };

    type Outcome = { status: 'FAIL' | 'ERROR' | 'PASS'; api: RestApi; text: string; record: string; related: ResourceRef[] };
    const outcomes = new Map<string, Outcome>();
    const rank = { PASS: 0, ERROR: 1, FAIL: 2 } as const;
    const zoneErrors: CheckResult[] = [];
    for (const zone of hostedZones(inventory)) {
      if (!zone.privateZone || skip.has(scopeKey(zone))) continue;
      if (zone.records === undefined) {
        zoneErrors.push(report.error(zone, zoneRef(zone), `Records of private zone ${zone.name} (${zone.id}) were not collected: failover and weighted sets in it are unknown`));
        continue;
      }
      const sets = new Map<string, RecordSet[]>();
      for (const r of zone.records) {
        if (r.failover === undefined && r.weight === undefined) continue;
        const key = `${normalizeName(r.name)}|${r.type.toUpperCase()}`;
        sets.set(key, [...(sets.get(key) ?? []), r]);
      }
      for (const records of sets.values()) {
        if (records.length < 2) continue;
        const sides = records.map((r) => sideOf(r));
        // Definitely incomplete: nothing found, and nothing left unknown.
        const incomplete = sides.filter((s) => !s.apis.length && !s.unknown.length);
        const unknown = sides.flatMap((s) => s.unknown);
        const label = `${normalizeName(records[0]?.name ?? '')} (${records.map((r) => (r.failover ?? `weight ${r.weight ?? '?'}`)).join('/')})`;
        for (const side of sides) {
          for (const api of side.apis) {
            const related = [zoneRef(zone), ...sides.flatMap((s) => s.related), ...sides.flatMap((s) => s.apis).filter((x) => x.arn !== api.arn).map(apiRef)];
            const outcome: Outcome = incomplete.length
              ? { status: 'FAIL', api, record: label, text: incomplete.flatMap((s) => s.missing).join('; '), related }
              : unknown.length
                ? { status: 'ERROR', api, record: label, text: unknown.join('; '), related }
                : { status: 'PASS', api, record: label, text: '', related };
            const prior = outcomes.get(api.arn);
            if (!prior || rank[outcome.status] > rank[prior.status]) outcomes.set(api.arn, outcome);
          }
        }
        if (!sides.some((s) => s.apis.length) && unknown.length) {
          zoneErrors.push(report.error(zone, zoneRef(zone), `Whether the regions of ${label} hold a private API cannot be told: ${unknown.join('; ')}`));
        }
      }
    }

    const results = inventory.restApis
      .filter((api) => !skip.has(scopeKey(api)))
      .map((api): CheckResult => {
        const resource = apiRef(api);
        const o = outcomes.get(api.arn);
        if (!o) return zonesUnknown ? report.error(api, resource, `Whether ${api.name} (${api.id}) is part of a multi-Region setup cannot be told: ${zonesUnknown}`) : report.notApplicable(api, resource);
        const related = [...new Map(o.related.map((r) => [r.arn, r])).values()].filter((r) => r.arn !== api.arn);
        if (o.status === 'PASS') return report.pass(api, resource, related);
        if (o.status === 'ERROR') return report.error(api, resource, `Parity of ${o.record} cannot be told: ${o.text}`);
        return report.fail(api, resource, 'notInParity', { name: api.name, id: api.id, record: o.record, missing: o.text }, { related });
      });
    return [...results, ...zoneErrors, ...errors];
  },
});

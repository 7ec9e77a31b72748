import { defineCheck, type CheckResult, type ResourceRef } from '../../src/model/check.js';
import type { VpcEndpoint } from '../../src/model/inventory.js';
import { unlistedTarget } from '../domains/common.js';
import { ELB_NAME, EniLookup, failedScopes, frontsEndpoints, hostedZones, isExecuteApiEndpoint, isResult, normalizeName, recordArn, ref, TYPES, zoneRecords } from './common.js';

export default defineCheck({
  id: 'R53-006',
  title: 'Private hosted zone not visible to consumer VPCs',
  severity: 'HIGH',
  resourceType: TYPES.hostedZone,
  requires: ['route53', 'ec2', 'elbv2'],
  remediation: {
    text: "Associate the private hosted zone with the VPC of the execute-api endpoint (or load balancer) its records resolve to (for a zone in another account: CreateVPCAssociationAuthorization, then AssociateVPCWithHostedZone, or a Route 53 profile): clients in that VPC otherwise cannot resolve the private API's name.",
    url: 'https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/hosted-zone-private-associate-vpcs.html',
  },
  references: [
    'https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/hosted-zone-private-associate-vpcs-different-accounts.html',
    'https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/profiles.html',
  ],
  messages: {
    notAssociated: 'Private zone {{zone}} resolves {{records}} to the private API path in VPC {{vpcs}}, but is not associated with it.',
  },
  evaluate(inventory, report) {
    const enis = new EniLookup(inventory);
    const endpointByName = new Map<string, VpcEndpoint>();
    for (const endpoint of inventory.vpcEndpoints.values()) {
      if (!isExecuteApiEndpoint(endpoint)) continue;
      for (const entry of endpoint.dnsEntries) {
        const name = normalizeName(entry.dnsName);
        if (name.startsWith(`${endpoint.id}-`)) endpointByName.set(name, endpoint);
      }
    }
    const lbByName = new Map([...inventory.loadBalancers.values()].flatMap((lb) => (lb.dnsName ? [[normalizeName(lb.dnsName), lb] as const] : [])));
    /**
     * Where a listing is untrusted in some account (failed, skipped, or partial in its listing
     * call), a name that looks like its resource but is not in the inventory is unknown, not
     * unrelated: the zone's records often name another account's endpoint or load balancer.
     */
    const unresolved = (name: string): string | undefined =>
      /^vpce-[0-9a-f]+-[a-z0-9]+\.execute-api\./.test(name) ? unlistedTarget(inventory, name, ['ec2']) : ELB_NAME.test(name) ? unlistedTarget(inventory, name, ['elbv2']) : undefined;

    const results = hostedZones(inventory).flatMap((zone): CheckResult[] => {
      const zoneRef = ref(zone.arn, TYPES.hostedZone);
      if (!zone.privateZone) return [report.notApplicable(zone, zoneRef)];
      const records = zoneRecords(inventory, report, zone);
      if (isResult(records)) return [records];
      if (zone.vpcs === undefined) return [report.error(zone, zoneRef, `VPC associations of private zone ${zone.name} (${zone.id}) were not collected (GetHostedZone)`)];
      /** VPC id → the records that need it and what they resolve to. */
      const needs = new Map<string, { records: string[]; related: ResourceRef[] }>();
      let unknown: string | undefined;
      for (const record of records) {
        const targets = record.aliasTarget ? [record.aliasTarget.dnsName] : record.type === 'CNAME' ? record.values : [];
        for (const target of targets.map(normalizeName)) {
          const endpoint = endpointByName.get(target);
          const lb = lbByName.get(target);
          let vpcId: string | undefined;
          const related: ResourceRef[] = [ref(recordArn(zone, record), TYPES.record)];
          if (!endpoint && !lb) unknown ??= unresolved(target);
          if (endpoint) {
            vpcId = endpoint.vpcId;
            related.push(ref(endpoint.arn, TYPES.vpcEndpoint));
          } else if (lb) {
            const fronted = frontsEndpoints(inventory, enis, lb);
            if (fronted.missing !== undefined) unknown ??= fronted.missing;
            if (fronted.endpoints.length > 0 && lb.vpcId !== undefined) {
              vpcId = lb.vpcId;
              related.push(ref(lb.arn, TYPES.loadBalancer), ...fronted.endpoints.map((e) => ref(e.arn, TYPES.vpcEndpoint)));
            }
          }
          if (vpcId === undefined) continue;
          const need = needs.get(vpcId) ?? { records: [], related: [] };
          need.records.push(`${record.name} ${record.type}`);
          need.related.push(...related);
          needs.set(vpcId, need);
        }
      }
      if (needs.size === 0) return [unknown === undefined ? report.notApplicable(zone, zoneRef) : report.error(zone, zoneRef, unknown)];
      const associated = new Set(zone.vpcs.map((v) => v.vpcId));
      const missing = [...needs.entries()].filter(([vpcId]) => !associated.has(vpcId));
      const vpcRef = (vpcId: string) => ref(inventory.vpcs.get(vpcId)?.arn ?? vpcId, TYPES.vpc);
      const related = [...new Map([...needs.entries()].flatMap(([vpcId, n]) => [vpcRef(vpcId), ...n.related]).map((r) => [r.arn, r])).values()];
      if (missing.length === 0) return [unknown === undefined ? report.pass(zone, zoneRef, related) : report.error(zone, zoneRef, unknown)];
      return [report.fail(zone, zoneRef, 'notAssociated', {
        zone: zone.name,
        records: [...new Set(missing.flatMap(([, n]) => n.records))].join(', '),
        vpcs: missing.map(([vpcId]) => vpcId).join(', '),
      }, { related })];
    });
    return [...results, ...failedScopes(inventory, report, ['route53'], TYPES.hostedZone)];
  },
});

import { arns } from '../../src/model/arn.js';
import { defineCheck, type CheckResult } from '../../src/model/check.js';
import { failedScopes, hostedZones, isResult, recordArn, ref, TYPES, zoneRecords } from './common.js';

const MAX_TTL = 60;

export default defineCheck({
  id: 'R53-005',
  title: 'Failover/weighted TTL too long',
  severity: 'LOW',
  resourceType: TYPES.record,
  requires: ['route53'],
  remediation: {
    text: `Lower the TTL of health-checked failover and weighted records to ${MAX_TTL} seconds or less: resolvers keep answering with the failed target until the TTL expires.`,
    url: 'https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-configuring-options.html',
  },
  references: ['https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-configuring.html'],
  messages: {
    longTtl: 'Health-checked {{routing}} record {{name}} {{type}} ({{setIdentifier}}) in zone {{zone}} has a TTL of {{ttl}} s (more than {{max}} s): failover waits for caches to expire.',
  },
  evaluate(inventory, report) {
    const results = hostedZones(inventory).flatMap((zone): CheckResult[] => {
      const records = zoneRecords(inventory, report, zone);
      if (isResult(records)) return [records];
      const zoneRef = ref(zone.arn, TYPES.hostedZone);
      // Alias records have no TTL of their own.
      const relevant = records.filter((r) => (r.failover !== undefined || r.weight !== undefined) && r.healthCheckId !== undefined && r.ttl !== undefined);
      if (relevant.length === 0) return [report.notApplicable(zone, zoneRef)];
      return relevant.map((record) => {
        const resource = ref(recordArn(zone, record), TYPES.record);
        const related = [zoneRef, ref(arns.healthCheck(inventory.snapshot.partition, record.healthCheckId ?? ''), TYPES.healthCheck)];
        const ttl = record.ttl ?? 0;
        if (ttl <= MAX_TTL) return report.pass(zone, resource, related);
        return report.fail(zone, resource, 'longTtl', {
          routing: record.failover === undefined ? 'weighted' : 'failover',
          name: record.name,
          type: record.type,
          setIdentifier: record.setIdentifier ?? '',
          zone: zone.name,
          ttl,
          max: MAX_TTL,
        }, { related });
      });
    });
    return [...results, ...failedScopes(inventory, report, ['route53'], TYPES.record)];
  },
});

import { arns } from '../../src/model/arn.js';
import { defineCheck, type CheckResult } from '../../src/model/check.js';
import { failedScopes, hostedZones, isResult, recordArn, ref, TYPES, zoneRecords } from './common.js';

export default defineCheck({
  id: 'R53-001',
  title: 'Failover record without health evaluation',
  severity: 'HIGH',
  resourceType: TYPES.record,
  requires: ['route53'],
  remediation: {
    text: 'Give every PRIMARY failover record a health check (for private targets, a CloudWatch alarm health check) or, for an alias, Evaluate target health: without either Route 53 considers the primary always healthy and never fails over.',
    url: 'https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-configuring-options.html',
  },
  references: ['https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/routing-policy-failover.html'],
  messages: {
    noHealthEvaluation: 'Failover PRIMARY record {{name}} {{type}} ({{setIdentifier}}) in zone {{zone}} has no health check and no alias target-health evaluation: it never fails over.',
  },
  evaluate(inventory, report) {
    const results = hostedZones(inventory).flatMap((zone): CheckResult[] => {
      const records = zoneRecords(inventory, report, zone);
      if (isResult(records)) return [records];
      const zoneRef = ref(zone.arn, TYPES.hostedZone);
      const primaries = records.filter((r) => r.failover === 'PRIMARY');
      if (primaries.length === 0) return [report.notApplicable(zone, zoneRef)];
      return primaries.map((record) => {
        const resource = ref(recordArn(zone, record), TYPES.record);
        const related = [zoneRef, ...(record.healthCheckId ? [ref(arns.healthCheck(inventory.snapshot.partition, record.healthCheckId), TYPES.healthCheck)] : [])];
        if (record.healthCheckId || record.aliasTarget?.evaluateTargetHealth) return report.pass(zone, resource, related);
        return report.fail(zone, resource, 'noHealthEvaluation', { name: record.name, type: record.type, setIdentifier: record.setIdentifier ?? '', zone: zone.name }, { related });
      });
    });
    return [...results, ...failedScopes(inventory, report, ['route53'], TYPES.record)];
  },
});

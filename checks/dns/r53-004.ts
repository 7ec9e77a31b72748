import { defineCheck, type CheckResult } from '../../src/model/check.js';
import { ELB_NAME, failedScopes, hostedZones, isResult, normalizeName, recordArn, ref, TYPES, zoneRecords } from './common.js';

export default defineCheck({
  id: 'R53-004',
  title: 'Alias to ALB/NLB without target health',
  severity: 'MEDIUM',
  resourceType: TYPES.record,
  requires: ['route53'],
  remediation: {
    text: "Set Evaluate target health to Yes on weighted and failover alias records that point at a load balancer, so Route 53 stops answering with a load balancer whose targets (the execute-api endpoint's addresses) are all unhealthy.",
    url: 'https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resource-record-sets-values-alias.html#rrsets-values-alias-evaluate-target-health',
  },
  references: ['https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-complex-configs.html'],
  messages: {
    noTargetHealth: '{{routing}} alias record {{name}} {{type}} ({{setIdentifier}}) in zone {{zone}} points at load balancer {{target}} without evaluating target health.',
  },
  evaluate(inventory, report) {
    const lbByName = new Map([...inventory.loadBalancers.values()].flatMap((lb) => (lb.dnsName ? [[normalizeName(lb.dnsName), lb] as const] : [])));
    const results = hostedZones(inventory).flatMap((zone): CheckResult[] => {
      const records = zoneRecords(inventory, report, zone);
      if (isResult(records)) return [records];
      const zoneRef = ref(zone.arn, TYPES.hostedZone);
      const relevant = records.flatMap((record) => {
        const alias = record.aliasTarget;
        if (!alias || (record.failover === undefined && record.weight === undefined)) return [];
        const target = normalizeName(alias.dnsName);
        const lb = lbByName.get(target);
        return lb || ELB_NAME.test(target) ? [{ record, alias, target, lb }] : [];
      });
      if (relevant.length === 0) return [report.notApplicable(zone, zoneRef)];
      return relevant.map(({ record, alias, target, lb }) => {
        const resource = ref(recordArn(zone, record), TYPES.record);
        const related = [zoneRef, ...(lb ? [ref(lb.arn, TYPES.loadBalancer)] : [])];
        if (alias.evaluateTargetHealth) return report.pass(zone, resource, related);
        return report.fail(zone, resource, 'noTargetHealth', {
          routing: record.failover === undefined ? 'Weighted' : `Failover ${record.failover}`,
          name: record.name,
          type: record.type,
          setIdentifier: record.setIdentifier ?? '',
          zone: zone.name,
          target,
        }, { related });
      });
    });
    return [...results, ...failedScopes(inventory, report, ['route53'], TYPES.record)];
  },
});

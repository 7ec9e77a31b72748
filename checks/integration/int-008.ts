import { defineCheck, type CheckResult } from '../../src/model/check.js';
import { backendLoadBalancers, backendsUncertain, lbRef, targetGroupRef, TYPES, unlistedLoadBalancerScopes, unusable, uniqueRefs } from './common.js';

export default defineCheck({
  id: 'INT-008',
  title: 'No healthy backend targets',
  severity: 'HIGH',
  resourceType: TYPES.targetGroup,
  requires: ['apigateway', 'apigatewayv2', 'elbv2'],
  remediation: {
    text: 'Register targets and make them pass the health check (port, path, matcher, security groups): with no healthy target the private integration returns 5xx.',
    url: 'https://docs.aws.amazon.com/elasticloadbalancing/latest/network/target-group-health-checks.html',
  },
  references: ['https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_DescribeTargetHealth.html'],
  messages: {
    noTargets: 'Target group {{name}} behind a private integration has no registered targets.',
    noHealthy: 'Target group {{name}} behind a private integration has no healthy target ({{count}} registered: {{states}}).',
  },
  evaluate(inventory, report) {
    const backends = backendLoadBalancers(inventory);
    const results = [...inventory.targetGroups.values()].map((tg): CheckResult => {
      const resource = targetGroupRef(tg.arn);
      const lbs = tg.loadBalancerArns.filter((arn) => backends.has(arn));
      if (lbs.length === 0) {
        const reason = tg.loadBalancerArns.length ? backendsUncertain(inventory, tg) : undefined;
        return reason ? report.error(tg, resource, reason) : report.notApplicable(tg, resource);
      }
      const related = uniqueRefs([...lbs.map(lbRef), ...lbs.flatMap((arn) => backends.get(arn)?.via ?? [])], tg.arn);
      if (tg.targets === undefined) return report.error(tg, resource, unusable(inventory, tg, 'elbv2', ['DescribeTargetHealth'], tg.arn) ?? `the target health of ${tg.name} was not read`);
      if (tg.targets.length === 0) return report.fail(tg, resource, 'noTargets', { name: tg.name }, { related });
      if (!tg.targets.some((t) => t.state === 'healthy')) {
        const states = [...new Set(tg.targets.map((t) => `${t.state}${t.reason ? ` (${t.reason})` : ''}`))].join(', ');
        return report.fail(tg, resource, 'noHealthy', { name: tg.name, count: tg.targets.length, states }, { related });
      }
      return report.pass(tg, resource, related);
    });
    return [...results, ...unlistedLoadBalancerScopes(inventory).map((s) => report.error(s, lbRef(s.arn), s.reason))];
  },
});

import { defineCheck } from '../../src/model/check.js';
import { failedScopes, healthCheckUsers, healthChecks, ref, TYPES, userRefs } from './common.js';

export default defineCheck({
  id: 'R53-003',
  title: 'Alarm-based health check is weak',
  severity: 'MEDIUM',
  resourceType: TYPES.healthCheck,
  requires: ['route53'],
  remediation: {
    text: 'Enable the health check and set "Health check status when the alarm has insufficient data" to Unhealthy (or last known status): a disabled check, or missing data read as healthy, keeps traffic on a dead region.',
    url: 'https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/health-checks-creating-values.html#health-checks-creating-values-cloudwatch',
  },
  references: ['https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-determining-health-of-endpoints.html'],
  messages: {
    weak: 'Alarm health check {{id}} (alarm {{alarm}} in {{alarmRegion}}): {{problems}}.',
  },
  evaluate(inventory, report) {
    const users = healthCheckUsers(inventory);
    const results = healthChecks(inventory).map((check) => {
      const resource = ref(check.arn, TYPES.healthCheck);
      if (check.type !== 'CLOUDWATCH_METRIC') return report.notApplicable(check, resource);
      const problems = [
        ...(check.disabled ? ['it is disabled, so Route 53 considers it healthy'] : []),
        ...(check.insufficientDataHealthStatus === 'Healthy' ? ['insufficient alarm data is treated as Healthy'] : []),
      ];
      const related = userRefs(users.get(check.id) ?? []);
      if (problems.length === 0) return report.pass(check, resource, related);
      return report.fail(check, resource, 'weak', { id: check.id, alarm: check.alarmName ?? '(none)', alarmRegion: check.alarmRegion ?? '(none)', problems: problems.join('; ') }, { related });
    });
    return [...results, ...failedScopes(inventory, report, ['route53'], TYPES.healthCheck)];
  },
});

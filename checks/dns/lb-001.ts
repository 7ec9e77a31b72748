import { defineCheck } from '../../src/model/check.js';
import { perEndpointTargetGroup, TYPES } from './common.js';

/** True when an ELB matcher ("200", "200,202", "200-299") accepts HTTP 200. */
export function matcherAccepts200(matcher: string | undefined): boolean {
  if (matcher === undefined) return false;
  return matcher.split(',').some((part) => {
    const [from = '', to = from] = part.trim().split('-');
    return Number(from) <= 200 && 200 <= Number(to);
  });
}

export default defineCheck({
  id: 'LB-001',
  title: 'Health check on endpoint targets not /ping → 200',
  severity: 'HIGH',
  resourceType: TYPES.targetGroup,
  requires: ['elbv2', 'ec2'],
  remediation: {
    text: "Health-check the execute-api endpoint's addresses over HTTPS on path /ping with matcher 200: the endpoint answers /ping itself, while any other path reaches API Gateway and gets 403, so the targets go unhealthy.",
    url: 'https://docs.aws.amazon.com/elasticloadbalancing/latest/network/target-group-health-checks.html',
  },
  references: [
    'https://docs.aws.amazon.com/whitepapers/latest/best-practices-api-gateway-private-apis-integration/multi-region-private-api-gateway.html',
    'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html',
  ],
  messages: {
    badHealthCheck: 'Target group {{name}} fronts execute-api endpoint {{endpoints}} but health-checks {{protocol}} {{path}} expecting {{matcher}}: {{problems}}.',
  },
  evaluate(inventory, report) {
    return perEndpointTargetGroup(inventory, report, (tg, endpoints, { resource, related }) => {
      const protocol = tg.healthCheckProtocol ?? 'unknown';
      const problems = [
        ...(tg.healthCheckEnabled ? [] : ['health checks are disabled']),
        ...(protocol === 'HTTP' || protocol === 'HTTPS' ? [] : [`a ${protocol} check does not ask the endpoint for /ping`]),
        ...(tg.healthCheckPath === '/ping' ? [] : [`path ${tg.healthCheckPath ?? '(none)'} is not /ping and gets 403`]),
        ...(matcherAccepts200(tg.matcherHttpCode) ? [] : ['the matcher excludes 200']),
      ];
      if (problems.length === 0) return report.pass(tg, resource, related);
      return report.fail(tg, resource, 'badHealthCheck', {
        name: tg.name,
        endpoints: endpoints.map((e) => e.id).join(', '),
        protocol,
        path: tg.healthCheckPath ?? '(no path)',
        matcher: tg.matcherHttpCode ?? '(no matcher)',
        problems: problems.join('; '),
      }, { related });
    });
  },
});

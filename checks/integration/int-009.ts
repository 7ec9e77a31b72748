import { defineCheck } from '../../src/model/check.js';
import { backendLoadBalancers, backendsUncertain, lbRef, TYPES } from './common.js';
import { perLoadBalancer } from './load-balancer-check.js';

export default defineCheck({
  id: 'INT-009',
  title: 'Backend load balancer in a single AZ',
  severity: 'MEDIUM',
  resourceType: TYPES.lb,
  requires: ['apigateway', 'apigatewayv2', 'elbv2'],
  remediation: {
    text: 'Enable the load balancer (and its targets) in at least two Availability Zones so that one zone failing does not take the private integration down.',
    url: 'https://docs.aws.amazon.com/elasticloadbalancing/latest/network/network-load-balancers.html#availability-zones',
  },
  references: ['https://docs.aws.amazon.com/apigateway/latest/developerguide/private-integration.html'],
  messages: {
    singleAz: 'Load balancer {{name}} behind a private integration is in {{count}} Availability Zone(s).',
  },
  evaluate(inventory, report) {
    return perLoadBalancer(inventory, report, backendLoadBalancers(inventory), (at) => backendsUncertain(inventory, at), ({ lb, via }) => {
      const zones = new Set(lb.availabilityZones.map((z) => z.zoneName));
      return zones.size < 2 ? report.fail(lb, lbRef(lb.arn), 'singleAz', { name: lb.name, count: zones.size }, { related: via }) : undefined;
    });
  },
});

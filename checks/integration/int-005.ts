import { defineCheck } from '../../src/model/check.js';
import { backendLoadBalancers, backendsUncertain, lbRef, TYPES } from './common.js';
import { perLoadBalancer } from './load-balancer-check.js';

export default defineCheck({
  id: 'INT-005',
  title: 'Backend load balancer is internet-facing',
  severity: 'HIGH',
  resourceType: TYPES.lb,
  requires: ['apigateway', 'apigatewayv2', 'elbv2'],
  remediation: {
    text: "Replace the backend with an internal load balancer: an internet-facing one lets clients reach the service directly, bypassing the private API's resource policy, authorizers and WAF.",
    url: 'https://docs.aws.amazon.com/elasticloadbalancing/latest/network/network-load-balancers.html#load-balancer-scheme',
  },
  references: ['https://docs.aws.amazon.com/whitepapers/latest/best-practices-api-gateway-private-apis-integration/rest-api.html'],
  messages: {
    internetFacing: 'Load balancer {{name}} behind a private integration is internet-facing: clients can bypass API Gateway.',
  },
  evaluate(inventory, report) {
    return perLoadBalancer(inventory, report, backendLoadBalancers(inventory), (at) => backendsUncertain(inventory, at), ({ lb, via }) =>
      lb.scheme === 'internet-facing' ? report.fail(lb, lbRef(lb.arn), 'internetFacing', { name: lb.name }, { related: via }) : undefined,
    );
  },
});

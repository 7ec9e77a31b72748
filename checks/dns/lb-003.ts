import { defineCheck } from '../../src/model/check.js';
import { EniLookup, failedScopes, frontsEndpoints, ref, TYPES } from './common.js';

export default defineCheck({
  id: 'LB-003',
  title: 'Internet-facing load balancer fronts a private API',
  severity: 'CRITICAL',
  resourceType: TYPES.loadBalancer,
  requires: ['elbv2', 'ec2'],
  remediation: {
    text: "Recreate the load balancer with scheme internal (the scheme cannot be changed in place) and move the targets and DNS records to it: an internet-facing load balancer whose targets are the execute-api endpoint's addresses makes the private API reachable from the internet.",
    url: 'https://docs.aws.amazon.com/elasticloadbalancing/latest/network/network-load-balancers.html#load-balancer-scheme',
  },
  references: [
    'https://docs.aws.amazon.com/whitepapers/latest/best-practices-api-gateway-private-apis-integration/multi-region-private-api-gateway.html',
    'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-private-apis.html',
  ],
  messages: {
    internetFacing: 'Load balancer {{name}} is internet-facing and forwards to execute-api endpoint {{endpoints}}: the private API is reachable from the internet.',
  },
  evaluate(inventory, report) {
    const enis = new EniLookup(inventory);
    const results = [...inventory.loadBalancers.values()].map((lb) => {
      const resource = ref(lb.arn, TYPES.loadBalancer);
      const { endpoints, groups, missing } = frontsEndpoints(inventory, enis, lb);
      if (endpoints.length === 0) return missing === undefined ? report.notApplicable(lb, resource) : report.error(lb, resource, missing);
      const related = [...groups.map((tg) => ref(tg.arn, TYPES.targetGroup)), ...endpoints.map((e) => ref(e.arn, TYPES.vpcEndpoint))];
      if (lb.scheme !== 'internet-facing') return report.pass(lb, resource, related);
      return report.fail(lb, resource, 'internetFacing', { name: lb.name, endpoints: endpoints.map((e) => e.id).join(', ') }, { related });
    });
    return [...results, ...failedScopes(inventory, report, ['elbv2'], TYPES.loadBalancer)];
  },
});

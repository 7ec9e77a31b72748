import { defineCheck } from '../../src/model/check.js';
import { lbRef, TYPES, unusable, v1LinkTargets } from './common.js';
import { perLoadBalancer } from './load-balancer-check.js';

export default defineCheck({
  id: 'INT-011',
  title: 'NLB security groups enforced on PrivateLink traffic (V1)',
  severity: 'INFORMATIONAL',
  resourceType: TYPES.lb,
  requires: ['apigateway', 'elbv2'],
  remediation: {
    text: "A VPC link V1 reaches its NLB over PrivateLink: with inbound rules enforced on PrivateLink traffic the NLB's groups must admit API Gateway's traffic. Verify the rules, or turn the enforcement off.",
    url: 'https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-security-groups.html',
  },
  references: ['https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-nlb-for-vpclink-using-console.html'],
  messages: {
    enforced: 'NLB {{name}}, a VPC link V1 target, enforces its security group inbound rules on PrivateLink traffic.',
  },
  evaluate(inventory, report) {
    return perLoadBalancer(inventory, report, v1LinkTargets(inventory), (at) => unusable(inventory, at, 'apigateway', ['GetVpcLinks']), ({ lb, via }) =>
      lb.type === 'network' && lb.securityGroupIds.length > 0 && lb.enforceSecurityGroupInboundRulesOnPrivateLinkTraffic?.toLowerCase() === 'on'
        ? report.fail(lb, lbRef(lb.arn), 'enforced', { name: lb.name }, { related: via })
        : undefined,
    );
  },
});

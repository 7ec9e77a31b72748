import { defineCheck } from '../../src/model/check.js';
import { admitsHttps, groupRefs, isInternetWide, perEndpoint, SECURITY_GROUP, unreadGroups, VPC_ENDPOINT, vpcRef } from './common.js';

export default defineCheck({
  id: 'VPCE-002',
  title: 'Endpoint security group opens 443 to 0.0.0.0/0 or ::/0',
  severity: 'LOW',
  resourceType: VPC_ENDPOINT,
  requires: ['ec2'],
  remediation: {
    text: "Replace the 0.0.0.0/0 or ::/0 source of the endpoint's TCP 443 rule with the CIDR ranges, security groups or prefix lists of the clients that call the private API.",
    url: 'https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html',
  },
  references: ['https://docs.aws.amazon.com/vpc/latest/privatelink/create-interface-endpoint.html'],
  messages: {
    openToInternet: 'Security group {{group}} of execute-api endpoint {{id}} allows TCP 443 from {{source}}: broader than the clients that need it.',
  },
  evaluate(inventory, report) {
    return perEndpoint(inventory, report, ['DescribeVpcEndpoints'], (e, resource) => {
      const vpc = vpcRef(inventory, e.vpcId, e);
      const open = e.securityGroupIds.flatMap((id) => {
        const group = inventory.securityGroups.get(id);
        const rule = group?.rules.find((r) => admitsHttps(r) && isInternetWide(r));
        return group && rule ? [{ group, rule }] : [];
      });
      const first = open[0];
      if (first) {
        const source = first.rule.cidrIpv4?.trim() === '0.0.0.0/0' ? '0.0.0.0/0' : '::/0';
        const related = [...open.map((o) => ({ arn: o.group.arn, type: SECURITY_GROUP })), vpc];
        return report.fail(e, resource, 'openToInternet', { id: e.id, group: first.group.id, source }, { related });
      }
      const unread = unreadGroups(inventory, e);
      if (unread) return report.error(e, resource, unread);
      return report.pass(e, resource, [...groupRefs(inventory, e), vpc]);
    });
  },
});

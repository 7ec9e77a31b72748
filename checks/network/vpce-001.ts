import { defineCheck } from '../../src/model/check.js';
import { admitsHttps, groupRefs, perEndpoint, unreadGroups, VPC_ENDPOINT, vpcRef } from './common.js';

export default defineCheck({
  id: 'VPCE-001',
  title: "Endpoint security group doesn't allow TCP 443 in",
  severity: 'HIGH',
  resourceType: VPC_ENDPOINT,
  requires: ['ec2'],
  remediation: {
    text: "Add an inbound rule for TCP 443 from the clients' CIDR ranges, security groups or prefix lists to a security group of the execute-api endpoint: without one every call to the private API through the endpoint times out.",
    url: 'https://docs.aws.amazon.com/vpc/latest/privatelink/create-interface-endpoint.html',
  },
  references: [
    'https://docs.aws.amazon.com/whitepapers/latest/best-practices-api-gateway-private-apis-integration/rest-api.html',
    'https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html',
  ],
  messages: {
    no443: 'No inbound rule of the security groups {{groups}} of execute-api endpoint {{id}} allows TCP 443: calls through the endpoint time out.',
    noGroups: 'Execute-api endpoint {{id}} has no security group, so nothing can reach it on TCP 443.',
  },
  evaluate(inventory, report) {
    return perEndpoint(inventory, report, ['DescribeVpcEndpoints'], (e, resource) => {
      const related = [...groupRefs(inventory, e), vpcRef(inventory, e.vpcId, e)];
      if (e.securityGroupIds.length === 0) return report.fail(e, resource, 'noGroups', { id: e.id }, { related });
      const read = e.securityGroupIds.flatMap((id) => inventory.securityGroups.get(id) ?? []);
      // One rule that lets 443 in settles it, whatever the unread groups hold.
      if (read.some((g) => g.rules.some(admitsHttps))) return report.pass(e, resource, related);
      const unread = unreadGroups(inventory, e);
      if (unread) return report.error(e, resource, unread);
      return report.fail(e, resource, 'no443', { id: e.id, groups: e.securityGroupIds.join(', ') }, { related });
    });
  },
});

import { defineCheck } from '../../src/model/check.js';
import { perEndpoint, stateOf, VPC_ENDPOINT, vpcRef } from './common.js';

export default defineCheck({
  id: 'VPCE-004',
  title: 'Execute-api endpoint not available',
  severity: 'HIGH',
  resourceType: VPC_ENDPOINT,
  requires: ['ec2'],
  remediation: {
    text: "Fix the cause in the endpoint's last error (for example free IP addresses in its subnets, or a pending acceptance) or recreate the endpoint; only an available endpoint carries traffic to private APIs.",
    url: 'https://docs.aws.amazon.com/vpc/latest/privatelink/interface-endpoints.html',
  },
  references: ['https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_VpcEndpoint.html'],
  messages: {
    notAvailable: 'Execute-api endpoint {{id}} is {{state}}, not available{{lastError}}: private APIs cannot be reached through it.',
  },
  evaluate(inventory, report) {
    return perEndpoint(inventory, report, ['DescribeVpcEndpoints'], (e, resource) => {
      const related = [vpcRef(inventory, e.vpcId, e)];
      if (stateOf(e) === 'available') return report.pass(e, resource, related);
      return report.fail(e, resource, 'notAvailable', { id: e.id, state: e.state || 'in no state', lastError: e.lastError ? ` (${e.lastError})` : '' }, { related });
    });
  },
});

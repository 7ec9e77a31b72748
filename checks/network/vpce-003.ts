import { arns } from '../../src/model/arn.js';
import { defineCheck } from '../../src/model/check.js';
import { perEndpoint, SUBNET, VPC_ENDPOINT, vpcRef } from './common.js';

export default defineCheck({
  id: 'VPCE-003',
  title: 'Endpoint in a single Availability Zone',
  severity: 'MEDIUM',
  resourceType: VPC_ENDPOINT,
  requires: ['ec2'],
  remediation: {
    text: 'Add a subnet in at least one more Availability Zone to the execute-api endpoint, so an AZ outage does not cut clients off from the private API.',
    url: 'https://docs.aws.amazon.com/vpc/latest/privatelink/interface-endpoints.html',
  },
  references: ['https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-private-apis.html'],
  messages: {
    singleAz: 'Execute-api endpoint {{id}} has network interfaces in {{count}} Availability Zone(s) ({{zones}}): one AZ outage makes the private API unreachable through it.',
  },
  evaluate(inventory, report) {
    return perEndpoint(inventory, report, ['DescribeVpcEndpoints', 'DescribeSubnets'], (e, resource) => {
      const subnets = e.subnetIds.map((id) => ({ id, subnet: inventory.subnets.get(id) }));
      const related = [
        ...subnets.map(({ id, subnet }) => ({ arn: subnet?.arn ?? arns.ec2(inventory.snapshot.partition, e.region, e.accountId, 'subnet', id), type: SUBNET })),
        vpcRef(inventory, e.vpcId, e),
      ];
      const missing = subnets.filter((s) => !s.subnet).map((s) => s.id);
      const zones = [...new Set(subnets.flatMap(({ subnet }) => (subnet ? [subnet.availabilityZoneId || subnet.availabilityZone] : [])))].sort();
      if (zones.length >= 2) return report.pass(e, resource, related);
      // An unread subnet might be in another zone.
      if (missing.length > 0) return report.error(e, resource, `Subnets ${missing.join(', ')} of endpoint ${e.id} were not read`);
      return report.fail(e, resource, 'singleAz', { id: e.id, count: zones.length, zones: zones.join(', ') || 'none' }, { related });
    });
  },
});

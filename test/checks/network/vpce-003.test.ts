import vpce003 from '../../../checks/network/vpce-003.js';
import { testCheck } from '../../helpers/check-tester.js';
import { denied, ec2Arn, endpoint, network, subnet, withStatus, world } from './fixtures.js';

testCheck(vpce003, {
  pass: [
    world(),
    world(network({ subnets: [subnet('subnet-a', 'use1-az1'), subnet('subnet-b', 'use1-az2'), subnet('subnet-c', 'use1-az2')], vpcEndpoints: [endpoint('vpce-1', { subnetIds: ['subnet-a', 'subnet-b', 'subnet-c'] })] })),
  ],
  fail: [
    { snapshot: world(network({ vpcEndpoints: [endpoint('vpce-1', { subnetIds: ['subnet-a'] })] })), findings: [{ resource: ec2Arn('vpc-endpoint', 'vpce-1'), messageId: 'singleAz' }] },
    {
      // Two subnets, one zone; the deleted endpoint (no subnets) is not reported.
      snapshot: world(
        network({
          subnets: [subnet('subnet-a', 'use1-az1'), subnet('subnet-b', 'use1-az1')],
          vpcEndpoints: [endpoint('vpce-1'), endpoint('vpce-old', { state: 'deleted', subnetIds: [] })],
        }),
      ),
      findings: [{ resource: ec2Arn('vpc-endpoint', 'vpce-1'), messageId: 'singleAz' }],
    },
  ],
  notApplicable: [world(network({ vpcEndpoints: [endpoint('vpce-old', { state: 'deleted' })] }))],
  error: [
    withStatus(world(network({ subnets: [] })), 'ec2', 'failed', [denied('DescribeSubnets')]),
    withStatus(world(network({ vpcEndpoints: [] })), 'ec2', 'failed', [denied('DescribeVpcEndpoints')]),
  ],
});

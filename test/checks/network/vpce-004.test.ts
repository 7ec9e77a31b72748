import vpce004 from '../../../checks/network/vpce-004.js';
import { testCheck } from '../../helpers/check-tester.js';
import { ACCOUNT_A } from '../../helpers/snapshot-builder.js';
import { denied, ec2Arn, endpoint, network, withStatus, world } from './fixtures.js';

testCheck(vpce004, {
  pass: [
    world(),
    world(network({ vpcEndpoints: [endpoint('vpce-1', { state: 'Available' })] })),
    // VPCE-004 reads only the endpoint listing: a failed subnet listing does not hide its answer.
    withStatus(world(network({ subnets: [] })), 'ec2', 'failed', [denied('DescribeSubnets')]),
  ],
  fail: [
    {
      snapshot: world(network({ vpcEndpoints: [endpoint('vpce-1', { state: 'failed', lastError: 'VpceInsufficientIpAddresses: no free addresses' }), endpoint('vpce-2')] })),
      findings: [{ resource: ec2Arn('vpc-endpoint', 'vpce-1'), messageId: 'notAvailable' }],
    },
    {
      snapshot: world(network({ vpcEndpoints: [endpoint('vpce-1', { state: 'PendingAcceptance' }), endpoint('vpce-old', { state: 'deleted' })] })),
      findings: [{ resource: ec2Arn('vpc-endpoint', 'vpce-1'), messageId: 'notAvailable' }],
    },
  ],
  notApplicable: [world(network({ vpcEndpoints: [endpoint('vpce-old', { state: 'deleted' })] }))],
  error: [
    withStatus(world(network({ vpcEndpoints: [] })), 'ec2', 'failed', [denied('DescribeVpcEndpoints')]),
    // The account could not be entered at all: a status for every region ("*").
    {
      ...world(network({ vpcEndpoints: [] })),
      collections: [{ accountId: ACCOUNT_A, region: '*', service: 'ec2', state: 'failed', errors: [denied('AssumeRole')] }],
    },
  ],
});

import vpce002 from '../../../checks/network/vpce-002.js';
import { testCheck } from '../../helpers/check-tester.js';
import { denied, ec2Arn, endpoint, group, network, rule, withStatus, world } from './fixtures.js';

const withRules = (...rules: ReturnType<typeof rule>[]) => world(network({ securityGroups: [group('sg-1', rules)] }));

testCheck(vpce002, {
  pass: [
    world(),
    withRules(rule({ cidrIpv4: '10.0.0.0/8' }), rule({ id: 'sgr-2', cidrIpv4: '192.168.0.0/16' })),
    // Open to the internet, but not on 443.
    withRules(rule(), rule({ id: 'sgr-2', fromPort: 80, toPort: 80, cidrIpv4: '0.0.0.0/0' })),
  ],
  fail: [
    { snapshot: withRules(rule({ cidrIpv4: '0.0.0.0/0' })), findings: [{ resource: ec2Arn('vpc-endpoint', 'vpce-1'), messageId: 'openToInternet' }] },
    {
      snapshot: world(
        network({
          securityGroups: [group('sg-1'), group('sg-2', [rule({ ipProtocol: '-1', fromPort: -1, toPort: -1, cidrIpv4: undefined, cidrIpv6: '::/0' })])],
          vpcEndpoints: [endpoint('vpce-1'), endpoint('vpce-2', { securityGroupIds: ['sg-1', 'sg-2'] })],
        }),
      ),
      findings: [{ resource: ec2Arn('vpc-endpoint', 'vpce-2'), messageId: 'openToInternet' }],
    },
  ],
  notApplicable: [world(network({ vpcEndpoints: [endpoint('vpce-old', { state: 'deleted' })] }))],
  error: [
    withStatus(world(network({ securityGroups: [] })), 'ec2', 'partial', [denied('DescribeSecurityGroupRules', 'sg-1')]),
    withStatus(world(network({ vpcEndpoints: [] })), 'ec2', 'failed', [denied('DescribeVpcEndpoints')]),
  ],
});

import vpce001 from '../../../checks/network/vpce-001.js';
import { testCheck } from '../../helpers/check-tester.js';
import { denied, ec2Arn, endpoint, group, network, rule, withStatus, world } from './fixtures.js';

const withRules = (...rules: ReturnType<typeof rule>[]) => world(network({ securityGroups: [group('sg-1', rules)] }));

testCheck(vpce001, {
  pass: [
    world(),
    withRules(rule({ ipProtocol: '-1', fromPort: -1, toPort: -1 })),
    withRules(rule({ fromPort: 0, toPort: 65535, cidrIpv4: undefined, referencedGroupId: 'sg-clients' })),
    withRules(rule({ fromPort: 400, toPort: 500, cidrIpv4: undefined, prefixListId: 'pl-123' })),
    withRules(rule({ ipProtocol: '6', cidrIpv4: undefined, cidrIpv6: 'fd00::/8' })),
    // One group admits 443: the other group's unread rules cannot change that.
    withStatus(world(network({ vpcEndpoints: [endpoint('vpce-1', { securityGroupIds: ['sg-1', 'sg-2'] })] })), 'ec2', 'partial', [denied('DescribeSecurityGroupRules', 'sg-2')]),
  ],
  fail: [
    { snapshot: withRules(rule({ fromPort: 80, toPort: 80 })), findings: [{ resource: ec2Arn('vpc-endpoint', 'vpce-1'), messageId: 'no443' }] },
    { snapshot: withRules(rule({ isEgress: true }), rule({ ipProtocol: 'udp', id: 'sgr-2' })), findings: [{ resource: ec2Arn('vpc-endpoint', 'vpce-1'), messageId: 'no443' }] },
    {
      snapshot: world(network({ vpcEndpoints: [endpoint('vpce-1'), endpoint('vpce-2', { securityGroupIds: [] }), endpoint('vpce-3', { state: 'deleted', securityGroupIds: [] })] })),
      findings: [{ resource: ec2Arn('vpc-endpoint', 'vpce-2'), messageId: 'noGroups' }],
    },
  ],
  notApplicable: [world(network({ vpcEndpoints: [endpoint('vpce-old', { state: 'Deleted' })] }))],
  error: [
    withStatus(world(network({ securityGroups: [] })), 'ec2', 'partial', [denied('DescribeSecurityGroupRules', 'sg-1')]),
    withStatus(world(network({ vpcEndpoints: [] })), 'ec2', 'failed', [denied('DescribeVpcEndpoints')]),
  ],
});

import dns001 from '../../../checks/network/dns-001.js';
import { testCheck } from '../../helpers/check-tester.js';
import { denied, ec2Arn, endpoint, network, vpc, withStatus, world } from './fixtures.js';

testCheck(dns001, {
  pass: [world(), world(network({ vpcs: [vpc(), vpc('vpc-2', { enableDnsHostnames: false })] }))],
  fail: [
    { snapshot: world(network({ vpcs: [vpc('vpc-1', { enableDnsHostnames: false })] })), findings: [{ resource: ec2Arn('vpc', 'vpc-1'), messageId: 'dnsAttributesOff' }] },
    {
      // enableDnsSupport off settles it even though enableDnsHostnames was not read.
      snapshot: withStatus(world(network({ vpcs: [vpc('vpc-1', { enableDnsSupport: false, enableDnsHostnames: undefined })] })), 'ec2', 'partial', [denied('DescribeVpcAttribute', 'vpc-1')]),
      findings: [{ resource: ec2Arn('vpc', 'vpc-1'), messageId: 'dnsAttributesOff' }],
    },
  ],
  notApplicable: [
    world(network({ vpcs: [vpc('vpc-1', { enableDnsHostnames: false })], vpcEndpoints: [endpoint('vpce-1', { privateDnsEnabled: false })] })),
    world(network({ vpcs: [vpc('vpc-1', { enableDnsHostnames: false })], vpcEndpoints: [endpoint('vpce-1', { state: 'deleted' })] })),
  ],
  error: [
    withStatus(world(network({ vpcs: [vpc('vpc-1', { enableDnsHostnames: undefined })] })), 'ec2', 'partial', [denied('DescribeVpcAttribute', 'vpc-1')]),
    withStatus(world(network({ vpcs: [] })), 'ec2', 'failed', [denied('DescribeVpcs')]),
    withStatus(world(network({ vpcEndpoints: [] })), 'ec2', 'failed', [denied('DescribeVpcEndpoints')]),
  ],
});

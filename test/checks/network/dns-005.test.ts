import dns005 from '../../../checks/network/dns-005.js';
import { testCheck } from '../../helpers/check-tester.js';
import { denied, ec2Arn, endpoint, network, resolverEndpoint, vpc, withStatus, world } from './fixtures.js';

const TAG = { 'privapi:clients': 'on-premises' };
const onPremises = (overrides = {}) => network({ vpcs: [vpc('vpc-1', { tags: TAG })], vpcEndpoints: [endpoint('vpce-dx', { privateDnsEnabled: false })], ...overrides });

testCheck(dns005, {
  pass: [world(onPremises({ resolverEndpoints: [resolverEndpoint('rslvr-in-1')] }))],
  fail: [
    { snapshot: world(onPremises()), findings: [{ resource: ec2Arn('vpc', 'vpc-1'), messageId: 'noInboundResolver' }] },
    {
      snapshot: world(onPremises({ resolverEndpoints: [resolverEndpoint('rslvr-out-1', { direction: 'OUTBOUND' }), resolverEndpoint('rslvr-in-old', { status: 'DELETING' }), resolverEndpoint('rslvr-in-2', { hostVpcId: 'vpc-2' })] })),
      findings: [{ resource: ec2Arn('vpc', 'vpc-1'), messageId: 'noInboundResolver' }],
    },
  ],
  notApplicable: [
    world(network()),
    // Tagged, but no live execute-api endpoint.
    world(onPremises({ vpcEndpoints: [endpoint('vpce-dx', { state: 'deleted' })] })),
  ],
  error: [
    withStatus(world(onPremises()), 'route53resolver', 'failed', [denied('ListResolverEndpoints')]),
    withStatus(world(onPremises({ vpcs: [] })), 'ec2', 'failed', [denied('DescribeVpcs')]),
  ],
});

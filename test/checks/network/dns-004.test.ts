import dns004 from '../../../checks/network/dns-004.js';
import { arns } from '../../../src/model/arn.js';
import { testCheck } from '../../helpers/check-tester.js';
import { ACCOUNT_B } from '../../helpers/snapshot-builder.js';
import { allowOnly, denied, endpoint, network, OTHER_REGION, restApi, withStatus, world } from './fixtures.js';

const API = arns.restApi('aws', 'us-east-1', 'api1');
/** vpce-1: private DNS on; vpce-dx: private DNS off (on-premises clients use the API's alias). */
const endpoints = [endpoint('vpce-1'), endpoint('vpce-dx', { privateDnsEnabled: false })];
const associated = (ids: string[], policy = allowOnly('vpce-dx')) => restApi('api1', { policy, endpointConfiguration: { types: ['PRIVATE'], vpcEndpointIds: ids } });

testCheck(dns004, {
  pass: [
    world(network({ vpcEndpoints: endpoints, restApis: [associated(['vpce-dx'])] })),
    // Allowed only through the private-DNS endpoint: no alias needed.
    world(network({ vpcEndpoints: endpoints, restApis: [associated([], allowOnly('vpce-1'))] })),
  ],
  fail: [
    { snapshot: world(network({ vpcEndpoints: endpoints, restApis: [associated(['vpce-dx', 'vpce-gone'])] })), findings: [{ resource: API, messageId: 'badAssociation' }] },
    {
      snapshot: world(network({ vpcEndpoints: [endpoint('vpce-1'), endpoint('vpce-dx', { privateDnsEnabled: false, state: 'Failed' })], restApis: [associated(['vpce-dx'])] })),
      findings: [{ resource: API, messageId: 'badAssociation' }],
    },
    {
      snapshot: world(network({ vpcEndpoints: endpoints, restApis: [associated(['vpce-dx', 'vpce-eu'])] }), network({ vpcs: [], vpcEndpoints: [endpoint('vpce-eu', { region: OTHER_REGION })] }, undefined, OTHER_REGION)),
      findings: [{ resource: API, messageId: 'badAssociation' }],
    },
    { snapshot: world(network({ vpcEndpoints: endpoints, restApis: [associated([])] })), findings: [{ resource: API, messageId: 'allowedNotAssociated' }] },
  ],
  notApplicable: [world(network({ vpcEndpoints: endpoints, restApis: [restApi('pub1', { endpointConfiguration: { types: ['REGIONAL'], vpcEndpointIds: [] }, policy: undefined })] }))],
  error: [
    // vpce-b may be in account B, whose endpoints were not listed.
    withStatus(world(network({ vpcEndpoints: endpoints, restApis: [associated(['vpce-dx', 'vpce-b'])] }), network({ vpcEndpoints: [] }, ACCOUNT_B)), 'ec2', 'failed', [denied('DescribeVpcEndpoints')], ACCOUNT_B),
    withStatus(world(network({ vpcEndpoints: endpoints })), 'apigateway', 'failed', [denied('GetRestApis')]),
    // The policy allows vpce-b, unseen: it may be a private-DNS-off endpoint of account B, which was not read.
    withStatus(world(network({ vpcEndpoints: endpoints, restApis: [associated(['vpce-dx'], allowOnly('vpce-dx', 'vpce-b'))] }), network({ vpcEndpoints: [] }, ACCOUNT_B)), 'ec2', 'failed', [denied('DescribeVpcEndpoints')], ACCOUNT_B),
  ],
});

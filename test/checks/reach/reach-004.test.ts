import { describe, expect, it } from 'vitest';
import reach004 from '../../../checks/reach/reach-004.js';
import { arns } from '../../../src/model/arn.js';
import { resultsOf, testCheck } from '../../helpers/check-tester.js';
import { ACCOUNT_B } from '../../helpers/snapshot-builder.js';
import { denied, ec2Arn, endpoint, network, OTHER_REGION, restApi, vpc, withStatus, world } from '../network/fixtures.js';

const regional = (id: string, overrides = {}) => restApi(id, { endpointConfiguration: { types: ['REGIONAL'], vpcEndpointIds: [] }, policy: undefined, ...overrides });
const PUB = arns.restApi('aws', 'us-east-1', 'pub1');
/** Account B's VPC with a private-DNS endpoint, and a public API of account A in the same region. */
const crossAccount = world(network({ restApis: [regional('pub1')], vpcs: [], vpcEndpoints: [] }), network({ vpcs: [vpc('vpc-b', { accountId: ACCOUNT_B, arn: ec2Arn('vpc', 'vpc-b', ACCOUNT_B) })], vpcEndpoints: [endpoint('vpce-b', { accountId: ACCOUNT_B, vpcId: 'vpc-b' })] }, ACCOUNT_B));

testCheck(reach004, {
  pass: [
    world(network({ restApis: [regional('pub1')], vpcEndpoints: [endpoint('vpce-1', { privateDnsEnabled: false })] })),
    // Private DNS is on, but the VPC's DNS attributes keep the endpoint's zone from answering.
    world(network({ restApis: [regional('pub1')], vpcs: [vpc('vpc-1', { enableDnsHostnames: false })] })),
    // The endpoint is in another region than the API.
    world(network(), network({ restApis: [regional('pub1', { region: OTHER_REGION, arn: arns.restApi('aws', OTHER_REGION, 'pub1') })], vpcs: [], vpcEndpoints: [] }, undefined, OTHER_REGION)),
  ],
  fail: [
    { snapshot: world(network({ restApis: [regional('pub1')] })), findings: [{ resource: PUB, messageId: 'interceptedByPrivateDns' }] },
    { snapshot: crossAccount, findings: [{ resource: PUB, messageId: 'interceptedByPrivateDns' }] },
  ],
  notApplicable: [world(network({ restApis: [restApi('priv1')] })), world(network({ restApis: [regional('pub1', { disableExecuteApiEndpoint: true })] }))],
  error: [
    withStatus(world(network({ restApis: [regional('pub1')], vpcEndpoints: [] })), 'ec2', 'failed', [denied('DescribeVpcEndpoints')]),
    withStatus(world(network()), 'apigateway', 'failed', [denied('GetRestApis')]),
  ],
});

describe('REACH-004 severity and wording', () => {
  it('is MEDIUM when a VPC of the API’s own account is affected, LOW when only other accounts are', () => {
    expect(resultsOf(reach004, world(network({ restApis: [regional('pub1')] }))).map((r) => r.severity)).toEqual(['MEDIUM']);
    const [cross] = resultsOf(reach004, crossAccount);
    expect(cross?.severity).toBe('LOW');
    expect(cross?.message).toBe(
      `1 VPC(s) of the organization in us-east-1 resolve pub1.execute-api.us-east-1.amazonaws.com to their execute-api endpoint through private DNS, so calls from them to API api-pub1 (pub1) by its default hostname return 403 Forbidden: vpc-b in ${ACCOUNT_B} (vpce-b).`,
    );
    expect(cross?.related).toEqual([{ arn: ec2Arn('vpc-endpoint', 'vpce-b', ACCOUNT_B), type: 'AwsEc2VpcEndpoint' }]);
  });
});

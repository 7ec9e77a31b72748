import { describe, expect, it } from 'vitest';
import reach001 from '../../../checks/reach/reach-001.js';
import { arns } from '../../../src/model/arn.js';
import { frontMissing, side } from '../../reach/architectures.js';
import { api } from '../../reach/helpers.js';
import { resultsOf, testCheck } from '../../helpers/check-tester.js';
import { ACCOUNT_B } from '../../helpers/snapshot-builder.js';
import { allowOnly, denied, ec2Arn, endpoint, group, network, rule, vpc, withStatus, world } from '../network/fixtures.js';

const API = arns.restApi('aws', 'us-east-1', 'a1');
const closedGroup = { securityGroups: [group('sg-1', [rule({ fromPort: 80, toPort: 80 })])] };

testCheck(reach001, {
  pass: [world(network({ restApis: [api()] }))],
  fail: [
    { snapshot: world(network({ restApis: [api()], ...closedGroup })), findings: [{ resource: API, messageId: 'unreachable' }] },
    // One of two intended VPCs is cut off: the finding is the API's, and names that VPC only.
    {
      snapshot: world(
        network({ restApis: [api({ policy: allowOnly('vpce-1', 'vpce-b') })] }),
        network({ vpcs: [vpc('vpc-b', { accountId: ACCOUNT_B, arn: ec2Arn('vpc', 'vpc-b', ACCOUNT_B) })], vpcEndpoints: [endpoint('vpce-b', { accountId: ACCOUNT_B, vpcId: 'vpc-b', state: 'pending' })] }, ACCOUNT_B),
      ),
      findings: [{ resource: API, messageId: 'unreachable' }],
    },
    // The record of the API's only name aliases a load balancer that does not exist.
    { snapshot: frontMissing(false), findings: [{ resource: side(1).apiArn, messageId: 'unreachable' }] },
  ],
  notApplicable: [
    // The policy names only an endpoint outside the organization: POLICY-003's finding, not this one.
    world(network({ restApis: [api({ policy: allowOnly('vpce-0partner') })] })),
    world(network({ restApis: [api({ endpointConfiguration: { types: ['REGIONAL'], vpcEndpointIds: [] }, policy: undefined })] })),
  ],
  error: [
    withStatus(world(network()), 'apigateway', 'failed', [denied('GetRestApis')]),
    // The endpoint record is an earlier one: the listing failed, so its state cannot be trusted.
    withStatus(world(network({ restApis: [api()] })), 'ec2', 'failed', [denied('DescribeVpcEndpoints')]),
    // The same, while another account of the Region could not list its load balancers.
    frontMissing(true),
  ],
});

describe('REACH-001 wording', () => {
  it('names the account, Region, service and call whose failed listing leaves the path unknown', () => {
    const [result] = resultsOf(reach001, frontMissing(true)).filter((r) => r.resource.arn === side(1).apiArn);
    expect(result?.status).toBe('ERROR');
    expect(result?.message).toContain(`elbv2 was not collected in ${ACCOUNT_B}/us-east-1: DescribeLoadBalancers AccessDenied`);
  });

  it('names each cut-off client with its first broken hop, and the resource to fix as related', () => {
    const [result] = resultsOf(reach001, world(network({ restApis: [api()], ...closedGroup }))).filter((r) => r.status === 'FAIL');
    expect(result?.message).toMatch(/^1 intended client\(s\) of API api-a1 \(a1\) cannot reach it: vpc-1 \(security-group: no inbound rule of security group\(s\) sg-1/);
    expect(result?.related.map((r) => r.arn)).toEqual([ec2Arn('security-group', 'sg-1')]);
  });

  it('says how many more could not be evaluated when some fail and others are unknown', () => {
    const snapshot = world(
      network({ restApis: [api({ policy: allowOnly('vpce-1', 'vpce-b') })], vpcEndpoints: [endpoint('vpce-1', { state: 'pending' })] }),
      network({ vpcs: [vpc('vpc-b', { accountId: ACCOUNT_B, arn: ec2Arn('vpc', 'vpc-b', ACCOUNT_B) })], vpcEndpoints: [endpoint('vpce-b', { accountId: ACCOUNT_B, vpcId: 'vpc-b' })], securityGroups: [] }, ACCOUNT_B),
    );
    const partial = withStatus(snapshot, 'ec2', 'failed', [denied('DescribeVpcEndpoints')], ACCOUNT_B);
    const [result] = resultsOf(reach001, partial).filter((r) => r.status === 'FAIL');
    expect(result?.message).toMatch(/; 1 more could not be evaluated\.$/);
  });
});

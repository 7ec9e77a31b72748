import { describe, expect, it } from 'vitest';
import reach003 from '../../../checks/reach/reach-003.js';
import { arns } from '../../../src/model/arn.js';
import { resultsOf, testCheck } from '../../helpers/check-tester.js';
import { ACCOUNT_B } from '../../helpers/snapshot-builder.js';
import { frontMissing, side } from '../../reach/architectures.js';
import { api } from '../../reach/helpers.js';
import { denied, endpoint, group, network, rule, withStatus, world } from '../network/fixtures.js';

const API = arns.restApi('aws', 'us-east-1', 'a1');
const open = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' }] });

testCheck(reach003, {
  pass: [world(network({ restApis: [api()] })), world(network({ restApis: [api({ policy: open })] }))],
  fail: [
    { snapshot: world(network({ restApis: [api()], vpcEndpoints: [endpoint('vpce-1', { state: 'failed' })] })), findings: [{ resource: API, messageId: 'dead' }] },
    { snapshot: world(network({ restApis: [api({ policy: undefined })] })), findings: [{ resource: API, messageId: 'dead' }] },
    { snapshot: world(network({ restApis: [api({ policy: open })], securityGroups: [group('sg-1', [rule({ cidrIpv4: '172.16.0.0/12' })])] })), findings: [{ resource: API, messageId: 'dead' }] },
    // Its only name aliases a load balancer that does not exist.
    { snapshot: frontMissing(false), findings: [{ resource: side(1).apiArn, messageId: 'dead' }] },
  ],
  notApplicable: [world(network({ restApis: [api({ endpointConfiguration: { types: ['EDGE'], vpcEndpointIds: [] } })] }))],
  error: [
    withStatus(world(network()), 'apigateway', 'failed', [denied('GetRestApis')]),
    withStatus(world(network({ restApis: [api()] })), 'ec2', 'failed', [denied('DescribeVpcEndpoints')]),
    withStatus(world(network({ restApis: [api({ policy: '{"Statement": [' })] })), 'ec2', 'complete', []),
    // The same, while another account of the Region could not list its load balancers.
    frontMissing(true),
  ],
});

describe('REACH-003 and missing inventory', () => {
  it('does not call an API open to any endpoint dead while another account of its region was not read', () => {
    const snapshot = world(network({ restApis: [api({ policy: open })], vpcEndpoints: [endpoint('vpce-1', { state: 'failed' })] }), network({ vpcs: [], vpcEndpoints: [] }, ACCOUNT_B));
    expect(resultsOf(reach003, snapshot).map((r) => r.status)).toEqual(['FAIL']);
    const results = resultsOf(reach003, withStatus(snapshot, 'ec2', 'failed', [denied('DescribeVpcEndpoints')], ACCOUNT_B));
    expect(results.map((r) => r.status)).toEqual(['ERROR']);
    expect(results[0]?.message).toMatch(/EC2 inventory of us-east-1 is incomplete in account\(s\) 2/);
  });

  it('says why: the cut-off clients, or that the policy names nobody', () => {
    const failed = resultsOf(reach003, world(network({ restApis: [api()], vpcEndpoints: [endpoint('vpce-1', { state: 'failed' })] })));
    expect(failed[0]?.message).toMatch(/^No VPC of the organization can reach API api-a1 \(a1\): every intended client is cut off: vpc-1 \(endpoint: endpoint vpce-1 is failed\)\.$/);
    const nobody = resultsOf(reach003, world(network({ restApis: [api({ policy: undefined })] })));
    expect(nobody[0]?.message).toMatch(/its resource policy names no endpoint or VPC of the organization\.$/);
  });
});

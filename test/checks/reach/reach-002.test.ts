import { describe, expect, it } from 'vitest';
import reach002, { judgeUnintended } from '../../../checks/reach/reach-002.js';
import { arns } from '../../../src/model/arn.js';
import { reporterFor } from '../../../src/model/check.js';
import { InventoryIndex } from '../../../src/model/inventory-index.js';
import type { ApiReach } from '../../../src/reach/model.js';
import { resultsOf } from '../../helpers/check-tester.js';
import { api } from '../../reach/helpers.js';
import { denied, ec2Arn, network, withStatus, world } from '../network/fixtures.js';

const API = arns.restApi('aws', 'us-east-1', 'a1');
const open = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' }] });
const statuses = (snapshot: ReturnType<typeof world>) => resultsOf(reach002, snapshot).map((r) => [r.status, r.resource.arn]);

describe('REACH-002: A private API is reachable from VPCs its policy does not name', () => {
  it('passes an API reached only by the VPC its policy names', () => {
    expect(statuses(world(network({ restApis: [api()] })))).toEqual([['PASS', API]]);
  });

  it('is not applicable to a policy open to any endpoint (POLICY-002) or to a public API', () => {
    expect(statuses(world(network({ restApis: [api({ policy: open })] })))).toEqual([['NOT_APPLICABLE', API]]);
    expect(statuses(world(network({ restApis: [api({ endpointConfiguration: { types: ['REGIONAL'], vpcEndpointIds: [] } })] })))).toEqual([['NOT_APPLICABLE', API]]);
  });

  it('reports ERROR where the REST APIs were not listed', () => {
    const results = resultsOf(reach002, withStatus(world(network()), 'apigateway', 'failed', [denied('GetRestApis')]));
    expect(results.map((r) => r.status)).toContain('ERROR');
    expect(results.filter((r) => r.status === 'PASS' || r.status === 'FAIL')).toEqual([]);
  });

  it('fails, naming the clients and their endpoints, when the engine reports an unintended reacher', () => {
    // No inventory produces one today (the resource-policy hop admits only what the policy names), so the judgement is tested directly.
    const snapshot = world(network({ restApis: [api()] }));
    const index = new InventoryIndex(snapshot);
    const target = index.restApis[0]!;
    const reach: ApiReach = {
      apiArn: API, apiId: 'a1', name: 'api-a1', accountId: target.accountId, region: target.region, anyEndpoint: false,
      intended: [], reachableBy: [{ clientId: 'vpc-1', endpointIds: ['vpce-1'] }], unintended: [{ clientId: 'vpc-1', endpointIds: ['vpce-1'] }], notes: [],
    };
    const result = judgeUnintended(index, reporterFor(reach002), target, reach, { arn: API, type: 'AwsApiGatewayRestApi' });
    expect(result).toMatchObject({ status: 'FAIL', messageId: 'unintended', message: 'API api-a1 (a1) is reachable from 1 client(s) its resource policy does not name: vpc-1 through vpce-1.' });
    expect(result.related).toEqual([{ arn: ec2Arn('vpc-endpoint', 'vpce-1'), type: 'AwsEc2VpcEndpoint' }]);
  });
});

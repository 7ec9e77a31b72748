import { describe, expect, it } from 'vitest';
import dns003 from '../../../checks/network/dns-003.js';
import { resultsOf, testCheck } from '../../helpers/check-tester.js';
import { ACCOUNT_B } from '../../helpers/snapshot-builder.js';
import { denied, ec2Arn, endpoint, network, OTHER_REGION, restApi, withStatus, world } from './fixtures.js';

const regional = (id: string, type = 'REGIONAL', overrides = {}) => restApi(id, { endpointConfiguration: { types: [type], vpcEndpointIds: [] }, policy: undefined, ...overrides });
const withPublicApi = world(network({ restApis: [restApi('priv1'), regional('pub1')] }));

testCheck(dns003, {
  pass: [
    world(network({ restApis: [restApi('priv1')] })),
    // Public APIs elsewhere: another account, another region.
    world(network({ restApis: [restApi('priv1')] }), network({ restApis: [regional('pub1', 'REGIONAL', { accountId: ACCOUNT_B })], vpcs: [], vpcEndpoints: [] }, ACCOUNT_B), network({ restApis: [regional('pub2', 'EDGE', { region: OTHER_REGION })], vpcs: [], vpcEndpoints: [] }, undefined, OTHER_REGION)),
  ],
  fail: [
    { snapshot: withPublicApi, findings: [{ resource: ec2Arn('vpc', 'vpc-1'), messageId: 'publicApisUnreachable' }] },
    { snapshot: world(network({ restApis: [regional('edge1', 'EDGE')] })), findings: [{ resource: ec2Arn('vpc', 'vpc-1'), messageId: 'publicApisUnreachable' }] },
  ],
  notApplicable: [world(network({ restApis: [regional('pub1')], vpcEndpoints: [endpoint('vpce-1', { privateDnsEnabled: false })] }))],
  error: [withStatus(world(), 'apigateway', 'failed', [denied('GetRestApis')])],
});

describe('DNS-003 severity', () => {
  it('is MEDIUM where a public API shares the account and region, INFORMATIONAL otherwise', () => {
    expect(resultsOf(dns003, withPublicApi).map((r) => [r.status, r.severity])).toEqual([['FAIL', 'MEDIUM']]);
    expect(resultsOf(dns003, world()).map((r) => [r.status, r.severity])).toEqual([['PASS', 'INFORMATIONAL']]);
  });

  it('names the endpoint and the public API as related resources', () => {
    const [result] = resultsOf(dns003, withPublicApi);
    expect(result?.related.map((r) => r.type)).toEqual(['AwsEc2VpcEndpoint', 'AwsApiGatewayRestApi']);
  });
});

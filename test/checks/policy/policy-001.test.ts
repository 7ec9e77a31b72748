import policy001 from '../../../checks/policy/policy-001.js';
import { arns } from '../../../src/model/arn.js';
import { emptyRegional, type RestApi } from '../../../src/model/inventory.js';
import { testCheck } from '../../helpers/check-tester.js';
import { ACCOUNT_A, snapshotWith } from '../../helpers/snapshot-builder.js';

const REGION = 'us-east-1';

function api(id: string, overrides: Partial<RestApi> = {}): RestApi {
  return {
    accountId: ACCOUNT_A,
    region: REGION,
    arn: arns.restApi('aws', REGION, id),
    id,
    name: `api-${id}`,
    policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"execute-api:/*"}]}',
    endpointConfiguration: { types: ['PRIVATE'], vpcEndpointIds: [] },
    disableExecuteApiEndpoint: false,
    tags: {},
    ...overrides,
  };
}

const withApis = (...restApis: RestApi[]) => snapshotWith([{ ...emptyRegional(ACCOUNT_A, REGION), restApis }]);

const failedListing = (() => {
  const s = withApis();
  return { ...s, collections: s.collections.map((c) => (c.service === 'apigateway' ? { ...c, state: 'failed' as const, errors: [{ operation: 'GetRestApis', code: 'AccessDeniedException', message: 'denied' }] } : c)) };
})();

testCheck(policy001, {
  pass: [withApis(api('a1')), withApis(api('a1'), api('r1', { endpointConfiguration: { types: ['REGIONAL'], vpcEndpointIds: [] }, policy: undefined }))],
  fail: [
    { snapshot: withApis(api('a1', { policy: undefined }), api('a2')), findings: [{ resource: arns.restApi('aws', REGION, 'a1'), messageId: 'noPolicy' }] },
    { snapshot: withApis(api('a3', { policy: '  ' })), findings: [{ resource: arns.restApi('aws', REGION, 'a3'), messageId: 'noPolicy' }] },
  ],
  notApplicable: [withApis(api('r1', { endpointConfiguration: { types: ['REGIONAL'], vpcEndpointIds: [] }, policy: undefined }))],
  error: [failedListing],
});

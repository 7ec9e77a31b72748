import check from '../../../checks/ops/auth-003.js';
import { testCheck } from '../../helpers/check-tester.js';
import { api, apiArn, failedListing, method, stage, vpcLinkIntegration, withApis, withErrors } from './fixtures.js';

const publicApi = (id: string, extra: Parameters<typeof api>[1] = {}) =>
  api(id, {
    endpointConfiguration: { types: ['REGIONAL'], vpcEndpointIds: [] },
    policy: undefined,
    resources: [{ id: 'r', path: '/{proxy+}', methods: [method('ANY', 'NONE', { integration: vpcLinkIntegration })] }],
    stages: [stage(id, { webAclArn: undefined })],
    ...extra,
  });

testCheck(check, {
  pass: [
    withApis(
      publicApi('p1', { stages: [stage('p1')] }),
      publicApi('p2', { policy: '{"Version":"2012-10-17","Statement":[]}' }),
      publicApi('p3', { resources: [{ id: 'r', path: '/{proxy+}', methods: [method('ANY', 'AWS_IAM', { integration: vpcLinkIntegration })] }] }),
    ),
  ],
  fail: [
    { snapshot: withApis(publicApi('p1'), publicApi('p2', { stages: [stage('p2')] })), findings: [{ resource: apiArn('p1'), messageId: 'openBackend' }] },
    // An EDGE API is as public; one stage without WAF is enough.
    {
      snapshot: withApis(publicApi('e1', { endpointConfiguration: { types: ['EDGE'], vpcEndpointIds: [] }, stages: [stage('e1'), stage('e1', { stageName: 'beta', webAclArn: undefined })] })),
      findings: [{ resource: apiArn('e1'), messageId: 'openBackend' }],
    },
  ],
  notApplicable: [
    // A private API, and a public one without a VPC link integration.
    withApis(publicApi('a1', { endpointConfiguration: { types: ['PRIVATE'], vpcEndpointIds: [] } }), publicApi('p2', { resources: [{ id: 'r', path: '/', methods: [method('GET', 'NONE')] }] })),
  ],
  error: [
    failedListing,
    withErrors(withApis(publicApi('p1', { resources: undefined })), [{ operation: 'GetResources', code: 'AccessDeniedException', message: 'denied', resource: 'p1' }]),
    withErrors(withApis(publicApi('p2', { stages: undefined })), [{ operation: 'GetStages', code: 'AccessDeniedException', message: 'denied', resource: 'p2' }]),
  ],
});

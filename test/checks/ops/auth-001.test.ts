import check from '../../../checks/ops/auth-001.js';
import { testCheck } from '../../helpers/check-tester.js';
import { api, apiArn, failedListing, method, withApis, withErrors } from './fixtures.js';

const cors = method('OPTIONS', 'NONE', { integration: { type: 'MOCK' } });
const regionalApi = { endpointConfiguration: { types: ['REGIONAL'], vpcEndpointIds: [] } };

testCheck(check, {
  pass: [
    withApis(api('a1'), api('a2', { resources: [{ id: 'r', path: '/items', methods: [method('GET', 'COGNITO_USER_POOLS', { authorizerId: 'au1' }), cors] }] })),
  ],
  fail: [
    {
      snapshot: withApis(api('a1', { resources: [{ id: 'r', path: '/items', methods: [method('GET', 'NONE'), method('POST', 'AWS_IAM'), cors] }] }), api('a2')),
      findings: [{ resource: apiArn('a1'), messageId: 'noAuthorization' }],
    },
    // An API key is not authorization; an OPTIONS method with a real backend is not a CORS preflight.
    {
      snapshot: withApis(
        api('a3', { resources: [{ id: 'r', path: '/items', methods: [method('GET', 'NONE', { apiKeyRequired: true })] }] }),
        api('a4', { resources: [{ id: 'r', path: '/items', methods: [method('OPTIONS', 'NONE')] }] }),
      ),
      findings: [
        { resource: apiArn('a3'), messageId: 'noAuthorization' },
        { resource: apiArn('a4'), messageId: 'noAuthorization' },
      ],
    },
  ],
  notApplicable: [withApis(api('r1', { ...regionalApi, resources: [{ id: 'r', path: '/', methods: [method('GET', 'NONE')] }] })), withApis(api('a1', { resources: [] }))],
  error: [
    failedListing,
    withErrors(withApis(api('a1', { resources: undefined })), [{ operation: 'GetResources', code: 'TooManyRequestsException', message: 'slow down', resource: 'a1' }]),
    withApis(api('a2', { resources: [{ id: 'r', path: '/items', methods: [method('GET', 'UNKNOWN')] }] })),
  ],
});

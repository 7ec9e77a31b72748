import check from '../../../checks/ops/auth-002.js';
import { testCheck } from '../../helpers/check-tester.js';
import { api, apiArn, failedListing, method, withApis, withErrors } from './fixtures.js';

const cognito = { id: 'au1', name: 'users', type: 'COGNITO_USER_POOLS', providerArns: ['arn:aws:cognito-idp:us-east-1:111111111111:userpool/us-east-1_x'] };
const lambda = { id: 'au2', name: 'tokens', type: 'TOKEN', providerArns: [], authorizerUri: 'arn:aws:apigateway:us-east-1:lambda:path/fn' };
const resources = (...methods: ReturnType<typeof method>[]) => [{ id: 'r', path: '/items', methods }];

testCheck(check, {
  pass: [
    withApis(api('a1', { resources: resources(method('GET', 'COGNITO_USER_POOLS', { authorizerId: 'au1' }), method('POST', 'CUSTOM', { authorizerId: 'au2' })), authorizers: [cognito, lambda] }), api('a2')),
  ],
  fail: [
    {
      snapshot: withApis(api('a1', { resources: resources(method('GET', 'CUSTOM', { authorizerId: 'gone99' })), authorizers: [cognito] }), api('a2', { resources: resources(method('GET', 'CUSTOM', { authorizerId: 'au2' })), authorizers: [lambda] })),
      findings: [{ resource: apiArn('a1'), messageId: 'missingAuthorizer' }],
    },
    { snapshot: withApis(api('a3', { resources: resources(method('GET', 'COGNITO_USER_POOLS')), authorizers: [cognito] })), findings: [{ resource: apiArn('a3'), messageId: 'missingAuthorizer' }] },
  ],
  notApplicable: [withApis(api('a1'))],
  error: [
    failedListing,
    withErrors(withApis(api('a1', { resources: resources(method('GET', 'CUSTOM', { authorizerId: 'au2' })), authorizers: undefined })), [{ operation: 'GetAuthorizers', code: 'AccessDeniedException', message: 'denied', resource: 'a1' }]),
    withErrors(withApis(api('a2', { resources: undefined })), [{ operation: 'GetResources', code: 'AccessDeniedException', message: 'denied', resource: 'a2' }]),
  ],
});

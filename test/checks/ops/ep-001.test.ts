import check from '../../../checks/ops/ep-001.js';
import { testCheck } from '../../helpers/check-tester.js';
import { api, apiArn, failedListing, withApis } from './fixtures.js';

const regionalApi = { endpointConfiguration: { types: ['REGIONAL'], vpcEndpointIds: [] } };

testCheck(check, {
  pass: [withApis(api('a1'), api('r1', regionalApi))],
  fail: [
    {
      snapshot: withApis(api('a1', { securityPolicy: 'TLS_1_2', endpointAccessMode: undefined }), api('r1', { ...regionalApi, securityPolicy: 'TLS_1_0' }), api('a2')),
      findings: [
        { resource: apiArn('a1'), messageId: 'legacyPolicy' },
        { resource: apiArn('r1'), messageId: 'legacyPolicy' },
      ],
    },
    {
      snapshot: withApis(api('a3', { endpointAccessMode: 'BASIC' }), api('a4', { endpointAccessMode: undefined })),
      findings: [
        { resource: apiArn('a3'), messageId: 'notStrict' },
        { resource: apiArn('a4'), messageId: 'notStrict' },
      ],
    },
  ],
  notApplicable: [withApis(api('a1', { securityPolicy: undefined, endpointAccessMode: undefined }))],
  error: [failedListing],
});

import check from '../../../checks/ops/ops-005.js';
import { testCheck } from '../../helpers/check-tester.js';
import { api, apiArn, failedListing, withApis } from './fixtures.js';

testCheck(check, {
  pass: [withApis(api('a1'), api('a2', { apiStatus: 'UPDATING' }))],
  fail: [
    { snapshot: withApis(api('a1', { apiStatus: 'FAILED' }), api('a2')), findings: [{ resource: apiArn('a1'), messageId: 'failed' }] },
    { snapshot: withApis(api('r1', { apiStatus: 'FAILED', endpointConfiguration: { types: ['REGIONAL'], vpcEndpointIds: [] } })), findings: [{ resource: apiArn('r1'), messageId: 'failed' }] },
  ],
  notApplicable: [withApis(api('a1', { apiStatus: undefined }))],
  error: [failedListing],
});

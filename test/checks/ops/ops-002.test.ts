import check from '../../../checks/ops/ops-002.js';
import { testCheck } from '../../helpers/check-tester.js';
import { api, failedListing, stage, stageArn, withApis, withErrors } from './fixtures.js';

testCheck(check, {
  pass: [withApis(api('a1'), api('r1', { endpointConfiguration: { types: ['REGIONAL'], vpcEndpointIds: [] } }))],
  fail: [
    {
      snapshot: withApis(api('a1', { stages: [stage('a1'), stage('a1', { stageName: 'dev', accessLogDestinationArn: undefined })] }), api('a2')),
      findings: [{ resource: stageArn('a1', 'dev'), messageId: 'noAccessLogs' }],
    },
    { snapshot: withApis(api('a3', { stages: [stage('a3', { accessLogDestinationArn: ' ' })] })), findings: [{ resource: stageArn('a3'), messageId: 'noAccessLogs' }] },
  ],
  notApplicable: [withApis(api('a1', { stages: [] }))],
  error: [failedListing, withErrors(withApis(api('a1', { stages: undefined })), [{ operation: 'GetStages', code: 'ThrottlingException', message: 'slow down', resource: 'a1' }])],
});

import check from '../../../checks/ops/ops-003.js';
import { testCheck } from '../../helpers/check-tester.js';
import { api, failedListing, stage, stageArn, withApis, withErrors } from './fixtures.js';

testCheck(check, {
  pass: [withApis(api('a1'), api('a2', { stages: [stage('a2', { methodSettings: {} })] }))],
  fail: [
    { snapshot: withApis(api('a1', { stages: [stage('a1', { methodSettings: { '*/*': { loggingLevel: 'INFO', dataTraceEnabled: true } } })] }), api('a2')), findings: [{ resource: stageArn('a1'), messageId: 'dataTrace' }] },
    // A per-method override counts as much as the default.
    {
      snapshot: withApis(api('a3', { stages: [stage('a3', { methodSettings: { '*/*': { dataTraceEnabled: false }, 'items/GET': { dataTraceEnabled: true } } })] })),
      findings: [{ resource: stageArn('a3'), messageId: 'dataTrace' }],
    },
  ],
  notApplicable: [withApis(api('a1', { stages: [] }))],
  error: [failedListing, withErrors(withApis(api('a1', { stages: undefined })), [{ operation: 'GetStages', code: 'AccessDeniedException', message: 'denied', resource: 'a1' }])],
});

import check from '../../../checks/ops/ops-004.js';
import { testCheck } from '../../helpers/check-tester.js';
import { api, failedListing, stage, stageArn, withApis, withErrors } from './fixtures.js';

const unencryptedCache = { '*/*': { loggingLevel: 'INFO', cachingEnabled: true, cacheDataEncrypted: false } };

testCheck(check, {
  pass: [
    withApis(api('a1')),
    // No stage cache: cache encryption is moot.
    withApis(api('a2', { stages: [stage('a2', { cacheClusterEnabled: false, methodSettings: unencryptedCache })] })),
  ],
  fail: [
    {
      snapshot: withApis(
        api('a1', { stages: [stage('a1', { tracingEnabled: false })] }),
        api('a2', { stages: [stage('a2', { webAclArn: undefined })] }),
        api('a3', { stages: [stage('a3', { methodSettings: unencryptedCache })] }),
        api('a4'),
      ),
      findings: [
        { resource: stageArn('a1'), messageId: 'missing' },
        { resource: stageArn('a2'), messageId: 'missing' },
        { resource: stageArn('a3'), messageId: 'missing' },
      ],
    },
    // All three missing on one stage: one finding.
    { snapshot: withApis(api('a5', { stages: [stage('a5', { tracingEnabled: false, webAclArn: undefined, methodSettings: unencryptedCache })] })), findings: [{ resource: stageArn('a5'), messageId: 'missing' }] },
  ],
  notApplicable: [withApis(api('a1', { stages: [] }))],
  error: [failedListing, withErrors(withApis(api('a1', { stages: undefined })), [{ operation: 'GetStages', code: 'AccessDeniedException', message: 'denied', resource: 'a1' }])],
});

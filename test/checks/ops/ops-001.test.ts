import check from '../../../checks/ops/ops-001.js';
import { snapshotWith } from '../../helpers/snapshot-builder.js';
import { testCheck } from '../../helpers/check-tester.js';
import { account, api, failedListing, regional, stage, stageArn, withApis, withErrors } from './fixtures.js';

const settings = (loggingLevel: string | undefined) => ({ '*/*': { loggingLevel, dataTraceEnabled: false } });

testCheck(check, {
  pass: [withApis(api('a1')), withApis(api('a2', { stages: [stage('a2', { methodSettings: settings('ERROR') })] }))],
  fail: [
    {
      snapshot: withApis(api('a1', { stages: [stage('a1', { methodSettings: settings('OFF') }), stage('a1', { stageName: 'dev' })] }), api('a2', { stages: [stage('a2', { methodSettings: {} })] })),
      findings: [
        { resource: stageArn('a1'), messageId: 'loggingOff' },
        { resource: stageArn('a2'), messageId: 'loggingOff' },
      ],
    },
    { snapshot: snapshotWith([regional({ restApis: [api('a3')], apiGatewayAccount: { ...account(), cloudwatchRoleArn: undefined } })]), findings: [{ resource: stageArn('a3'), messageId: 'noRole' }] },
  ],
  notApplicable: [withApis(api('a1', { stages: [] }))],
  error: [
    failedListing,
    withErrors(withApis(api('a1', { stages: undefined })), [{ operation: 'GetStages', code: 'AccessDeniedException', message: 'denied', resource: 'a1' }]),
    // GetAccount failed: logging is on, but whether logs can be written is unknown.
    withErrors(snapshotWith([regional({ restApis: [api('a4')] })]), [{ operation: 'GetAccount', code: 'AccessDeniedException', message: 'denied' }]),
  ],
});


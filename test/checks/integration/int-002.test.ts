import int002 from '../../../checks/integration/int-002.js';
import { testCheck } from '../../helpers/check-tester.js';
import { API_ID, LINK_V2, edit, modern, restApi, stage, stageArn, vpcLinkIntegration, withStatus, world } from './fixtures.js';

const viaVariable = (...stages: ReturnType<typeof stage>[]) =>
  edit(modern, (r) => { r.restApis = [restApi(API_ID, vpcLinkIntegration({ connectionId: '${stageVariables.vpcLinkId}' }), { stages })]; });

testCheck(int002, {
  pass: [world(viaVariable(stage(API_ID, 'prod', { vpcLinkId: LINK_V2 }), stage(API_ID, 'canary', { vpcLinkId: LINK_V2 })))],
  fail: [
    { snapshot: world(viaVariable(stage(API_ID, 'prod', { vpcLinkId: LINK_V2 }), stage(API_ID, 'canary'))), findings: [{ resource: stageArn(API_ID, 'canary'), messageId: 'variableMissing' }] },
    { snapshot: world(viaVariable(stage(API_ID, 'prod', { vpcLinkId: 'gone11' }))), findings: [{ resource: stageArn(API_ID, 'prod'), messageId: 'linkMissing' }] },
  ],
  // A literal connection id is INT-001's.
  notApplicable: [world(modern())],
  error: [
    world(edit(() => viaVariable(), (r) => { r.restApis[0]!.stages = undefined; })),
    withStatus(world(viaVariable(stage(API_ID, 'prod', { vpcLinkId: 'gone11' }))), 'apigatewayv2', 'failed'),
  ],
});

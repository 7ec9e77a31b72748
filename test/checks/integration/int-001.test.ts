import int001 from '../../../checks/integration/int-001.js';
import { testCheck } from '../../helpers/check-tester.js';
import { API, LEGACY_API, edit, legacy, modern, restApi, vpcLinkIntegration, withStatus, world } from './fixtures.js';

testCheck(int001, {
  pass: [world(modern()), world(legacy())],
  fail: [
    { snapshot: world(edit(modern, (r) => { r.vpcLinksV2[0]!.status = 'FAILED'; })), findings: [{ resource: API, messageId: 'linkBroken' }] },
    { snapshot: world(edit(legacy, (r) => { r.vpcLinksV1[0]!.status = 'DELETING'; })), findings: [{ resource: LEGACY_API, messageId: 'linkBroken' }] },
    { snapshot: world(edit(modern, (r) => { r.vpcLinksV2 = []; })), findings: [{ resource: API, messageId: 'linkNotFound' }] },
  ],
  notApplicable: [world(edit(modern, (r) => { r.restApis = [restApi('lambda1', { type: 'AWS_PROXY', uri: 'arn:aws:apigateway:us-east-1:lambda:path/fn' })]; })),
    // A stage-variable connection id is INT-002's.
    world(edit(modern, (r) => { r.restApis = [restApi('sv1', vpcLinkIntegration({ connectionId: '${stageVariables.vpcLinkId}' }))]; }))],
  error: [
    world(edit(modern, (r) => { r.restApis[0]!.resources = undefined; })),
    withStatus(world(edit(modern, (r) => { r.vpcLinksV2 = []; })), 'apigatewayv2', 'failed'),
    withStatus(world(), 'apigateway', 'failed'),
  ],
});

import int006 from '../../../checks/integration/int-006.js';
import { testCheck } from '../../helpers/check-tester.js';
import { API, LEGACY_API, NLB, edit, legacy, modern, restApi, withStatus, world } from './fixtures.js';

const http = (r: ReturnType<typeof modern>) => {
  r.restApis[0]!.resources![0]!.methods[0]!.integration!.uri = 'http://orders.internal/{proxy}';
  r.listeners[0]!.port = 80;
};

testCheck(int006, {
  pass: [world(modern()), world(legacy())],
  fail: [
    { snapshot: world(edit(modern, (r) => { http(r); r.listeners[0]!.protocol = 'TCP'; })), findings: [{ resource: API, messageId: 'plaintext' }] },
    { snapshot: world(edit(legacy, (r) => { http(r); r.listeners[0]!.protocol = 'TCP'; })), findings: [{ resource: LEGACY_API, messageId: 'plaintext' }] },
  ],
  notApplicable: [world(edit(modern, (r) => { r.restApis = [restApi('lambda1', { type: 'AWS_PROXY', uri: 'arn:aws:apigateway:us-east-1:lambda:path/fn' })]; }))],
  error: [
    withStatus(world(edit(modern, http)), 'elbv2', 'partial', [{ operation: 'DescribeListeners', code: 'AccessDenied', message: 'denied', resource: NLB }]),
    world(edit(modern, (r) => { r.restApis[0]!.resources = undefined; })),
  ],
});

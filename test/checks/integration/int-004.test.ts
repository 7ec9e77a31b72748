import int004 from '../../../checks/integration/int-004.js';
import { testCheck } from '../../helpers/check-tester.js';
import { API, NLB, NLB_LISTENER, edit, legacy, modern, withStatus, world } from './fixtures.js';

const target = (t: string) => (r: ReturnType<typeof modern>) => { r.restApis[0]!.resources![0]!.methods[0]!.integration!.integrationTarget = t; };

testCheck(int004, {
  pass: [world(modern()), world(edit(modern, target(NLB_LISTENER)))],
  fail: [
    { snapshot: world(edit(modern, (r) => { r.listeners[0]!.protocol = 'TCP'; })), findings: [{ resource: API, messageId: 'notTls' }] },
    { snapshot: world(edit(modern, target(NLB.replace('111111111111', '222222222222')))), findings: [{ resource: API, messageId: 'targetUnusable' }] },
    { snapshot: world(edit(modern, (r) => { r.loadBalancers = []; })), findings: [{ resource: API, messageId: 'targetUnusable' }] },
    { snapshot: world(edit(modern, (r) => { r.listeners[0]!.port = 8443; })), findings: [{ resource: API, messageId: 'targetUnusable' }] },
  ],
  notApplicable: [world(legacy())],
  error: [
    withStatus(world(modern()), 'elbv2', 'partial', [{ operation: 'DescribeListeners', code: 'AccessDenied', message: 'denied', resource: NLB }]),
    world(edit(modern, (r) => { r.restApis[0]!.resources = undefined; })),
  ],
});

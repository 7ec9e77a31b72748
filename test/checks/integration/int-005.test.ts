import int005 from '../../../checks/integration/int-005.js';
import { testCheck } from '../../helpers/check-tester.js';
import { ALB, NLB, edit, legacy, modern, nlbInFrontOfAlb, withStatus, world } from './fixtures.js';

testCheck(int005, {
  pass: [world(modern()), world(legacy()), world(nlbInFrontOfAlb())],
  fail: [
    { snapshot: world(edit(modern, (r) => { r.loadBalancers[0]!.scheme = 'internet-facing'; })), findings: [{ resource: NLB, messageId: 'internetFacing' }] },
    // The ALB behind the NLB is a backend too.
    { snapshot: world(edit(nlbInFrontOfAlb, (r) => { r.loadBalancers[1]!.scheme = 'internet-facing'; })), findings: [{ resource: ALB, messageId: 'internetFacing' }] },
  ],
  notApplicable: [world(edit(modern, (r) => { r.restApis = []; r.vpcLinksV2 = []; }))],
  error: [world(edit(modern, (r) => { r.restApis[0]!.resources = undefined; })), withStatus(world(), 'elbv2', 'failed')],
});

import int009 from '../../../checks/integration/int-009.js';
import { testCheck } from '../../helpers/check-tester.js';
import { LEGACY_NLB, NLB, edit, legacy, modern, withStatus, world } from './fixtures.js';

testCheck(int009, {
  pass: [world(modern()), world(legacy())],
  fail: [
    { snapshot: world(edit(modern, (r) => { r.loadBalancers[0]!.availabilityZones = [{ zoneName: 'us-east-1a', subnetId: 'subnet-a' }]; })), findings: [{ resource: NLB, messageId: 'singleAz' }] },
    { snapshot: world(edit(legacy, (r) => { r.loadBalancers[0]!.availabilityZones = [{ zoneName: 'us-east-1b', subnetId: 'subnet-b' }]; })), findings: [{ resource: LEGACY_NLB, messageId: 'singleAz' }] },
  ],
  notApplicable: [world(edit(modern, (r) => { r.restApis = []; r.vpcLinksV2 = []; }))],
  error: [world(edit(modern, (r) => { r.restApis[0]!.resources = undefined; })), withStatus(world(edit(legacy, (r) => { r.vpcLinksV1 = []; })), 'apigateway', 'partial', [{ operation: 'GetVpcLinks', code: 'AccessDenied', message: 'denied' }])],
});

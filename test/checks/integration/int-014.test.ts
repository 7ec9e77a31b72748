import int014 from '../../../checks/integration/int-014.js';
import { testCheck } from '../../helpers/check-tester.js';
import { XACCT_TG, edit, modern, privateLinkTargets, withStatus, world } from './fixtures.js';

testCheck(int014, {
  pass: [world(privateLinkTargets())],
  fail: [
    // The second ENI was replaced: its old address is still registered, its new one is not.
    { snapshot: world(privateLinkTargets(['10.1.0.50', '10.1.1.99'])), findings: [{ resource: XACCT_TG, messageId: 'drifted' }] },
    { snapshot: world(privateLinkTargets(['10.1.0.50'])), findings: [{ resource: XACCT_TG, messageId: 'drifted' }] },
  ],
  notApplicable: [
    world(modern()),
    // Peered targets (AZ "all") sit in another account: not verifiable.
    world(edit(privateLinkTargets, (r) => { r.targetGroups[0]!.targets = r.targetGroups[0]!.targets!.map((t) => ({ ...t, targetId: t.targetId.replace('10.1.', '10.9.'), availabilityZone: 'all' })); })),
  ],
  error: [
    withStatus(world(privateLinkTargets()), 'ec2', 'partial', [{ operation: 'DescribeNetworkInterfaces', code: 'Throttling', message: 'slow down', resource: '10.1.0.50' }]),
    world(edit(privateLinkTargets, (r) => { r.targetGroups[0]!.targets = undefined; })),
  ],
});

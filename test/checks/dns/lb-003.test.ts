import lb003 from '../../../checks/dns/lb-003.js';
import { testCheck } from '../../helpers/check-tester.js';
import { frontRegion, lbArn, loadBalancer, participantUnlisted, regionalSnapshot, targetGroup, unrelatedRegion } from './fixtures.js';

const front = frontRegion();
/** An internet-facing NLB forwarding to the internal "front" load balancer (ALB-type target group). */
const chained = regionalSnapshot({
  ...front,
  loadBalancers: [...front.loadBalancers, loadBalancer('edge', { scheme: 'internet-facing' })],
  targetGroups: [...front.targetGroups, targetGroup('edge-tg', 'edge', [lbArn('front')], { targetType: 'alb', protocol: 'TCP' })],
});

testCheck(lb003, {
  pass: [regionalSnapshot(frontRegion()), regionalSnapshot(frontRegion({ lb: { type: 'application' } }))],
  fail: [
    { snapshot: regionalSnapshot(frontRegion({ lb: { scheme: 'internet-facing' } })), findings: [{ resource: lbArn('front'), messageId: 'internetFacing' }] },
    { snapshot: chained, findings: [{ resource: lbArn('edge'), messageId: 'internetFacing' }] },
  ],
  notApplicable: [regionalSnapshot({ ...unrelatedRegion(), loadBalancers: unrelatedRegion().loadBalancers.map((lb) => ({ ...lb, scheme: 'internet-facing' })) })],
  error: [
    regionalSnapshot(frontRegion({ targets: undefined, lb: { scheme: 'internet-facing' } })),
    // Whether the targets are endpoint addresses is unknown while account B's ENIs in the region were not listed.
    participantUnlisted(frontRegion({ lb: { scheme: 'internet-facing' }, extra: { vpcEndpoints: [], networkInterfaces: [] } })),
  ],
});

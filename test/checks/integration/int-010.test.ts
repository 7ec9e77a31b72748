import int010 from '../../../checks/integration/int-010.js';
import { testCheck } from '../../helpers/check-tester.js';
import { LINK_V2_ARN, edit, modern, securityGroup, tcpRule, withStatus, world } from './fixtures.js';

testCheck(int010, {
  pass: [
    world(modern()),
    // An NLB without security groups admits the link.
    world(edit(modern, (r) => { r.loadBalancers[0]!.securityGroupIds = []; })),
    // Ingress by the link's subnet ranges instead of its group.
    world(edit(modern, (r) => { r.securityGroups[1] = securityGroup('sg-nlb', [tcpRule('sgr-3', false, 443, { cidrIpv4: '10.1.0.0/23' })]); })),
  ],
  fail: [
    { snapshot: world(edit(modern, (r) => { r.securityGroups[1] = securityGroup('sg-nlb', [tcpRule('sgr-3', false, 443, { referencedGroupId: 'sg-bastion' })]); })), findings: [{ resource: LINK_V2_ARN, messageId: 'blocked' }] },
    { snapshot: world(edit(modern, (r) => { r.securityGroups[0] = securityGroup('sg-link', [tcpRule('sgr-4', true, 22, { cidrIpv4: '10.1.0.0/16' })]); })), findings: [{ resource: LINK_V2_ARN, messageId: 'blocked' }] },
  ],
  notApplicable: [world(edit(modern, (r) => { r.restApis = []; }))],
  error: [
    withStatus(world(modern()), 'ec2', 'failed'),
    world(edit(modern, (r) => { r.securityGroups = []; })),
    // The VPC links V2 were never listed there: no link, so only the scope can say ERROR.
    withStatus(world(edit(modern, (r) => { r.vpcLinksV2 = []; })), 'apigatewayv2', 'failed'),
  ],
});

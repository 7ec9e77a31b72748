import int011 from '../../../checks/integration/int-011.js';
import { testCheck } from '../../helpers/check-tester.js';
import { LEGACY_NLB, edit, legacy, modern, withStatus, world } from './fixtures.js';

testCheck(int011, {
  pass: [world(legacy()), world(edit(legacy, (r) => { r.loadBalancers[0]!.securityGroupIds = ['sg-nlb']; r.loadBalancers[0]!.enforceSecurityGroupInboundRulesOnPrivateLinkTraffic = 'off'; }))],
  fail: [{ snapshot: world(edit(legacy, (r) => { r.loadBalancers[0]!.securityGroupIds = ['sg-nlb']; r.loadBalancers[0]!.enforceSecurityGroupInboundRulesOnPrivateLinkTraffic = 'on'; })), findings: [{ resource: LEGACY_NLB, messageId: 'enforced' }] }],
  // Only NLBs that VPC links V1 target.
  notApplicable: [world(modern())],
  error: [withStatus(world(edit(legacy, (r) => { r.vpcLinksV1 = []; })), 'apigateway', 'partial', [{ operation: 'GetVpcLinks', code: 'AccessDenied', message: 'denied' }]), withStatus(world(), 'elbv2', 'failed')],
});

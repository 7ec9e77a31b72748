import int003 from '../../../checks/integration/int-003.js';
import { testCheck } from '../../helpers/check-tester.js';
import { LINK_V1_ARN, edit, legacy, nlbInFrontOfAlb, vpcLinkIntegration, withStatus, world } from './fixtures.js';

const failing = (change: Parameters<typeof edit>[1], messageId: string) => ({ snapshot: world(edit(legacy, change)), findings: [{ resource: LINK_V1_ARN, messageId }] });

testCheck(int003, {
  pass: [world(legacy()), world(nlbInFrontOfAlb())],
  fail: [
    failing((r) => { r.restApis[0]!.resources![0]!.methods[0]!.integration = vpcLinkIntegration({ connectionId: 'lnk1bb', integrationTarget: undefined, uri: 'https://orders.internal:8443/{proxy}' }); }, 'noListener'),
    failing((r) => { r.loadBalancers[0]!.state = 'failed'; }, 'nlbUnusable'),
    failing((r) => { r.loadBalancers = []; }, 'nlbUnusable'),
  ],
  // A link no integration uses carries no traffic.
  notApplicable: [world(edit(legacy, (r) => { r.restApis = []; }))],
  error: [
    withStatus(world(edit(legacy, (r) => { r.loadBalancers = []; r.listeners = []; r.targetGroups = []; })), 'elbv2', 'failed'),
    withStatus(world(legacy()), 'elbv2', 'partial', [{ operation: 'DescribeListeners', code: 'Throttling', message: 'slow down', resource: legacy().loadBalancers[0]!.arn }]),
  ],
});

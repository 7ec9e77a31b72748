import int012 from '../../../checks/integration/int-012.js';
import { testCheck } from '../../helpers/check-tester.js';
import { LINK_V2_ARN, edit, legacy, modern, withStatus, world } from './fixtures.js';

testCheck(int012, {
  pass: [world(modern())],
  fail: [{ snapshot: world(edit(modern, (r) => { r.vpcLinksV2[0]!.status = 'INACTIVE'; r.vpcLinksV2[0]!.statusMessage = 'VPC link has been inactive for 60 days'; })), findings: [{ resource: LINK_V2_ARN, messageId: 'inactive' }] }],
  // V1 links have no idle state.
  notApplicable: [world(legacy())],
  error: [withStatus(world(edit(modern, (r) => { r.vpcLinksV2 = []; })), 'apigatewayv2', 'failed')],
});

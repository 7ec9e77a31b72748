import int013 from '../../../checks/integration/int-013.js';
import { testCheck } from '../../helpers/check-tester.js';
import { ALB_TG, LINK_V1_ARN, edit, legacy, modern, nlbInFrontOfAlb, withStatus, world } from './fixtures.js';

testCheck(int013, {
  pass: [world(modern())],
  fail: [
    { snapshot: world(legacy()), findings: [{ resource: LINK_V1_ARN, messageId: 'legacyLink' }] },
    { snapshot: world(nlbInFrontOfAlb()), findings: [{ resource: LINK_V1_ARN, messageId: 'legacyLink' }, { resource: ALB_TG, messageId: 'nlbInFrontOfAlb' }] },
  ],
  notApplicable: [world(edit(modern, (r) => { r.vpcLinksV2 = []; }))],
  error: [withStatus(world(edit(modern, (r) => { r.vpcLinksV2 = []; })), 'apigateway', 'failed')],
});

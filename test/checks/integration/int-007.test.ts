import int007 from '../../../checks/integration/int-007.js';
import { testCheck } from '../../helpers/check-tester.js';
import { API, edit, legacy, modern, restApi, withStatus, world } from './fixtures.js';

testCheck(int007, {
  pass: [world(modern()), world(legacy())],
  fail: [{ snapshot: world(edit(modern, (r) => { r.restApis[0]!.resources![0]!.methods[0]!.integration!.insecureSkipVerification = true; })), findings: [{ resource: API, messageId: 'skipVerification' }] }],
  notApplicable: [world(edit(modern, (r) => { r.restApis = [restApi('lambda1', { type: 'AWS_PROXY', uri: 'arn:aws:apigateway:us-east-1:lambda:path/fn' })]; }))],
  error: [world(edit(modern, (r) => { r.restApis[0]!.resources = undefined; })), withStatus(world(), 'apigateway', 'failed')],
});

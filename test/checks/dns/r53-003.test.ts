import r53003 from '../../../checks/dns/r53-003.js';
import { testCheck } from '../../helpers/check-tester.js';
import { hcArn, healthCheck, route53Failed, route53Snapshot } from './fixtures.js';

testCheck(r53003, {
  pass: [route53Snapshot([], [healthCheck('hc-1'), healthCheck('hc-2', { insufficientDataHealthStatus: 'LastKnownStatus' })])],
  fail: [
    { snapshot: route53Snapshot([], [healthCheck('hc-1', { insufficientDataHealthStatus: 'Healthy' }), healthCheck('hc-2')]), findings: [{ resource: hcArn('hc-1'), messageId: 'weak' }] },
    { snapshot: route53Snapshot([], [healthCheck('hc-1', { disabled: true }), healthCheck('hc-2', { disabled: true, insufficientDataHealthStatus: 'Healthy' })]), findings: [{ resource: hcArn('hc-1'), messageId: 'weak' }, { resource: hcArn('hc-2'), messageId: 'weak' }] },
  ],
  notApplicable: [route53Snapshot([], [healthCheck('hc-1', { type: 'HTTPS', ipAddress: '198.51.100.7', alarmName: undefined, insufficientDataHealthStatus: undefined, disabled: true })])],
  error: [route53Failed(route53Snapshot([], [healthCheck('hc-1', { insufficientDataHealthStatus: 'Healthy' })]))],
});

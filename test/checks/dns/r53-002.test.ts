import { expect, it } from 'vitest';
import r53002, { isPrivateAddress } from '../../../checks/dns/r53-002.js';
import { testCheck } from '../../helpers/check-tester.js';
import { hcArn, healthCheck, record, route53Failed, route53Snapshot, zone } from './fixtures.js';

const NAME = 'orders.payments.corp.example.com.';
const users = (...ids: string[]) => ids.map((id, i) => record(NAME, 'CNAME', { setIdentifier: `set-${i}`, failover: i === 0 ? 'PRIMARY' : 'SECONDARY', ttl: 60, values: ['lb.example.com'], healthCheckId: id }));
const privateZone = (...ids: string[]) => zone('Z1', 'payments.corp.example.com.', users(...ids));
const httpsCheck = (id: string, extra = {}) => healthCheck(id, { type: 'HTTPS', ipAddress: '10.0.1.10', port: 443, resourcePath: '/ping', alarmName: undefined, alarmRegion: undefined, insufficientDataHealthStatus: undefined, ...extra });

testCheck(r53002, {
  pass: [
    route53Snapshot([privateZone('hc-1', 'hc-2')], [healthCheck('hc-1'), healthCheck('hc-2')]),
    route53Snapshot([privateZone('hc-1')], [httpsCheck('hc-1', { ipAddress: '198.51.100.7' })]),
  ],
  fail: [
    {
      snapshot: route53Snapshot([privateZone('hc-1', 'hc-2')], [httpsCheck('hc-1'), httpsCheck('hc-2', { ipAddress: '10.0.2.10' })]),
      findings: [{ resource: hcArn('hc-1'), messageId: 'privateTarget' }, { resource: hcArn('hc-2'), messageId: 'privateTarget' }],
    },
    {
      // By name: a name under a private zone resolves only inside VPCs.
      snapshot: route53Snapshot([privateZone('hc-1', 'hc-2')], [healthCheck('hc-1'), healthCheck('hc-2', { type: 'TCP', fullyQualifiedDomainName: 'orders.payments.corp.example.com', port: 443 })]),
      findings: [{ resource: hcArn('hc-2'), messageId: 'privateTarget' }],
    },
  ],
  // Used only by a public zone's record: not this check's case.
  notApplicable: [route53Snapshot([zone('Z2', 'example.com.', users('hc-1'), { privateZone: false, vpcs: [] })], [httpsCheck('hc-1')])],
  error: [
    route53Snapshot([zone('Z1', 'payments.corp.example.com.', undefined)], [httpsCheck('hc-1')]),
    route53Failed(route53Snapshot([privateZone('hc-1')], [httpsCheck('hc-1')])),
  ],
});

it('tells private addresses', () => {
  expect(['10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '100.64.0.1', 'fd00::1', 'fe80::1'].every(isPrivateAddress)).toBe(true);
  expect(['172.32.0.1', '8.8.8.8', '198.51.100.7', '2600:1f18::1', 'not-an-ip'].some(isPrivateAddress)).toBe(false);
});

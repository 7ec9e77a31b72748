import r53005 from '../../../checks/dns/r53-005.js';
import { testCheck } from '../../helpers/check-tester.js';
import { record, recordId, route53Failed, route53Snapshot, zone } from './fixtures.js';

const NAME = 'orders.payments.corp.example.com.';
const failover = (set: string, primary: boolean, ttl: number, healthCheckId?: string) =>
  record(NAME, 'CNAME', { setIdentifier: set, failover: primary ? 'PRIMARY' : 'SECONDARY', ttl, values: ['lb.example.com'], ...(healthCheckId && { healthCheckId }) });
const zoneOf = (...records: ReturnType<typeof record>[]) => [zone('Z1', 'payments.corp.example.com.', records)];

testCheck(r53005, {
  pass: [route53Snapshot(zoneOf(failover('us-east-1', true, 60, 'hc-1'), failover('eu-west-1', false, 30, 'hc-2')))],
  fail: [
    {
      snapshot: route53Snapshot(zoneOf(failover('us-east-1', true, 300, 'hc-1'), failover('eu-west-1', false, 300, 'hc-2'))),
      findings: [
        { resource: recordId('Z1', NAME, 'CNAME', 'us-east-1'), messageId: 'longTtl' },
        { resource: recordId('Z1', NAME, 'CNAME', 'eu-west-1'), messageId: 'longTtl' },
      ],
    },
    {
      snapshot: route53Snapshot(zoneOf(record(NAME, 'A', { setIdentifier: 'a', weight: 10, ttl: 61, values: ['10.0.0.1'], healthCheckId: 'hc-1' }), failover('b', false, 300))),
      findings: [{ resource: recordId('Z1', NAME, 'A', 'a'), messageId: 'longTtl' }],
    },
  ],
  // Not health-checked, or not a failover/weighted record.
  notApplicable: [route53Snapshot(zoneOf(failover('us-east-1', true, 300), record(NAME, 'TXT', { ttl: 3600, values: ['"x"'], healthCheckId: 'hc-1' })))],
  error: [route53Snapshot([zone('Z1', 'payments.corp.example.com.', undefined)]), route53Failed(route53Snapshot(zoneOf(failover('us-east-1', true, 300, 'hc-1'))))],
});

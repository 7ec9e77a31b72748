import r53001 from '../../../checks/dns/r53-001.js';
import { testCheck } from '../../helpers/check-tester.js';
import { record, recordId, route53Failed, route53Snapshot, zone } from './fixtures.js';

const NAME = 'orders.payments.corp.example.com.';
const failover = (set: string, primary: boolean, extra = {}) => record(NAME, 'CNAME', { setIdentifier: set, failover: primary ? 'PRIMARY' : 'SECONDARY', ttl: 60, values: ['lb.example.com'], ...extra });
const alias = (evaluateTargetHealth: boolean) => ({ aliasTarget: { hostedZoneId: 'Z26RNL4JYFTOTI', dnsName: 'front-0123.elb.us-east-1.amazonaws.com.', evaluateTargetHealth } });

testCheck(r53001, {
  pass: [
    route53Snapshot([zone('Z1', 'payments.corp.example.com.', [failover('us-east-1', true, { healthCheckId: 'hc-1' }), failover('eu-west-1', false)])]),
    route53Snapshot([zone('Z1', 'payments.corp.example.com.', [record(NAME, 'A', { setIdentifier: 'us-east-1', failover: 'PRIMARY', ...alias(true) })])]),
  ],
  fail: [
    {
      // The SECONDARY without a health check is simply used on failover: not a finding.
      snapshot: route53Snapshot([zone('Z1', 'payments.corp.example.com.', [failover('us-east-1', true), failover('eu-west-1', false)])]),
      findings: [{ resource: recordId('Z1', NAME, 'CNAME', 'us-east-1'), messageId: 'noHealthEvaluation' }],
    },
    {
      snapshot: route53Snapshot([zone('Z1', 'payments.corp.example.com.', [record(NAME, 'A', { setIdentifier: 'primary', failover: 'PRIMARY', ...alias(false) })])]),
      findings: [{ resource: recordId('Z1', NAME, 'A', 'primary'), messageId: 'noHealthEvaluation' }],
    },
  ],
  notApplicable: [route53Snapshot([zone('Z1', 'payments.corp.example.com.', [record(NAME, 'A', { ttl: 300, values: ['10.0.0.1'] })])])],
  error: [
    route53Snapshot([zone('Z1', 'payments.corp.example.com.', undefined)]),
    route53Failed(route53Snapshot([zone('Z1', 'payments.corp.example.com.', [failover('us-east-1', true)])])),
  ],
});

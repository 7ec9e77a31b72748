import r53004 from '../../../checks/dns/r53-004.js';
import { testCheck } from '../../helpers/check-tester.js';
import { frontRegion, record, recordId, route53Failed, route53Snapshot, zone } from './fixtures.js';

const NAME = 'orders.payments.corp.example.com.';
const LB_NAME = 'front-0123456789abcdef.elb.us-east-1.amazonaws.com.';
const ALB_NAME = 'dualstack.internal-orders-1234567890.eu-west-1.elb.amazonaws.com.';
const weighted = (set: string, dnsName: string, evaluateTargetHealth: boolean) =>
  record(NAME, 'A', { setIdentifier: set, weight: 50, aliasTarget: { hostedZoneId: 'Z26RNL4JYFTOTI', dnsName, evaluateTargetHealth } });
const zoneOf = (...records: ReturnType<typeof record>[]) => [zone('Z1', 'payments.corp.example.com.', records)];

testCheck(r53004, {
  pass: [route53Snapshot(zoneOf(weighted('us-east-1', LB_NAME, true), weighted('eu-west-1', ALB_NAME, true)), [], [frontRegion()])],
  fail: [
    {
      snapshot: route53Snapshot(zoneOf(weighted('us-east-1', LB_NAME, false), weighted('eu-west-1', ALB_NAME, false)), [], [frontRegion()]),
      findings: [
        { resource: recordId('Z1', NAME, 'A', 'us-east-1'), messageId: 'noTargetHealth' },
        { resource: recordId('Z1', NAME, 'A', 'eu-west-1'), messageId: 'noTargetHealth' },
      ],
    },
    {
      snapshot: route53Snapshot(zoneOf(record(NAME, 'A', { setIdentifier: 'p', failover: 'PRIMARY', healthCheckId: 'hc-1', aliasTarget: { hostedZoneId: 'Z35SXDOTRQ7X7K', dnsName: ALB_NAME, evaluateTargetHealth: false } }), weighted('x', 'd111111abcdef8.cloudfront.net.', false))),
      findings: [{ resource: recordId('Z1', NAME, 'A', 'p'), messageId: 'noTargetHealth' }],
    },
  ],
  // A simple alias, and a weighted alias to something that is not a load balancer.
  notApplicable: [route53Snapshot(zoneOf(record(NAME, 'A', { aliasTarget: { hostedZoneId: 'Z26RNL4JYFTOTI', dnsName: LB_NAME, evaluateTargetHealth: false } }), weighted('x', 'vpce-0e1-abcd1234.execute-api.us-east-1.vpce.amazonaws.com.', false)))],
  error: [route53Snapshot([zone('Z1', 'payments.corp.example.com.', undefined)]), route53Failed(route53Snapshot(zoneOf(weighted('us-east-1', LB_NAME, false))))],
});

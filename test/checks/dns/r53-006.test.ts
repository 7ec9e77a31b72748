import r53006 from '../../../checks/dns/r53-006.js';
import { testCheck } from '../../helpers/check-tester.js';
import { emptyRegional } from '../../../src/model/inventory.js';
import { ACCOUNT_A, ACCOUNT_B } from '../../helpers/snapshot-builder.js';
import { frontRegion, record, REGION, route53Failed, route53Snapshot, VPC, withStatus, zone, zoneArn } from './fixtures.js';

const NAME = 'orders.payments.corp.example.com.';
const ENDPOINT_NAME = 'vpce-0e1-abcd1234.execute-api.us-east-1.vpce.amazonaws.com.';
const LB_NAME = 'front-0123456789abcdef.elb.us-east-1.amazonaws.com';
const toEndpoint = record(NAME, 'A', { aliasTarget: { hostedZoneId: 'Z7HUB22UULQXV', dnsName: ENDPOINT_NAME, evaluateTargetHealth: false } });
const toLoadBalancer = record(`api.${NAME}`, 'CNAME', { ttl: 60, values: [LB_NAME] });
const elsewhere = [{ vpcId: 'vpc-0other', vpcRegion: 'eu-west-1' }];

testCheck(r53006, {
  pass: [
    route53Snapshot([zone('Z1', 'payments.corp.example.com.', [toEndpoint])], [], [frontRegion()]),
    route53Snapshot([zone('Z1', 'payments.corp.example.com.', [toLoadBalancer], { vpcs: [...elsewhere, { vpcId: VPC, vpcRegion: REGION }] })], [], [frontRegion()]),
  ],
  fail: [
    { snapshot: route53Snapshot([zone('Z1', 'payments.corp.example.com.', [toEndpoint], { vpcs: elsewhere })], [], [frontRegion()]), findings: [{ resource: zoneArn('Z1'), messageId: 'notAssociated' }] },
    {
      snapshot: route53Snapshot([zone('Z1', 'payments.corp.example.com.', [toEndpoint, toLoadBalancer], { vpcs: [] }), zone('Z2', 'corp.example.com.', [toEndpoint])], [], [frontRegion()]),
      findings: [{ resource: zoneArn('Z1'), messageId: 'notAssociated' }],
    },
  ],
  notApplicable: [
    // A public zone, and a private zone whose records lead nowhere near a private API.
    route53Snapshot(
      [zone('Z3', 'example.com.', [toEndpoint], { privateZone: false, vpcs: [] }), zone('Z4', 'internal.example.com.', [record('db.internal.example.com.', 'A', { ttl: 60, values: ['10.0.0.5'] })], { vpcs: elsewhere })],
      [],
      [frontRegion()],
    ),
  ],
  error: [
    route53Snapshot([zone('Z1', 'payments.corp.example.com.', [toEndpoint], { vpcs: undefined })], [], [frontRegion()]),
    route53Snapshot([zone('Z1', 'payments.corp.example.com.', undefined)], [], [frontRegion()]),
    // Whether the load balancer fronts the endpoint is unknown: its targets were not read.
    route53Snapshot([zone('Z1', 'payments.corp.example.com.', [toLoadBalancer], { vpcs: elsewhere })], [], [frontRegion({ targets: undefined })]),
    // EC2 failed in the region: the endpoint the record names is unknown.
    withStatus(route53Snapshot([zone('Z1', 'payments.corp.example.com.', [toEndpoint], { vpcs: elsewhere })], [], [frontRegion({ extra: { vpcEndpoints: [], networkInterfaces: [] } })]), { accountId: ACCOUNT_A, region: REGION, service: 'ec2', state: 'failed', errors: [{ operation: 'DescribeVpcEndpoints', code: 'AccessDenied', message: 'denied' }] }),
    route53Failed(route53Snapshot([zone('Z1', 'payments.corp.example.com.', [toEndpoint])], [], [frontRegion()])),
    // The load balancer the record names is in no listing, and account B's listing of them was partial.
    withStatus(route53Snapshot([zone('Z1', 'payments.corp.example.com.', [toLoadBalancer], { vpcs: elsewhere })], [], [frontRegion({ extra: { loadBalancers: [] } }), emptyRegional(ACCOUNT_B, REGION)]), { accountId: ACCOUNT_B, region: REGION, service: 'elbv2', state: 'partial', errors: [{ operation: 'DescribeLoadBalancers', code: 'Throttling', message: 'slow down' }] }),
    // The load balancer is listed but its target groups are not: whether it fronts the endpoint is unknown.
    withStatus(route53Snapshot([zone('Z1', 'payments.corp.example.com.', [toLoadBalancer], { vpcs: elsewhere })], [], [frontRegion({ extra: { targetGroups: [] } })]), { accountId: ACCOUNT_A, region: REGION, service: 'elbv2', state: 'partial', errors: [{ operation: 'DescribeTargetGroups', code: 'AccessDenied', message: 'denied' }] }),
  ],
});

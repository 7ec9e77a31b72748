import lb001, { matcherAccepts200 } from '../../../checks/dns/lb-001.js';
import { emptyRegional } from '../../../src/model/inventory.js';
import { testCheck } from '../../helpers/check-tester.js';
import { ACCOUNT_A } from '../../helpers/snapshot-builder.js';
import { expect, it } from 'vitest';
import { frontRegion, participantUnlisted, REGION, regionalSnapshot, tgArn, unrelatedRegion, withStatus } from './fixtures.js';

const finding = { resource: tgArn('front-tg'), messageId: 'badHealthCheck' };

testCheck(lb001, {
  pass: [regionalSnapshot(frontRegion()), regionalSnapshot(frontRegion({ tg: { matcherHttpCode: '200-299' } })), regionalSnapshot({ ...frontRegion(), targetGroups: [...frontRegion().targetGroups, ...unrelatedRegion().targetGroups] })],
  fail: [
    { snapshot: regionalSnapshot(frontRegion({ tg: { healthCheckPath: '/health', matcherHttpCode: '200-403' } })), findings: [finding] },
    { snapshot: regionalSnapshot(frontRegion({ tg: { matcherHttpCode: '403' } })), findings: [finding] },
    { snapshot: regionalSnapshot(frontRegion({ tg: { healthCheckProtocol: 'TCP', healthCheckPath: undefined, matcherHttpCode: undefined } })), findings: [finding] },
    // One endpoint address is enough to make the group the endpoint's.
    { snapshot: regionalSnapshot(frontRegion({ targets: ['10.0.1.10', '10.0.7.7'], tg: { healthCheckPath: '/' } })), findings: [finding] },
  ],
  notApplicable: [regionalSnapshot(unrelatedRegion())],
  error: [
    withStatus(regionalSnapshot(frontRegion({ targets: undefined })), { accountId: ACCOUNT_A, region: REGION, service: 'elbv2', state: 'partial', errors: [{ operation: 'DescribeTargetHealth', code: 'AccessDenied', message: 'denied', resource: tgArn('front-tg') }] }),
    withStatus(regionalSnapshot(frontRegion()), { accountId: ACCOUNT_A, region: REGION, service: 'ec2', state: 'partial', errors: [{ operation: 'DescribeNetworkInterfaces', code: 'Throttling', message: 'slow down', resource: '10.0.1.10 (+1 more)' }] }),
    withStatus(regionalSnapshot(emptyRegional(ACCOUNT_A, REGION)), { accountId: ACCOUNT_A, region: REGION, service: 'elbv2', state: 'failed', errors: [{ operation: 'DescribeTargetGroups', code: 'AccessDenied', message: 'denied' }] }),
    // The addresses are on no ENI privapi saw, and another account's ENIs in the region were not listed.
    participantUnlisted(frontRegion({ tg: { healthCheckPath: '/health' }, extra: { vpcEndpoints: [], networkInterfaces: [] } })),
  ],
});

it('reads ELB matchers', () => {
  expect(['200', '200,202', '200-299', '100-200', ' 404, 200'].every(matcherAccepts200)).toBe(true);
  expect([undefined, '403', '201-299', '0', '12'].some(matcherAccepts200)).toBe(false);
});

import lb002 from '../../../checks/dns/lb-002.js';
import { testCheck } from '../../helpers/check-tester.js';
import { ACCOUNT_A } from '../../helpers/snapshot-builder.js';
import { eni, ENDPOINT, endpoint, frontRegion, participantUnlisted, REGION, regionalSnapshot, tgArn, unrelatedRegion, withStatus } from './fixtures.js';

const finding = { resource: tgArn('front-tg'), messageId: 'drifted' };

testCheck(lb002, {
  pass: [
    regionalSnapshot(frontRegion()),
    // A peered target (availability zone "all") cannot be verified and is left alone.
    regionalSnapshot({ ...frontRegion(), targetGroups: frontRegion().targetGroups.map((tg) => ({ ...tg, targets: [...(tg.targets ?? []), { targetId: '172.16.0.5', port: 443, availabilityZone: 'all', state: 'healthy' }] })) }),
  ],
  fail: [
    // The second ENI was replaced: its old address is still registered, the new one is not.
    { snapshot: regionalSnapshot(frontRegion({ targets: ['10.0.1.10', '10.0.2.99'] })), findings: [finding] },
    { snapshot: regionalSnapshot(frontRegion({ targets: ['10.0.1.10'] })), findings: [finding] },
    { snapshot: regionalSnapshot(frontRegion({ targets: ['10.0.1.10', '10.0.2.10', '10.0.9.9'], extra: { networkInterfaces: [eni('eni-1', '10.0.1.10'), eni('eni-2', '10.0.2.10'), eni('eni-9', '10.0.9.9', undefined)] } })), findings: [finding] },
  ],
  notApplicable: [regionalSnapshot(unrelatedRegion()), regionalSnapshot(frontRegion({ targets: ['10.0.5.5', '10.0.6.6'] }))],
  error: [
    withStatus(regionalSnapshot(frontRegion({ targets: undefined })), { accountId: ACCOUNT_A, region: REGION, service: 'elbv2', state: 'partial', errors: [{ operation: 'DescribeTargetHealth', code: 'AccessDenied', message: 'denied', resource: tgArn('front-tg') }] }),
    // One of the endpoint's ENIs is missing from the inventory.
    regionalSnapshot(frontRegion({ extra: { vpcEndpoints: [endpoint({ networkInterfaceIds: ['eni-1', 'eni-2', 'eni-3'] })] } })),
    withStatus(regionalSnapshot(frontRegion()), { accountId: ACCOUNT_A, region: REGION, service: 'ec2', state: 'failed', errors: [{ operation: 'DescribeVpcEndpoints', code: 'AccessDenied', message: `denied ${ENDPOINT}` }] }),
    // The extra address is on no ENI privapi saw: it may be another endpoint's in account B, whose ENIs were not listed.
    participantUnlisted(frontRegion({ targets: ['10.0.1.10', '10.0.2.10', '10.0.3.10'] })),
    participantUnlisted(),
  ],
});

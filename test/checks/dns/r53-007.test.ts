import r53007 from '../../../checks/dns/r53-007.js';
import { testCheck } from '../../helpers/check-tester.js';
import { ACCOUNT_A } from '../../helpers/snapshot-builder.js';
import { regional, regionalSnapshot, REGION, resolverEndpoint, SUBNETS, withStatus } from './fixtures.js';

const arn = (id: string) => resolverEndpoint(id).arn;
const withEndpoints = (...resolverEndpoints: ReturnType<typeof resolverEndpoint>[]) => regionalSnapshot(regional({ subnets: SUBNETS, resolverEndpoints }));
const oneAz = [
  { ipId: 'rni-1', ip: '10.0.1.53', subnetId: 'subnet-a', status: 'ATTACHED' },
  { ipId: 'rni-2', ip: '10.0.1.54', subnetId: 'subnet-a', status: 'ATTACHED' },
];

testCheck(r53007, {
  pass: [withEndpoints(resolverEndpoint('rslvr-in-1'), resolverEndpoint('rslvr-out-1', { direction: 'OUTBOUND', ipAddresses: oneAz.slice(0, 1) }))],
  fail: [
    { snapshot: withEndpoints(resolverEndpoint('rslvr-in-1', { ipAddresses: oneAz }), resolverEndpoint('rslvr-in-2')), findings: [{ resource: arn('rslvr-in-1'), messageId: 'notHighlyAvailable' }] },
    {
      snapshot: withEndpoints(
        resolverEndpoint('rslvr-in-1', { status: 'ACTION_NEEDED' }),
        resolverEndpoint('rslvr-in-2', { ipAddresses: oneAz.slice(0, 1), ipAddressCount: 1 }),
        resolverEndpoint('rslvr-in-3', { ipAddresses: [oneAz[0]!, { ipId: 'rni-3', ip: '10.0.2.53', subnetId: 'subnet-b', status: 'DETACHING' }] }),
      ),
      findings: [
        { resource: arn('rslvr-in-1'), messageId: 'notHighlyAvailable' },
        { resource: arn('rslvr-in-2'), messageId: 'notHighlyAvailable' },
        { resource: arn('rslvr-in-3'), messageId: 'notHighlyAvailable' },
      ],
    },
  ],
  notApplicable: [withEndpoints(resolverEndpoint('rslvr-out-1', { direction: 'OUTBOUND' }))],
  error: [
    withEndpoints(resolverEndpoint('rslvr-in-1', { ipAddresses: undefined })),
    // The subnets (and so the AZs) were not collected.
    regionalSnapshot(regional({ resolverEndpoints: [resolverEndpoint('rslvr-in-1')] })),
    withStatus(regionalSnapshot(regional({})), { accountId: ACCOUNT_A, region: REGION, service: 'route53resolver', state: 'failed', errors: [{ operation: 'ListResolverEndpoints', code: 'AccessDeniedException', message: 'denied' }] }),
  ],
});

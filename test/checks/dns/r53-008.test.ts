import r53008 from '../../../checks/dns/r53-008.js';
import { testCheck } from '../../helpers/check-tester.js';
import { ACCOUNT_A } from '../../helpers/snapshot-builder.js';
import { DNS_RULES, regional, regionalSnapshot, REGION, resolverEndpoint, rule, securityGroup, withStatus } from './fixtures.js';

const arn = (id: string) => resolverEndpoint(id).arn;

testCheck(r53008, {
  pass: [
    regionalSnapshot(regional({ securityGroups: [securityGroup('sg-dns', DNS_RULES)], resolverEndpoints: [resolverEndpoint('rslvr-in-1')] })),
    // Split across two groups, one of them allowing all traffic.
    regionalSnapshot(regional({ securityGroups: [securityGroup('sg-dns', [rule('sgr-u', 'udp', 53)]), securityGroup('sg-all', [rule('sgr-a', '-1', undefined)])], resolverEndpoints: [resolverEndpoint('rslvr-in-1', { securityGroupIds: ['sg-dns', 'sg-all'] })] })),
  ],
  fail: [
    {
      snapshot: regionalSnapshot(regional({ securityGroups: [securityGroup('sg-dns', [rule('sgr-u', 'udp', 53), rule('sgr-e', '-1', undefined, true)])], resolverEndpoints: [resolverEndpoint('rslvr-in-1')] })),
      findings: [{ resource: arn('rslvr-in-1'), messageId: 'port53Missing' }],
    },
    {
      // Egress rules do not let queries in; a TCP range that misses 53 neither.
      snapshot: regionalSnapshot(regional({ securityGroups: [securityGroup('sg-dns', [rule('sgr-u', 'udp', 53, true), { ...rule('sgr-t', 'tcp', 1000), fromPort: 1000, toPort: 2000 }])], resolverEndpoints: [resolverEndpoint('rslvr-in-1')] })),
      findings: [{ resource: arn('rslvr-in-1'), messageId: 'port53Missing' }],
    },
  ],
  notApplicable: [regionalSnapshot(regional({ securityGroups: [securityGroup('sg-dns', [])], resolverEndpoints: [resolverEndpoint('rslvr-out-1', { direction: 'OUTBOUND' })] }))],
  error: [
    regionalSnapshot(regional({ resolverEndpoints: [resolverEndpoint('rslvr-in-1')] })),
    withStatus(regionalSnapshot(regional({ securityGroups: [securityGroup('sg-dns', [])], resolverEndpoints: [resolverEndpoint('rslvr-in-1')] })), { accountId: ACCOUNT_A, region: REGION, service: 'ec2', state: 'partial', errors: [{ operation: 'DescribeSecurityGroupRules', code: 'AccessDenied', message: 'denied', resource: 'sg-dns' }] }),
    withStatus(regionalSnapshot(regional({})), { accountId: ACCOUNT_A, region: REGION, service: 'route53resolver', state: 'failed', errors: [{ operation: 'ListResolverEndpoints', code: 'AccessDeniedException', message: 'denied' }] }),
  ],
});

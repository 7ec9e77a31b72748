import r53009 from '../../../checks/dns/r53-009.js';
import { testCheck } from '../../helpers/check-tester.js';
import { ACCOUNT_A } from '../../helpers/snapshot-builder.js';
import { association, regional, regionalSnapshot, REGION, resolverRule, route53Snapshot, withStatus, zone } from './fixtures.js';

const EXECUTE_API = `execute-api.${REGION}.amazonaws.com.`;
const arn = (id: string) => resolverRule(id, EXECUTE_API).arn;

testCheck(r53009, {
  pass: [regionalSnapshot(regional({ resolverRules: [resolverRule('rslvr-rr-1', EXECUTE_API)], resolverRuleAssociations: [association('rslvr-rr-1')] }))],
  fail: [
    {
      snapshot: regionalSnapshot(regional({ resolverRules: [resolverRule('rslvr-rr-1', EXECUTE_API)], resolverRuleAssociations: [association('rslvr-rr-1', 'OVERRIDDEN'), association('rslvr-rr-1', 'COMPLETE', 'vpc-0b2')] })),
      findings: [{ resource: arn('rslvr-rr-1'), messageId: 'notWorking' }],
    },
    {
      snapshot: route53Snapshot([zone('Z1', 'payments.corp.example.com.', [])], [], [
        regional({
          resolverRules: [resolverRule('rslvr-rr-1', 'corp.example.com.'), resolverRule('rslvr-rr-2', 'amazonaws.com.', { status: 'FAILED' }), resolverRule('rslvr-rr-3', 'onprem.internal.')],
          resolverRuleAssociations: [association('rslvr-rr-2')],
        }),
      ]),
      findings: [
        { resource: arn('rslvr-rr-1'), messageId: 'notWorking' },
        { resource: arn('rslvr-rr-2'), messageId: 'notWorking' },
      ],
    },
  ],
  notApplicable: [regionalSnapshot(regional({ resolverRules: [resolverRule('rslvr-rr-3', 'onprem.internal.'), resolverRule('rslvr-rr-4', 'internal-domain.', { ruleType: 'RECURSIVE', status: 'COMPLETE' })] }))],
  error: [withStatus(regionalSnapshot(regional({})), { accountId: ACCOUNT_A, region: REGION, service: 'route53resolver', state: 'failed', errors: [{ operation: 'ListResolverRules', code: 'AccessDeniedException', message: 'denied' }] })],
});

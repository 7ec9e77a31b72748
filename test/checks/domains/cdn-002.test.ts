import cdn002 from '../../../checks/domains/cdn-002.js';
import { testCheck } from '../../helpers/check-tester.js';
import { ACCOUNT_A, DOMAIN_ARN, domainScenario, failing, json, ORG, OUTSIDER, publicDomain, R1, regional, world } from './fixtures.js';

const management = (principal: unknown, extra: Record<string, unknown> = {}) =>
  json({ Statement: [{ Effect: 'Allow', Principal: principal, Action: 'apigateway:CreateAccessAssociation', Resource: DOMAIN_ARN, ...extra }] });

testCheck(cdn002, {
  pass: [
    domainScenario(),
    // No management policy: only the owner can associate (answer key).
    domainScenario({ domain: { managementPolicy: undefined } }),
    // "*" limited to the organization.
    domainScenario({ domain: { managementPolicy: management('*', { Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG } } }) } }),
  ],
  fail: [
    { snapshot: domainScenario({ domain: { managementPolicy: management('*') } }), findings: [{ resource: DOMAIN_ARN, messageId: 'tooBroad' }] },
    { snapshot: domainScenario({ domain: { managementPolicy: management({ AWS: OUTSIDER }) } }), findings: [{ resource: DOMAIN_ARN, messageId: 'tooBroad' }] },
    { snapshot: domainScenario({ domain: { managementPolicy: json({ Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'apigateway:*', Resource: '*' }] }) } }), findings: [{ resource: DOMAIN_ARN, messageId: 'tooBroad' }] },
  ],
  notApplicable: [world([regional(ACCOUNT_A, R1, { domainNames: [publicDomain()] })])],
  error: [failing(domainScenario(), ACCOUNT_A, R1, 'apigateway', 'GetDomainNames'), domainScenario({ domain: { managementPolicy: '{not json' } })],
});

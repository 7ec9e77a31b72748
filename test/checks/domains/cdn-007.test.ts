import cdn007 from '../../../checks/domains/cdn-007.js';
import { testCheck } from '../../helpers/check-tester.js';
import { ACCOUNT_A, API_ID, DOMAIN_ARN, domainScenario, failing, publicDomain, R1, regional, world } from './fixtures.js';

testCheck(cdn007, {
  pass: [domainScenario()],
  fail: [
    { snapshot: domainScenario({ domain: { basePathMappings: [{ basePath: '(none)', restApiId: API_ID, stage: 'v2' }] } }), findings: [{ resource: DOMAIN_ARN, messageId: 'badMapping' }] },
    { snapshot: domainScenario({ api: { endpointConfiguration: { types: ['REGIONAL'], vpcEndpointIds: [] } } }), findings: [{ resource: DOMAIN_ARN, messageId: 'badMapping' }] },
    { snapshot: domainScenario({ domain: { basePathMappings: [{ basePath: 'v1', restApiId: 'gone000001', stage: 'prod' }] } }), findings: [{ resource: DOMAIN_ARN, messageId: 'badMapping' }] },
  ],
  notApplicable: [world([regional(ACCOUNT_A, R1, { domainNames: [publicDomain()] })]), domainScenario({ domain: { basePathMappings: [] } })],
  error: [
    failing(domainScenario(), ACCOUNT_A, R1, 'apigateway', 'GetDomainNames'),
    domainScenario({ domain: { basePathMappings: undefined } }),
    domainScenario({ api: { stages: undefined } }),
  ],
});

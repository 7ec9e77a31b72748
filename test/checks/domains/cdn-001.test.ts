import cdn001 from '../../../checks/domains/cdn-001.js';
import { testCheck } from '../../helpers/check-tester.js';
import { ACCOUNT_A, DOMAIN_ARN, DOMAIN_ID, domainExecuteArn, domainScenario, failing, NAME, openPolicy, publicDomain, R1, regional, world } from './fixtures.js';

const executeArn = domainExecuteArn(R1, ACCOUNT_A, NAME, DOMAIN_ID);

testCheck(cdn001, {
  pass: [domainScenario()],
  fail: [
    { snapshot: domainScenario({ domain: { policy: openPolicy(executeArn) } }), findings: [{ resource: DOMAIN_ARN, messageId: 'open' }] },
    { snapshot: domainScenario({ domain: { policy: undefined } }), findings: [{ resource: DOMAIN_ARN, messageId: 'noPolicy' }] },
  ],
  notApplicable: [world([regional(ACCOUNT_A, R1, { domainNames: [publicDomain()] })])],
  error: [
    failing(domainScenario(), ACCOUNT_A, R1, 'apigateway', 'GetDomainNames'),
    domainScenario({ domain: { policy: '{"Statement":[{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"*","Condition":{"StringEqulas":{"aws:SourceVpce":"x"}}}]}' } }),
  ],
});

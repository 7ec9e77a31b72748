import cdn003 from '../../../checks/domains/cdn-003.js';
import { testCheck } from '../../helpers/check-tester.js';
import { ACCOUNT_A, association, DOMAIN_ID, DOMAIN_ARN, domain, domainScenario, failing, NAME, OUTSIDER, publicDomain, R1, regional, world } from './fixtures.js';

const external = association(domain(NAME, DOMAIN_ID, []), 'vpce-0ext0000000000001', OUTSIDER, 'OTHER_ACCOUNTS');

testCheck(cdn003, {
  pass: [domainScenario()],
  fail: [{ snapshot: domainScenario({ associations: [external] }), findings: [{ resource: DOMAIN_ARN, messageId: 'external' }] }],
  notApplicable: [world([regional(ACCOUNT_A, R1, { domainNames: [publicDomain()] })])],
  error: [
    failing(domainScenario({ associations: [external] }), ACCOUNT_A, R1, 'apigateway', 'GetDomainNameAccessAssociations'),
    // In account mode the organization is unknown.
    { ...domainScenario({ associations: [external] }), mode: 'account' as const },
  ],
});

import cdn005 from '../../../checks/domains/cdn-005.js';
import { testCheck } from '../../helpers/check-tester.js';
import { ACCOUNT_B, ASSOCIATION_ARN, association, domain, domainScenario, failing, NAME, R1, regional, VPCE_B, world } from './fixtures.js';

const twin = domain(NAME, 'twin000001', [VPCE_B]);
const twinAssociation = association(twin, VPCE_B, ACCOUNT_B, 'SELF');
const other = association(domain('billing.corp.example.com', 'bill000001', [VPCE_B]), VPCE_B, ACCOUNT_B, 'SELF');
const viaVpc = { ...association(domain(NAME, 'x', []), 'vpc-0b0000000000000b1', ACCOUNT_B, 'SELF'), accessAssociationSourceType: 'VPC' };

testCheck(cdn005, {
  pass: [domainScenario(), domainScenario({ associations: [other] })],
  fail: [
    {
      snapshot: domainScenario({ associations: [twinAssociation, other] }),
      findings: [
        { resource: ASSOCIATION_ARN, messageId: 'duplicate' },
        { resource: twinAssociation.arn, messageId: 'duplicate' },
      ],
    },
  ],
  notApplicable: [world([regional(ACCOUNT_B, R1, { domainNameAccessAssociations: [viaVpc] })])],
  error: [failing(domainScenario({ associations: [twinAssociation] }), ACCOUNT_B, R1, 'apigateway', 'GetDomainNameAccessAssociations')],
});

import { describe, expect, it } from 'vitest';
import cdn004 from '../../../checks/domains/cdn-004.js';
import { resultsOf, testCheck } from '../../helpers/check-tester.js';
import {
  ACCOUNT_A,
  ACCOUNT_B,
  API_ID,
  ASSOCIATION_ARN,
  association,
  DOMAIN_ID,
  domain,
  domainExecuteArn,
  domainScenario,
  executeApi,
  failing,
  NAME,
  OUTSIDER,
  privatePolicy,
  R1,
  regional,
  scopedEndpointPolicy,
  VPCE_B,
  world,
} from './fixtures.js';

const stale = 'vpce-0stale0000000001';
const denied = (snapshot: ReturnType<typeof domainScenario>) => ({ snapshot, findings: [{ resource: ASSOCIATION_ARN, messageId: 'denied' }] });
const viaVpc = { ...association(domain(NAME, DOMAIN_ID, []), 'vpc-0b0000000000000b1', ACCOUNT_B, 'SELF'), accessAssociationSourceType: 'VPC' };

testCheck(cdn004, {
  pass: [domainScenario()],
  fail: [
    // The domain policy names the consumer's replaced endpoint.
    denied(domainScenario({ domain: { policy: privatePolicy(domainExecuteArn(R1, ACCOUNT_A, NAME, DOMAIN_ID), [stale]) } })),
    // The mapped API's policy does not allow the endpoint.
    denied(domainScenario({ api: { policy: privatePolicy(`${executeApi(R1, ACCOUNT_A, API_ID)}/*`, [stale]) } })),
    // The endpoint's own policy allows another account's APIs only.
    denied(domainScenario({ endpoint: { policyDocument: scopedEndpointPolicy([`arn:aws:execute-api:${R1}:${OUTSIDER}:*`]) } })),
    // The associated endpoint is gone.
    denied(domainScenario({ consumerExtra: { vpcEndpoints: [] } })),
  ],
  notApplicable: [world([regional(ACCOUNT_B, R1, { domainNameAccessAssociations: [viaVpc] })])],
  error: [
    failing(domainScenario(), ACCOUNT_B, R1, 'apigateway', 'GetDomainNameAccessAssociations'),
    // The provider's domains were not listed: its policy is unknown.
    failing(domainScenario(), ACCOUNT_A, R1, 'apigateway', 'GetDomainNames'),
    domainScenario({ domain: { basePathMappings: undefined } }),
    domainScenario({ endpoint: { policyDocument: '{"Statement": "nope"}' } }),
  ],
});

describe('CDN-004 details', () => {
  it('names the denying layer and relates domain, endpoint and API', () => {
    const fail = resultsOf(cdn004, domainScenario({ domain: { policy: privatePolicy(domainExecuteArn(R1, ACCOUNT_A, NAME, DOMAIN_ID), [stale]) } })).find((r) => r.status === 'FAIL');
    expect(fail?.message).toContain(`invoke policy does not allow ${VPCE_B}`);
    expect(fail?.accountId).toBe(ACCOUNT_B);
    expect(fail?.related.map((r) => r.arn)).toEqual([domain(NAME, DOMAIN_ID, []).arn, expect.stringContaining(VPCE_B), expect.stringContaining(API_ID)]);
  });
});

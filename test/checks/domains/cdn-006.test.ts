import { describe, expect, it } from 'vitest';
import cdn006 from '../../../checks/domains/cdn-006.js';
import { resultsOf, testCheck } from '../../helpers/check-tester.js';
import { ACCOUNT_A, DOMAIN_ARN, domainScenario, failing, publicDomain, R1, regional, world } from './fixtures.js';

const pending = domainScenario({ domain: { status: 'PENDING_CERTIFICATE_REIMPORT', statusMessage: 'reimport the certificate' } });

testCheck(cdn006, {
  pass: [domainScenario()],
  fail: [
    { snapshot: pending, findings: [{ resource: DOMAIN_ARN, messageId: 'notAvailable' }] },
    { snapshot: domainScenario({ domain: { status: 'PENDING_OWNERSHIP_VERIFICATION' } }), findings: [{ resource: DOMAIN_ARN, messageId: 'notAvailable' }] },
  ],
  notApplicable: [world([regional(ACCOUNT_A, R1, { domainNames: [publicDomain()] })])],
  error: [failing(domainScenario(), ACCOUNT_A, R1, 'apigateway', 'GetDomainNames'), domainScenario({ domain: { status: undefined } })],
});

describe('CDN-006 details', () => {
  it('relates the certificate and says certificate expiry is not checked', () => {
    const fail = resultsOf(cdn006, pending).find((r) => r.status === 'FAIL');
    expect(fail?.related[0]?.arn).toMatch(/^arn:aws:acm:/);
    expect(fail?.message).toContain('reimport the certificate');
    expect(cdn006.remediation.text).toMatch(/ACM DescribeCertificate/);
  });
});

import { defineCheck, type CheckResult } from '../../src/model/check.js';
import { perPrivateDomain, ref, TYPES } from './common.js';

export default defineCheck({
  id: 'CDN-006',
  title: 'Domain status or certificate problems',
  severity: 'HIGH',
  resourceType: TYPES.domainName,
  requires: ['apigateway'],
  remediation: {
    text:
      'Bring the domain back to AVAILABLE: reimport or renew its certificate (PENDING_CERTIFICATE_REIMPORT), complete ownership verification (PENDING_OWNERSHIP_VERIFICATION) or investigate the status message. ' +
      'Limitation: privapi reads the domain status only; certificate expiry (< 30 days) and unsupported key types need ACM DescribeCertificate, which privapi does not collect, so check them in ACM.',
    url: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-private-custom-domains.html',
  },
  references: ['https://docs.aws.amazon.com/apigateway/latest/api/API_DomainName.html'],
  notes: ['Only the domain status is checked: certificate expiry and key type need ACM DescribeCertificate, which privapi does not call yet.'],
  messages: {
    notAvailable: 'Private custom domain {{name}} ({{domainId}}) is {{status}}, not AVAILABLE{{detail}}.',
  },
  evaluate(inventory, report) {
    return perPrivateDomain(inventory, report, ['GetDomainNames'], (d, resource): CheckResult => {
      if (d.status === undefined) return report.error(d, resource, `GetDomainNames returned no status for domain ${d.domainName}`);
      if (d.status.toUpperCase() === 'AVAILABLE') return report.pass(d, resource);
      const related = d.certificateArn ? [ref(d.certificateArn, 'AwsCertificateManagerCertificate')] : [];
      return report.fail(d, resource, 'notAvailable', { name: d.domainName, domainId: d.domainNameId ?? '-', status: d.status, detail: d.statusMessage ? `: ${d.statusMessage}` : '' }, { related });
    });
  },
});

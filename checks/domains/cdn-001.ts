import { defineCheck, type CheckResult } from '../../src/model/check.js';
import { invokeAccess } from '../../src/policy/index.js';
import { DOMAIN_PROBE_NOTE, domainExecuteArn, parse, perPrivateDomain, TYPES } from './common.js';

export default defineCheck({
  id: 'CDN-001',
  title: 'Private domain invoke policy missing or open',
  severity: 'HIGH',
  resourceType: TYPES.domainName,
  requires: ['apigateway'],
  remediation: {
    text: "Give the private custom domain name a policy that allows execute-api:Invoke on the domain and denies it unless aws:SourceVpce is one of the consumers' endpoints. It is evaluated in addition to the API's own resource policy.",
    url: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-private-custom-domains.html',
  },
  references: ['https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-private-custom-domains-provider-share.html'],
  messages: {
    noPolicy: 'Private custom domain {{name}} ({{domainId}}) has no invoke policy.',
    open: 'The invoke policy of private custom domain {{name}} ({{domainId}}) allows execute-api:Invoke through any VPC endpoint: it names no aws:SourceVpce (or aws:SourceVpc) restriction.',
  },
  evaluate(inventory, report) {
    return perPrivateDomain(inventory, report, ['GetDomainNames'], (d, resource): CheckResult => {
      const values = { name: d.domainName, domainId: d.domainNameId ?? '-' };
      if (!d.policy?.trim()) return report.fail(d, resource, 'noPolicy', values);
      const parsed = parse(d.policy, `The invoke policy of domain ${d.domainName}`);
      if (!parsed.ok) return report.error(d, resource, parsed.reason);
      const access = invokeAccess(parsed.policy, { executeArn: domainExecuteArn(inventory, d) });
      // A witness of open access is a fact; "not open" is only as good as the analysis.
      if (access.anyEndpoint) return report.fail(d, resource, 'open', values);
      const notes = access.unsupported.filter((n) => n !== DOMAIN_PROBE_NOTE);
      if (notes.length) return report.error(d, resource, `The invoke policy of domain ${d.domainName} could not be fully analysed: ${notes.join('; ')}`);
      return report.pass(d, resource);
    });
  },
});

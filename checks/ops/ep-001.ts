import { defineCheck } from '../../src/model/check.js';
import { API_TYPE, apiRef, unlistedApis } from './common.js';

const ENHANCED_PREFIX = 'SecurityPolicy_';

export default defineCheck({
  id: 'EP-001',
  title: 'REST API uses a legacy TLS security policy or a non-STRICT endpoint access mode',
  severity: 'LOW',
  resourceType: API_TYPE,
  requires: ['apigateway'],
  remediation: {
    text: 'Move the API to an enhanced security policy (one starting with SecurityPolicy_, e.g. SecurityPolicy_TLS13_1_3_2025_09) with endpointAccessMode BASIC, verify clients with $context.tlsVersion in the access logs, then set endpointAccessMode to STRICT.',
    url: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-security-policies.html',
  },
  references: ['https://docs.aws.amazon.com/apigateway/latest/api/API_RestApi.html', 'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-security-policies.html'],
  notes: ['Confirmed in the API Gateway security-policy guide (checked Nov 2026): TLS_1_0 and TLS_1_2 are legacy policies, any SecurityPolicy_* policy is enhanced and needs an endpoint access mode, and STRICT applies SNI host matching to regional and private endpoints alike.'],
  messages: {
    legacyPolicy: 'API {{name}} ({{id}}) uses the legacy security policy {{policy}}.',
    notStrict: 'API {{name}} ({{id}}) uses the enhanced security policy {{policy}} with endpoint access mode {{mode}}, not STRICT.',
  },
  evaluate(inventory, report) {
    const results = inventory.restApis.map((api) => {
      const resource = apiRef(api);
      const policy = api.securityPolicy?.trim();
      // An API that reports no security policy cannot be judged from GetRestApis alone.
      if (!policy) return report.notApplicable(api, resource);
      const values = { name: api.name, id: api.id, policy };
      if (!policy.startsWith(ENHANCED_PREFIX)) return report.fail(api, resource, 'legacyPolicy', values);
      const mode = api.endpointAccessMode?.trim();
      if (mode?.toUpperCase() !== 'STRICT') return report.fail(api, resource, 'notStrict', { ...values, mode: mode || 'unset' });
      return report.pass(api, resource);
    });
    return [...results, ...unlistedApis(inventory, report)];
  },
});

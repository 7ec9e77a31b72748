import { defineCheck, type CheckResult } from '../../src/model/check.js';
import { apiRef, integrationsOf, TYPES, unlistedApiScopes } from './common.js';

const HTTP_TYPES: ReadonlySet<string> = new Set(['HTTP', 'HTTP_PROXY']);

export default defineCheck({
  id: 'INT-007',
  title: 'Certificate verification disabled',
  severity: 'MEDIUM',
  resourceType: TYPES.api,
  requires: ['apigateway'],
  remediation: {
    text: "Give the backend a certificate from a CA API Gateway trusts, for the integration URI's host, and set tlsConfig.insecureSkipVerification to false.",
    url: 'https://docs.aws.amazon.com/apigateway/latest/api/API_TlsConfig.html',
  },
  references: ['https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-supported-certificate-authorities-for-http-endpoints.html'],
  messages: {
    skipVerification: "API {{name}} ({{id}}) does not verify its backend's certificate: {{details}}.",
  },
  evaluate(inventory, report) {
    const results = inventory.restApis.map((api): CheckResult => {
      const resource = apiRef(api);
      if (api.resources === undefined) return report.error(api, resource, `the resources of API ${api.id} were not read`);
      const http = integrationsOf(api).filter((i) => HTTP_TYPES.has(i.integration.type));
      if (http.length === 0) return report.notApplicable(api, resource);
      const skipping = http.filter((i) => i.integration.insecureSkipVerification === true).map((i) => `${i.httpMethod} ${i.path}`);
      return skipping.length ? report.fail(api, resource, 'skipVerification', { name: api.name, id: api.id, details: skipping.join(', ') }) : report.pass(api, resource);
    });
    return [...results, ...unlistedApiScopes(inventory).map((s) => report.error(s, { arn: s.arn, type: TYPES.api }, s.reason))];
  },
});

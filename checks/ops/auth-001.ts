import { defineCheck } from '../../src/model/check.js';
import { API_TYPE, apiRef, isCorsPreflight, isPrivate, methodLabel, methodsOf, missingReason, unlistedApis } from './common.js';

export default defineCheck({
  id: 'AUTH-001',
  title: 'Private API methods with no authorization',
  severity: 'MEDIUM',
  resourceType: API_TYPE,
  requires: ['apigateway'],
  remediation: {
    text: 'Give every method an authorizer: AWS_IAM (callers sign with SigV4), a Cognito user pool authorizer or a Lambda authorizer, then redeploy. The resource policy limits where calls come from, not who makes them, and an API key alone is not authorization. Only CORS preflight (OPTIONS with a MOCK integration) may stay open.',
    url: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-control-access-to-api.html',
  },
  references: ['https://docs.aws.amazon.com/whitepapers/latest/best-practices-api-gateway-private-apis-integration/rest-api.html'],
  messages: {
    noAuthorization: 'Private API {{name}} ({{id}}) has {{count}} method(s) with authorization NONE: {{methods}}.',
  },
  evaluate(inventory, report) {
    const results = inventory.restApis.map((api) => {
      const resource = apiRef(api);
      if (!isPrivate(api)) return report.notApplicable(api, resource);
      if (api.resources === undefined) return report.error(api, resource, missingReason(inventory, api, 'GetResources', 'resources and methods'));
      const methods = methodsOf(api);
      if (methods.length === 0) return report.notApplicable(api, resource);
      const open = methods.filter((m) => m.method.authorizationType.toUpperCase() === 'NONE' && !isCorsPreflight(m.method));
      if (open.length > 0) {
        return report.fail(api, resource, 'noAuthorization', { name: api.name, id: api.id, count: open.length, methods: open.map(methodLabel).join(', ') });
      }
      // The collector writes UNKNOWN where a method's authorization type was absent: neither open nor protected.
      const unknown = methods.filter((m) => m.method.authorizationType.toUpperCase() === 'UNKNOWN');
      if (unknown.length > 0) return report.error(api, resource, `The authorization type of ${unknown.map(methodLabel).join(', ')} in API ${api.name} (${api.id}) was not returned.`);
      return report.pass(api, resource);
    });
    return [...results, ...unlistedApis(inventory, report)];
  },
});

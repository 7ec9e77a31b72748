import { defineCheck } from '../../src/model/check.js';
import { API_TYPE, apiRef, methodLabel, missingAuthorizers, missingReason, unlistedApis } from './common.js';

export default defineCheck({
  id: 'AUTH-002',
  title: 'Method references a missing authorizer',
  severity: 'HIGH',
  resourceType: API_TYPE,
  requires: ['apigateway'],
  remediation: {
    text: 'Point each CUSTOM or COGNITO_USER_POOLS method at an authorizer that exists in the API (update-method patch /authorizerId), or recreate the deleted authorizer, then redeploy the stages.',
    url: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-use-lambda-authorizer.html',
  },
  references: ['https://docs.aws.amazon.com/apigateway/latest/api/API_Method.html', 'https://docs.aws.amazon.com/apigateway/latest/api/API_Authorizer.html'],
  messages: {
    missingAuthorizer: 'API {{name}} ({{id}}) has {{count}} method(s) naming an authorizer that does not exist: {{methods}}.',
  },
  evaluate(inventory, report) {
    const results = inventory.restApis.map((api) => {
      const resource = apiRef(api);
      const found = missingAuthorizers(api);
      if (found === undefined) return report.error(api, resource, missingReason(inventory, api, 'GetResources', 'resources and methods'));
      if (found.needing === 0) return report.notApplicable(api, resource);
      const broken = found.missing;
      if (broken === undefined) return report.error(api, resource, missingReason(inventory, api, 'GetAuthorizers', 'authorizers'));
      if (broken.length === 0) return report.pass(api, resource);
      const methods = broken.map((m) => `${methodLabel(m)} (${m.method.authorizationType} ${m.method.authorizerId ?? 'no authorizerId'})`).join(', ');
      return report.fail(api, resource, 'missingAuthorizer', { name: api.name, id: api.id, count: broken.length, methods });
    });
    return [...results, ...unlistedApis(inventory, report)];
  },
});

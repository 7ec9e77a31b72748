import { defineCheck } from '../../src/model/check.js';
import { API_TYPE, apiRef, unlistedApis } from './common.js';

export default defineCheck({
  id: 'OPS-005',
  title: 'REST API is in the FAILED state',
  severity: 'MEDIUM',
  resourceType: API_TYPE,
  requires: ['apigateway'],
  remediation: {
    text: 'Read the API\'s apiStatusMessage (aws apigateway get-rest-api), fix what it names (commonly the resource policy or endpoint configuration update), then update the API again and redeploy its stages; a FAILED API keeps serving its last good deployment at best.',
    url: 'https://docs.aws.amazon.com/apigateway/latest/api/API_RestApi.html',
  },
  references: ['https://docs.aws.amazon.com/apigateway/latest/api/API_RestApi.html'],
  messages: {
    failed: 'API {{name}} ({{id}}) is in the FAILED state.',
  },
  evaluate(inventory, report) {
    const results = inventory.restApis.map((api) => {
      // GetRestApis returns no apiStatus for some APIs: nothing to judge, but no evidence of health either.
      if (api.apiStatus === undefined) return report.notApplicable(api, apiRef(api));
      if (api.apiStatus.toUpperCase() !== 'FAILED') return report.pass(api, apiRef(api));
      return report.fail(api, apiRef(api), 'failed', { name: api.name, id: api.id });
    });
    return [...results, ...unlistedApis(inventory, report)];
  },
});

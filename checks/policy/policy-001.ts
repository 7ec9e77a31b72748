import { defineCheck } from '../../src/model/check.js';
import { unlistedApis } from '../ops/common.js';

const API = 'AwsApiGatewayRestApi';

export default defineCheck({
  id: 'POLICY-001',
  title: 'Private API has no resource policy',
  severity: 'HIGH',
  resourceType: API,
  requires: ['apigateway'],
  remediation: {
    text: 'Attach a resource policy that allows execute-api:Invoke only from the intended VPC endpoints or VPCs (and denies everything else), then redeploy every stage: a private API cannot be deployed without one, and an older deployment keeps serving its snapshot.',
    url: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-private-api-create.html',
  },
  references: ['https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-resource-policies-create-attach.html'],
  messages: {
    noPolicy: 'Private API {{name}} ({{id}}) has no resource policy: new deployments fail, and what a stage serves depends on an older deployment.',
  },
  evaluate(inventory, report) {
    const apiResults = inventory.restApis.map((api) => {
      const resource = { arn: api.arn, type: API };
      if (!api.endpointConfiguration.types.includes('PRIVATE')) return report.notApplicable(api, resource);
      return api.policy?.trim() ? report.pass(api, resource) : report.fail(api, resource, 'noPolicy', { name: api.name, id: api.id });
    });
    return [...apiResults, ...unlistedApis(inventory, report)];
  },
});

import { defineCheck, type CheckResult, type Reporter, type ResourceRef } from '../../src/model/check.js';
import type { InventoryIndex } from '../../src/model/inventory-index.js';
import type { RestApi } from '../../src/model/inventory.js';
import type { ApiReach } from '../../src/reach/model.js';
import { API_TYPE } from '../ops/common.js';
import { endpointRefs, PATH_SERVICES, perPrivateApi, shortList } from './common.js';

const SHOWN = 10;

export default defineCheck({
  id: 'REACH-002',
  title: 'A private API is reachable from VPCs its policy does not name',
  severity: 'HIGH',
  resourceType: API_TYPE,
  requires: PATH_SERVICES,
  remediation: {
    text: 'Restrict the resource policy to the intended endpoints with aws:SourceVpce (Allow, plus a Deny unless aws:SourceVpce matches), and review the endpoints and VPCs listed.',
    url: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-resource-policies-examples.html',
  },
  references: ['https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-private-apis.html'],
  notes: [
    'A path only passes the resource-policy hop when the policy allows the endpoint or its VPC, so with an exact policy analysis this should never fire: it guards the model. A policy that allows any endpoint is POLICY-002\'s finding, not this one.',
  ],
  messages: {
    unintended: 'API {{name}} ({{id}}) is reachable from {{count}} client(s) its resource policy does not name: {{clients}}.',
  },
  evaluate(inventory, report) {
    return perPrivateApi(inventory, report, (api, reach, resource) => judgeUnintended(inventory, report, api, reach, resource));
  },
});

/** Exported for its test: no inventory can make the engine report an unintended reacher today. */
export function judgeUnintended(inventory: InventoryIndex, report: Reporter<'unintended'>, api: RestApi, reach: ApiReach, resource: ResourceRef): CheckResult {
      if (reach.anyEndpoint) return report.notApplicable(api, resource);
      if (reach.unintended.length === 0) return report.pass(api, resource);
      const clients = shortList(reach.unintended.map((x) => `${x.clientId} through ${x.endpointIds.join(', ')}`), SHOWN);
      const related = endpointRefs(inventory, reach.unintended.flatMap((x) => x.endpointIds));
      return report.fail(api, resource, 'unintended', { name: api.name, id: api.id, count: reach.unintended.length, clients }, { related });
}

import { defineCheck } from '../../src/model/check.js';
import { API_TYPE } from '../ops/common.js';
import { brokenRefs, describeClients, knownIntended, PATH_SERVICES, perPrivateApi } from './common.js';

export default defineCheck({
  id: 'REACH-001',
  title: 'An intended client cannot reach the private API',
  severity: 'HIGH',
  resourceType: API_TYPE,
  requires: PATH_SERVICES,
  remediation: {
    text: 'Fix the first broken hop named for each client (DNS resolution, endpoint state, the endpoint security group on TCP 443, the endpoint policy, the API resource policy, or the private integration), or remove the client from the API policy if it should not call the API. `privapi reach --api <id>` shows every hop.',
    url: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-private-api-test-invoke-url.html',
  },
  references: ['https://docs.aws.amazon.com/whitepapers/latest/best-practices-api-gateway-private-apis-integration/rest-api.html', 'https://repost.aws/knowledge-center/api-gateway-vpc-connections'],
  notes: [
    'Intended clients are read from the API itself: every VPC endpoint and VPC its resource policy allows, and the endpoints associated with it (Route 53 aliases).',
    'Only VPC clients are judged; on-premises networks come from configuration and appear in `privapi reach` and the HTML report.',
    'Not modelled: peering or transit gateway routes to an endpoint in another VPC, prefix-list sources, Resolver rules of client VPCs; a client using such a path is reported by its own VPC only.',
  ],
  messages: {
    unreachable: '{{count}} intended client(s) of API {{name}} ({{id}}) cannot reach it: {{clients}}.',
  },
  evaluate(inventory, report) {
    return perPrivateApi(inventory, report, (api, reach, resource, r) => {
      const intended = knownIntended(reach, r);
      if (intended.length === 0) return report.notApplicable(api, resource);
      const unreachable = intended.filter((i) => i.result.status === 'unreachable');
      const unknown = intended.filter((i) => i.result.status === 'unknown');
      if (unreachable.length > 0) {
        const clients = describeClients(unreachable) + (unknown.length > 0 ? `; ${unknown.length} more could not be evaluated` : '');
        return report.fail(api, resource, 'unreachable', { count: unreachable.length, name: api.name, id: api.id, clients }, { related: brokenRefs(unreachable, api.arn) });
      }
      if (unknown.length > 0) return report.error(api, resource, `Whether ${unknown.length} intended client(s) of API ${api.name} (${api.id}) reach it is unknown: ${describeClients(unknown)}`);
      return report.pass(api, resource);
    });
  },
});

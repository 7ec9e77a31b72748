import { defineCheck } from '../../src/model/check.js';
import { API_TYPE } from '../ops/common.js';
import { readPolicy } from '../policy/common.js';
import { describeClients, ec2GapsIn, knownIntended, PATH_SERVICES, perPrivateApi } from './common.js';

export default defineCheck({
  id: 'REACH-003',
  title: 'A private API no client in the organization can reach',
  severity: 'MEDIUM',
  resourceType: API_TYPE,
  requires: PATH_SERVICES,
  remediation: {
    text: 'Either repair the path of its intended clients (see REACH-001 and `privapi reach --api <id>`), or delete the API if nothing should call it: a dead private API still holds a resource policy, stages and integrations to audit.',
    url: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-private-apis.html',
  },
  references: ['https://docs.aws.amazon.com/whitepapers/latest/best-practices-api-gateway-private-apis-integration/rest-api.html'],
  notes: [
    'Clients are the VPCs of the organization; a caller outside it (a partner endpoint the policy names, an on-premises network) is not seen, so the finding says who was considered.',
  ],
  messages: {
    dead: 'No VPC of the organization can reach API {{name}} ({{id}}): {{why}}.',
  },
  evaluate(inventory, report) {
    return perPrivateApi(inventory, report, (api, reach, resource, r) => {
      if (reach.reachableBy.length > 0) return report.pass(api, resource);
      const intended = knownIntended(reach, r);
      if (intended.some((i) => i.result.status === 'reachable')) return report.pass(api, resource);
      const policy = readPolicy(api);
      if (policy.kind === 'unreadable') return report.error(api, resource, policy.reason);
      // An inexact analysis may have missed an allowed endpoint (a wildcard id, a variable).
      if (intended.length === 0 && reach.notes.length > 0) return report.error(api, resource, `Whether API ${api.name} (${api.id}) can be reached is unknown: ${reach.notes.join('; ')}`);
      const unknown = intended.filter((i) => i.result.status === 'unknown');
      if (unknown.length > 0) return report.error(api, resource, `Whether API ${api.name} (${api.id}) can be reached is unknown: ${describeClients(unknown)}`);
      // A policy open to any endpoint could be reached through an endpoint EC2 did not list.
      const gaps = reach.anyEndpoint ? ec2GapsIn(inventory, api.region) : [];
      if (gaps.length > 0) return report.error(api, resource, `Whether API ${api.name} (${api.id}) can be reached is unknown: the EC2 inventory of ${api.region} is incomplete in account(s) ${gaps.join(', ')}`);
      const why = intended.length > 0 ? `every intended client is cut off: ${describeClients(intended)}` : reach.anyEndpoint ? `no execute-api endpoint of ${api.region} gets through` : 'its resource policy names no endpoint or VPC of the organization';
      return report.fail(api, resource, 'dead', { name: api.name, id: api.id, why });
    });
  },
});

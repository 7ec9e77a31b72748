import { defineCheck, type CheckResult, type ResourceRef } from '../../src/model/check.js';
import { apiAccessCache, apiRef, endpointRef, isPrivateApi, ref, scopeKey, scopeKeys, scopeProblem, TYPES, untrustedScopes } from './common.js';

export default defineCheck({
  id: 'VPCE-007',
  title: 'Allowed endpoint in a different region from the API',
  severity: 'MEDIUM',
  resourceType: TYPES.restApi,
  requires: ['apigateway', 'ec2'],
  remediation: {
    text: "execute-api has no cross-region PrivateLink: an endpoint only reaches private APIs of its own region. Remove the other region's endpoint (or VPC) from the API's resource policy, and give the callers an endpoint in the API's region.",
    url: 'https://docs.aws.amazon.com/whitepapers/latest/best-practices-api-gateway-private-apis-integration/cross-region-private-api.html',
  },
  references: ['https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-private-apis.html'],
  messages: {
    otherRegion: 'API {{name}} ({{id}}) in {{region}} allows {{sources}} in another region: requests through it can never reach the API.',
  },
  evaluate(inventory, report) {
    const errors = untrustedScopes(inventory, report, 'apigateway', ['GetRestApis'], '/restapis');
    const skip = scopeKeys(errors);
    const accessOf = apiAccessCache(inventory);
    // Endpoint ids found nowhere may sit in a scope whose endpoints were not listed.
    const unlisted = inventory.snapshot.collections.filter((s) => s.service === 'ec2' && scopeProblem(inventory, s, 'ec2', ['DescribeVpcEndpoints', 'DescribeVpcs']) !== undefined);
    const results = inventory.restApis
      .filter((api) => !skip.has(scopeKey(api)))
      .map((api): CheckResult => {
        const resource = apiRef(api);
        if (!isPrivateApi(api)) return report.notApplicable(api, resource);
        const access = accessOf(api);
        if (!access.ok) return report.error(api, resource, access.reason);
        if (!access.access) return report.notApplicable(api, resource);
        const far: string[] = [];
        const related: ResourceRef[] = [];
        const unknown: string[] = [];
        for (const id of access.access.allowedEndpoints) {
          const e = inventory.vpcEndpoints.get(id);
          if (!e) unknown.push(id);
          else if (e.state.trim().toLowerCase() !== 'deleted' && e.region !== api.region) {
            far.push(`endpoint ${id} (${e.region})`);
            related.push(endpointRef(e));
          }
        }
        for (const id of access.access.allowedVpcs) {
          const v = inventory.vpcs.get(id);
          if (!v) unknown.push(id);
          else if (v.region !== api.region) {
            far.push(`VPC ${id} (${v.region})`);
            related.push(ref(v.arn, TYPES.vpc));
          }
        }
        if (far.length) return report.fail(api, resource, 'otherRegion', { name: api.name, id: api.id, region: api.region, sources: far.join(', ') }, { related });
        if (unknown.length && unlisted.length) {
          return report.error(api, resource, `API ${api.name} (${api.id}) allows ${unknown.join(', ')}, found in no collected inventory while EC2 was not collected in ${unlisted.map((s) => `${s.accountId}/${s.region}`).join(', ')}: their region is unknown`);
        }
        return report.pass(api, resource);
      });
    return [...results, ...errors];
  },
});

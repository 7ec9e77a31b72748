import { defineCheck, type CheckResult } from '../../src/model/check.js';
import type { RequestContext } from '../../src/policy/index.js';
import { endpointPolicyProfile, invokeArn } from '../../src/policy/index.js';
import { admits, apiAccessCache, apiRef, endpointRef, isPrivateApi, allEndpoints, isExecuteApiEndpoint, parse, scopeKey, scopeKeys, TYPES, untrustedScopes, uniqueRefs } from './common.js';

const IAM = 'AWS_IAM';
/** Principal attributes an anonymous caller does not have: fixed absent instead of searched. */
const ANONYMOUS: { principal: { type: 'anonymous' }; context: RequestContext } = {
  principal: { type: 'anonymous' },
  context: { 'aws:principalorgid': undefined, 'aws:principalorgpaths': undefined, 'aws:principalaccount': undefined, 'aws:principalarn': undefined },
};
const PRINCIPAL_KEYS_NOTE = 'principal attribute keys (aws:PrincipalOrgID, aws:PrincipalOrgPaths) are chosen freely, also for anonymous callers';
const PROBE_STAGE = 'privapi-probe-stage';

export default defineCheck({
  id: 'VPCE-006',
  title: 'Endpoint policy limits principals but methods use tokens',
  severity: 'HIGH',
  resourceType: TYPES.vpcEndpoint,
  requires: ['ec2', 'apigateway'],
  remediation: {
    text: 'Methods authorized with NONE, Cognito or a Lambda authorizer reach the endpoint unsigned, so the endpoint policy evaluates them as anonymous: restrict the endpoint policy on resources (the API ARNs, or aws:ResourceOrgID) instead of on principals (aws:PrincipalOrgID, named AWS principals), or use AWS_IAM authorization.',
    url: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-vpc-endpoint-policies.html',
  },
  references: ['https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html'],
  messages: {
    anonymousDenied:
      'Endpoint {{id}} only admits signed IAM principals, but {{count}} method(s) reachable through it are not IAM-authorized and arrive anonymous, so the endpoint denies them: {{methods}}.',
  },
  evaluate(inventory, report) {
    const errors = [...untrustedScopes(inventory, report, 'ec2', ['DescribeVpcEndpoints'], 'vpc-endpoint/*'), ...untrustedScopes(inventory, report, 'apigateway', ['GetRestApis'], '/restapis')];
    const skip = scopeKeys(errors);
    const accessOf = apiAccessCache(inventory);
    const results = allEndpoints(inventory)
      .filter((e) => !skip.has(scopeKey(e)))
      .map((e): CheckResult => {
        const resource = endpointRef(e);
        if (!isExecuteApiEndpoint(e)) return report.notApplicable(e, resource);
        if (e.policyDocument === undefined) return report.error(e, resource, `Endpoint ${e.id}: DescribeVpcEndpoints returned no policy document`);
        const parsed = parse(e.policyDocument, `The policy of endpoint ${e.id}`);
        if (!parsed.ok) return report.error(e, resource, parsed.reason);
        const profile = endpointPolicyProfile(parsed.policy);
        if (!profile.restrictsPrincipals) return report.pass(e, resource);
        // The anonymous question fixes the principal attribute keys, so the note on searching them freely does not apply.
        const notes = profile.unsupported.filter((n) => n !== PRINCIPAL_KEYS_NOTE);
        if (notes.length) return report.error(e, resource, `The policy of endpoint ${e.id} could not be fully analysed: ${notes.join('; ')}`);

        // Private APIs in the endpoint's region whose resource policy admits it.
        const denied: string[] = [];
        const related = [];
        for (const api of inventory.restApis) {
          if (!isPrivateApi(api) || api.region !== e.region) continue;
          const access = accessOf(api);
          if (!access.ok) return report.error(e, resource, access.reason);
          if (!access.access || !admits(access.access, e)) continue;
          if (api.resources === undefined) return report.error(e, resource, `The methods of API ${api.name} (${api.id}), reachable through ${e.id}, were not collected`);
          const stages = api.stages?.map((s) => s.stageName) ?? [];
          const ref = { partition: inventory.snapshot.partition, region: api.region, accountId: api.accountId, apiId: api.id };
          let hit = false;
          for (const r of api.resources) {
            for (const m of r.methods) {
              if (m.authorizationType.toUpperCase() === IAM) continue;
              for (const stage of stages.length ? stages : [PROBE_STAGE]) {
                const arn = invokeArn(ref, stage, m.httpMethod.toUpperCase() === 'ANY' ? 'GET' : m.httpMethod, r.path);
                // Reachable for someone, yet not for an anonymous caller: the principal restriction is what denies it.
                if (profile.allowsInvoke(arn) && !profile.allowsInvoke(arn, ANONYMOUS)) {
                  denied.push(`${api.name} (${api.id}) ${stage} ${m.httpMethod} ${r.path} [${m.authorizationType}]`);
                  hit = true;
                  break;
                }
              }
            }
          }
          if (hit) related.push(apiRef(api));
        }
        if (!denied.length) return report.pass(e, resource);
        const shown = denied.slice(0, 10).join(', ') + (denied.length > 10 ? `, and ${denied.length - 10} more` : '');
        return report.fail(e, resource, 'anonymousDenied', { id: e.id, count: denied.length, methods: shown }, { related: uniqueRefs(related) });
      });
    return [...results, ...errors];
  },
});

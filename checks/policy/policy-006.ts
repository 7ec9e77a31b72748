import { defineCheck } from '../../src/model/check.js';
import { API_TYPE, isCorsPreflight, methodLabel, methodsOf, missingReason } from '../ops/common.js';
import { accessOf, perApiPolicy } from './common.js';

/**
 * FAIL when an Allow for execute-api:Invoke names AWS principals, or any condition uses
 * aws:PrincipalOrgID, while a method's authorizationType is not AWS_IAM: such callers are
 * anonymous to the policy and get "anonymous is not authorized". CORS preflight (OPTIONS + MOCK)
 * is not counted. ERROR when the methods were not collected, or when the only non-IAM candidates
 * have an authorization type the collector could not read (UNKNOWN).
 */
export default defineCheck({
  id: 'POLICY-006',
  title: 'AWS principals in policy but methods not IAM-authorized',
  severity: 'HIGH',
  resourceType: API_TYPE,
  requires: ['apigateway'],
  remediation: {
    text: 'Either set authorizationType AWS_IAM on the methods so callers sign their requests, or remove the AWS principals and aws:PrincipalOrgID conditions from the resource policy (restrict by aws:SourceVpce instead), then redeploy.',
    url: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-authorization-flow.html',
  },
  references: ['https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-resource-policies-create-attach.html'],
  messages: {
    principalsWithoutIam: 'Private API {{name}} ({{id}}) requires AWS principals in its resource policy ({{principals}}) but {{count}} method(s) are not AWS_IAM-authorized, so their callers are anonymous and denied: {{methods}}.',
  },
  evaluate(inventory, report) {
    return perApiPolicy(inventory, report, (api, resource, policy) => {
      const access = accessOf(api, policy, inventory.snapshot.partition);
      const principals = [...access.awsPrincipals, ...(access.usesPrincipalOrgId ? ['aws:PrincipalOrgID condition'] : [])];
      if (principals.length === 0) return report.pass(api, resource);
      if (api.resources === undefined) return report.error(api, resource, missingReason(inventory, api, 'GetResources', 'resources and methods'));
      const methods = methodsOf(api).filter((m) => !isCorsPreflight(m.method));
      if (methods.length === 0) return report.notApplicable(api, resource);
      const auth = (type: string) => type.toUpperCase();
      const nonIam = methods.filter((m) => auth(m.method.authorizationType) !== 'AWS_IAM' && auth(m.method.authorizationType) !== 'UNKNOWN');
      if (nonIam.length > 0) {
        return report.fail(api, resource, 'principalsWithoutIam', { name: api.name, id: api.id, principals: principals.join(', '), count: nonIam.length, methods: nonIam.map((m) => `${methodLabel(m)} (${m.method.authorizationType})`).join(', ') });
      }
      const unknown = methods.filter((m) => auth(m.method.authorizationType) === 'UNKNOWN');
      if (unknown.length > 0) return report.error(api, resource, `The authorization type of ${unknown.map(methodLabel).join(', ')} in API ${api.name} (${api.id}) was not returned.`);
      return report.pass(api, resource);
    });
  },
});

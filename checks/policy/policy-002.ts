import { defineCheck } from '../../src/model/check.js';
import { API_TYPE, isCorsPreflight, methodLabel, methodsOf, missingReason } from '../ops/common.js';
import { accessOf, defined, endpointRef, notes, perApiPolicy, unsupportedReason, vpcRef } from './common.js';

/**
 * FAIL when some invoke request is allowed with an aws:SourceVpce and aws:SourceVpc the policy
 * never names (the engine's `anyEndpoint`): no Allow condition and no covering Deny narrows it.
 * Severity CRITICAL when the API has a method with authorization NONE (CORS preflight OPTIONS+MOCK
 * excepted), HIGH otherwise. Where the API's methods were not collected the finding is still
 * reported (the policy alone proves it) at HIGH, and its message says that CRITICAL could not be
 * ruled out. "Reachable" is read as "any method of the API": a policy that opens only some paths
 * still gets CRITICAL if an unauthenticated method exists elsewhere.
 */
export default defineCheck({
  id: 'POLICY-002',
  title: 'Any VPC endpoint in any account can invoke',
  severity: 'HIGH',
  resourceType: API_TYPE,
  requires: ['apigateway'],
  remediation: {
    text: 'Add a Deny for execute-api:Invoke over execute-api:/* unless aws:SourceVpce is one of your endpoint ids (StringNotEquals), or put the same aws:SourceVpce/aws:SourceVpc condition on every Allow, then redeploy. A Deny limited to one stage or path leaves the rest open, and StringLike "vpce-*" restricts nothing.',
    url: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-resource-policies-examples.html',
  },
  references: [
    'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-private-apis.html',
    'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-resource-policies.html',
  ],
  messages: {
    openUnauthenticated:
      'Private API {{name}} ({{id}}) can be invoked through any VPC endpoint in any account (no aws:SourceVpce/aws:SourceVpc restriction covers every invoke resource), and {{count}} method(s) need no authorization: {{methods}}.',
    open: 'Private API {{name}} ({{id}}) can be invoked through any VPC endpoint in any account (no aws:SourceVpce/aws:SourceVpc restriction covers every invoke resource); its methods all require authorization.',
    openMethodsUnknown:
      'Private API {{name}} ({{id}}) can be invoked through any VPC endpoint in any account (no aws:SourceVpce/aws:SourceVpc restriction covers every invoke resource). Reported as HIGH, but it is CRITICAL if a method has authorization NONE, which could not be checked: {{reason}}.',
  },
  evaluate(inventory, report) {
    return perApiPolicy(inventory, report, (api, resource, policy) => {
      const access = accessOf(api, policy, inventory.snapshot.partition);
      // Variables are evaluated literally, which can turn an open policy into a closed one and back.
      const inexact = notes(access, 'variables');
      if (inexact.length > 0) return report.error(api, resource, unsupportedReason(api, inexact));

      if (!access.anyEndpoint) {
        // "Not open" rests on a search that found no witness: a cut-short or single-valued search may have missed one.
        const incomplete = notes(access, 'truncated', 'multiValued');
        if (incomplete.length > 0) return report.error(api, resource, unsupportedReason(api, incomplete));
        const related = [...access.allowedEndpoints.map((id) => endpointRef(inventory, id)), ...access.allowedVpcs.map((id) => vpcRef(inventory, id))].filter(defined);
        return report.pass(api, resource, related);
      }

      const values = { name: api.name, id: api.id };
      if (api.resources === undefined) {
        return report.fail(api, resource, 'openMethodsUnknown', { ...values, reason: missingReason(inventory, api, 'GetResources', 'resources and methods') }, { severity: 'HIGH' });
      }
      const methods = methodsOf(api).filter((m) => !isCorsPreflight(m.method));
      const open = methods.filter((m) => m.method.authorizationType.toUpperCase() === 'NONE');
      if (open.length > 0) {
        return report.fail(api, resource, 'openUnauthenticated', { ...values, count: open.length, methods: open.map(methodLabel).join(', ') }, { severity: 'CRITICAL' });
      }
      // The collector writes UNKNOWN where a method's authorization type was absent: it may be NONE.
      const unknown = methods.filter((m) => m.method.authorizationType.toUpperCase() === 'UNKNOWN');
      if (unknown.length > 0) {
        return report.fail(api, resource, 'openMethodsUnknown', { ...values, reason: `the authorization type of ${unknown.map(methodLabel).join(', ')} was not returned` }, { severity: 'HIGH' });
      }
      return report.fail(api, resource, 'open', values, { severity: 'HIGH' });
    });
  },
});

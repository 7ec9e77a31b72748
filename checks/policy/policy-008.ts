import { defineCheck } from '../../src/model/check.js';
import { API_TYPE } from '../ops/common.js';
import { perApiPolicy } from './common.js';

const VPCE_ORG_KEYS: Readonly<Record<string, string>> = { 'aws:vpceaccount': 'aws:VpceAccount', 'aws:vpceorgid': 'aws:VpceOrgID', 'aws:vpceorgpaths': 'aws:VpceOrgPaths' };

/**
 * Reports (INFORMATIONAL) every private API whose resource policy has a condition on
 * aws:VpceAccount, aws:VpceOrgID or aws:VpceOrgPaths, in any statement: whether execute-api
 * populates these keys is unverified, so they are not counted as a restriction (POLICY-002 ignores them).
 */
export default defineCheck({
  id: 'POLICY-008',
  title: 'Relies on aws:VpceAccount/aws:VpceOrgID/aws:VpceOrgPaths',
  severity: 'INFORMATIONAL',
  resourceType: API_TYPE,
  requires: ['apigateway'],
  remediation: {
    text: 'Do not rely on aws:VpceAccount, aws:VpceOrgID or aws:VpceOrgPaths alone: add an explicit Deny unless aws:SourceVpce is one of your endpoint ids, then redeploy.',
    url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html',
  },
  references: ['https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-resource-policies-examples.html'],
  notes: ['AWS does not document whether execute-api populates aws:VpceAccount, aws:VpceOrgID or aws:VpceOrgPaths for requests through an interface endpoint: unverified, so privapi never counts them as a restriction.'],
  messages: {
    vpceOrgKeys: 'Private API {{name}} ({{id}}) conditions its resource policy on {{keys}}, whose support by execute-api is unverified; it is not counted as an endpoint restriction.',
  },
  evaluate(inventory, report) {
    return perApiPolicy(inventory, report, (api, resource, policy) => {
      const keys = [...new Set(policy.statements.flatMap((s) => s.conditions.map((c) => VPCE_ORG_KEYS[c.key]).filter((k): k is string => k !== undefined)))];
      return keys.length > 0 ? report.fail(api, resource, 'vpceOrgKeys', { name: api.name, id: api.id, keys: keys.join(', ') }) : report.pass(api, resource);
    });
  },
});

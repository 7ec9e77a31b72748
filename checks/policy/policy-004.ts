import { defineCheck } from '../../src/model/check.js';
import { API_TYPE } from '../ops/common.js';
import { defined, ec2Gaps, endpointRef, literalConditionValues, perApiPolicy } from './common.js';

/**
 * FAIL when a literal vpce- id the policy compares aws:SourceVpce with (in any statement) is an
 * endpoint EC2 still lists with State "deleted" (compared case-insensitively). An id found nowhere
 * is POLICY-003's; but while some account/region's EC2 collection is incomplete (or in
 * single-account mode) such an id may be a deleted endpoint there, so the result is ERROR.
 */
export default defineCheck({
  id: 'POLICY-004',
  title: 'Stale endpoint ids in the policy',
  severity: 'LOW',
  resourceType: API_TYPE,
  requires: ['apigateway', 'ec2'],
  remediation: {
    text: 'Remove the ids of deleted VPC endpoints from the resource policy (and from endpointConfiguration.vpcEndpointIds if associated), then redeploy every stage.',
    url: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-resource-policies-examples.html',
  },
  references: ['https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeVpcEndpoints.html'],
  messages: {
    deletedEndpoints: 'Private API {{name}} ({{id}}) still names deleted VPC endpoint(s) in its resource policy: {{endpoints}}.',
  },
  evaluate(inventory, report) {
    const complete = inventory.snapshot.mode === 'organization' && ec2Gaps(inventory).length === 0;
    return perApiPolicy(inventory, report, (api, resource, policy) => {

      const ids = literalConditionValues(policy, 'aws:sourcevpce', 'vpce-');
      const deleted = ids.filter((id) => inventory.vpcEndpoints.get(id)?.state.toLowerCase() === 'deleted');
      if (deleted.length > 0) {
        return report.fail(api, resource, 'deletedEndpoints', { name: api.name, id: api.id, endpoints: deleted.join(', ') }, { related: deleted.map((id) => endpointRef(inventory, id)).filter(defined) });
      }
      const missing = ids.filter((id) => !inventory.vpcEndpoints.has(id));
      if (missing.length > 0 && !complete) {
        return report.error(api, resource, `API ${api.name} (${api.id}): the state of ${missing.join(', ')} is unknown: the organization's EC2 endpoint inventory is incomplete.`);
      }
      return report.pass(api, resource, ids.map((id) => endpointRef(inventory, id)).filter(defined));
    });
  },
});

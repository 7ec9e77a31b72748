import { defineCheck } from '../../src/model/check.js';
import { API_TYPE } from '../ops/common.js';
import { accessOf, accountOfPrincipal, defined, ec2Gaps, endpointRef, notes, perApiPolicy, unsupportedReason, vpcRef } from './common.js';

/**
 * FAIL when the policy admits (allows to invoke, per the engine's allowedEndpoints/allowedVpcs) a
 * literal vpce-/vpc- id that no account of the organization's inventory holds, in any state, or
 * names in an Allow's Principal an AWS account that is not an organization account. An id not
 * found while some account/region's EC2 collection is incomplete, or any unknown id or account in
 * single-account mode, is an ERROR: it may exist where privapi could not look. Deleted endpoints
 * that are still listed are POLICY-004's, not this check's.
 */
export default defineCheck({
  id: 'POLICY-003',
  title: 'Policy admits VPCs/VPCEs/accounts outside the Organization',
  severity: 'HIGH',
  resourceType: API_TYPE,
  requires: ['apigateway', 'ec2'],
  remediation: {
    text: 'Remove from the resource policy the endpoint ids, VPC ids and account principals that belong to no account of the organization, or document each as an intended exception (e.g. a partner), then redeploy every stage.',
    url: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-resource-policies-examples.html',
  },
  references: ['https://docs.aws.amazon.com/whitepapers/latest/best-practices-api-gateway-private-apis-integration/rest-api.html'],
  messages: {
    outside: 'Private API {{name}} ({{id}}) admits {{outside}}, found in no account of the organization (regions scanned: {{regions}}).{{unverified}}',
  },
  evaluate(inventory, report) {
    const orgMode = inventory.snapshot.mode === 'organization';
    const gaps = ec2Gaps(inventory);
    const regions = inventory.snapshot.regions.join(', ');
    return perApiPolicy(inventory, report, (api, resource, policy) => {
      const access = accessOf(api, policy, inventory.snapshot.partition);
      const inexact = notes(access, 'variables');
      if (inexact.length > 0) return report.error(api, resource, unsupportedReason(api, inexact));

      const missingIds = [
        ...access.allowedEndpoints.filter((id) => !inventory.vpcEndpoints.has(id)),
        ...access.allowedVpcs.filter((id) => !inventory.vpcs.has(id) && !inventory.vpcEndpointsByVpc.has(id)),
      ];
      const accounts = [...new Set(access.awsPrincipals.map(accountOfPrincipal).filter(defined))];
      const missingAccounts = accounts.filter((a) => !inventory.accounts.has(a));

      const idsCertain = orgMode && gaps.length === 0;
      const certain = [...(idsCertain ? missingIds : []), ...(orgMode ? missingAccounts.map((a) => `account ${a}`) : [])];
      const uncertain = [...(idsCertain ? [] : missingIds), ...(orgMode ? [] : missingAccounts.map((a) => `account ${a}`))];
      const why = !orgMode
        ? 'privapi ran in single-account mode, so organization membership is unknown'
        : `the EC2 inventory is incomplete in ${gaps.join(', ')}`;

      if (certain.length > 0) {
        const unverified = uncertain.length > 0 ? ` Not verifiable (${why}): ${uncertain.join(', ')}.` : '';
        return report.fail(api, resource, 'outside', { name: api.name, id: api.id, outside: certain.join(', '), regions, unverified });
      }
      if (uncertain.length > 0) return report.error(api, resource, `API ${api.name} (${api.id}): could not tell whether ${uncertain.join(', ')} belong to the organization: ${why}.`);
      // No literal id is outside; ids the engine could not list (wildcards) or a search cut short may hide one.
      const incomplete = notes(access, 'truncated', 'multiValued', 'wildcardIds');
      if (incomplete.length > 0) return report.error(api, resource, unsupportedReason(api, incomplete));
      const related = [...access.allowedEndpoints.map((id) => endpointRef(inventory, id)), ...access.allowedVpcs.map((id) => vpcRef(inventory, id))].filter(defined);
      return report.pass(api, resource, related);
    });
  },
});

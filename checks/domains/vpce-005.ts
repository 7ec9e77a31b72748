import { defineCheck } from '../../src/model/check.js';
import { endpointPolicyProfile } from '../../src/policy/index.js';
import { endpointRef, allEndpoints, isExecuteApiEndpoint, parse, scopeKey, scopeKeys, TYPES, untrustedScopes } from './common.js';

const LISTING = ['DescribeVpcEndpoints'];

export default defineCheck({
  id: 'VPCE-005',
  title: 'Full-access default endpoint policy',
  severity: 'LOW',
  resourceType: TYPES.vpcEndpoint,
  requires: ['ec2'],
  remediation: {
    text: "Replace the endpoint's default full-access policy with one that allows execute-api:Invoke only on the APIs (or the organization's resources, aws:ResourceOrgID) the VPC should reach, or only for the organization's principals.",
    url: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-vpc-endpoint-policies.html',
  },
  references: ['https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html'],
  messages: {
    fullAccess: 'Endpoint {{id}} in {{vpcId}} keeps a full-access policy (Allow Principal "*", Action "*", Resource "*", no Condition): any API Gateway private API of any account is reachable through it.',
  },
  evaluate(inventory, report) {
    const errors = untrustedScopes(inventory, report, 'ec2', LISTING, 'vpc-endpoint/*');
    const skip = scopeKeys(errors);
    const results = allEndpoints(inventory)
      .filter((e) => !skip.has(scopeKey(e)))
      .map((e) => {
        const resource = endpointRef(e);
        if (!isExecuteApiEndpoint(e)) return report.notApplicable(e, resource);
        if (e.policyDocument === undefined) return report.error(e, resource, `Endpoint ${e.id}: DescribeVpcEndpoints returned no policy document`);
        const parsed = parse(e.policyDocument, `The policy of endpoint ${e.id}`);
        if (!parsed.ok) return report.error(e, resource, parsed.reason);
        return endpointPolicyProfile(parsed.policy).fullAccess ? report.fail(e, resource, 'fullAccess', { id: e.id, vpcId: e.vpcId }) : report.pass(e, resource);
      });
    return [...results, ...errors];
  },
});

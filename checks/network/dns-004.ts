import { arns } from '../../src/model/arn.js';
import { defineCheck, type ResourceRef } from '../../src/model/check.js';
import { accessOf, readPolicy } from '../policy/common.js';
import { endpointRef, isExecuteApi, liveExecuteApiEndpoints, REST_API, scopeProblem, stateOf } from './common.js';

export default defineCheck({
  id: 'DNS-004',
  title: 'Route 53 alias association points to a bad endpoint',
  severity: 'MEDIUM',
  resourceType: REST_API,
  requires: ['apigateway', 'ec2'],
  remediation: {
    text: "Associate the private API only with available execute-api endpoints in its own region (endpointConfiguration.vpcEndpointIds), and associate every private-DNS-off endpoint its policy allows: each association creates the {api-id}-{vpce-id}.execute-api.<region>.amazonaws.com alias clients use.",
    url: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-private-api-test-invoke-url.html',
  },
  references: ['https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-private-apis.html', 'https://docs.aws.amazon.com/whitepapers/latest/best-practices-api-gateway-private-apis-integration/rest-api.html'],
  messages: {
    badAssociation: 'Private API {{name}} ({{id}}) is associated with endpoint(s) that cannot serve its alias: {{problems}}.',
    allowedNotAssociated: 'Private API {{name}} ({{id}}) allows endpoint(s) {{endpoints}} with private DNS off but is not associated with them: their clients have no {api-id}-{vpce-id} alias and must send a Host or x-apigw-api-id header.',
  },
  evaluate(inventory, report) {
    const partition = inventory.snapshot.partition;
    // An id found nowhere is only "missing" when every account's endpoints were listed.
    const unlisted = inventory.snapshot.collections.flatMap((s) => (s.service === 'ec2' ? [scopeProblem(s, 'ec2', ['DescribeVpcEndpoints'])] : [])).find((p) => p !== undefined);
    const live = liveExecuteApiEndpoints(inventory);

    const apiResults = inventory.restApis.map((api) => {
      const resource = { arn: api.arn, type: REST_API };
      if (!api.endpointConfiguration.types.includes('PRIVATE')) return report.notApplicable(api, resource);
      const associated = api.endpointConfiguration.vpcEndpointIds;
      const related: ResourceRef[] = [];
      const problems: string[] = [];
      const unknown: string[] = [];
      for (const id of associated) {
        const e = inventory.vpcEndpoints.get(id);
        if (!e) {
          if (unlisted) unknown.push(id);
          else problems.push(`${id} does not exist in the organization`);
          continue;
        }
        related.push(endpointRef(e));
        if (!isExecuteApi(e)) problems.push(`${id} is an endpoint for ${e.serviceName}, not execute-api`);
        else if (e.region !== api.region) problems.push(`${id} is in ${e.region}, not ${api.region}`);
        else if (stateOf(e) !== 'available') problems.push(`${id} is ${e.state}, not available`);
      }
      const values = { name: api.name, id: api.id };
      if (problems.length > 0) return report.fail(api, resource, 'badAssociation', { ...values, problems: problems.join('; ') }, { related });
      if (unknown.length > 0) return report.error(api, resource, `Associated endpoint(s) ${unknown.join(', ')} were not found, but not every account's endpoints were listed: ${unlisted}`);

      const parsed = readPolicy(api);
      if (parsed.kind === 'parsed') {
        const access = accessOf(api, parsed.policy, partition);
        // An allowed endpoint (or VPC) that is nowhere in the inventory may be a private-DNS-off
        // endpoint of an account whose endpoints were not listed: "not associated" cannot be ruled out.
        const unseen = [...access.allowedEndpoints.filter((id) => !inventory.vpcEndpoints.has(id)), ...access.allowedVpcs.filter((id) => !inventory.vpcs.has(id))];
        if (unlisted && unseen.length > 0) return report.error(api, resource, `The policy allows ${unseen.join(', ')}, which were not found, but not every account's endpoints were listed: ${unlisted}`);
        const missing = live.filter(
          (e) =>
            !e.privateDnsEnabled &&
            e.region === api.region &&
            !associated.includes(e.id) &&
            (access.allowedEndpoints.includes(e.id) || access.allowedVpcs.includes(e.vpcId)),
        );
        if (missing.length > 0) {
          return report.fail(api, resource, 'allowedNotAssociated', { ...values, endpoints: missing.map((e) => e.id).join(', ') }, { related: [...related, ...missing.map(endpointRef)] });
        }
      }
      return report.pass(api, resource, related);
    });

    const unread = inventory.snapshot.collections.flatMap((s) => {
      const reason = s.service === 'apigateway' ? scopeProblem(s, 'apigateway') : undefined;
      return reason ? [report.error(s, { arn: arns.restApi(partition, s.region, '*'), type: REST_API }, `REST APIs were not listed: ${reason}`)] : [];
    });
    return [...apiResults, ...unread];
  },
});

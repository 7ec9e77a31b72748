import { defineCheck } from '../../src/model/check.js';
import { endpointRef, perVpc, privateDnsEndpoints, problemAt, REST_API, VPC } from './common.js';

export default defineCheck({
  id: 'DNS-003',
  title: 'Private DNS makes public APIs return 403 from this VPC',
  severity: 'INFORMATIONAL',
  resourceType: VPC,
  requires: ['ec2', 'apigateway'],
  remediation: {
    text: 'Call the public (REGIONAL or EDGE) APIs from this VPC through custom domain names, or turn private DNS off on the execute-api endpoint and invoke private APIs through their Route 53 aliases ({api-id}-{vpce-id}) or the endpoint DNS names.',
    url: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-private-apis.html',
  },
  references: ['https://repost.aws/knowledge-center/api-gateway-vpc-connections', 'https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/profiles.html'],
  messages: {
    publicApisUnreachable: 'VPC {{id}} resolves every execute-api hostname to its private-DNS endpoint(s) {{endpoints}}, so the default endpoints of the public APIs {{apis}} in the same account and region return 403 Forbidden from it.',
  },
  evaluate(inventory, report) {
    return perVpc(inventory, report, ['DescribeVpcEndpoints'], ({ id, at, resource, endpoints }) => {
      const privateDns = privateDnsEndpoints(endpoints);
      if (privateDns.length === 0) return report.notApplicable(at, resource);
      const problem = problemAt(inventory, at, 'apigateway');
      if (problem) return report.error(at, resource, `REST APIs were not listed: ${problem}`);
      const publicApis = inventory.restApis.filter(
        (api) => api.accountId === at.accountId && api.region === at.region && api.endpointConfiguration.types.some((t) => t === 'REGIONAL' || t === 'EDGE'),
      );
      const related = privateDns.map(endpointRef);
      // The catalog's INFO case (no public API beside it) is not a finding; MEDIUM when there is one.
      if (publicApis.length === 0) return report.pass(at, resource, related);
      return report.fail(
        at,
        resource,
        'publicApisUnreachable',
        { id, endpoints: privateDns.map((e) => e.id).join(', '), apis: publicApis.map((a) => `${a.name} (${a.id})`).join(', ') },
        { related: [...related, ...publicApis.map((a) => ({ arn: a.arn, type: REST_API }))], severity: 'MEDIUM' },
      );
    });
  },
});

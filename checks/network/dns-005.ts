import { defineCheck } from '../../src/model/check.js';
import { endpointRef, OTHER, perVpc, problemAt, VPC } from './common.js';

/** Nothing in AWS says a VPC serves on-premises clients: privapi reads it from this tag. */
const ON_PREMISES_TAG_KEY = 'privapi:clients';
const ON_PREMISES_TAG_VALUE = 'on-premises';

export default defineCheck({
  id: 'DNS-005',
  title: 'No on-premises resolution path for the execute-api endpoint',
  severity: 'MEDIUM',
  resourceType: VPC,
  requires: ['ec2', 'route53resolver'],
  remediation: {
    text: 'Create an inbound Route 53 Resolver endpoint in the VPC (in two AZs) and forward the execute-api domain (or the API aliases) from the on-premises DNS servers to its addresses.',
    url: 'https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resolver-forwarding-inbound-queries.html',
  },
  references: ['https://docs.aws.amazon.com/whitepapers/latest/best-practices-api-gateway-private-apis-integration/rest-api.html', 'https://repost.aws/knowledge-center/api-gateway-vpc-connections'],
  messages: {
    noInboundResolver: 'VPC {{id}} serves on-premises clients (tag {{tag}}) through execute-api endpoint(s) {{endpoints}}, but has no inbound Resolver endpoint: on-premises DNS cannot resolve the endpoint names.',
  },
  evaluate(inventory, report) {
    return perVpc(inventory, report, ['DescribeVpcEndpoints', 'DescribeVpcs'], ({ id, vpc, at, resource, endpoints }) => {
      if (endpoints.length === 0) return report.notApplicable(at, resource);
      if (!vpc) return report.error(at, resource, `VPC ${id} of endpoint(s) ${endpoints.map((e) => e.id).join(', ')} was not read`);
      if (vpc.tags[ON_PREMISES_TAG_KEY]?.trim().toLowerCase() !== ON_PREMISES_TAG_VALUE) return report.notApplicable(at, resource);
      const problem = problemAt(inventory, at, 'route53resolver');
      if (problem) return report.error(at, resource, `Resolver endpoints were not listed: ${problem}`);
      const inbound = inventory.snapshot.regional
        .flatMap((r) => r.resolverEndpoints)
        .filter((r) => r.hostVpcId === id && r.direction.toUpperCase() === 'INBOUND' && r.status.toUpperCase() !== 'DELETING');
      const related = endpoints.map(endpointRef);
      if (inbound.length > 0) return report.pass(at, resource, [...related, ...inbound.map((r) => ({ arn: r.arn, type: OTHER }))]);
      return report.fail(at, resource, 'noInboundResolver', { id, tag: `${ON_PREMISES_TAG_KEY}=${ON_PREMISES_TAG_VALUE}`, endpoints: endpoints.map((e) => e.id).join(', ') }, { related });
    });
  },
});

import { defineCheck } from '../../src/model/check.js';
import { describeErrors, endpointRef, perVpc, privateDnsEndpoints, VPC } from './common.js';

export default defineCheck({
  id: 'DNS-001',
  title: 'Private DNS on an execute-api endpoint but VPC DNS attributes off',
  severity: 'HIGH',
  resourceType: VPC,
  requires: ['ec2'],
  remediation: {
    text: 'Turn on both enableDnsSupport and enableDnsHostnames in the VPC: the private hosted zone behind an execute-api endpoint with private DNS only answers when both are on, otherwise execute-api hostnames resolve to public addresses and calls fail.',
    url: 'https://docs.aws.amazon.com/vpc/latest/userguide/vpc-dns.html',
  },
  references: ['https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-private-apis.html', 'https://docs.aws.amazon.com/vpc/latest/privatelink/privatelink-access-aws-services.html'],
  messages: {
    dnsAttributesOff: 'VPC {{id}} holds execute-api endpoint(s) {{endpoints}} with private DNS, but {{attributes}} is off: the endpoint hostnames do not resolve privately.',
  },
  evaluate(inventory, report) {
    return perVpc(inventory, report, ['DescribeVpcEndpoints', 'DescribeVpcs'], ({ id, vpc, at, resource, endpoints }) => {
      const privateDns = privateDnsEndpoints(endpoints);
      if (privateDns.length === 0) return report.notApplicable(at, resource);
      if (!vpc) return report.error(at, resource, `VPC ${id} of endpoint(s) ${privateDns.map((e) => e.id).join(', ')} was not read`);
      const related = privateDns.map(endpointRef);
      const off = (['enableDnsSupport', 'enableDnsHostnames'] as const).filter((name) => vpc[name] === false);
      if (off.length > 0) return report.fail(at, resource, 'dnsAttributesOff', { id, endpoints: privateDns.map((e) => e.id).join(', '), attributes: off.join(' and ') }, { related });
      if (vpc.enableDnsSupport === undefined || vpc.enableDnsHostnames === undefined) {
        const errors = inventory.errorsFor(vpc.accountId, vpc.region, 'ec2', id);
        return report.error(at, resource, `DNS attributes of VPC ${id} were not read${errors.length > 0 ? `: ${describeErrors(errors)}` : ''}`);
      }
      return report.pass(at, resource, related);
    });
  },
});

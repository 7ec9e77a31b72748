import { arns } from '../../src/model/arn.js';
import { defineCheck } from '../../src/model/check.js';
import { amazonResolverAddresses, endpointRef, inboundResolverAddresses, OTHER, perVpc, privateDnsEndpoints, VPC } from './common.js';

export default defineCheck({
  id: 'DNS-002',
  title: 'Private DNS relies on AmazonProvidedDNS, which the VPC does not use',
  severity: 'MEDIUM',
  resourceType: VPC,
  requires: ['ec2', 'route53resolver'],
  remediation: {
    text: "Use AmazonProvidedDNS in the VPC's DHCP option set, or make the custom DNS servers forward the execute-api domain (execute-api.<region>.amazonaws.com) to the Route 53 Resolver (an inbound Resolver endpoint or the VPC's +2 address): only the Resolver answers from the endpoint's private hosted zone.",
    url: 'https://docs.aws.amazon.com/vpc/latest/userguide/DHCPOptionSet.html',
  },
  references: ['https://docs.aws.amazon.com/whitepapers/latest/best-practices-api-gateway-private-apis-integration/rest-api.html'],
  messages: {
    customDnsServers: 'VPC {{id}} has private DNS on execute-api endpoint(s) {{endpoints}}, but its DHCP options {{dhcpOptions}} hand out {{servers}}, not AmazonProvidedDNS: unless those servers forward to the Route 53 Resolver, private API hostnames do not resolve to the endpoint.',
    noDhcpOptions: 'VPC {{id}} has private DNS on execute-api endpoint(s) {{endpoints}} but no DHCP option set, so instances are handed no DNS server.',
  },
  evaluate(inventory, report) {
    let resolvers: ReturnType<typeof inboundResolverAddresses> | undefined;
    return perVpc(inventory, report, ['DescribeVpcEndpoints', 'DescribeVpcs', 'DescribeDhcpOptions'], ({ id, vpc, at, resource, endpoints }) => {
      const privateDns = privateDnsEndpoints(endpoints);
      if (privateDns.length === 0) return report.notApplicable(at, resource);
      if (!vpc) return report.error(at, resource, `VPC ${id} of endpoint(s) ${privateDns.map((e) => e.id).join(', ')} was not read`);
      const values = { id, endpoints: privateDns.map((e) => e.id).join(', ') };
      const optionsId = vpc.dhcpOptionsId;
      if (!optionsId || optionsId === 'default') return report.fail(at, resource, 'noDhcpOptions', values, { related: privateDns.map(endpointRef) });
      const options = inventory.dhcpOptions.get(optionsId);
      const related = [...privateDns.map(endpointRef), { arn: options?.arn ?? arns.ec2(inventory.snapshot.partition, vpc.region, vpc.accountId, 'dhcp-options', optionsId), type: OTHER }];
      if (!options) return report.error(at, resource, `DHCP options ${optionsId} of VPC ${id} were not read`);
      const servers = options.domainNameServers.map((s) => s.trim());
      const amazon = amazonResolverAddresses(vpc);
      if (servers.some((s) => s.toLowerCase() === 'amazonprovideddns' || amazon.has(s))) return report.pass(at, resource, related);
      resolvers ??= inboundResolverAddresses(inventory);
      if (servers.some((s) => resolvers?.addresses.has(s))) return report.pass(at, resource, related);
      if (resolvers.unknown) return report.error(at, resource, `Custom DNS servers ${servers.join(', ')} may be inbound Resolver endpoints, but ${resolvers.unknown}`);
      return report.fail(at, resource, 'customDnsServers', { ...values, dhcpOptions: optionsId, servers: servers.join(', ') || 'no DNS server' }, { related });
    });
  },
});

import { arns } from '../../src/model/arn.js';
import { defineCheck } from '../../src/model/check.js';
import type { InventoryIndex } from '../../src/model/inventory-index.js';
import type { Vpc } from '../../src/model/inventory.js';
import { endpointRef, OTHER, perVpc, privateDnsEndpoints, scopeProblem, VPC } from './common.js';

/** The Route 53 Resolver's link-local addresses, reachable from every Nitro instance. */
const RESOLVER_LINK_LOCAL = new Set(['169.254.169.253', 'fd00:ec2::253']);

function ipv4ToNumber(ip: string): number | undefined {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return undefined;
  return parts.reduce((n, p) => n * 256 + p, 0);
}

function numberToIpv4(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}

/** The VPC's Resolver address: the base of each IPv4 CIDR block plus two. */
function vpcResolverAddresses(vpc: Vpc): string[] {
  return vpc.cidrBlocks.flatMap((cidr) => {
    const [address = '', bits = ''] = cidr.split('/');
    const base = ipv4ToNumber(address);
    const prefix = Number(bits);
    if (base === undefined || !Number.isInteger(prefix)) return [];
    const size = 2 ** (32 - prefix);
    return [numberToIpv4(base - (base % size) + 2)];
  });
}

/** Addresses of the organization's inbound Resolver endpoints, or why they are not all known. */
function inboundResolverAddresses(inventory: InventoryIndex): { addresses: Set<string>; unknown?: string } {
  const unread = inventory.snapshot.collections.flatMap((s) => (s.service === 'route53resolver' ? [scopeProblem(s, 'route53resolver')] : [])).find((p) => p !== undefined);
  const inbound = inventory.snapshot.regional.flatMap((r) => r.resolverEndpoints).filter((r) => r.direction.toUpperCase() === 'INBOUND');
  const unlisted = inbound.find((r) => r.ipAddresses === undefined);
  const addresses = new Set(inbound.flatMap((r) => (r.ipAddresses ?? []).flatMap((a) => [a.ip, a.ipv6].filter((ip): ip is string => ip !== undefined))));
  const unknown = unread ?? (unlisted ? `addresses of inbound Resolver endpoint ${unlisted.id} were not read` : undefined);
  return unknown ? { addresses, unknown } : { addresses };
}

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
      const amazon = new Set([...RESOLVER_LINK_LOCAL, ...vpcResolverAddresses(vpc)]);
      if (servers.some((s) => s.toLowerCase() === 'amazonprovideddns' || amazon.has(s))) return report.pass(at, resource, related);
      resolvers ??= inboundResolverAddresses(inventory);
      if (servers.some((s) => resolvers?.addresses.has(s))) return report.pass(at, resource, related);
      if (resolvers.unknown) return report.error(at, resource, `Custom DNS servers ${servers.join(', ')} may be inbound Resolver endpoints, but ${resolvers.unknown}`);
      return report.fail(at, resource, 'customDnsServers', { ...values, dhcpOptions: optionsId, servers: servers.join(', ') || 'no DNS server' }, { related });
    });
  },
});

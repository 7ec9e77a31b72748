import dns002 from '../../../checks/network/dns-002.js';
import { testCheck } from '../../helpers/check-tester.js';
import { denied, dhcpOptions, ec2Arn, endpoint, network, resolverEndpoint, vpc, withStatus, world } from './fixtures.js';

const custom = (...servers: string[]) => network({ vpcs: [vpc('vpc-1', { dhcpOptionsId: 'dopt-corp' })], dhcpOptions: [dhcpOptions('dopt-corp', servers)] });

testCheck(dns002, {
  pass: [
    world(),
    world(custom('192.168.10.10', 'AmazonProvidedDNS')),
    // The VPC's own Resolver address (base + 2).
    world(custom('10.1.0.2')),
    // Forwarding to an inbound Resolver endpoint of the organization.
    world({ ...custom('10.1.0.50'), resolverEndpoints: [resolverEndpoint('rslvr-in-1')] }),
  ],
  fail: [
    { snapshot: world(custom('192.168.10.10', '192.168.10.11')), findings: [{ resource: ec2Arn('vpc', 'vpc-1'), messageId: 'customDnsServers' }] },
    { snapshot: world(network({ vpcs: [vpc('vpc-1', { dhcpOptionsId: 'default' })] })), findings: [{ resource: ec2Arn('vpc', 'vpc-1'), messageId: 'noDhcpOptions' }] },
  ],
  notApplicable: [world({ ...custom('192.168.10.10'), vpcEndpoints: [endpoint('vpce-1', { privateDnsEnabled: false })] })],
  error: [
    withStatus(world(network({ dhcpOptions: [] })), 'ec2', 'failed', [denied('DescribeDhcpOptions')]),
    // Custom servers that might be inbound Resolver endpoints the failed listing would have shown.
    withStatus(world(custom('10.9.0.50')), 'route53resolver', 'failed', [denied('ListResolverEndpoints')]),
  ],
});

import { defineCheck } from '../../src/model/check.js';
import { failedScopes, listed, ref, TYPES } from './common.js';

export default defineCheck({
  id: 'R53-007',
  title: 'Inbound Resolver endpoint not highly available',
  severity: 'HIGH',
  resourceType: TYPES.resolverEndpoint,
  requires: ['route53resolver', 'ec2'],
  remediation: {
    text: 'Give the inbound Resolver endpoint at least two IP addresses in subnets of different Availability Zones, and replace addresses that are not ATTACHED: on-premises forwarders lose the private API names when the only address or AZ fails.',
    url: 'https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resolver-forwarding-inbound-queries.html',
  },
  references: [
    'https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/best-practices-resolver-endpoint-scaling.html',
    'https://docs.aws.amazon.com/whitepapers/latest/best-practices-api-gateway-private-apis-integration/on-premises-architecture.html',
  ],
  messages: {
    notHighlyAvailable: 'Inbound Resolver endpoint {{name}} ({{id}}): {{problems}}.',
  },
  evaluate(inventory, report) {
    const results = inventory.snapshot.regional.flatMap((r) => r.resolverEndpoints).map((endpoint) => {
      const resource = ref(endpoint.arn, TYPES.resolverEndpoint);
      if (!endpoint.direction.startsWith('INBOUND')) return report.notApplicable(endpoint, resource);
      if (endpoint.ipAddresses === undefined) return report.error(endpoint, resource, `IP addresses of Resolver endpoint ${endpoint.id} were not collected (ListResolverEndpointIpAddresses)`);
      const subnets = endpoint.ipAddresses.map((a) => inventory.subnets.get(a.subnetId));
      if (subnets.some((s) => s === undefined)) {
        const why = listed(inventory, endpoint, 'ec2') ? 'are not in the inventory' : 'were not collected (EC2)';
        return report.error(endpoint, resource, `Subnets of Resolver endpoint ${endpoint.id} ${why}: their Availability Zones are unknown`);
      }
      const zones = new Set(subnets.map((s) => s?.availabilityZoneId));
      const notAttached = endpoint.ipAddresses.filter((a) => a.status !== 'ATTACHED');
      const problems = [
        ...(endpoint.status === 'OPERATIONAL' ? [] : [`status ${endpoint.status}`]),
        ...(endpoint.ipAddresses.length < 2 ? [`${endpoint.ipAddresses.length} IP address(es)`] : []),
        ...(zones.size < 2 ? [`addresses in ${zones.size} Availability Zone(s)`] : []),
        ...notAttached.map((a) => `${a.ip ?? a.ipv6 ?? a.ipId ?? a.subnetId} is ${a.status}`),
      ];
      const related = [
        ref(inventory.vpcs.get(endpoint.hostVpcId)?.arn ?? endpoint.hostVpcId, TYPES.vpc),
        ...[...new Map(subnets.flatMap((s) => (s ? [[s.arn, ref(s.arn, TYPES.subnet)] as const] : []))).values()],
      ];
      if (problems.length === 0) return report.pass(endpoint, resource, related);
      return report.fail(endpoint, resource, 'notHighlyAvailable', { name: endpoint.name ?? endpoint.id, id: endpoint.id, problems: problems.join('; ') }, { related });
    });
    return [...results, ...failedScopes(inventory, report, ['route53resolver'], TYPES.resolverEndpoint)];
  },
});

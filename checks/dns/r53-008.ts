import { defineCheck } from '../../src/model/check.js';
import type { SecurityGroupRule } from '../../src/model/inventory.js';
import { failedScopes, listed, ref, TYPES } from './common.js';

const allowsDns = (rule: SecurityGroupRule, protocol: 'tcp' | 'udp') => {
  const proto = rule.ipProtocol.toLowerCase();
  if (proto === '-1' || proto === 'all') return true;
  if (proto !== protocol && proto !== (protocol === 'tcp' ? '6' : '17')) return false;
  const from = rule.fromPort ?? -1;
  const to = rule.toPort ?? -1;
  return (from === -1 && to === -1) || (from <= 53 && 53 <= to);
};

export default defineCheck({
  id: 'R53-008',
  title: 'Resolver endpoint security group missing port 53',
  severity: 'MEDIUM',
  resourceType: TYPES.resolverEndpoint,
  requires: ['route53resolver', 'ec2'],
  remediation: {
    text: 'Allow DNS over both UDP and TCP port 53 in the Resolver endpoint\'s security groups inbound, from the on-premises forwarders: large answers and retries use TCP.',
    url: 'https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resolver-security-groups.html',
  },
  references: ['https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resolver-forwarding-inbound-queries.html'],
  messages: {
    port53Missing: '{{direction}} Resolver endpoint {{name}} ({{id}}): its security groups allow no inbound {{missing}} port 53.',
  },
  evaluate(inventory, report) {
    const results = inventory.snapshot.regional.flatMap((r) => r.resolverEndpoints).map((endpoint) => {
      const resource = ref(endpoint.arn, TYPES.resolverEndpoint);
      // Outbound endpoints send queries: only inbound ones (INBOUND, INBOUND_DELEGATION) must accept port 53.
      if (!endpoint.direction.startsWith('INBOUND')) return report.notApplicable(endpoint, resource);
      if (!listed(inventory, endpoint, 'ec2')) return report.error(endpoint, resource, `EC2 was not collected in ${endpoint.accountId}/${endpoint.region}: the endpoint's security groups are unknown`);
      const groups = endpoint.securityGroupIds.map((id) => ({ id, group: inventory.securityGroups.get(id), errors: inventory.errorsFor(endpoint.accountId, endpoint.region, 'ec2', id) }));
      const unread = groups.filter((g) => g.group === undefined || g.errors.length > 0);
      if (unread.length) return report.error(endpoint, resource, `Security group(s) ${unread.map((g) => g.id).join(', ')} of Resolver endpoint ${endpoint.id} were not collected`);
      const rules = groups.flatMap((g) => g.group?.rules ?? []).filter((rule) => !rule.isEgress);
      const missing = (['udp', 'tcp'] as const).filter((p) => !rules.some((rule) => allowsDns(rule, p)));
      const related = groups.flatMap((g) => (g.group ? [ref(g.group.arn, TYPES.securityGroup)] : []));
      if (missing.length === 0) return report.pass(endpoint, resource, related);
      return report.fail(endpoint, resource, 'port53Missing', {
        direction: endpoint.direction,
        name: endpoint.name ?? endpoint.id,
        id: endpoint.id,
        missing: missing.map((p) => p.toUpperCase()).join(' or '),
      }, { related });
    });
    return [...results, ...failedScopes(inventory, report, ['route53resolver'], TYPES.resolverEndpoint)];
  },
});

import { defineCheck, type CheckResult, type ResourceRef } from '../../src/model/check.js';
import type { InventoryIndex } from '../../src/model/inventory-index.js';
import type { SecurityGroup, SecurityGroupRule } from '../../src/model/inventory.js';
import { parseCidr, type Cidr } from '../../src/policy/ip.js';
import {
  apiRef, connectionIdsOf, integrationsOf, isListenerArn, lbRef, linkRef, listenersByArn, listenersUnusable, loadBalancerArnOf, portMatches, TYPES, unusable,
  uniqueRefs, uriTargetsOf,
  unlistedV2LinkScopes,
} from './common.js';

const covers = (outer: Cidr, inner: Cidr) => {
  if (outer.version !== inner.version || outer.prefix > inner.prefix) return false;
  const bits = outer.version === 4 ? 32 : 128;
  const mask = outer.prefix === 0 ? 0n : ((1n << BigInt(outer.prefix)) - 1n) << BigInt(bits - outer.prefix);
  return (inner.network & mask) === outer.network;
};

/** A rule's CIDR covers every block (a prefix list's contents are not collected: it is given the benefit of the doubt). */
function ruleCovers(rule: SecurityGroupRule, blocks: readonly Cidr[], groups: readonly string[]): boolean {
  if (rule.referencedGroupId !== undefined) return groups.includes(rule.referencedGroupId);
  if (rule.prefixListId !== undefined) return true;
  const cidr = parseCidr(rule.cidrIpv4 ?? rule.cidrIpv6 ?? '');
  return cidr !== undefined && blocks.length > 0 && blocks.every((b) => covers(cidr, b));
}

/** The subnets' CIDR blocks, or undefined when one of them is unknown. */
function subnetBlocks(inventory: InventoryIndex, subnetIds: readonly (string | undefined)[]): Cidr[] | undefined {
  const blocks: Cidr[] = [];
  for (const id of subnetIds) {
    const cidr = id === undefined ? undefined : parseCidr(inventory.subnets.get(id)?.cidrBlock ?? '');
    if (!cidr) return undefined;
    blocks.push(cidr);
  }
  return blocks;
}

export default defineCheck({
  id: 'INT-010',
  title: 'VPC link V2 security groups block the path',
  severity: 'MEDIUM',
  resourceType: TYPES.link,
  requires: ['apigateway', 'apigatewayv2', 'elbv2', 'ec2'],
  remediation: {
    text: "Allow egress from the VPC link's security groups to the load balancer on the listener port, and ingress on the load balancer's groups from the link's groups (or its subnets).",
    url: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-vpc-links.html',
  },
  references: ['https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-security-groups.html'],
  messages: {
    blocked: 'VPC link {{name}} ({{id}}) cannot reach its load balancer: {{details}}.',
  },
  evaluate(inventory, report) {
    const listeners = listenersByArn(inventory);
    const results = [...inventory.vpcLinksV2.values()].map((link): CheckResult => {
      const resource = linkRef(link);
      const here = (x: { accountId: string; region: string }) => x.accountId === link.accountId && x.region === link.region;
      let uncertain: string | undefined;
      // (load balancer, port) pairs the link carries traffic to, from the integrations that use it.
      const paths = new Map<string, { lbArn: string; port: number }>();
      const related: ResourceRef[] = [];
      for (const api of inventory.restApis.filter(here)) {
        if (api.resources === undefined) {
          uncertain ??= `the resources of API ${api.id} were not read`;
          continue;
        }
        for (const { integration } of integrationsOf(api)) {
          const target = integration.integrationTarget;
          if (integration.connectionType !== 'VPC_LINK' || target === undefined || !connectionIdsOf(api, integration).includes(link.id)) continue;
          related.push(apiRef(api));
          const lbArn = loadBalancerArnOf(target);
          const listener = isListenerArn(target) ? listeners.get(target) : undefined;
          const ports = listener ? [listener.port] : uriTargetsOf(api, integration).map((t) => t.port);
          for (const port of ports) paths.set(`${lbArn}|${port}`, { lbArn, port });
        }
      }
      if (paths.size === 0) return uncertain ? report.error(link, resource, uncertain) : report.notApplicable(link, resource);
      const ec2 = unusable(inventory, link, 'ec2', ['DescribeSubnets', 'DescribeSecurityGroupRules', 'DescribeSecurityGroups']);
      if (ec2) return report.error(link, resource, ec2);
      const groupsOf = (ids: readonly string[]): SecurityGroup[] | undefined => {
        const out = ids.map((id) => inventory.securityGroups.get(id));
        return out.every((g) => g !== undefined) ? out : undefined;
      };
      const linkGroups = groupsOf(link.securityGroupIds);
      const linkBlocks = subnetBlocks(inventory, link.subnetIds);
      const blocked: string[] = [];
      for (const { lbArn, port } of paths.values()) {
        const lb = inventory.loadBalancers.get(lbArn);
        if (!lb) continue; // INT-004 reports a missing target.
        related.push(lbRef(lb.arn));
        const lbGroups = groupsOf(lb.securityGroupIds);
        const lbBlocks = subnetBlocks(inventory, lb.availabilityZones.map((z) => z.subnetId));
        if (!linkGroups || !lbGroups || !linkBlocks || !lbBlocks || listenersUnusable(inventory, lb)) {
          uncertain ??= `the security groups or subnets of VPC link ${link.id} or load balancer ${lb.name} were not collected`;
          continue;
        }
        const egress = linkGroups.some((g) => g.rules.some((r) => r.isEgress && portMatches(r, port) && ruleCovers(r, lbBlocks, lb.securityGroupIds)));
        // A load balancer without security groups admits everything its subnets' NACLs allow.
        const ingress = lbGroups.length === 0 || lbGroups.some((g) => g.rules.some((r) => !r.isEgress && portMatches(r, port) && ruleCovers(r, linkBlocks, link.securityGroupIds)));
        if (!egress) blocked.push(`the link's groups allow no egress to ${lb.name} on port ${port}`);
        if (!ingress) blocked.push(`${lb.name}'s groups do not admit the link on port ${port}`);
      }
      const rel = uniqueRefs(related);
      if (blocked.length) return report.fail(link, resource, 'blocked', { name: link.name, id: link.id, details: blocked.join('; ') }, { related: rel });
      if (uncertain) return report.error(link, resource, uncertain);
      return report.pass(link, resource, rel);
    });
    return [...results, ...unlistedV2LinkScopes(inventory).map((s) => report.error(s, { arn: s.arn, type: TYPES.link }, s.reason))];
  },
});

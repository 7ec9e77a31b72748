import { defineCheck, type CheckResult } from '../../src/model/check.js';
import { lbRef, linkRef, targetGroupRef, TYPES, unlistedLoadBalancerScopes } from './common.js';

export default defineCheck({
  id: 'INT-013',
  title: 'Legacy V1 link or NLB in front of ALB',
  severity: 'INFORMATIONAL',
  resourceType: TYPES.link,
  requires: ['apigateway', 'apigatewayv2', 'elbv2'],
  remediation: {
    text: 'Migrate to a VPC link V2 with an integrationTarget: it reaches an ALB or NLB directly, without the PrivateLink endpoint service of a V1 link or the extra NLB hop (and its cost and latency) in front of an ALB.',
    url: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/private-integration.html',
  },
  references: ['https://docs.aws.amazon.com/elasticloadbalancing/latest/network/application-load-balancer-target.html'],
  messages: {
    legacyLink: 'VPC link {{name}} ({{id}}) is a legacy V1 link (NLB only, through PrivateLink).',
    nlbInFrontOfAlb: 'Target group {{name}} puts an NLB in front of an ALB: an extra hop a VPC link V2 to the ALB avoids.',
  },
  evaluate(inventory, report) {
    const links: CheckResult[] = [
      ...[...inventory.vpcLinksV1.values()].map((link) =>
        report.fail(link, linkRef(link), 'legacyLink', { name: link.name, id: link.id }, { related: link.targetArns.map(lbRef) }),
      ),
      ...[...inventory.vpcLinksV2.values()].map((link) => report.pass(link, linkRef(link))),
    ];
    // Only NLBs accept targets of type alb.
    const groups = [...inventory.targetGroups.values()].map((tg) =>
      tg.targetType === 'alb'
        ? report.fail(tg, targetGroupRef(tg.arn), 'nlbInFrontOfAlb', { name: tg.name }, { related: [...tg.loadBalancerArns, ...(tg.targets ?? []).map((t) => t.targetId)].map(lbRef) })
        : report.notApplicable(tg, targetGroupRef(tg.arn)),
    );
    const unlisted = inventory
      .unlistedScopes(['apigateway', 'apigatewayv2'], { skipped: true, operations: ['GetVpcLinks'] })
      .map((s) => report.error(s, { arn: `arn:${inventory.snapshot.partition}:apigateway:${s.region}::/vpclinks`, type: TYPES.link }, `VPC links were not listed in ${s.accountId}/${s.region} (${s.service}): ${s.reason}`));
    return [...links, ...groups, ...unlisted, ...unlistedLoadBalancerScopes(inventory).map((s) => report.error(s, lbRef(s.arn), s.reason))];
  },
});

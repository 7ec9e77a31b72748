import { defineCheck, type CheckResult } from '../../src/model/check.js';
import { linkRef, TYPES } from './common.js';

export default defineCheck({
  id: 'INT-012',
  title: 'VPC link V2 inactive',
  severity: 'LOW',
  resourceType: TYPES.link,
  requires: ['apigateway', 'apigatewayv2'],
  remediation: {
    text: 'Alarm on the link status: a VPC link V2 unused for 60 days goes INACTIVE and its network interfaces are deleted; the next request re-creates them with a delay (or fails). Send periodic traffic or delete the unused link.',
    url: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-vpc-links.html',
  },
  references: ['https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/vpclinks-vpclinkid.html'],
  messages: {
    inactive: 'VPC link {{name}} ({{id}}) is INACTIVE{{detail}}.',
  },
  evaluate(inventory, report) {
    // V1 links have no idle state: not applicable. A failed V2 listing leaves nothing to judge there.
    const v1: CheckResult[] = [...inventory.vpcLinksV1.values()].map((link) => report.notApplicable(link, linkRef(link)));
    const v2 = [...inventory.vpcLinksV2.values()].map((link) =>
      link.status.toUpperCase() === 'INACTIVE'
        ? report.fail(link, linkRef(link), 'inactive', { name: link.name, id: link.id, detail: link.statusMessage ? `: ${link.statusMessage}` : '' })
        : report.pass(link, linkRef(link)),
    );
    const unlisted = inventory
      .unlistedScopes('apigatewayv2', { skipped: true })
      .map((s) => report.error(s, { arn: `arn:${inventory.snapshot.partition}:apigateway:${s.region}::/vpclinks`, type: TYPES.link }, `VPC links V2 were not listed in ${s.accountId}/${s.region}: ${s.reason}`));
    return [...v1, ...v2, ...unlisted];
  },
});

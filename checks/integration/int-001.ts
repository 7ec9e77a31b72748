import { defineCheck, type CheckResult } from '../../src/model/check.js';
import { apiRef, findLink, linkRef, linksUnusable, stageVariableOf, TYPES, unlistedApiScopes, uniqueRefs, vpcLinkIntegrationsOf } from './common.js';

const BROKEN = new Set(['FAILED', 'DELETING', 'PENDING']);

export default defineCheck({
  id: 'INT-001',
  title: 'Integration points to a broken VPC link',
  severity: 'HIGH',
  resourceType: TYPES.api,
  requires: ['apigateway', 'apigatewayv2'],
  remediation: {
    text: 'Recreate the VPC link (or fix what made it fail, e.g. subnet or ENI permissions) and point the integration at an AVAILABLE link, then redeploy the stages.',
    url: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/private-integration.html',
  },
  references: ['https://docs.aws.amazon.com/apigateway/latest/developerguide/private-integration.html'],
  messages: {
    linkNotFound: 'API {{name}} ({{id}}) integrates through VPC link(s) that exist in neither API Gateway version here: {{details}}.',
    linkBroken: 'API {{name}} ({{id}}) integrates through VPC link(s) that cannot carry traffic: {{details}}.',
  },
  evaluate(inventory, report) {
    const results: CheckResult[] = inventory.restApis.map((api) => {
      const resource = apiRef(api);
      if (api.resources === undefined) return report.error(api, resource, `the resources of API ${api.id} were not read`);
      // Literal ids only: a ${stageVariables.x} id is resolved per stage by INT-002.
      const ids = [...new Set(vpcLinkIntegrationsOf(api).map((i) => i.integration.connectionId).filter((id): id is string => !!id && stageVariableOf(id) === undefined))];
      if (ids.length === 0) return report.notApplicable(api, resource);
      const missing: string[] = [];
      const broken: string[] = [];
      const related = [];
      let uncertain: string | undefined;
      for (const id of ids) {
        const { v1, v2 } = findLink(inventory, api, id);
        const link = v2 ?? v1;
        if (!link) {
          const reason = linksUnusable(inventory, api);
          if (reason) uncertain ??= reason;
          else missing.push(id);
          continue;
        }
        related.push(linkRef(link));
        if (BROKEN.has(link.status.toUpperCase())) broken.push(`${id} (${v2 ? 'V2' : 'V1'}) is ${link.status}${link.statusMessage ? `: ${link.statusMessage}` : ''}`);
      }
      const values = { name: api.name, id: api.id };
      if (missing.length) return report.fail(api, resource, 'linkNotFound', { ...values, details: [...missing, ...broken].join('; ') }, { related: uniqueRefs(related) });
      if (broken.length) return report.fail(api, resource, 'linkBroken', { ...values, details: broken.join('; ') }, { related: uniqueRefs(related) });
      if (uncertain) return report.error(api, resource, uncertain);
      return report.pass(api, resource, uniqueRefs(related));
    });
    return [...results, ...unlistedApiScopes(inventory).map((s) => report.error(s, { arn: s.arn, type: TYPES.api }, s.reason))];
  },
});

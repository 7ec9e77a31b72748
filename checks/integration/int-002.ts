import { defineCheck, type CheckResult } from '../../src/model/check.js';
import { apiRef, findLink, linkRef, linksUnusable, stageRef, stageVariableOf, TYPES, unlistedApiScopes, vpcLinkIntegrationsOf } from './common.js';

export default defineCheck({
  id: 'INT-002',
  title: 'Stage variable for the VPC link missing',
  severity: 'HIGH',
  resourceType: TYPES.stage,
  requires: ['apigateway', 'apigatewayv2'],
  remediation: {
    text: 'Set the stage variable the integration reads (e.g. vpcLinkId) on every stage of the API, to the id of a VPC link in the same account and Region.',
    url: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/private-integration.html',
  },
  references: ['https://docs.aws.amazon.com/apigateway/latest/developerguide/stage-variables.html'],
  messages: {
    variableMissing: 'Stage {{stage}} of API {{name}} ({{id}}) does not set the stage variable(s) its VPC link integration reads: {{variables}}.',
    linkMissing: 'Stage {{stage}} of API {{name}} ({{id}}) names VPC link(s) that do not exist here: {{details}}.',
  },
  evaluate(inventory, report) {
    const results: CheckResult[] = inventory.restApis.flatMap((api) => {
      if (api.resources === undefined) return [report.error(api, apiRef(api), `the resources of API ${api.id} were not read`)];
      const variables = [...new Set(vpcLinkIntegrationsOf(api).flatMap((i) => stageVariableOf(i.integration.connectionId) ?? []))];
      if (api.stages === undefined) {
        return variables.length ? [report.error(api, apiRef(api), `the stages of API ${api.id} were not read`)] : [];
      }
      return api.stages.map((stage) => {
        const resource = stageRef(stage);
        if (variables.length === 0) return report.notApplicable(stage, resource);
        const values = { stage: stage.stageName, name: api.name, id: api.id };
        const unset = variables.filter((v) => !stage.variables[v]);
        if (unset.length) return report.fail(stage, resource, 'variableMissing', { ...values, variables: unset.join(', ') }, { related: [apiRef(api)] });
        const missing: string[] = [];
        const related = [apiRef(api)];
        for (const v of variables) {
          const id = stage.variables[v] ?? '';
          const { v1, v2 } = findLink(inventory, stage, id);
          const link = v2 ?? v1;
          if (link) related.push(linkRef(link));
          else missing.push(`${v}=${id}`);
        }
        if (missing.length) {
          const reason = linksUnusable(inventory, stage);
          return reason ? report.error(stage, resource, reason) : report.fail(stage, resource, 'linkMissing', { ...values, details: missing.join(', ') }, { related });
        }
        return report.pass(stage, resource, related);
      });
    });
    return [...results, ...unlistedApiScopes(inventory).map((s) => report.error(s, { arn: s.arn, type: TYPES.api }, s.reason))];
  },
});

import { defineCheck, type ResourceRef } from '../../src/model/check.js';
import { API_TYPE, apiRef, isCorsPreflight, isPrivate, methodLabel, methodsOf, missingReason, OTHER_TYPE, stageRef, unlistedApis } from './common.js';

export default defineCheck({
  id: 'AUTH-003',
  title: 'Public API exposes a private backend with no authorization',
  severity: 'HIGH',
  resourceType: API_TYPE,
  requires: ['apigateway'],
  remediation: {
    text: 'Require authorization on every VPC_LINK method of the REGIONAL or EDGE API (AWS_IAM, Cognito or a Lambda authorizer), and add a resource policy limiting callers and an AWS WAF web ACL on each stage; or make the API PRIVATE if only internal clients need the backend.',
    url: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-control-access-to-api.html',
  },
  references: ['https://docs.aws.amazon.com/whitepapers/latest/best-practices-api-gateway-private-apis-integration/rest-api.html'],
  messages: {
    openBackend: 'Public API {{name}} ({{id}}) sends unauthenticated calls ({{methods}}) through a VPC link to a private backend, with no resource policy and no WAF on stage(s) {{stages}}.',
  },
  evaluate(inventory, report) {
    const results = inventory.restApis.map((api) => {
      const resource = apiRef(api);
      if (isPrivate(api)) return report.notApplicable(api, resource);
      if (api.resources === undefined) return report.error(api, resource, missingReason(inventory, api, 'GetResources', 'resources and methods'));
      const linked = methodsOf(api).filter((m) => m.method.integration?.connectionType?.toUpperCase() === 'VPC_LINK');
      if (linked.length === 0) return report.notApplicable(api, resource);
      const open = linked.filter((m) => m.method.authorizationType.toUpperCase() === 'NONE' && !isCorsPreflight(m.method));
      if (open.length === 0 || api.policy?.trim()) return report.pass(api, resource);
      if (api.stages === undefined) return report.error(api, resource, missingReason(inventory, api, 'GetStages', 'stages'));
      const unguarded = api.stages.filter((s) => !s.webAclArn?.trim());
      if (unguarded.length === 0) return report.pass(api, resource);
      const links: ResourceRef[] = [...new Set(open.map((m) => m.method.integration?.connectionId ?? ''))].flatMap((id) => {
        const link = inventory.vpcLinksV1.get(id) ?? inventory.vpcLinksV2.get(id);
        return link ? [{ arn: link.arn, type: OTHER_TYPE }] : [];
      });
      return report.fail(
        api,
        resource,
        'openBackend',
        { name: api.name, id: api.id, methods: open.map(methodLabel).join(', '), stages: unguarded.map((s) => s.stageName).join(', ') },
        { related: [...unguarded.map(stageRef), ...links] },
      );
    });
    return [...results, ...unlistedApis(inventory, report)];
  },
});

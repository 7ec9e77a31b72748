import { defineCheck, type CheckResult, type ResourceRef } from '../../src/model/check.js';
import { apiIn, apiRef, isPrivateApi, perPrivateDomain, ref, TYPES } from './common.js';

export default defineCheck({
  id: 'CDN-007',
  title: 'Mapping points to a bad target',
  severity: 'MEDIUM',
  resourceType: TYPES.domainName,
  requires: ['apigateway'],
  remediation: {
    text: "Point every base path mapping of a private custom domain at an existing PRIVATE API of the domain's account and region and at a stage that exists (deploy it first).",
    url: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-private-custom-domains.html',
  },
  references: ['https://docs.aws.amazon.com/apigateway/latest/api/API_GetBasePathMappings.html'],
  messages: {
    badMapping: 'Private custom domain {{name}} ({{domainId}}) maps to a bad target: {{problems}}.',
  },
  evaluate(inventory, report) {
    return perPrivateDomain(inventory, report, ['GetDomainNames', 'GetRestApis'], (d, resource): CheckResult => {
      if (d.basePathMappings === undefined) return report.error(d, resource, `The base path mappings of domain ${d.domainName} were not collected (GetBasePathMappings)`);
      if (d.basePathMappings.length === 0) return report.notApplicable(d, resource);
      const problems: string[] = [];
      const related: ResourceRef[] = [];
      for (const m of d.basePathMappings) {
        const label = `base path ${m.basePath}`;
        const api = apiIn(inventory, d, m.restApiId);
        if (!api) {
          problems.push(`${label} names API ${m.restApiId}, which does not exist`);
          related.push(ref(`arn:${inventory.snapshot.partition}:apigateway:${d.region}::/restapis/${m.restApiId}`, TYPES.restApi));
          continue;
        }
        if (!isPrivateApi(api)) {
          problems.push(`${label} names API ${api.name} (${api.id}), which is ${api.endpointConfiguration.types.join('/') || 'not'} PRIVATE`);
          related.push(apiRef(api));
        }
        if (m.stage === undefined) continue;
        if (api.stages === undefined) return report.error(d, resource, `The stages of API ${api.name} (${api.id}), mapped by domain ${d.domainName}, were not collected`);
        if (!api.stages.some((s) => s.stageName === m.stage)) {
          problems.push(`${label} names stage ${m.stage} of API ${api.name} (${api.id}), which does not exist`);
          related.push(apiRef(api));
        }
      }
      if (!problems.length) return report.pass(d, resource);
      return report.fail(d, resource, 'badMapping', { name: d.domainName, domainId: d.domainNameId ?? '-', problems: problems.join('; ') }, { related: [...new Map(related.map((r) => [r.arn, r])).values()] });
    });
  },
});

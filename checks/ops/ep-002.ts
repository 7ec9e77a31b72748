import { defineCheck, type ResourceRef } from '../../src/model/check.js';
import type { DomainName } from '../../src/model/inventory.js';
import { API_TYPE, apiRef, OTHER_TYPE, unlistedApis } from './common.js';

const key = (accountId: string, region: string) => `${accountId}|${region}`;

export default defineCheck({
  id: 'EP-002',
  title: 'Default execute-api endpoint stays enabled behind a private custom domain',
  severity: 'LOW',
  resourceType: API_TYPE,
  requires: ['apigateway'],
  remediation: {
    text: 'Set disableExecuteApiEndpoint to true on the API (aws apigateway update-rest-api --patch-operations op=replace,path=/disableExecuteApiEndpoint,value=True) and redeploy its stages, so clients can reach it only through the private custom domain name.',
    url: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/rest-api-disable-default-endpoint.html',
  },
  references: ['https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-private-custom-domains.html', 'https://docs.aws.amazon.com/apigateway/latest/developerguide/rest-api-disable-default-endpoint.html'],
  notes: ['AWS documents disableExecuteApiEndpoint for REST APIs in general (the default endpoint then answers 403, after a redeployment) without saying how it behaves for PRIVATE APIs reached through a private custom domain: unverified for private APIs.'],
  messages: {
    defaultEndpointOn: 'API {{name}} ({{id}}) is mapped to the private custom domain {{domains}} but its default execute-api endpoint is still enabled.',
  },
  evaluate(inventory, report) {
    // Private domains the account owns, by account and region; base path mappings are the owner's.
    const domains = new Map<string, DomainName[]>();
    for (const r of inventory.snapshot.regional) {
      domains.set(key(r.accountId, r.region), r.domainNames.filter((d) => d.resourceOwner === 'SELF' && d.endpointTypes.includes('PRIVATE')));
    }
    const results = inventory.restApis.map((api) => {
      const resource = apiRef(api);
      const own = domains.get(key(api.accountId, api.region)) ?? [];
      const mapped = own.filter((d) => d.basePathMappings?.some((m) => m.restApiId === api.id));
      const related: ResourceRef[] = mapped.map((d) => ({ arn: d.arn, type: OTHER_TYPE }));
      if (mapped.length > 0) {
        if (api.disableExecuteApiEndpoint) return report.pass(api, resource, related);
        const names = [...new Set(mapped.map((d) => d.domainName))].sort().join(', ');
        return report.fail(api, resource, 'defaultEndpointOn', { name: api.name, id: api.id, domains: names }, { related });
      }
      // Not mapped as far as we know: unless a listing we needed failed.
      const listingFailed = inventory.errorsFor(api.accountId, api.region, 'apigateway', 'resourceOwner=SELF').some((e) => e.operation === 'GetDomainNames');
      const unknownMappings = own.filter((d) => d.basePathMappings === undefined);
      if (!api.disableExecuteApiEndpoint && (listingFailed || unknownMappings.length > 0)) {
        const what = listingFailed ? 'the custom domain names (GetDomainNames)' : `the base path mappings of ${unknownMappings.map((d) => d.domainName).join(', ')}`;
        return report.error(api, resource, `Whether API ${api.name} (${api.id}) sits behind a private custom domain is unknown: ${what} were not collected.`);
      }
      return report.notApplicable(api, resource);
    });
    return [...results, ...unlistedApis(inventory, report)];
  },
});

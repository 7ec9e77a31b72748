import { defineCheck, type CheckResult, type ResourceRef } from '../../src/model/check.js';
import { endpointPolicyProfile, invokeAccess } from '../../src/policy/index.js';
import {
  admits,
  apiAccessCache,
  apiIn,
  apiRef,
  associationRef,
  consumerAssociations,
  DOMAIN_PROBE_NOTE,
  domainExecuteArn,
  domainNameOfArn,
  domainRef,
  endpointRef,
  ownedDomainsByArn,
  parse,
  ref,
  scopeKey,
  scopeKeys,
  scopeProblem,
  TYPES,
  untrustedScopes,
  uniqueRefs,
} from './common.js';

export default defineCheck({
  id: 'CDN-004',
  title: 'Association exists but access is denied',
  severity: 'MEDIUM',
  resourceType: TYPES.association,
  requires: ['apigateway', 'ec2'],
  remediation: {
    text: "A request through an associated endpoint must pass three policies: the domain's invoke policy, the resource policy of the API the base path maps to, and the endpoint's own policy. Allow the associated endpoint (aws:SourceVpce) in the first two and the domain and API in the third.",
    url: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-private-custom-domains.html',
  },
  references: ['https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-vpc-endpoint-policies.html'],
  messages: {
    denied: 'Endpoint {{endpointId}} is associated with private custom domain {{name}}, but {{layers}}.',
  },
  evaluate(inventory, report) {
    const errors = untrustedScopes(inventory, report, 'apigateway', ['GetDomainNameAccessAssociations'], '/domainnameaccessassociations');
    const skip = scopeKeys(errors);
    const domains = ownedDomainsByArn(inventory);
    const accessOf = apiAccessCache(inventory);
    const partition = inventory.snapshot.partition;
    const results = consumerAssociations(inventory)
      .filter((a) => !skip.has(scopeKey(a)))
      .map((a): CheckResult => {
        const resource = associationRef(a);
        if (a.accessAssociationSourceType.toUpperCase() !== 'VPCE') return report.notApplicable(a, resource);
        const name = domainNameOfArn(a.domainNameArn);
        const domain = domains.get(a.domainNameArn);
        if (!domain) {
          const provider = { accountId: a.domainNameArn.split(':')[4] ?? '', region: a.domainNameArn.split(':')[3] ?? '' };
          const why = scopeProblem(inventory, provider, 'apigateway', ['GetDomainNames']) ?? `the domain was not found in the inventory of its owner ${provider.accountId}`;
          return report.error(a, resource, `The policies of private custom domain ${name} cannot be read: ${why}`);
        }
        const endpoint = inventory.vpcEndpoints.get(a.accessAssociationSource);
        const related: ResourceRef[] = [domainRef(domain)];
        const layers: string[] = [];
        if (!endpoint || endpoint.state.trim().toLowerCase() === 'deleted') {
          const why = scopeProblem(inventory, a, 'ec2', ['DescribeVpcEndpoints']);
          if (why) return report.error(a, resource, `Endpoint ${a.accessAssociationSource} of the association cannot be read: ${why}`);
          return report.fail(a, resource, 'denied', { endpointId: a.accessAssociationSource, name, layers: 'the endpoint no longer exists' }, { related: [...related, ref(arnOfEndpoint(partition, a), TYPES.vpcEndpoint)] });
        }
        related.push(endpointRef(endpoint));

        // 1. The domain's invoke policy.
        if (!domain.policy?.trim()) layers.push('the domain has no invoke policy');
        else {
          const parsed = parse(domain.policy, `The invoke policy of domain ${domain.domainName}`);
          if (!parsed.ok) return report.error(a, resource, parsed.reason);
          const access = invokeAccess(parsed.policy, { executeArn: domainExecuteArn(inventory, domain) });
          if (!admits(access, endpoint)) {
            const notes = access.unsupported.filter((n) => n !== DOMAIN_PROBE_NOTE);
            if (notes.length) return report.error(a, resource, `The invoke policy of domain ${domain.domainName} could not be fully analysed: ${notes.join('; ')}`);
            layers.push(`the domain's invoke policy does not allow ${endpoint.id}`);
          }
        }

        // 2. The resource policy of each API the domain maps to.
        if (domain.basePathMappings === undefined) return report.error(a, resource, `The base path mappings of domain ${domain.domainName} were not collected`);
        const apiRefs = [];
        for (const mapping of domain.basePathMappings) {
          const api = apiIn(inventory, domain, mapping.restApiId);
          if (!api) continue; // a mapping to nothing is CDN-007's
          related.push(apiRef(api));
          apiRefs.push({ partition, region: api.region, accountId: api.accountId, apiId: api.id, name: api.name });
          const access = accessOf(api);
          if (!access.ok) return report.error(a, resource, access.reason);
          if (!access.access) layers.push(`API ${api.name} (${api.id}) has no resource policy`);
          else if (!admits(access.access, endpoint)) layers.push(`the resource policy of API ${api.name} (${api.id}) does not allow ${endpoint.id}`);
        }

        // 3. The endpoint's own policy, for the domain and each mapped API.
        if (endpoint.policyDocument === undefined) return report.error(a, resource, `Endpoint ${endpoint.id}: DescribeVpcEndpoints returned no policy document`);
        const parsed = parse(endpoint.policyDocument, `The policy of endpoint ${endpoint.id}`);
        if (!parsed.ok) return report.error(a, resource, parsed.reason);
        const profile = endpointPolicyProfile(parsed.policy);
        const blocked = [
          ...(profile.allowsInvoke(domainExecuteArn(inventory, domain)) ? [] : [`domain ${domain.domainName}`]),
          ...apiRefs.filter((r) => !profile.allowsInvoke(r)).map((r) => `API ${r.name} (${r.apiId})`),
        ];
        if (blocked.length) {
          if (profile.unsupported.length) return report.error(a, resource, `The policy of endpoint ${endpoint.id} could not be fully analysed: ${profile.unsupported.join('; ')}`);
          layers.push(`the policy of endpoint ${endpoint.id} does not allow ${blocked.join(' or ')}`);
        }

        if (!layers.length) return report.pass(a, resource, uniqueRefs(related));
        return report.fail(a, resource, 'denied', { endpointId: endpoint.id, name, layers: layers.join('; ') }, { related: uniqueRefs(related) });
      });
    return [...results, ...errors];
  },
});

function arnOfEndpoint(partition: string, a: { accountId: string; region: string; accessAssociationSource: string }): string {
  return `arn:${partition}:ec2:${a.region}:${a.accountId}:vpc-endpoint/${a.accessAssociationSource}`;
}

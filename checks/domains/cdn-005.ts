import { defineCheck, type CheckResult } from '../../src/model/check.js';
import { associationRef, consumerAssociations, domainNameOfArn, ref, scopeKey, scopeKeys, TYPES, untrustedScopes } from './common.js';

export default defineCheck({
  id: 'CDN-005',
  title: 'Same domain name twice on one endpoint',
  severity: 'MEDIUM',
  resourceType: TYPES.association,
  requires: ['apigateway'],
  remediation: {
    text: 'An endpoint can serve one private custom domain per name: TLS and routing cannot tell two domains of the same name apart. Keep one association per name on the endpoint and use a separate endpoint for the other domain.',
    url: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-private-custom-domains.html',
  },
  references: ['https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-private-custom-domains-consumer-create.html'],
  messages: {
    duplicate: 'Endpoint {{endpointId}} is associated with {{count}} private custom domains named {{name}} ({{domains}}).',
  },
  evaluate(inventory, report) {
    const errors = untrustedScopes(inventory, report, 'apigateway', ['GetDomainNameAccessAssociations'], '/domainnameaccessassociations');
    const skip = scopeKeys(errors);
    const associations = consumerAssociations(inventory).filter((a) => !skip.has(scopeKey(a)));
    const byEndpointAndName = new Map<string, typeof associations>();
    for (const a of associations) {
      const key = `${a.accessAssociationSourceType}|${a.accessAssociationSource}|${domainNameOfArn(a.domainNameArn).toLowerCase()}`;
      byEndpointAndName.set(key, [...(byEndpointAndName.get(key) ?? []), a]);
    }
    const results = associations.map((a): CheckResult => {
      const resource = associationRef(a);
      if (a.accessAssociationSourceType.toUpperCase() !== 'VPCE') return report.notApplicable(a, resource);
      const name = domainNameOfArn(a.domainNameArn);
      const same = byEndpointAndName.get(`${a.accessAssociationSourceType}|${a.accessAssociationSource}|${name.toLowerCase()}`) ?? [];
      const domains = [...new Set(same.map((s) => s.domainNameArn))];
      if (domains.length < 2) return report.pass(a, resource);
      return report.fail(
        a,
        resource,
        'duplicate',
        { endpointId: a.accessAssociationSource, count: domains.length, name, domains: domains.join(', ') },
        { related: [...domains.map((d) => ref(d, TYPES.domainName)), ...same.filter((s) => s.arn !== a.arn).map(associationRef)] },
      );
    });
    return [...results, ...errors];
  },
});

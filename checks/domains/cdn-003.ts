import { defineCheck, type CheckResult } from '../../src/model/check.js';
import { arnAccount, associationRef, isOrgAccount, perPrivateDomain, TYPES } from './common.js';

export default defineCheck({
  id: 'CDN-003',
  title: 'Access association from an external account',
  severity: 'HIGH',
  resourceType: TYPES.domainName,
  requires: ['apigateway'],
  remediation: {
    text: 'Reject the access association (RejectDomainNameAccessAssociation) and tighten the management policy (or the RAM share) to the organization; the invoke policy alone then decides whether the external endpoint gets through.',
    url: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-private-custom-domains-provider-share.html',
  },
  references: ['https://docs.aws.amazon.com/apigateway/latest/api/API_RejectDomainNameAccessAssociation.html'],
  messages: {
    external: 'Private custom domain {{name}} ({{domainId}}) has access associations from accounts outside the organization: {{consumers}}.',
  },
  evaluate(inventory, report) {
    const accountMode = inventory.snapshot.mode === 'account';
    const associations = inventory.snapshot.regional.flatMap((r) => r.domainNameAccessAssociations);
    return perPrivateDomain(inventory, report, ['GetDomainNames', 'GetDomainNameAccessAssociations'], (d, resource): CheckResult => {
      const mine = [...new Map(associations.filter((a) => a.domainNameArn === d.arn).map((a) => [a.arn, a])).values()];
      const external = mine.filter((a) => !isOrgAccount(inventory, arnAccount(a.arn)));
      if (!external.length) return report.pass(d, resource);
      const consumers = [...new Set(external.map((a) => `${arnAccount(a.arn)} (${a.accessAssociationSource})`))].join(', ');
      if (accountMode) return report.error(d, resource, `Domain ${d.domainName} is associated by ${consumers}: in account mode the organization is unknown, so whether they are inside it cannot be told`);
      return report.fail(d, resource, 'external', { name: d.domainName, domainId: d.domainNameId ?? '-', consumers }, { related: external.map(associationRef) });
    });
  },
});

import { defineCheck, type CheckResult, type ResourceRef } from '../../src/model/check.js';
import {
  associationRef,
  consumerAssociations,
  domainNameOfArn,
  endpointRef,
  ref,
  resolveThroughEndpoint,
  scopeKey,
  scopeKeys,
  scopeProblem,
  TYPES,
  untrustedScopes,
  zoneRef,
} from './common.js';

export default defineCheck({
  id: 'CDN-008',
  title: "Consumer VPC can't resolve the domain",
  severity: 'MEDIUM',
  resourceType: TYPES.association,
  requires: ['apigateway', 'ec2', 'route53', 'elbv2'],
  remediation: {
    text: "In the consumer account, create a private hosted zone for the domain name (or use one that covers it), associate it with the endpoint's VPC, and add an alias record to the associated endpoint's DNS name (or to a load balancer whose targets are the endpoint's addresses).",
    url: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-private-custom-domains-consumer-create.html',
  },
  references: ['https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/hosted-zone-private-associate-vpcs.html'],
  messages: {
    unresolved: 'VPC {{vpcId}} of endpoint {{endpointId}} cannot resolve private custom domain {{name}}: {{why}}.',
  },
  evaluate(inventory, report) {
    const errors = untrustedScopes(inventory, report, 'apigateway', ['GetDomainNameAccessAssociations'], '/domainnameaccessassociations');
    const skip = scopeKeys(errors);
    const results = consumerAssociations(inventory)
      .filter((a) => !skip.has(scopeKey(a)))
      .map((a): CheckResult => {
        const resource = associationRef(a);
        if (a.accessAssociationSourceType.toUpperCase() !== 'VPCE') return report.notApplicable(a, resource);
        const endpoint = inventory.vpcEndpoints.get(a.accessAssociationSource);
        if (!endpoint || endpoint.state.trim().toLowerCase() === 'deleted') {
          const why = scopeProblem(inventory, a, 'ec2', ['DescribeVpcEndpoints']);
          // A dangling association is CDN-004's finding.
          return why ? report.error(a, resource, `Endpoint ${a.accessAssociationSource} of the association cannot be read: ${why}`) : report.notApplicable(a, resource);
        }
        const name = domainNameOfArn(a.domainNameArn);
        const found = resolveThroughEndpoint(inventory, name, endpoint);
        const related: ResourceRef[] = [ref(a.domainNameArn, TYPES.domainName), endpointRef(endpoint)];
        if (found.resolved) return report.pass(a, resource, [...related, zoneRef(found.zone)]);
        if (found.unknown.length) return report.error(a, resource, `Whether VPC ${endpoint.vpcId} resolves ${name} cannot be told: ${[...new Set(found.unknown)].join('; ')}`);
        const why = found.zones.length
          ? `no record of the name in its private zones (${found.zones.map((z) => z.name).join(', ')}) aliases the endpoint or a load balancer in front of it`
          : 'no private hosted zone is associated with the VPC';
        return report.fail(a, resource, 'unresolved', { vpcId: endpoint.vpcId, endpointId: endpoint.id, name, why }, { related: [...related, ...found.zones.map(zoneRef)] });
      });
    return [...results, ...errors];
  },
});

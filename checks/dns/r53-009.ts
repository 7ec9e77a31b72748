import { defineCheck } from '../../src/model/check.js';
import { failedScopes, hostedZones, normalizeName, ref, TYPES } from './common.js';

const RULE_TYPES = ['FORWARD', 'SYSTEM'];
const BAD_ASSOCIATION = ['OVERRIDDEN', 'FAILED'];

const covers = (a: string, b: string) => a === b || a.endsWith(`.${b}`) || b.endsWith(`.${a}`);

export default defineCheck({
  id: 'R53-009',
  title: 'Forwarding rules not working',
  severity: 'MEDIUM',
  resourceType: TYPES.resolverRule,
  requires: ['route53resolver'],
  remediation: {
    text: 'Make sure the Resolver rule for the private API names (execute-api or the private domain) is COMPLETE and associated with every VPC that must use it, and remove what overrides the association (a private hosted zone or a more specific rule for the same domain in that VPC).',
    url: 'https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resolver-rules-managing.html',
  },
  references: [
    'https://docs.aws.amazon.com/whitepapers/latest/best-practices-api-gateway-private-apis-integration/on-premises-architecture.html',
    'https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resolver-overview-DSN-queries-to-vpc.html',
  ],
  messages: {
    notWorking: '{{ruleType}} Resolver rule {{name}} for {{domain}}: {{problems}}.',
  },
  evaluate(inventory, report) {
    const regional = inventory.snapshot.regional;
    const associations = regional.flatMap((r) => r.resolverRuleAssociations);
    /** Names that resolve only privately: private zones and private custom domain names of the organization. */
    const privateDomains = [
      ...hostedZones(inventory).filter((z) => z.privateZone).map((z) => normalizeName(z.name)),
      ...regional.flatMap((r) => r.domainNames).filter((d) => d.endpointTypes.includes('PRIVATE')).map((d) => normalizeName(d.domainName)),
    ];
    const results = regional.flatMap((r) => r.resolverRules).map((rule) => {
      const resource = ref(rule.arn, TYPES.resolverRule);
      const domain = normalizeName(rule.domainName);
      const relevant = RULE_TYPES.includes(rule.ruleType) && domain !== '' && (covers(domain, `execute-api.${rule.region}.amazonaws.com`) || privateDomains.some((p) => covers(domain, p)));
      if (!relevant) return report.notApplicable(rule, resource);
      const own = associations.filter((a) => a.resolverRuleId === rule.id);
      const problems = [
        ...(rule.status === 'COMPLETE' ? [] : [`status ${rule.status}`]),
        ...(own.length === 0 ? ['associated with no VPC'] : []),
        ...own.filter((a) => BAD_ASSOCIATION.includes(a.status)).map((a) => `association with ${a.vpcId} is ${a.status}${a.statusMessage ? ` (${a.statusMessage})` : ''}`),
      ];
      const related = own.map((a) => ref(inventory.vpcs.get(a.vpcId)?.arn ?? a.vpcId, TYPES.vpc));
      if (problems.length === 0) return report.pass(rule, resource, related);
      return report.fail(rule, resource, 'notWorking', { ruleType: rule.ruleType, name: rule.name ?? rule.id, domain: rule.domainName, problems: problems.join('; ') }, { related });
    });
    return [...results, ...failedScopes(inventory, report, ['route53resolver'], TYPES.resolverRule)];
  },
});

import { defineCheck, type CheckResult } from '../../src/model/check.js';
import { actionMatches, type Statement } from '../../src/policy/index.js';
import { isOrgAccount, parse, perPrivateDomain, TYPES } from './common.js';

const ACTION = 'apigateway:CreateAccessAssociation';
/** Condition keys that limit who the caller is (non-negated). */
const PRINCIPAL_KEYS = new Set(['aws:principalorgid', 'aws:principalorgpaths', 'aws:principalaccount', 'aws:principalarn']);

const covers = (s: Statement): boolean => {
  const hit = s.action.values.some((a) => actionMatches(a, ACTION));
  return s.action.kind === 'Action' ? hit : !hit;
};

/** The account a principal name stands for: `123456789012`, `arn:…:iam::123456789012:…`, `arn:…:sts::…`. */
const accountOf = (name: string): string | undefined => (/^\d{12}$/.test(name) ? name : /^arn:[^:]+:(?:iam|sts)::(\d{12}):/.exec(name)?.[1]);

export default defineCheck({
  id: 'CDN-002',
  title: '`managementPolicy` too broad',
  severity: 'HIGH',
  resourceType: TYPES.domainName,
  requires: ['apigateway'],
  remediation: {
    text: "Allow apigateway:CreateAccessAssociation only to the consumer accounts of the organization (or share the domain through AWS RAM with the organization): with Principal \"*\" anyone can associate an endpoint and then depends only on the invoke policy.",
    url: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-private-custom-domains-tutorial.html',
  },
  references: ['https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-private-custom-domains-provider-share.html'],
  messages: {
    tooBroad: 'The management policy of private custom domain {{name}} ({{domainId}}) lets {{who}} create access associations.',
  },
  evaluate(inventory, report) {
    const accountMode = inventory.snapshot.mode === 'account';
    return perPrivateDomain(inventory, report, ['GetDomainNames'], (d, resource): CheckResult => {
      // Without a management policy only the owner can associate endpoints (answer key).
      if (!d.managementPolicy?.trim()) return report.pass(d, resource);
      const parsed = parse(d.managementPolicy, `The management policy of domain ${d.domainName}`);
      if (!parsed.ok) return report.error(d, resource, parsed.reason);
      const broad: string[] = [];
      const unknown: string[] = [];
      for (const s of parsed.policy.statements) {
        if (s.effect !== 'Allow' || !covers(s)) continue;
        const limited = s.conditions.some((c) => PRINCIPAL_KEYS.has(c.key) && !c.operator.negated);
        if (s.principal.kind === 'NotPrincipal') {
          if (!limited) broad.push('everyone but the NotPrincipal');
          continue;
        }
        if (s.principal.kind === 'none' || s.principal.set.any || s.principal.set.aws.includes('*')) {
          if (!limited) broad.push('any principal ("*")');
          continue;
        }
        for (const name of s.principal.set.aws) {
          const account = accountOf(name);
          if (account === undefined) unknown.push(name);
          else if (!isOrgAccount(inventory, account)) (accountMode ? unknown : broad).push(accountMode ? name : `account ${account}, outside the organization`);
        }
      }
      if (broad.length) return report.fail(d, resource, 'tooBroad', { name: d.domainName, domainId: d.domainNameId ?? '-', who: [...new Set(broad)].join(', ') });
      if (unknown.length) {
        return report.error(d, resource, `The management policy of domain ${d.domainName} names ${[...new Set(unknown)].join(', ')}: ${accountMode ? 'in account mode the organization is unknown' : 'not an account or IAM ARN'}, so whether it is inside the organization cannot be told`);
      }
      return report.pass(d, resource);
    });
  },
});

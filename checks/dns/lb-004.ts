import { defineCheck } from '../../src/model/check.js';
import { EniLookup, failedScopes, frontsEndpoints, ref, TYPES } from './common.js';

const SECURE = ['HTTPS', 'TLS'];

/**
 * The lowest TLS version an ELBv2 predefined security policy accepts, when it is below 1.2.
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html
 */
export function legacyTlsVersion(policy: string): string | undefined {
  if (['ELBSecurityPolicy-2016-08', 'ELBSecurityPolicy-2015-05', 'ELBSecurityPolicy-FS-2018-06'].includes(policy)) return 'TLS 1.0';
  if (/^ELBSecurityPolicy-(TLS-1-0-|TLS13-1-0-)/.test(policy)) return 'TLS 1.0';
  if (/^ELBSecurityPolicy-(TLS-1-1-|TLS13-1-1-|FS-1-1-)/.test(policy)) return 'TLS 1.1';
  return undefined;
}

export default defineCheck({
  id: 'LB-004',
  title: 'Front-end listener TLS and certificate',
  severity: 'MEDIUM',
  resourceType: TYPES.listener,
  requires: ['elbv2', 'ec2'],
  remediation: {
    text: 'Use a TLS 1.2+ security policy (e.g. ELBSecurityPolicy-TLS13-1-2-2021-06) on HTTPS/TLS listeners in front of the execute-api endpoint, and renew certificates well before they expire.',
    url: 'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html',
  },
  references: [
    'https://docs.aws.amazon.com/whitepapers/latest/best-practices-api-gateway-private-apis-integration/multi-region-private-api-gateway.html',
    'https://docs.aws.amazon.com/elasticloadbalancing/latest/network/describe-ssl-policies.html',
  ],
  notes: ['Only the listener security policy is checked: certificate expiry needs ACM DescribeCertificate for each listener certificate, which privapi does not call yet.'],
  messages: {
    legacyTls: 'Listener {{protocol}}:{{port}} of {{name}} uses security policy {{policy}}, which still accepts {{version}}.',
  },
  evaluate(inventory, report) {
    const enis = new EniLookup(inventory);
    const results = [...inventory.loadBalancers.values()].flatMap((lb) => {
      const lbRef = ref(lb.arn, TYPES.loadBalancer);
      const { endpoints, missing } = frontsEndpoints(inventory, enis, lb);
      if (endpoints.length === 0) return [missing === undefined ? report.notApplicable(lb, lbRef) : report.error(lb, lbRef, missing)];
      const listenerErrors = inventory.errorsFor(lb.accountId, lb.region, 'elbv2', lb.arn).filter((e) => e.operation === 'DescribeListeners');
      if (listenerErrors.length) return [report.error(lb, lbRef, `Listeners of ${lb.name} were not collected: ${listenerErrors.map((e) => `${e.operation} ${e.code}`).join(', ')}`)];
      const listeners = inventory.listenersByLoadBalancer.get(lb.arn) ?? [];
      if (listeners.length === 0) return [report.notApplicable(lb, lbRef)];
      return listeners.map((listener) => {
        const resource = ref(listener.arn, TYPES.listener);
        if (!SECURE.includes(listener.protocol)) return report.notApplicable(listener, resource);
        const related = [lbRef, ...endpoints.map((e) => ref(e.arn, TYPES.vpcEndpoint)), ...listener.certificateArns.map((arn) => ref(arn, 'AwsCertificateManagerCertificate'))];
        const version = listener.sslPolicy === undefined ? undefined : legacyTlsVersion(listener.sslPolicy);
        if (version === undefined) return report.pass(listener, resource, related);
        return report.fail(listener, resource, 'legacyTls', { protocol: listener.protocol, port: listener.port, name: lb.name, policy: listener.sslPolicy ?? '', version }, { related });
      });
    });
    return [...results, ...failedScopes(inventory, report, ['elbv2'], TYPES.listener)];
  },
});

import { defineCheck } from '../../src/model/check.js';
import type { HealthCheck } from '../../src/model/inventory.js';
import { ELB_NAME, failedScopes, healthCheckUsers, healthChecks, hostedZones, normalizeName, ref, TYPES, userRefs } from './common.js';

/** Types whose checkers connect to the target from the internet. */
const ENDPOINT_TYPES = ['HTTP', 'HTTPS', 'HTTP_STR_MATCH', 'HTTPS_STR_MATCH', 'TCP'];

/** RFC 1918, shared (RFC 6598), link-local and loopback IPv4; unique-local, link-local and loopback IPv6. */
export function isPrivateAddress(ip: string): boolean {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (v4) {
    const [a = 0, b = 0, c = 0, d = 0] = v4.slice(1).map(Number);
    if ([a, b, c, d].some((n) => n > 255)) return false;
    return a === 10 || a === 127 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254) || (a === 100 && b >= 64 && b <= 127);
  }
  if (ip.includes(':') && /^[0-9a-f:.]+$/i.test(ip)) {
    const v = ip.toLowerCase();
    return v === '::1' || /^f[cd][0-9a-f]{0,2}:/.test(v) || /^fe[89ab][0-9a-f]?:/.test(v);
  }
  return false;
}

export default defineCheck({
  id: 'R53-002',
  title: "Private-zone health check can't reach a private target",
  severity: 'HIGH',
  resourceType: TYPES.healthCheck,
  requires: ['route53'],
  remediation: {
    text: 'Route 53 health checkers run on the internet and cannot reach private addresses: replace the HTTP/HTTPS/TCP check with a CloudWatch alarm health check on a metric of the private target (e.g. the load balancer\'s healthy host count).',
    url: 'https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-private-hosted-zones.html',
  },
  references: [
    'https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/health-checks-types.html',
    'https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-determining-health-of-endpoints.html',
  ],
  messages: {
    privateTarget: '{{type}} health check {{id}} targets private {{target}}, used by {{records}} in a private zone: Route 53 checkers cannot reach it, so the record is always unhealthy.',
  },
  evaluate(inventory, report) {
    const users = healthCheckUsers(inventory);
    const zones = hostedZones(inventory);
    const privateNames = zones.filter((z) => z.privateZone).map((z) => normalizeName(z.name));
    /** A name only resolvable inside a VPC: under a private zone, an endpoint's or an internal load balancer's name. */
    const privateName = (fqdn: string) => {
      const name = normalizeName(fqdn);
      return privateNames.some((z) => name === z || name.endsWith(`.${z}`)) || name.endsWith('.vpce.amazonaws.com') || (name.startsWith('internal-') && ELB_NAME.test(name));
    };
    const target = (check: HealthCheck): string | undefined => {
      if (check.ipAddress !== undefined) return isPrivateAddress(check.ipAddress) ? `address ${check.ipAddress}` : undefined;
      const fqdn = check.fullyQualifiedDomainName;
      return fqdn !== undefined && privateName(fqdn) ? `name ${fqdn}` : undefined;
    };
    const results = healthChecks(inventory).map((check) => {
      const resource = ref(check.arn, TYPES.healthCheck);
      const used = (users.get(check.id) ?? []).filter((u) => u.zone.privateZone);
      if (used.length === 0) {
        // Records reference health checks of their own account: an unread private zone there may use it.
        const unread = zones.find((z) => z.accountId === check.accountId && z.privateZone && z.records === undefined);
        return unread ? report.error(check, resource, `Records of private zone ${unread.name} (${unread.id}) were not collected: whether it uses health check ${check.id} is unknown`) : report.notApplicable(check, resource);
      }
      const related = userRefs(used);
      const where = ENDPOINT_TYPES.includes(check.type) ? target(check) : undefined;
      if (where === undefined) return report.pass(check, resource, related);
      return report.fail(check, resource, 'privateTarget', { type: check.type, id: check.id, target: where, records: used.map((u) => `${u.record.name} ${u.record.type}`).join(', ') }, { related });
    });
    return [...results, ...failedScopes(inventory, report, ['route53'], TYPES.healthCheck)];
  },
});

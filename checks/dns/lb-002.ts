import { defineCheck } from '../../src/model/check.js';
import { inVpcTargets, perEndpointTargetGroup, TYPES, unlistedAddressOwners } from './common.js';

export default defineCheck({
  id: 'LB-002',
  title: 'Registered endpoint IPs drifted',
  severity: 'HIGH',
  resourceType: TYPES.targetGroup,
  requires: ['elbv2', 'ec2'],
  remediation: {
    text: "Register exactly the execute-api endpoint's current ENI addresses and deregister the others; automate it (an EventBridge rule or custom resource that re-reads the endpoint's network interfaces), since endpoint ENIs can be replaced.",
    url: 'https://docs.aws.amazon.com/elasticloadbalancing/latest/network/target-group-register-targets.html',
  },
  references: ['https://docs.aws.amazon.com/whitepapers/latest/best-practices-api-gateway-private-apis-integration/multi-region-private-api-gateway.html'],
  messages: {
    drifted: 'Target group {{name}} no longer matches endpoint {{endpoints}}: registered but on no endpoint ENI: {{stale}}; endpoint addresses not registered: {{unregistered}}.',
  },
  evaluate(inventory, report) {
    return perEndpointTargetGroup(inventory, report, (tg, endpoints, { resource, related, enis }) => {
      const expected = endpoints.map((e) => enis.endpointAddresses(e));
      if (expected.some((a) => a === undefined)) return report.error(tg, resource, `The network interfaces of endpoint ${endpoints.map((e) => e.id).join(', ')} were not all collected`);
      const endpointIps = new Set(expected.flat() as string[]);
      const registered = new Set(inVpcTargets(tg).map((t) => t.targetId));
      const stale = [...registered].filter((ip) => !endpointIps.has(ip)).sort();
      const unregistered = [...endpointIps].filter((ip) => !registered.has(ip)).sort();
      // A "stale" address on no ENI privapi saw may be another endpoint's in an account not listed;
      // an unregistered endpoint address is drift whatever those accounts hold.
      const unlisted = stale.length && !unregistered.length ? unlistedAddressOwners(inventory, enis, tg, stale) : undefined;
      if (unlisted !== undefined) return report.error(tg, resource, unlisted);
      if (stale.length === 0 && unregistered.length === 0) return report.pass(tg, resource, related);
      return report.fail(tg, resource, 'drifted', {
        name: tg.name,
        endpoints: endpoints.map((e) => e.id).join(', '),
        stale: stale.join(', ') || 'none',
        unregistered: unregistered.join(', ') || 'none',
      }, { related });
    });
  },
});

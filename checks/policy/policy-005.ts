import { defineCheck } from '../../src/model/check.js';
import { API_TYPE } from '../ops/common.js';
import { accessOf, perApiPolicy } from './common.js';

/**
 * FAIL (MEDIUM) when any condition tests aws:SourceIp: through an interface endpoint the source
 * address is rewritten, so the condition never sees the client (aws:VpcSourceIp does). Otherwise
 * the catalog's WARN, IP conditions listing only IPv4 addresses although private APIs are
 * dual-stack, is reported as a FAIL at LOW severity (the model has no WARN status).
 */
export default defineCheck({
  id: 'POLICY-005',
  title: "Source-IP conditions that don't work on private APIs",
  severity: 'MEDIUM',
  resourceType: API_TYPE,
  requires: ['apigateway'],
  remediation: {
    text: 'Replace aws:SourceIp with aws:VpcSourceIp (the client address inside the VPC) and list IPv6 ranges alongside IPv4 ones, then redeploy every stage.',
    url: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-resource-policies-examples.html',
  },
  references: ['https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-private-apis.html'],
  messages: {
    sourceIp: 'Private API {{name}} ({{id}}) tests aws:SourceIp in its resource policy: requests through a VPC endpoint carry a rewritten source address, so use aws:VpcSourceIp.',
    ipv4Only: 'Private API {{name}} ({{id}}) has IP conditions listing only IPv4 addresses, but private APIs are dual-stack: IPv6 clients are not matched.',
  },
  evaluate(inventory, report) {
    return perApiPolicy(inventory, report, (api, resource, policy) => {
      const access = accessOf(api, policy, inventory.snapshot.partition);
      const values = { name: api.name, id: api.id };
      if (access.usesSourceIp) return report.fail(api, resource, 'sourceIp', values);
      if (access.ipv4OnlyIpConditions) return report.fail(api, resource, 'ipv4Only', values, { severity: 'LOW' });
      return report.pass(api, resource);
    });
  },
});

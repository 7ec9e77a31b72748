import { executeApiHost } from '../../src/model/arn.js';
import { defineCheck } from '../../src/model/check.js';
import { API_TYPE, apiRef, isPrivate, unlistedApis } from '../ops/common.js';
import { ec2GapsIn, endpointRefs, reachOf, shortList } from './common.js';

const SHOWN = 10;

export default defineCheck({
  id: 'REACH-004',
  title: 'Private DNS in organization VPCs makes a public API unreachable by its default hostname',
  severity: 'LOW',
  resourceType: API_TYPE,
  requires: ['apigateway', 'ec2'],
  remediation: {
    text: 'Give the API a custom domain name and have VPC clients call it by that name, or turn private DNS off on the execute-api endpoints listed and invoke private APIs through their Route 53 aliases ({api-id}-{vpce-id}) or endpoint DNS names.',
    url: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-private-apis.html',
  },
  references: ['https://repost.aws/knowledge-center/api-gateway-vpc-connections', 'https://docs.aws.amazon.com/whitepapers/latest/best-practices-api-gateway-private-apis-integration/rest-api.html'],
  notes: [
    'DNS-003 reports the same effect per VPC, for public APIs of its own account; this check reports it per public API, for every VPC of the organization in its region, so the API owner sees which networks cannot call it.',
    'MEDIUM when one of the VPCs is in the API\'s own account (the catalog\'s DNS-003 reading), LOW otherwise.',
  ],
  messages: {
    interceptedByPrivateDns:
      '{{count}} VPC(s) of the organization in {{region}} resolve {{host}} to their execute-api endpoint through private DNS, so calls from them to API {{name}} ({{id}}) by its default hostname return 403 Forbidden: {{vpcs}}.',
  },
  evaluate(inventory, report) {
    const r = reachOf(inventory);
    const results = inventory.restApis.map((api) => {
      const resource = apiRef(api);
      if (isPrivate(api) || api.disableExecuteApiEndpoint) return report.notApplicable(api, resource);
      const gaps = ec2GapsIn(inventory, api.region);
      const { vpcs, unknown } = r.privateDnsVpcs(api.region);
      if (vpcs.length === 0 && gaps.length > 0) return report.error(api, resource, `The EC2 inventory of ${api.region} is incomplete in account(s) ${gaps.join(', ')}: a VPC there may use execute-api private DNS`);
      if (vpcs.length === 0 && unknown.length > 0) return report.error(api, resource, `Whether private DNS answers in VPC(s) ${unknown.map((u) => `${u.vpcId} (${u.missing})`).join('; ')} is unknown`);
      if (vpcs.length === 0) return report.pass(api, resource);
      const listed = shortList(vpcs.map((v) => `${v.vpcId} in ${v.accountId} (${v.endpointIds.join(', ')})`), SHOWN);
      const related = endpointRefs(inventory, vpcs.slice(0, SHOWN).flatMap((v) => v.endpointIds));
      const sameAccount = vpcs.some((v) => v.accountId === api.accountId);
      return report.fail(
        api,
        resource,
        'interceptedByPrivateDns',
        { count: vpcs.length, region: api.region, host: executeApiHost(inventory.snapshot.partition, api.region, api.id), name: api.name, id: api.id, vpcs: listed },
        { related, severity: sameAccount ? 'MEDIUM' : 'LOW' },
      );
    });
    return [...results, ...unlistedApis(inventory, report)];
  },
});

import { describe, expect, it } from 'vitest';
import cdn008 from '../../../checks/domains/cdn-008.js';
import { resultsOf, testCheck } from '../../helpers/check-tester.js';
import {
  ACCOUNT_A,
  ACCOUNT_B,
  aliasTo,
  ASSOCIATION_ARN,
  association,
  domain,
  domainScenario,
  endpoint,
  failing,
  frontOf,
  NAME,
  R1,
  regional,
  scopedEndpointPolicy,
  VPCE_B,
  world,
} from './fixtures.js';

const unresolved = (snapshot: ReturnType<typeof domainScenario>) => ({ snapshot, findings: [{ resource: ASSOCIATION_ARN, messageId: 'unresolved' }] });
const viaVpc = { ...association(domain(NAME, 'x', []), 'vpc-0b0000000000000b1', ACCOUNT_B, 'SELF'), accessAssociationSourceType: 'VPC' };

// A record to an NLB whose IP targets are the endpoint's ENI addresses resolves it too.
const e = endpoint(VPCE_B, { policyDocument: scopedEndpointPolicy(['*']) });
const front = frontOf(e, 'orders-front', '10.1.2.3');
const throughLb = domainScenario({
  endpoint: { networkInterfaceIds: front.endpoint.networkInterfaceIds },
  consumerExtra: { loadBalancers: [front.lb], targetGroups: [front.tg], networkInterfaces: [front.eni] },
  records: [aliasTo(`${NAME}.`, front.lb.dnsName ?? '')],
});
// The record aliases a load balancer the inventory does not hold.
const lbMissing = domainScenario({
  endpoint: { networkInterfaceIds: front.endpoint.networkInterfaceIds },
  consumerExtra: { targetGroups: [front.tg], networkInterfaces: [front.eni] },
  records: [aliasTo(`${NAME}.`, front.lb.dnsName ?? '')],
});
const lbMissingTargets = domainScenario({
  endpoint: { networkInterfaceIds: front.endpoint.networkInterfaceIds },
  consumerExtra: { loadBalancers: [front.lb], targetGroups: [{ ...front.tg, targets: undefined }], networkInterfaces: [front.eni] },
  records: [aliasTo(`${NAME}.`, front.lb.dnsName ?? '')],
});

testCheck(cdn008, {
  pass: [domainScenario(), throughLb, domainScenario({ records: [{ name: `${NAME.toUpperCase()}.`, type: 'CNAME', ttl: 60, values: [e.dnsEntries[0]?.dnsName ?? ''] }] })],
  fail: [
    unresolved(domainScenario({ records: [] })),
    // The zone holding the alias is associated with another VPC only.
    unresolved(domainScenario({ zoneVpcs: ['vpc-0other0000000001'] })),
    // The record aliases something else.
    unresolved(domainScenario({ records: [aliasTo(`${NAME}.`, 'vpce-0else-x1.execute-api.us-east-1.vpce.amazonaws.com')] })),
    // ... a load balancer that does not exist, every listing complete.
    unresolved(lbMissing),
  ],
  notApplicable: [world([regional(ACCOUNT_B, R1, { domainNameAccessAssociations: [viaVpc] })])],
  error: [
    failing(domainScenario(), ACCOUNT_B, R1, 'apigateway', 'GetDomainNameAccessAssociations'),
    domainScenario({ records: undefined }),
    failing(domainScenario({ records: [] }), ACCOUNT_B, 'global', 'route53', 'ListHostedZones'),
    lbMissingTargets,
    // The same, while another account of the Region could not list its load balancers: it may be one of theirs.
    failing(lbMissing, ACCOUNT_A, R1, 'elbv2', 'DescribeLoadBalancers'),
  ],
});

describe('CDN-008 details', () => {
  it('names the account, Region, service and call whose listing may hold the aliased load balancer', () => {
    const error = resultsOf(cdn008, failing(lbMissing, ACCOUNT_A, R1, 'elbv2', 'DescribeLoadBalancers')).find((r) => r.resource.arn === ASSOCIATION_ARN);
    expect(error?.status).toBe('ERROR');
    expect(error?.message).toContain(`elbv2 was not collected in ${ACCOUNT_A}/${R1}: DescribeLoadBalancers AccessDeniedException`);
  });
  it('says why and relates the zone', () => {
    const fail = resultsOf(cdn008, domainScenario({ records: [] })).find((r) => r.status === 'FAIL');
    expect(fail?.message).toContain('no record of the name');
    expect(fail?.related.map((r) => r.type)).toContain('AwsRoute53HostedZone');
    const none = resultsOf(cdn008, domainScenario({ zoneVpcs: ['vpc-0other0000000001'] })).find((r) => r.status === 'FAIL');
    expect(none?.message).toContain('no private hosted zone is associated');
  });
});

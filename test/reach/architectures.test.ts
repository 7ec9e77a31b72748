import { describe, expect, it } from 'vitest';
import { arns } from '../../src/model/arn.js';
import type { HostedZone, RegionalInventory } from '../../src/model/inventory.js';
import { reachability } from '../../src/reach/evaluate.js';
import type { HopId, OnPremisesNetwork, Reachability } from '../../src/reach/model.js';
import { API_ID as DOMAIN_API_ID, DOMAIN_ARN, NAME, OUTSIDER, R1, VPC_B, VPCE_B, domainExecuteArn, executeApi, privatePolicy, scopedEndpointPolicy } from '../checks/domains/fixtures.js';
import * as backend from '../checks/integration/fixtures.js';
import { REGION, allowOnly, ec2Arn, group, resolverEndpoint, rule } from '../checks/network/fixtures.js';
import { allow, policyText } from '../checks/policy/fixtures.js';
import { ACCOUNT_A, ACCOUNT_B } from '../helpers/snapshot-builder.js';
import {
  BASIC_API, B_SG, B_VPC, B_VPCE, CONSUMER_VPCE, DC1, DC1_BOTH_REGIONS, DOMAIN, ON_PREM_RANGE, ORDERS_ALB, ORDERS_ALB_SG, PEER_TG, ZONE_ARN,
  basic, clientHops, consumerGroup, crossAccount, groupB, vpcB, customDomain, linkV2ToAlb, multiRegion, names, onPremises, peeredTargets, privateLink, side, withBackend,
  type DnsOption, type Edit, type LbType,
} from './architectures.js';
import { cellOf, matrix, resultOf, type Cell } from './helpers.js';

/**
 * The architectures of the whitepaper "Best Practices for Designing Amazon API Gateway Private APIs
 * and Private Integration", each as a world whose reachability matrix is written out from what AWS
 * does, then broken one hop at a time. Expectations follow AWS, not the engine: where they differ,
 * the difference is listed in KNOWN_GAPS and the test requires it to persist.
 */

const onPrem = (...networks: OnPremisesNetwork[]) => ({ onPremises: networks });
const reachable = (clientId: string, intendedBy: string[], names: string[], endpointIds: string[], needsHostHeader = false): Cell => ({ clientId, intendedBy, status: 'reachable', names, endpointIds, needsHostHeader });

/** Table rows titled "what differs → first broken hop" (vitest would print the edit's source otherwise). */
const titled = <T,>(rows: Array<[string, T, HopId, string]>): Array<[string, T, HopId, string]> => rows.map(([name, edit, hop, arn]) => [`${name} → ${hop}`, edit, hop, arn]);

/**
 * What the engine does not model yet, by test title. These tests still state what AWS does and
 * must still fail: when the engine learns one, its test fails here until the entry is removed.
 */
const KNOWN_GAPS: Readonly<Record<string, string>> = {
  'private DNS: the inbound Resolver endpoint’s group does not admit DNS (53) from dc1, so dc1’s forwarded queries are dropped': 'the inbound Resolver endpoint’s security group (53 from the on-premises ranges) is not checked',
  'the load balancer’s target group registers a stale address, not the endpoint’s ENI → dns': 'a name that resolves to a load balancer not fronting the endpoint is blamed on the API, not on the target group',
  'dc1 still reaches through the load balancer when the endpoint group admits only the VPC: the endpoint sees the load balancer’s addresses': 'behind a load balancer the endpoint group is checked against the client’s ranges, not the load balancer’s',
  'the ALB’s group does not admit the VPC link’s ENIs: requests time out (504) → integration': 'VPC link V2 security groups are not checked against the load balancer’s (INT-010 reports it)',
  'the provider rejected the interface endpoint’s connection: fixed on the endpoint, not the target group → integration': 'the interface endpoint behind IP targets is not followed: the unhealthy target group is blamed',
};

/** Runs a test's assertions, or, for a known gap, requires them to still fail. */
function asserting(title: string, body: () => void): void {
  const gap = KNOWN_GAPS[title];
  if (gap === undefined) return body();
  expect(body, `known gap (${gap}) now passes: remove it from KNOWN_GAPS`).toThrow();
}

function expectBroken(r: Reachability, clientId: string, apiId: string, hop: HopId, arn: string): void {
  const cell = cellOf(resultOf(r, clientId, apiId));
  expect(cell).toMatchObject({ status: 'unreachable', broken: { hop, arn } });
  expect(r.apis.find((a) => a.apiId === apiId)?.reachableBy.map((x) => x.clientId)).not.toContain(clientId);
}

describe('basic architecture: a VPC → its own endpoint with private DNS → the API', () => {
  it('vpc-1 reaches a1 by the private DNS name (and the endpoint hostname with a Host header); vpc-2, not named by the policy, is refused', () => {
    const r = reachability(basic());
    expect(matrix(r)).toEqual({
      a1: {
        intended: [reachable('vpc-1', ['policy allows vpce-1'], [names.hostname('vpce-1'), names.privateDns('a1')], ['vpce-1'])],
        reachableBy: [{ clientId: 'vpc-1', endpointIds: ['vpce-1'] }],
        unintended: [],
      },
    });
    expectBroken(r, 'vpc-2', 'a1', 'resource-policy', BASIC_API);
  });

  it('a policy allowing the VPC (aws:SourceVpc) instead of the endpoint makes vpc-1 intended the same way', () => {
    const byVpc = policyText(allow(), allow({ Effect: 'Deny', Condition: { StringNotEquals: { 'aws:SourceVpc': ['vpc-1'] } } }));
    const r = reachability(basic((x) => (x.restApis = [{ ...x.restApis[0]!, policy: byVpc }])));
    expect(matrix(r).a1?.intended).toEqual([reachable('vpc-1', ['policy allows vpc-1'], [names.hostname('vpce-1'), names.privateDns('a1')], ['vpce-1'])]);
    expectBroken(r, 'vpc-2', 'a1', 'resource-policy', BASIC_API);
  });

  it.each(titled(clientHops(BASIC_API)))('%s', (_name, edit, hop, arn) => {
    expectBroken(reachability(basic(edit)), 'vpc-1', 'a1', hop, arn);
  });

  it('a deleted endpoint leaves the VPC without one: endpoint hop, fixed in the VPC (a new endpoint)', () => {
    const r = reachability(basic((x) => (x.vpcEndpoints = x.vpcEndpoints.map((e) => (e.id === 'vpce-1' ? { ...e, state: 'deleted' } : e)))));
    expectBroken(r, 'vpc-1', 'a1', 'endpoint', ec2Arn('vpc', 'vpc-1'));
  });
});

describe('cross-account architecture: API in account A, client VPC and endpoint in account B (same Region)', () => {
  it('vpc-b reaches a1 through B’s endpoint, which A’s policy allows; A’s own vpc-1 is not allowed', () => {
    const r = reachability(crossAccount());
    expect(matrix(r)).toEqual({
      a1: {
        intended: [reachable('vpc-b', ['policy allows vpce-b'], [names.hostname('vpce-b'), names.privateDns('a1')], ['vpce-b'])],
        reachableBy: [{ clientId: 'vpc-b', endpointIds: ['vpce-b'] }],
        unintended: [],
      },
    });
    expectBroken(r, 'vpc-1', 'a1', 'resource-policy', BASIC_API);
  });

  const variants: Array<[string, Parameters<typeof crossAccount>[0], HopId, string]> = [
    ['DNS support off in B’s VPC', { b: { vpcs: [vpcB({ enableDnsSupport: false })] } }, 'dns', B_VPC],
    ['B’s endpoint pending', { endpointB: { state: 'pending' } }, 'endpoint', B_VPCE],
    ['B’s endpoint group admits only A’s range', { b: { securityGroups: [groupB([rule({ cidrIpv4: '10.1.0.0/16' })])] } }, 'security-group', B_SG],
    ['B’s endpoint policy allows only B’s own APIs', { endpointB: { policyDocument: scopedEndpointPolicy([`arn:aws:execute-api:${REGION}:${ACCOUNT_B}:*`]) } }, 'endpoint-policy', B_VPCE],
    ['A’s policy allows only A’s own endpoint', { apiOverrides: { policy: allowOnly('vpce-1') } }, 'resource-policy', BASIC_API],
  ];
  it.each(titled(variants))('%s', (_name, o, hop, arn) => {
    expectBroken(reachability(crossAccount(o)), 'vpc-b', 'a1', hop, arn);
  });
});

describe.each<[DnsOption, string[], boolean]>([
  ['private-dns', [names.hostname('vpce-1'), names.privateDns('a1')], false],
  ['endpoint-hostname', [names.hostname('vpce-1')], true],
  ['route53-alias', [names.hostname('vpce-1'), names.alias('a1', 'vpce-1')], false],
])('on-premises architecture, DNS option %s', (option, expectedNames, needsHostHeader) => {
  const vpcReasons = option === 'route53-alias' ? ['associated vpce-1', 'policy allows vpce-1'] : ['policy allows vpce-1'];
  const reach = (o: Parameters<typeof onPremises>[1] = {}) => reachability(onPremises(option, o), onPrem(DC1));

  it('dc1 enters through vpc-1 and reaches a1 through vpce-1 by the option’s name', () => {
    expect(matrix(reach())).toEqual({
      a1: {
        intended: [
          reachable('onprem:dc1', ['enters through vpc-1'], expectedNames, ['vpce-1'], needsHostHeader),
          reachable('vpc-1', vpcReasons, expectedNames, ['vpce-1'], needsHostHeader),
        ],
        reachableBy: [
          { clientId: 'onprem:dc1', endpointIds: ['vpce-1'] },
          { clientId: 'vpc-1', endpointIds: ['vpce-1'] },
        ],
        unintended: [],
      },
    });
  });

  const variants: Array<[string, Parameters<typeof onPremises>[1], HopId, string]> = [
    ['endpoint pending', { endpoint: { state: 'pending' } }, 'endpoint', ec2Arn('vpc-endpoint', 'vpce-1')],
    ['endpoint group admits the VPC but not dc1', { regional: { securityGroups: [group('sg-1', [rule()])] } }, 'security-group', ec2Arn('security-group', 'sg-1')],
    ['endpoint policy allows only another API', { endpoint: { policyDocument: scopedEndpointPolicy([`${executeApi(REGION, ACCOUNT_A, 'other00001')}/*`]) } }, 'endpoint-policy', ec2Arn('vpc-endpoint', 'vpce-1')],
    ['API policy allows only another endpoint', { api: { policy: allowOnly('vpce-0elsewhere') } }, 'resource-policy', BASIC_API],
  ];
  it.each(titled(variants))('%s', (_name, o, hop, arn) => {
    expectBroken(reach(o), 'onprem:dc1', 'a1', hop, arn);
  });

  it('a group admitting dc1 only stops vpc-1, not dc1', () => {
    const r = reach({ regional: { securityGroups: [group('sg-1', [rule({ cidrIpv4: ON_PREM_RANGE })])] } });
    expect(cellOf(resultOf(r, 'onprem:dc1', 'a1')).status).toBe('reachable');
    expectBroken(r, 'vpc-1', 'a1', 'security-group', ec2Arn('security-group', 'sg-1'));
  });
});

describe('on-premises architecture: what breaks each DNS option’s own name (the public endpoint hostname still resolves)', () => {
  const onlyHostname = reachable('onprem:dc1', ['enters through vpc-1'], [names.hostname('vpce-1')], ['vpce-1'], true);

  it('private DNS: an inbound Resolver endpoint that is not operational answers nothing; dc1 falls back to the hostname with a Host header', () => {
    const r = reachability(onPremises('private-dns', { regional: { resolverEndpoints: [resolverEndpoint('rslvr-in-1', { securityGroupIds: ['sg-dns'], status: 'ACTION_NEEDED' })] } }), onPrem(DC1));
    expect(cellOf(resultOf(r, 'onprem:dc1', 'a1'), ['enters through vpc-1'])).toEqual(onlyHostname);
    expect(cellOf(resultOf(r, 'vpc-1', 'a1')).names).toContain(names.privateDns('a1'));
  });

  const dnsClosed = 'private DNS: the inbound Resolver endpoint’s group does not admit DNS (53) from dc1, so dc1’s forwarded queries are dropped';
  it(dnsClosed, () => asserting(dnsClosed, () => {
    const closed = [rule({ id: 'sgr-u', ipProtocol: 'udp', fromPort: 53, toPort: 53, cidrIpv4: '10.0.0.0/8' }), rule({ id: 'sgr-t', fromPort: 53, toPort: 53, cidrIpv4: '10.0.0.0/8' })];
    const r = reachability(onPremises('private-dns', { regional: { securityGroups: [group('sg-1', [rule(), rule({ id: 'sgr-2', cidrIpv4: ON_PREM_RANGE })]), group('sg-dns', closed)] } }), onPrem(DC1));
    expect(cellOf(resultOf(r, 'onprem:dc1', 'a1'), ['enters through vpc-1'])).toEqual(onlyHostname);
  }));

  it('Route 53 alias: without the association the alias does not exist', () => {
    const r = reachability(onPremises('route53-alias', { api: { endpointConfiguration: { types: ['PRIVATE'], vpcEndpointIds: [] } } }), onPrem(DC1));
    expect(cellOf(resultOf(r, 'onprem:dc1', 'a1'), ['enters through vpc-1'])).toEqual(onlyHostname);
  });

  it('an API with its default endpoint disabled and no custom domain has no name at all: dns, fixed on the API', () => {
    const r = reachability(onPremises('private-dns', { api: { disableExecuteApiEndpoint: true } }), onPrem(DC1));
    expectBroken(r, 'onprem:dc1', 'a1', 'dns', BASIC_API);
  });
});

describe.each<[LbType]>([['network'], ['application']])('multi-Region architecture, %s load balancer in front of the endpoints', (lbType) => {
  const [s1, s2] = [side(1), side(2)];
  const viaDomain = (n: 1 | 2, clientId: string, why: string) => reachable(clientId, [why], [names.domain(DOMAIN)], [side(n).vpceId]);
  const reach = (change?: (r1: RegionalInventory, z: HostedZone) => void) => reachability(multiRegion(lbType, change), onPrem(DC1_BOTH_REGIONS));

  it('each Region’s VPC, and dc1 through that Region’s inbound Resolver endpoint, reach that Region’s API by the custom domain name only', () => {
    const r = reach();
    expect(matrix(r)).toEqual({
      apir1: {
        intended: [viaDomain(1, 'onprem:dc1', 'enters through vpc-r1'), viaDomain(1, 'vpc-r1', 'policy allows vpce-r1')],
        reachableBy: [
          { clientId: 'onprem:dc1', endpointIds: ['vpce-r1'] },
          { clientId: 'vpc-r1', endpointIds: ['vpce-r1'] },
        ],
        unintended: [],
      },
      apir2: {
        intended: [viaDomain(2, 'onprem:dc1', 'enters through vpc-r2'), viaDomain(2, 'vpc-r2', 'policy allows vpce-r2')],
        reachableBy: [
          { clientId: 'onprem:dc1', endpointIds: ['vpce-r2'] },
          { clientId: 'vpc-r2', endpointIds: ['vpce-r2'] },
        ],
        unintended: [],
      },
    });
    // An execute-api endpoint serves only its own Region's APIs.
    expect(r.reachableFrom('vpc-r1')?.results.map((x) => x.apiArn)).toEqual([s1.apiArn]);
  });

  const d1Policy = (vpce: string) => privatePolicy(domainExecuteArn(s1.region, ACCOUNT_A, DOMAIN, s1.domainId), [vpce]);
  const variants: Array<[string, (r1: RegionalInventory, z: HostedZone) => void, HopId, string]> = [
    [
      'the load balancer’s target group registers a stale address, not the endpoint’s ENI',
      (r1) => (r1.targetGroups = r1.targetGroups.map((tg) => ({ ...tg, targets: [{ targetId: '10.1.0.99', port: 443, availabilityZone: 'us-east-1a', state: 'unhealthy' }] }))),
      'dns',
      s1.tgArn,
    ],
    ['the zone lost Region 1’s record', (_r1, z) => (z.records = z.records?.filter((x) => x.setIdentifier !== 'r1')), 'dns', ZONE_ARN],
    ['endpoint pending', (r1) => (r1.vpcEndpoints = r1.vpcEndpoints.map((e) => ({ ...e, state: 'pending' }))), 'endpoint', s1.vpceArn],
    ['endpoint group admits only port 80', (r1) => (r1.securityGroups = r1.securityGroups.map((g) => ({ ...g, rules: [rule({ fromPort: 80, toPort: 80, cidrIpv4: s1.cidr })] }))), 'security-group', s1.sgArn],
    [
      'endpoint policy allows only Region 2’s API',
      (r1) => (r1.vpcEndpoints = r1.vpcEndpoints.map((e) => ({ ...e, policyDocument: scopedEndpointPolicy([`${executeApi(s2.region, ACCOUNT_A, s2.apiId)}/*`]) }))),
      'endpoint-policy',
      s1.vpceArn,
    ],
    ['API policy allows only Region 2’s endpoint', (r1) => (r1.restApis = r1.restApis.map((a) => ({ ...a, policy: allowOnly(s2.vpceId) }))), 'resource-policy', s1.apiArn],
    ['the domain’s invoke policy allows only Region 2’s endpoint: API Gateway answers 403', (r1) => (r1.domainNames = r1.domainNames.map((d) => ({ ...d, policy: d1Policy(s2.vpceId) }))), 'resource-policy', s1.domainArn],
  ];
  it.each(titled(variants))('%s', (name, change, hop, arn) => asserting(name, () => {
    const r = reach(change);
    expectBroken(r, 'vpc-r1', s1.apiId, hop, arn);
    expect(cellOf(resultOf(r, 'vpc-r2', s2.apiId)).status).toBe('reachable');
  }));

  const behindLb = 'dc1 still reaches through the load balancer when the endpoint group admits only the VPC: the endpoint sees the load balancer’s addresses';
  it(behindLb, () => asserting(behindLb, () => {
    const r = reach((r1) => (r1.securityGroups = r1.securityGroups.map((g) => ({ ...g, rules: [rule({ cidrIpv4: s1.cidr })] }))));
    expect(cellOf(resultOf(r, 'onprem:dc1', s1.apiId), ['enters through vpc-r1'])).toEqual(viaDomain(1, 'onprem:dc1', 'enters through vpc-r1'));
  }));
});

describe.each<[string, () => RegionalInventory, string]>([
  ['ECS private integration: VPC link V2 → ALB → task IPs', linkV2ToAlb, backend.API_ID],
  ['ECS private integration: VPC link V1 → NLB → task IPs', backend.legacy, backend.LEGACY_API_ID],
  ['ECS private integration: VPC link V1 → NLB → ALB → task IPs', backend.nlbInFrontOfAlb, backend.LEGACY_API_ID],
  ['cross-account private integration through PrivateLink: NLB → IPs of an interface endpoint to another account’s service', () => privateLink(), backend.API_ID],
  ['cross-account private integration through peering: NLB → IPs in a peered VPC (AvailabilityZone "all")', () => peeredTargets(), backend.API_ID],
])('%s', (_title, back, apiId) => {
  const apiArn = arns.restApi('aws', REGION, apiId);

  it('vpc-1 in the client VPC reaches the API, whose methods need signed requests', () => {
    const r = reachability(withBackend(back()));
    expect(matrix(r)).toEqual({
      [apiId]: {
        intended: [reachable('vpc-1', ['policy allows vpce-1'], [names.hostname('vpce-1'), names.privateDns(apiId)], ['vpce-1'])],
        reachableBy: [{ clientId: 'vpc-1', endpointIds: ['vpce-1'] }],
        unintended: [],
      },
    });
    expect(resultOf(r, 'vpc-1', apiId).authorization).toEqual({ types: { AWS_IAM: 1 }, signedRequests: true });
  });

  it.each(titled(clientHops(apiArn)))('%s', (_name, edit, hop, arn) => {
    expectBroken(reachability(withBackend(back(), edit)), 'vpc-1', apiId, hop, arn);
  });
});

const integrationBreaks = (back: () => RegionalInventory, apiId: string, variants: Array<[string, Edit, string]>) =>
  it.each(variants.map(([name, edit, arn]): [string, Edit, string] => [`${name} → integration`, edit, arn]))('%s', (name, edit, arn) => asserting(name, () => {
    const r = reachability(withBackend(back(), edit));
    expectBroken(r, 'vpc-1', apiId, 'integration', arn);
    expect(matrix(r)[apiId]?.reachableBy).toEqual([]);
  }));

const noTargets = (arn: string): Edit => (r) => (r.targetGroups = r.targetGroups.map((tg) => (tg.arn === arn ? { ...tg, targets: [] } : tg)));
const inactive = (arn: string): Edit => (r) => (r.loadBalancers = r.loadBalancers.map((lb) => (lb.arn === arn ? { ...lb, state: 'provisioning' } : lb)));

describe('ECS private integration, VPC link V2 → ALB: the integration hop', () => {
  integrationBreaks(linkV2ToAlb, backend.API_ID, [
    ['the VPC link failed', (r) => (r.vpcLinksV2 = [backend.linkV2({ status: 'FAILED', statusMessage: 'subnet deleted' })]), backend.LINK_V2_ARN],
    ['the ALB is not active', inactive(ORDERS_ALB), ORDERS_ALB],
    ['the ALB listens on 8443 only, the URI says 443', (r) => (r.listeners = r.listeners.map((l) => ({ ...l, port: 8443 }))), ORDERS_ALB],
    ['the ECS service runs no task: nothing registered', noTargets(backend.TASKS_TG), backend.TASKS_TG],
    ['the ALB’s group does not admit the VPC link’s ENIs: requests time out (504)', (r) => (r.securityGroups = r.securityGroups.map((g) => (g.id === 'sg-alb' ? { ...g, rules: [backend.tcpRule('sgr-3', false, 443, { cidrIpv4: '10.99.0.0/16' })] } : g))), ORDERS_ALB_SG],
  ]);
});

describe('ECS private integration, VPC link V1 → NLB (→ ALB): the integration hop', () => {
  integrationBreaks(backend.legacy, backend.LEGACY_API_ID, [
    ['the V1 link failed', (r) => (r.vpcLinksV1 = [backend.linkV1({ status: 'FAILED', statusMessage: 'NLB not found' })]), backend.LINK_V1_ARN],
    ['the NLB has no listener on the URI’s port', (r) => (r.listeners = r.listeners.map((l) => ({ ...l, port: 8443 }))), backend.LEGACY_NLB],
    ['nothing registered behind the NLB', noTargets(backend.LEGACY_TG), backend.LEGACY_TG],
  ]);
  integrationBreaks(backend.nlbInFrontOfAlb, backend.LEGACY_API_ID, [
    ['the ALB behind the NLB is not active', inactive(backend.ALB), backend.ALB],
    ['nothing registered behind the ALB', noTargets(backend.LEGACY_TG), backend.LEGACY_TG],
    ['the ALB is no longer registered with the NLB’s alb-type group', noTargets(backend.ALB_TG), backend.ALB_TG],
  ]);
});

describe('cross-account private integration: the integration hop', () => {
  const XACCT_VPCE = arns.ec2('aws', REGION, ACCOUNT_A, 'vpc-endpoint', 'vpce-0aaa');
  const unhealthy: Edit = (r) => (r.targetGroups = r.targetGroups.map((tg) => ({ ...tg, targets: (tg.targets ?? []).map((t) => ({ ...t, state: 'unhealthy', reason: 'Target.Timeout' })) })));
  integrationBreaks(() => privateLink(), backend.API_ID, [
    ['the service behind the interface endpoint stopped answering: its ENIs fail health checks', unhealthy, backend.XACCT_TG],
    [
      'the provider rejected the interface endpoint’s connection: fixed on the endpoint, not the target group',
      (r) => {
        unhealthy(r);
        r.vpcEndpoints = r.vpcEndpoints.map((e) => (e.id === 'vpce-0aaa' ? { ...e, state: 'rejected' } : e));
      },
      XACCT_VPCE,
    ],
  ]);
  integrationBreaks(() => peeredTargets(), backend.API_ID, [['the peered instances fail health checks (peering or routes gone)', unhealthy, PEER_TG]]);
});

describe('private custom domain: A’s API and domain, B’s endpoint associated with it, B’s zone aliasing the name', () => {
  const apiArn = arns.restApi('aws', R1, DOMAIN_API_ID);
  const zoneArn = arns.hostedZone('aws', 'ZB1');

  it('B’s VPC reaches the API by the custom domain name only (the default endpoint is disabled)', () => {
    expect(matrix(reachability(customDomain()))).toEqual({
      [DOMAIN_API_ID]: {
        intended: [reachable(VPC_B, [`policy allows ${VPCE_B}`], [names.domain(NAME)], [VPCE_B])],
        reachableBy: [{ clientId: VPC_B, endpointIds: [VPCE_B] }],
        unintended: [],
      },
    });
  });

  const elsewhere = 'vpce-0elsewhere';
  const variants: Array<[string, Parameters<typeof customDomain>[0], HopId, string]> = [
    ['B’s zone has no record of the name', { records: [] }, 'dns', zoneArn],
    ['B’s endpoint is not associated with the domain', { providerExtra: { domainNameAccessAssociations: [] }, consumerExtra: { domainNameAccessAssociations: [] } }, 'dns', DOMAIN_ARN],
    ['B’s endpoint pending', { endpoint: { state: 'pending' } }, 'endpoint', CONSUMER_VPCE],
    ['B’s endpoint group admits another range', { consumerExtra: { securityGroups: [consumerGroup([rule({ cidrIpv4: '10.99.0.0/16' })])] } }, 'security-group', consumerGroup().arn],
    ['B’s endpoint policy allows only an outsider’s APIs', { endpoint: { policyDocument: scopedEndpointPolicy([`arn:aws:execute-api:${R1}:${OUTSIDER}:*`]) } }, 'endpoint-policy', CONSUMER_VPCE],
    ['the API’s policy does not allow B’s endpoint', { api: { policy: privatePolicy(`${executeApi(R1, ACCOUNT_A, DOMAIN_API_ID)}/*`, [elsewhere]) } }, 'resource-policy', apiArn],
    ['the domain’s invoke policy does not allow B’s endpoint: API Gateway answers 403', { domain: { policy: privatePolicy(domainExecuteArn(R1, ACCOUNT_A, NAME, 'd1d1d1d1d1'), [elsewhere]) } }, 'resource-policy', DOMAIN_ARN],
  ];
  it.each(titled(variants))('%s', (_name, o, hop, arn) => {
    expectBroken(reachability(customDomain(o)), VPC_B, DOMAIN_API_ID, hop, arn);
  });
});

import { arns } from '../../src/model/arn.js';
import { emptyRegional, type HostedZone, type RegionalInventory, type RestApi, type Snapshot, type Vpc, type VpcEndpoint } from '../../src/model/inventory.js';
import type { HopId, OnPremisesNetwork } from '../../src/reach/model.js';
import { DNS_RULES } from '../checks/dns/fixtures.js';
import { aliasTo, association, domain, domainArn, domainScenario, executeApi, frontOf, scopedEndpointPolicy, VPC_B, VPCE_B, world as domainWorld, zone, type DomainScenario } from '../checks/domains/fixtures.js';
import * as backend from '../checks/integration/fixtures.js';
import { OTHER_REGION, REGION, allowOnly, dhcpOptions, ec2Arn, endpoint, group, network, resolverEndpoint, rule, vpc, world } from '../checks/network/fixtures.js';
import { ACCOUNT_A, ACCOUNT_B } from '../helpers/snapshot-builder.js';
import { api } from './helpers.js';

/**
 * One small world per architecture of the whitepaper "Best Practices for Designing Amazon API
 * Gateway Private APIs and Private Integration", healthy by default; each builder takes the edits
 * a broken variant needs, so a variant reads as the one thing that differs from the diagram.
 */

export const ON_PREM_RANGE = '192.168.0.0/16';

// ---------- the names a client can use ----------

/** The endpoint's public DNS hostname as EC2 reports it. */
export const hostOf = (vpceId: string, region = REGION): string => `${vpceId}-0abc1234.execute-api.${region}.vpce.amazonaws.com`;
export const names = {
  privateDns: (apiId: string, region = REGION) => `private-dns ${apiId}.execute-api.${region}.amazonaws.com`,
  hostname: (vpceId: string, region = REGION) => `endpoint-hostname ${hostOf(vpceId, region)}`,
  alias: (apiId: string, vpceId: string, region = REGION) => `route53-alias ${apiId}-${vpceId}.execute-api.${region}.amazonaws.com`,
  domain: (name: string) => `custom-domain ${name}`,
};

/** An execute-api endpoint of a client VPC, with the public hostname EC2 gives every interface endpoint. */
export const clientEndpoint = (id: string, overrides: Partial<VpcEndpoint> = {}): VpcEndpoint =>
  endpoint(id, { dnsEntries: [{ dnsName: hostOf(id, overrides.region ?? REGION) }], ...overrides });

// ---------- basic ----------

export const BASIC_API = arns.restApi('aws', REGION, 'a1');

/** VPC vpc-1 (10.1.0.0/16) → its endpoint vpce-1 with private DNS → API a1, whose policy allows vpce-1; vpc-2 has an endpoint the policy does not name. */
export function basic(change: (r: RegionalInventory) => void = () => undefined): Snapshot {
  const r = network({
    restApis: [api()],
    vpcs: [vpc(), vpc('vpc-2', { cidrBlocks: ['10.2.0.0/16'] })],
    vpcEndpoints: [clientEndpoint('vpce-1'), clientEndpoint('vpce-2', { vpcId: 'vpc-2', securityGroupIds: ['sg-2'] })],
    securityGroups: [group(), group('sg-2', [rule({ cidrIpv4: '10.2.0.0/16' })])],
  });
  change(r);
  return world(r);
}

// ---------- cross-account ----------

const inB = <T extends { accountId: string; arn: string }>(record: T, kind: string, id: string): T => ({ ...record, accountId: ACCOUNT_B, arn: ec2Arn(kind, id, ACCOUNT_B) });
export const B_SG = ec2Arn('security-group', 'sg-b', ACCOUNT_B);
export const B_VPCE = ec2Arn('vpc-endpoint', 'vpce-b', ACCOUNT_B);
export const B_VPC = ec2Arn('vpc', 'vpc-b', ACCOUNT_B);
export const vpcB = (overrides: Partial<Vpc> = {}): Vpc => inB(vpc('vpc-b', { cidrBlocks: ['10.2.0.0/16'], ...overrides }), 'vpc', 'vpc-b');
export const groupB = (rules = [rule({ cidrIpv4: '10.2.0.0/16' })]) => inB(group('sg-b', rules), 'security-group', 'sg-b');

/** API a1 in account A allows only vpce-b, the endpoint of vpc-b (10.2.0.0/16) in account B; A's own vpc-1 and vpce-1 are not named. */
export function crossAccount(o: { a?: Partial<RegionalInventory>; b?: Partial<RegionalInventory>; endpointB?: Partial<VpcEndpoint>; apiOverrides?: Partial<RestApi> } = {}): Snapshot {
  const inA = network({ restApis: [api({ policy: allowOnly('vpce-b'), ...o.apiOverrides })], vpcEndpoints: [clientEndpoint('vpce-1')], ...o.a });
  const b = network(
    {
      vpcs: [vpcB()],
      dhcpOptions: [inB(dhcpOptions(), 'dhcp-options', 'dopt-amazon')],
      subnets: [],
      securityGroups: [groupB()],
      vpcEndpoints: [clientEndpoint('vpce-b', { accountId: ACCOUNT_B, vpcId: 'vpc-b', securityGroupIds: ['sg-b'], ...o.endpointB })],
      ...o.b,
    },
    ACCOUNT_B,
  );
  return world(inA, b);
}

// ---------- on-premises ----------

export type DnsOption = 'private-dns' | 'endpoint-hostname' | 'route53-alias';
export const DC1: OnPremisesNetwork = { label: 'dc1', cidrs: [ON_PREM_RANGE], resolverEndpointIds: ['rslvr-in-1'] };

/**
 * Data centre dc1 (192.168.0.0/16) over Direct Connect into vpc-1, whose inbound Resolver endpoint
 * its DNS servers forward to; vpce-1 admits 443 from the VPC and from dc1, and has private DNS
 * only in the private DNS option; the API is associated with vpce-1 only in the alias option.
 */
export function onPremises(option: DnsOption, o: { regional?: Partial<RegionalInventory>; endpoint?: Partial<VpcEndpoint>; api?: Partial<RestApi> } = {}): Snapshot {
  const associated = option === 'route53-alias' ? ['vpce-1'] : [];
  return world(
    network({
      restApis: [api({ endpointConfiguration: { types: ['PRIVATE'], vpcEndpointIds: associated }, ...o.api })],
      vpcEndpoints: [clientEndpoint('vpce-1', { privateDnsEnabled: option === 'private-dns', ...o.endpoint })],
      securityGroups: [group('sg-1', [rule(), rule({ id: 'sgr-2', cidrIpv4: ON_PREM_RANGE })]), group('sg-dns', DNS_RULES)],
      resolverEndpoints: [resolverEndpoint('rslvr-in-1', { securityGroupIds: ['sg-dns'] })],
      ...o.regional,
    }),
  );
}

// ---------- multi-Region, a load balancer in front of the endpoints ----------

export const DOMAIN = 'api.corp.example.com';
export type LbType = 'network' | 'application';

/** The names of one side of the multi-Region architecture: side 1 in us-east-1, side 2 in eu-west-1. */
export function side(n: 1 | 2) {
  const region = n === 1 ? REGION : OTHER_REGION;
  const lb = `front-r${n}`;
  return {
    region,
    apiId: `apir${n}`,
    apiArn: arns.restApi('aws', region, `apir${n}`),
    vpcId: `vpc-r${n}`,
    vpceId: `vpce-r${n}`,
    vpceArn: ec2Arn('vpc-endpoint', `vpce-r${n}`, ACCOUNT_A, region),
    sgArn: ec2Arn('security-group', `sg-r${n}`, ACCOUNT_A, region),
    cidr: `10.${n}.0.0/16`,
    eniIp: `10.${n}.0.100`,
    domainId: `dom000000${n}`,
    domainArn: domainArn(region, ACCOUNT_A, DOMAIN, `dom000000${n}`),
    lb,
    tgArn: `arn:aws:elasticloadbalancing:${region}:${ACCOUNT_A}:targetgroup/${lb}/1`,
  };
}
export const ZONE_ARN = arns.hostedZone('aws', 'ZMR');

function sideInventory(n: 1 | 2, lbType: LbType): RegionalInventory {
  const s = side(n);
  const e = clientEndpoint(s.vpceId, { region: s.region, vpcId: s.vpcId, privateDnsEnabled: false, securityGroupIds: [`sg-r${n}`] });
  const front = frontOf(e, s.lb, s.eniIp);
  // The whitepaper's ALB variant: HTTPS target groups of the endpoint IPs, health checked on /ping.
  const alb = lbType === 'application';
  const lbArn = alb ? front.lb.arn.replace('/net/', '/app/') : front.lb.arn;
  const d = domain(DOMAIN, s.domainId, [s.vpceId], { region: s.region, basePathMappings: [{ basePath: '(none)', restApiId: s.apiId, stage: 'prod' }] });
  const here = { accountId: ACCOUNT_A, region: s.region };
  return {
    ...emptyRegional(ACCOUNT_A, s.region),
    vpcs: [vpc(s.vpcId, { ...here, arn: ec2Arn('vpc', s.vpcId, ACCOUNT_A, s.region), cidrBlocks: [s.cidr] })],
    dhcpOptions: [{ ...dhcpOptions(), ...here, arn: ec2Arn('dhcp-options', 'dopt-amazon', ACCOUNT_A, s.region) }],
    securityGroups: [{ ...group(`sg-r${n}`, [rule({ cidrIpv4: s.cidr }), rule({ id: 'sgr-2', cidrIpv4: ON_PREM_RANGE })]), ...here, arn: s.sgArn }],
    vpcEndpoints: [front.endpoint],
    networkInterfaces: [front.eni],
    loadBalancers: [{ ...front.lb, arn: lbArn, type: lbType }],
    targetGroups: [{ ...front.tg, loadBalancerArns: [lbArn], ...(alb && { protocol: 'HTTPS', healthCheckProtocol: 'HTTPS', healthCheckPath: '/ping', matcherHttpCode: '200' }) }],
    listeners: [{ ...backend.listener(`${lbArn.replace(':loadbalancer/', ':listener/')}/443`, lbArn, 443, alb ? 'HTTPS' : 'TLS', front.tg.arn), ...here }],
    restApis: [api({ id: s.apiId, arn: s.apiArn, name: `api-${s.apiId}`, region: s.region, policy: allowOnly(s.vpceId), disableExecuteApiEndpoint: true, stages: [{ ...backend.stage(s.apiId, 'prod'), ...here, arn: arns.stage('aws', s.region, s.apiId, 'prod') }] })],
    domainNames: [d],
    domainNameAccessAssociations: [association(d, s.vpceId, ACCOUNT_A, 'SELF')],
    resolverEndpoints: [
      resolverEndpoint(`rslvr-in-r${n}`, { ...here, arn: `arn:aws:route53resolver:${s.region}:${ACCOUNT_A}:resolver-endpoint/rslvr-in-r${n}`, hostVpcId: s.vpcId, ipAddresses: [{ ip: `10.${n}.0.53`, subnetId: 'subnet-a', status: 'ATTACHED' }] }),
    ],
  };
}

/** dc1 forwards to the inbound Resolver endpoints of both Regions (nearest first, the other as fallback). */
export const DC1_BOTH_REGIONS: OnPremisesNetwork = { label: 'dc1', cidrs: [ON_PREM_RANGE] };

/**
 * Two Regions, each: a VPC, its endpoint (private DNS off), a load balancer whose IP targets are the
 * endpoint's ENI address, a private API with its default endpoint disabled, and the private custom
 * domain api.corp.example.com mapped to it; one private zone in both VPCs holds failover alias
 * records of the name, one per Region's load balancer. `change` edits side 1 and the zone.
 */
export function multiRegion(lbType: LbType, change: (r1: RegionalInventory, zone: HostedZone) => void = () => undefined): Snapshot {
  const [r1, r2] = [sideInventory(1, lbType), sideInventory(2, lbType)];
  const dnsName = (r: RegionalInventory) => r.loadBalancers[0]?.dnsName ?? '';
  const z: HostedZone = {
    ...zone('ZMR', 'corp.example.com.', undefined, [aliasTo(`${DOMAIN}.`, dnsName(r1), { setIdentifier: 'r1', failover: 'PRIMARY' }), aliasTo(`${DOMAIN}.`, dnsName(r2), { setIdentifier: 'r2', failover: 'SECONDARY' })], ACCOUNT_A),
    vpcs: [
      { vpcId: side(1).vpcId, vpcRegion: side(1).region },
      { vpcId: side(2).vpcId, vpcRegion: side(2).region },
    ],
  };
  change(r1, z);
  return domainWorld([r1, r2], [z]);
}

/**
 * The multi-Region world with side 1's load balancer missing from the inventory; with `unlisted`,
 * because another account of its Region could not list load balancers (the record's target may be
 * one of its), else because it does not exist.
 */
export function frontMissing(unlisted: boolean): Snapshot {
  const s = multiRegion('network', (r1) => {
    r1.loadBalancers = [];
  });
  if (!unlisted) return s;
  const failed = { accountId: ACCOUNT_B, region: REGION, service: 'elbv2' as const, state: 'failed' as const, errors: [{ operation: 'DescribeLoadBalancers', code: 'AccessDenied', message: 'denied' }] };
  return { ...s, regional: [...s.regional, emptyRegional(ACCOUNT_B, REGION)], collections: [...s.collections, failed] };
}

// ---------- private integrations ----------

/** The ALB of the ECS service behind a VPC link V2. */
export const ORDERS_ALB = backend.NLB.replace('/net/orders-nlb/', '/app/orders-alb/');
export const ORDERS_ALB_SG = arns.ec2('aws', REGION, ACCOUNT_A, 'security-group', 'sg-alb');
const ORDERS_ALB_LISTENER = `${ORDERS_ALB.replace(':loadbalancer/', ':listener/')}/eeeeeeeeeeeeeeee`;

/** REST API → VPC link V2 → internal ALB (its group admits the link's) → the ECS tasks' IPs. */
export function linkV2ToAlb(): RegionalInventory {
  const r = backend.modern();
  r.restApis = [backend.restApi(backend.API_ID, backend.vpcLinkIntegration({ integrationTarget: ORDERS_ALB }))];
  r.loadBalancers = [backend.loadBalancer(ORDERS_ALB, 'application', { securityGroupIds: ['sg-alb'] })];
  r.listeners = [backend.listener(ORDERS_ALB_LISTENER, ORDERS_ALB, 443, 'HTTPS', backend.TASKS_TG)];
  r.targetGroups = [{ ...backend.targetGroup(backend.TASKS_TG, ORDERS_ALB, 'ip', [backend.healthy('10.1.0.10'), backend.healthy('10.1.1.10', 'us-east-1b')]), protocol: 'HTTP' }];
  r.securityGroups = [...r.securityGroups.filter((g) => g.id === 'sg-link'), backend.securityGroup('sg-alb', [backend.tcpRule('sgr-3', false, 443, { referencedGroupId: 'sg-link' })])];
  return r;
}

/** Cross-account through PrivateLink: the fixture's NLB, its listener forwarding to the group of the interface endpoint's ENI addresses. */
export function privateLink(registered?: string[]): RegionalInventory {
  const r = backend.privateLinkTargets(registered);
  r.listeners = [backend.listener(backend.NLB_LISTENER, backend.NLB, 443, 'TLS', backend.XACCT_TG)];
  return r;
}

/** Cross-account through peering: the NLB's IP targets are instances of a peered VPC in another account, so outside the NLB's VPC (AvailabilityZone "all"). */
export const PEER_TG = backend.TASKS_TG.replace('orders-tasks', 'peered-asg');
export function peeredTargets(state = 'healthy'): RegionalInventory {
  const r = backend.modern();
  r.listeners = [backend.listener(backend.NLB_LISTENER, backend.NLB, 443, 'TLS', PEER_TG)];
  r.targetGroups = [backend.targetGroup(PEER_TG, backend.NLB, 'ip', [{ targetId: '10.20.0.10', port: 8080, availabilityZone: 'all', state }, { targetId: '10.20.1.10', port: 8080, availabilityZone: 'all', state }])];
  return r;
}

/**
 * The client side of every private integration world: vpc-1 → vpce-1 (private DNS) → the
 * backend's API, its policy allowing vpce-1; the backend's VPC is another VPC (the cross-VPC ECS diagram).
 */
export function withBackend(back: RegionalInventory, change: (r: RegionalInventory) => void = () => undefined): Snapshot {
  const client = network({ vpcEndpoints: [clientEndpoint('vpce-1')] });
  const r: RegionalInventory = {
    ...back,
    restApis: back.restApis.map((a) => ({ ...a, policy: allowOnly('vpce-1') })),
    vpcs: client.vpcs,
    dhcpOptions: client.dhcpOptions,
    subnets: client.subnets,
    vpcEndpoints: [...client.vpcEndpoints, ...back.vpcEndpoints],
    securityGroups: [...client.securityGroups, ...back.securityGroups],
  };
  change(r);
  return world(r);
}

// ---------- private custom domains ----------

export const CONSUMER_SG = arns.ec2('aws', REGION, ACCOUNT_B, 'security-group', 'sg-b');
export const CONSUMER_VPCE = arns.ec2('aws', REGION, ACCOUNT_B, 'vpc-endpoint', VPCE_B);

/**
 * The domains fixtures' provider/consumer scenario (A's API and private domain, B's endpoint
 * associated with it and B's zone aliasing the name to it), with the consumer's VPC, DNS and
 * security group in the inventory so every hop can be told.
 */
export const consumerGroup = (rules = [rule({ cidrIpv4: '10.2.0.0/16' })]) => ({ ...group('sg-b', rules), accountId: ACCOUNT_B, arn: CONSUMER_SG });

export function customDomain(o: DomainScenario = {}): Snapshot {
  const consumer = (kind: string, id: string) => ({ accountId: ACCOUNT_B, arn: arns.ec2('aws', REGION, ACCOUNT_B, kind, id) });
  return domainScenario({
    ...o,
    endpoint: { securityGroupIds: ['sg-b'], ...o.endpoint },
    consumerExtra: {
      vpcs: [vpc(VPC_B, { cidrBlocks: ['10.2.0.0/16'], ...consumer('vpc', VPC_B) })],
      dhcpOptions: [{ ...dhcpOptions(), ...consumer('dhcp-options', 'dopt-amazon') }],
      securityGroups: [consumerGroup()],
      ...o.consumerExtra,
    },
  });
}

// ---------- the client-side hops of a VPC client ----------

export type Edit = (r: RegionalInventory) => void;
const on = <T extends { id: string }>(items: T[], id: string, change: (x: T) => T): T[] => items.map((x) => (x.id === id ? change(x) : x));

/**
 * One break per client-side hop of vpc-1 → vpce-1 (sg-1) → the API, as AWS would stop it: no DNS
 * answer at all, an endpoint that is not available, no 443 from the VPC, an endpoint policy for
 * other APIs, an API policy naming another endpoint. Each with the hop and the resource to fix.
 */
export const clientHops = (apiArn: string): Array<[string, Edit, HopId, string]> => [
  ['DNS support off in the client VPC: AmazonProvidedDNS answers nothing', (r) => (r.vpcs = on(r.vpcs, 'vpc-1', (v) => ({ ...v, enableDnsSupport: false }))), 'dns', ec2Arn('vpc', 'vpc-1')],
  ['endpoint still pending', (r) => (r.vpcEndpoints = on(r.vpcEndpoints, 'vpce-1', (e) => ({ ...e, state: 'pending' }))), 'endpoint', ec2Arn('vpc-endpoint', 'vpce-1')],
  ['endpoint security group admits only port 80', (r) => (r.securityGroups = on(r.securityGroups, 'sg-1', (g) => ({ ...g, rules: [rule({ fromPort: 80, toPort: 80 })] }))), 'security-group', ec2Arn('security-group', 'sg-1')],
  [
    'endpoint policy allows only another API',
    (r) => (r.vpcEndpoints = on(r.vpcEndpoints, 'vpce-1', (e) => ({ ...e, policyDocument: scopedEndpointPolicy([`${executeApi(REGION, ACCOUNT_A, 'other00001')}/*`]) }))),
    'endpoint-policy',
    ec2Arn('vpc-endpoint', 'vpce-1'),
  ],
  ['API policy allows only another endpoint', (r) => (r.restApis = r.restApis.map((a) => ({ ...a, policy: allowOnly('vpce-0elsewhere') }))), 'resource-policy', apiArn],
];

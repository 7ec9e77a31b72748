import { describe, expect, it } from 'vitest';
import { arns } from '../../src/model/arn.js';
import { DomainName, DomainNameAccessAssociation, HostedZone, Stage, type RegionalInventory } from '../../src/model/inventory.js';
import { reachability } from '../../src/reach/evaluate.js';
import type { HopId } from '../../src/reach/model.js';
import { LEGACY_API_ID, LEGACY_TG, LINK_V1, LINK_V1_ARN, legacy, linkV1, restApi as integrationApi, targetGroup, vpcLinkIntegration, LEGACY_NLB } from '../checks/integration/fixtures.js';
import { REGION, allowOnly, denied, dhcpOptions, ec2Arn, endpoint, group, network, resolverEndpoint, rule, vpc, withStatus, world } from '../checks/network/fixtures.js';
import { ACCOUNT_A, ACCOUNT_B } from '../helpers/snapshot-builder.js';
import { association as ruleAssociation, resolverRule } from '../checks/dns/fixtures.js';
import { api, intendedResult, onlyApi, resultFor } from './helpers.js';

const PRIVATE_NAME = `a1.execute-api.${REGION}.amazonaws.com`;
const HOSTNAME = `vpce-1-abcd.execute-api.${REGION}.vpce.amazonaws.com`;
const API_ARN = arns.restApi('aws', REGION, 'a1');

const denyAll = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'arn:aws:execute-api:us-east-1:999999999999:other/*' }] });

describe('reachability: the basic architecture', () => {
  it('reaches an API whose policy allows the endpoint of the client VPC, through the private DNS name', () => {
    const r = reachability(world(network({ restApis: [api()] })));
    const a = onlyApi(r);
    expect(a).toMatchObject({ apiArn: API_ARN, apiId: 'a1', anyEndpoint: false, reachableBy: [{ clientId: 'vpc-1', endpointIds: ['vpce-1'] }], unintended: [] });
    expect(a.intended).toHaveLength(1);
    expect(a.intended[0]).toMatchObject({ clientId: 'vpc-1', intendedBy: ['policy allows vpce-1'] });
    const result = intendedResult(r, 'vpc-1');
    expect(result).toMatchObject({ status: 'reachable', endpointIds: ['vpce-1'], needsHostHeader: false });
    expect(result.dnsNames).toContainEqual({ name: PRIVATE_NAME, kind: 'private-dns', endpointId: 'vpce-1', needsHostHeader: false });
    expect(result.broken).toBeUndefined();
    expect(resultFor(r, 'vpc-1')).toEqual(result);
    expect(r.withoutEndpoint).toEqual([]);
  });

  it('computes a client view once, on request', () => {
    const r = reachability(world(network({ restApis: [api()] })));
    expect(r.reachableFrom('vpc-1')).toBe(r.reachableFrom('vpc-1'));
    expect(r.reachableFrom('vpc-nope')).toBeUndefined();
  });
});

describe('reachability: the first broken hop', () => {
  const variants: Array<[string, Partial<RegionalInventory>, HopId, string]> = [
    ['DNS support off: nothing resolves', { vpcs: [vpc('vpc-1', { enableDnsSupport: false })] }, 'dns', ec2Arn('vpc', 'vpc-1')],
    ['no DHCP option set: no DNS server', { vpcs: [vpc('vpc-1', { dhcpOptionsId: undefined })] }, 'dns', ec2Arn('vpc', 'vpc-1')],
    ['endpoint pending', { vpcEndpoints: [endpoint('vpce-1', { state: 'pending' })] }, 'endpoint', ec2Arn('vpc-endpoint', 'vpce-1')],
    ['security group without 443', { securityGroups: [group('sg-1', [rule({ fromPort: 80, toPort: 80 })])] }, 'security-group', ec2Arn('security-group', 'sg-1')],
    ['security group admitting another range', { securityGroups: [group('sg-1', [rule({ cidrIpv4: '172.16.0.0/12' })])] }, 'security-group', ec2Arn('security-group', 'sg-1')],
    ['endpoint without security group', { vpcEndpoints: [endpoint('vpce-1', { securityGroupIds: [] })] }, 'security-group', ec2Arn('vpc-endpoint', 'vpce-1')],
    ['endpoint policy denying the API', { vpcEndpoints: [endpoint('vpce-1', { policyDocument: denyAll })] }, 'endpoint-policy', ec2Arn('vpc-endpoint', 'vpce-1')],
    ['API policy naming another endpoint', { restApis: [api({ policy: allowOnly('vpce-2') })] }, 'resource-policy', API_ARN],
    ['API without a resource policy', { restApis: [api({ policy: undefined })] }, 'resource-policy', API_ARN],
  ];
  for (const [name, overrides, hop, arn] of variants) {
    it(`${name} → ${hop}`, () => {
      const r = reachability(world(network({ restApis: [api()], ...overrides })));
      const result = resultFor(r, 'vpc-1');
      expect(result.status).toBe('unreachable');
      expect(result.broken).toMatchObject({ hop, arn });
      expect(result.broken?.reason.length).toBeGreaterThan(10);
      expect(onlyApi(r).reachableBy).toEqual([]);
    });
  }

  it('names the rule that admits the client: a CIDR overlapping the VPC, or a group reference', () => {
    const byCidr = reachability(world(network({ restApis: [api()], securityGroups: [group('sg-1', [rule({ cidrIpv4: '10.1.2.0/24' })])] })));
    expect(resultFor(byCidr, 'vpc-1')).toMatchObject({ status: 'reachable', notes: ['sg-1 admits TCP 443 from 10.1.2.0/24'] });
    const byGroup = reachability(world(network({ restApis: [api()], securityGroups: [group('sg-1', [rule({ cidrIpv4: undefined, referencedGroupId: 'sg-app' })])] })));
    expect(resultFor(byGroup, 'vpc-1')).toMatchObject({ status: 'reachable', notes: ['sg-1 admits TCP 443 from group sg-app (admitted via group reference)'] });
  });

  it('without private DNS and without association, only the endpoint hostname works: reachable, but it needs the Host header', () => {
    const r = reachability(world(network({ restApis: [api()], vpcEndpoints: [endpoint('vpce-1', { privateDnsEnabled: false, dnsEntries: [{ dnsName: HOSTNAME }] })] })));
    const result = resultFor(r, 'vpc-1');
    expect(result).toMatchObject({ status: 'reachable', needsHostHeader: true });
    expect(result.dnsNames).toEqual([{ name: HOSTNAME, kind: 'endpoint-hostname', endpointId: 'vpce-1', needsHostHeader: true }]);
  });

  it('with DNS hostnames off, the private DNS name does not resolve (and says why); the hostname still does', () => {
    const r = reachability(world(network({ restApis: [api()], vpcs: [vpc('vpc-1', { enableDnsHostnames: false })] })));
    const result = resultFor(r, 'vpc-1');
    expect(result).toMatchObject({ status: 'reachable', needsHostHeader: true });
    expect(result.dnsNames.map((n) => n.kind)).toEqual(['endpoint-hostname']);
    expect(result.notes).toContainEqual(expect.stringMatching(new RegExp(`^${PRIVATE_NAME.replaceAll('.', '\\.')} does not resolve to vpce-1: enableDnsHostnames is off`)));
  });

  it('with custom DNS servers and no forwarding path, the private DNS name does not resolve; forwarding to an inbound Resolver endpoint fixes it', () => {
    const custom = network({ restApis: [api()], vpcs: [vpc('vpc-1', { dhcpOptionsId: 'dopt-custom' })], dhcpOptions: [dhcpOptions('dopt-custom', ['10.9.0.2'])] });
    expect(resultFor(reachability(world(custom)), 'vpc-1').dnsNames.map((n) => n.kind)).toEqual(['endpoint-hostname']);
    const forwarded = { ...custom, resolverEndpoints: [resolverEndpoint('rslvr-in-9', { ipAddresses: [{ ip: '10.9.0.2', subnetId: 'subnet-a', status: 'ATTACHED' }] })] };
    expect(resultFor(reachability(world(forwarded)), 'vpc-1').dnsNames.map((n) => n.kind)).toContain('private-dns');
  });

  it('the VPC +2 resolver address counts as AmazonProvidedDNS', () => {
    const r = reachability(world(network({ restApis: [api()], dhcpOptions: [dhcpOptions('dopt-amazon', ['10.1.0.2'])] })));
    expect(resultFor(r, 'vpc-1').dnsNames.map((n) => n.kind)).toContain('private-dns');
  });
});

describe('reachability: private integrations', () => {
  /** The legacy VPC link V1 → NLB → healthy targets, behind the healthy endpoint network. */
  const withIntegration = (change: (r: RegionalInventory) => void = () => undefined): RegionalInventory => {
    const base = legacy();
    const r: RegionalInventory = {
      ...network(),
      ...base,
      restApis: [integrationApi(LEGACY_API_ID, vpcLinkIntegration({ connectionId: LINK_V1, integrationTarget: undefined }), { policy: allowOnly('vpce-1') })],
      vpcs: network().vpcs,
      dhcpOptions: network().dhcpOptions,
      securityGroups: network().securityGroups,
      vpcEndpoints: network().vpcEndpoints,
    };
    change(r);
    return r;
  };

  it('reaches the API when the link, the NLB and its targets are healthy, and says methods need signed requests', () => {
    const result = resultFor(reachability(world(withIntegration())), 'vpc-1');
    expect(result).toMatchObject({ status: 'reachable', authorization: { types: { AWS_IAM: 1 }, signedRequests: true } });
  });

  it('a FAILED VPC link breaks the integration hop', () => {
    const result = resultFor(reachability(world(withIntegration((r) => (r.vpcLinksV1 = [linkV1({ status: 'FAILED', statusMessage: 'NLB not found' })])))), 'vpc-1');
    expect(result).toMatchObject({ status: 'unreachable', broken: { hop: 'integration', arn: LINK_V1_ARN } });
    expect(result.broken?.reason).toMatch(/FAILED: NLB not found/);
  });

  it('no healthy target breaks the integration hop at the target group', () => {
    const sick = (r: RegionalInventory) => (r.targetGroups = [targetGroup(LEGACY_TG, LEGACY_NLB, 'ip', [{ targetId: '10.1.0.20', port: 8080, state: 'unhealthy', reason: 'Target.Timeout' }])]);
    const result = resultFor(reachability(world(withIntegration(sick))), 'vpc-1');
    expect(result).toMatchObject({ status: 'unreachable', broken: { hop: 'integration', arn: LEGACY_TG } });
  });

  it('an inactive load balancer breaks the integration hop at the load balancer', () => {
    const result = resultFor(reachability(world(withIntegration((r) => (r.loadBalancers = r.loadBalancers.map((lb) => ({ ...lb, state: 'provisioning' })))))), 'vpc-1');
    expect(result.broken).toMatchObject({ hop: 'integration', arn: LEGACY_NLB });
  });

  it('an earlier broken hop wins over a broken integration', () => {
    const both = withIntegration((r) => {
      r.vpcLinksV1 = [linkV1({ status: 'FAILED' })];
      r.vpcEndpoints = [endpoint('vpce-1', { state: 'pending' })];
    });
    expect(resultFor(reachability(world(both)), 'vpc-1').broken?.hop).toBe('endpoint');
  });
});

describe('reachability: cross-account', () => {
  it('reaches an API in account A from a VPC in account B through B’s endpoint, which A’s policy allows', () => {
    const inB = network(
      {
        vpcs: [vpc('vpc-b', { accountId: ACCOUNT_B, arn: ec2Arn('vpc', 'vpc-b', ACCOUNT_B) })],
        vpcEndpoints: [endpoint('vpce-b', { accountId: ACCOUNT_B, vpcId: 'vpc-b', securityGroupIds: ['sg-b'] })],
        securityGroups: [{ ...group('sg-b'), accountId: ACCOUNT_B, arn: ec2Arn('security-group', 'sg-b', ACCOUNT_B) }],
      },
      ACCOUNT_B,
    );
    const inA = network({ restApis: [api({ policy: allowOnly('vpce-b') })], vpcs: [], vpcEndpoints: [], securityGroups: [] });
    const r = reachability(world(inA, inB));
    const a = onlyApi(r);
    expect(a.intended.map((i) => i.clientId)).toEqual(['vpc-b']);
    expect(intendedResult(r, 'vpc-b')).toMatchObject({ status: 'reachable', endpointIds: ['vpce-b'] });
    expect(intendedResult(r, 'vpc-b').dnsNames.map((n) => n.name)).toContain(PRIVATE_NAME);
    expect(a.reachableBy).toEqual([{ clientId: 'vpc-b', endpointIds: ['vpce-b'] }]);
  });

  it('an endpoint the policy names that no account of the organization holds is an intended client that cannot reach the API', () => {
    const r = reachability(world(network({ restApis: [api({ policy: allowOnly('vpce-0outside') })] })));
    expect(intendedResult(r, 'vpce-0outside')).toMatchObject({ status: 'unreachable', broken: { hop: 'endpoint', arn: API_ARN } });
  });
});

describe('reachability: on-premises networks', () => {
  const onPrem = { onPremises: [{ label: 'dc1', cidrs: ['192.168.0.0/16'] }] };
  const withResolver = (overrides: Partial<RegionalInventory> = {}) => world(network({ restApis: [api()], resolverEndpoints: [resolverEndpoint('rslvr-in-1')], ...overrides }));

  it('enters through the VPC of the inbound Resolver endpoint and is stopped by a security group that does not admit its range', () => {
    const r = reachability(withResolver(), onPrem);
    expect(r.clients).toContainEqual({ kind: 'onprem', id: 'onprem:dc1', label: 'dc1', cidrs: ['192.168.0.0/16'], entries: [{ vpcId: 'vpc-1', accountId: ACCOUNT_A, region: REGION, resolverEndpointId: 'rslvr-in-1' }] });
    const result = intendedResult(r, 'onprem:dc1');
    expect(result).toMatchObject({ status: 'unreachable', broken: { hop: 'security-group', arn: ec2Arn('security-group', 'sg-1') } });
    expect(onlyApi(r).intended.find((i) => i.clientId === 'onprem:dc1')?.intendedBy).toEqual(['enters through vpc-1']);
    expect(resultFor(r, 'vpc-1').status).toBe('reachable');
  });

  it('reaches the API when the security group admits the on-premises range, with the private DNS name resolved by the Resolver', () => {
    const r = reachability(withResolver({ securityGroups: [group('sg-1', [rule(), rule({ id: 'sgr-2', cidrIpv4: '192.168.0.0/16' })])] }), onPrem);
    const result = intendedResult(r, 'onprem:dc1');
    expect(result).toMatchObject({ status: 'reachable', endpointIds: ['vpce-1'] });
    expect(result.dnsNames.map((n) => n.kind)).toContain('private-dns');
    expect(onlyApi(r).reachableBy.map((x) => x.clientId)).toEqual(['onprem:dc1', 'vpc-1']);
  });

  it('a group reference admits VPC clients, never on-premises ones', () => {
    const r = reachability(withResolver({ securityGroups: [group('sg-1', [rule({ cidrIpv4: undefined, referencedGroupId: 'sg-app' })])] }), onPrem);
    expect(resultFor(r, 'vpc-1').status).toBe('reachable');
    expect(resultFor(r, 'onprem:dc1').broken?.hop).toBe('security-group');
  });

  it('without an inbound Resolver endpoint to enter through, the network reaches nothing', () => {
    const r = reachability(world(network({ restApis: [api()] })), onPrem);
    expect(resultFor(r, 'onprem:dc1')).toMatchObject({ status: 'unreachable', broken: { hop: 'dns' } });
  });
});

describe('reachability: Route 53 alias', () => {
  it('works only when the endpoint is associated with the API', () => {
    const alias = `a1-vpce-1.execute-api.${REGION}.amazonaws.com`;
    const off = { vpcEndpoints: [endpoint('vpce-1', { privateDnsEnabled: false })] };
    const associated = resultFor(reachability(world(network({ restApis: [api({ endpointConfiguration: { types: ['PRIVATE'], vpcEndpointIds: ['vpce-1'] } })], ...off }))), 'vpc-1');
    expect(associated.dnsNames).toContainEqual({ name: alias, kind: 'route53-alias', endpointId: 'vpce-1', needsHostHeader: false });
    expect(associated.needsHostHeader).toBe(false);
    const notAssociated = resultFor(reachability(world(network({ restApis: [api()], ...off }))), 'vpc-1');
    expect(notAssociated.dnsNames.map((n) => n.name)).not.toContain(alias);
    expect(notAssociated.needsHostHeader).toBe(true);
  });

  it('an associated endpoint makes its VPC an intended client', () => {
    const r = reachability(world(network({ restApis: [api({ policy: allowOnly('vpce-2'), endpointConfiguration: { types: ['PRIVATE'], vpcEndpointIds: ['vpce-1'] } })] })));
    expect(onlyApi(r).intended.find((i) => i.clientId === 'vpc-1')).toMatchObject({ intendedBy: ['associated vpce-1'], result: { status: 'unreachable', broken: { hop: 'resource-policy' } } });
  });
});

describe('reachability: missing inventory', () => {
  it('answers unknown, never reachable or unreachable, when the EC2 collection failed', () => {
    const snapshot = withStatus(world(network({ restApis: [api()] })), 'ec2', 'failed', [denied('DescribeVpcEndpoints')]);
    const r = reachability(snapshot);
    const result = resultFor(r, 'vpc-1');
    expect(result.status).toBe('unknown');
    expect(result.unknown?.missing).toMatch(/ec2/);
    expect(onlyApi(r).intended.every((i) => i.result.status === 'unknown')).toBe(true);
    expect(onlyApi(r).reachableBy).toEqual([]);
  });

  it('answers unknown for an endpoint the policy names when some account’s endpoints were not listed', () => {
    const inB = { ...network({ vpcs: [], vpcEndpoints: [], securityGroups: [] }, ACCOUNT_B) };
    const snapshot = withStatus(world(network({ restApis: [api({ policy: allowOnly('vpce-b') })] }), inB), 'ec2', 'failed', [denied('DescribeVpcEndpoints')], ACCOUNT_B);
    expect(intendedResult(reachability(snapshot), 'vpce-b')).toMatchObject({ status: 'unknown', unknown: { hop: 'endpoint' } });
  });

  it('answers unknown when the API’s methods were not read (their authorizers and integrations cannot be told)', () => {
    const result = resultFor(reachability(world(network({ restApis: [api({ resources: undefined })] }))), 'vpc-1');
    expect(result).toMatchObject({ status: 'unknown', unknown: { hop: 'authorization' } });
    expect(result.authorization).toBeUndefined();
  });

  it('answers unknown when a security group’s rules were not read', () => {
    const result = resultFor(reachability(world(network({ restApis: [api()], securityGroups: [] }))), 'vpc-1');
    expect(result).toMatchObject({ status: 'unknown', unknown: { hop: 'security-group' } });
  });
});

describe('reachability: VPCs without an execute-api endpoint', () => {
  it('groups them per region instead of one cell per API, and answers them at the endpoint hop', () => {
    const r = reachability(world(network({ restApis: [api(), api({ id: 'a2', arn: arns.restApi('aws', REGION, 'a2') })], vpcs: [vpc(), vpc('vpc-2', { cidrBlocks: ['10.2.0.0/16'] }), vpc('vpc-3', { cidrBlocks: ['10.3.0.0/16'] })] })));
    expect(r.withoutEndpoint).toEqual([{ region: REGION, status: 'unreachable', hop: 'endpoint', reason: expect.stringMatching(/no execute-api VPC endpoint/), vpcIds: ['vpc-2', 'vpc-3'] }]);
    const view = r.reachableFrom('vpc-2');
    expect(view?.results.map((x) => [x.status, x.broken?.hop])).toEqual([
      ['unreachable', 'endpoint'],
      ['unreachable', 'endpoint'],
    ]);
    expect(r.apis.every((a) => a.intended.every((i) => i.clientId === 'vpc-1'))).toBe(true);
  });

  it('a VPC of another region cannot use its endpoint for this region’s API', () => {
    const elsewhere = network({ vpcs: [vpc('vpc-eu', { region: 'eu-west-1', arn: ec2Arn('vpc', 'vpc-eu', ACCOUNT_A, 'eu-west-1') })], vpcEndpoints: [endpoint('vpce-eu', { region: 'eu-west-1', vpcId: 'vpc-eu' })], securityGroups: [] }, ACCOUNT_A, 'eu-west-1');
    const r = reachability(world(network({ restApis: [api({ policy: allowOnly('vpce-1', 'vpce-eu') })] }), elsewhere));
    expect(intendedResult(r, 'vpc-eu')).toMatchObject({ status: 'unreachable', broken: { hop: 'endpoint' } });
    expect(r.reachableFrom('vpc-eu')?.results).toEqual([]);
  });
});

describe('reachability: policies admitting any endpoint, and private custom domains', () => {
  const ALLOW_ANY = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' }] });

  it('a policy admitting any endpoint is reached from every VPC of the region with a working endpoint, none of them unintended', () => {
    const r = reachability(world(network({ restApis: [api({ policy: ALLOW_ANY })], vpcs: [vpc(), vpc('vpc-2')], vpcEndpoints: [endpoint(), endpoint('vpce-2', { vpcId: 'vpc-2' }), endpoint('vpce-3', { vpcId: 'vpc-2', state: 'pending' })] })));
    const a = onlyApi(r);
    expect(a).toMatchObject({ anyEndpoint: true, intended: [], unintended: [] });
    expect(a.reachableBy).toEqual([
      { clientId: 'vpc-1', endpointIds: ['vpce-1'] },
      { clientId: 'vpc-2', endpointIds: ['vpce-2'] },
    ]);
    expect(resultFor(r, 'vpc-2')).toMatchObject({ status: 'reachable', endpointIds: ['vpce-2'] });
  });

  const DOMAIN_ARN = `arn:aws:apigateway:${REGION}:${ACCOUNT_A}:/domainnames/orders.example.internal+abc123`;
  const domain = DomainName.parse({
    accountId: ACCOUNT_A, region: REGION, arn: DOMAIN_ARN, domainName: 'orders.example.internal', domainNameId: 'abc123', resourceOwner: 'SELF', endpointTypes: ['PRIVATE'], status: 'AVAILABLE',
    policy: allowOnly('vpce-1'), basePathMappings: [{ basePath: 'orders', restApiId: 'a1', stage: 'prod' }],
  });
  const association = DomainNameAccessAssociation.parse({
    accountId: ACCOUNT_A, region: REGION, arn: `arn:aws:apigateway:${REGION}:${ACCOUNT_A}:/domainnameaccessassociations/domainname/orders.example.internal+abc123/vpcesource/vpce-1`,
    domainNameArn: DOMAIN_ARN, accessAssociationSourceType: 'VPCE', accessAssociationSource: 'vpce-1', resourceOwner: 'SELF',
  });
  const zone = HostedZone.parse({
    accountId: ACCOUNT_A, region: 'global', arn: arns.hostedZone('aws', 'Z1'), id: 'Z1', name: 'example.internal.', privateZone: true, vpcs: [{ vpcId: 'vpc-1', vpcRegion: REGION }],
    records: [{ name: 'orders.example.internal.', type: 'A', aliasTarget: { hostedZoneId: 'Z2', dnsName: HOSTNAME, evaluateTargetHealth: false } }],
  });
  const disabled = api({ disableExecuteApiEndpoint: true, stages: [Stage.parse({ accountId: ACCOUNT_A, region: REGION, arn: arns.stage('aws', REGION, 'a1', 'prod'), restApiId: 'a1', stageName: 'prod' })] });

  it('an API with its default endpoint disabled is reached only through a private custom domain', () => {
    const bare = resultFor(reachability(world(network({ restApis: [disabled], vpcEndpoints: [endpoint('vpce-1', { dnsEntries: [{ dnsName: HOSTNAME }] })] }))), 'vpc-1');
    expect(bare).toMatchObject({ status: 'unreachable', broken: { hop: 'dns', arn: API_ARN } });

    const regional = network({ restApis: [disabled], vpcEndpoints: [endpoint('vpce-1', { dnsEntries: [{ dnsName: HOSTNAME }] })], domainNames: [domain], domainNameAccessAssociations: [association] });
    const snapshot = world(regional);
    snapshot.global = snapshot.global.map((g) => ({ ...g, hostedZones: [zone] }));
    const result = resultFor(reachability(snapshot), 'vpc-1');
    expect(result).toMatchObject({ status: 'reachable', needsHostHeader: false });
    expect(result.dnsNames).toEqual([{ name: 'orders.example.internal', kind: 'custom-domain', endpointId: 'vpce-1', needsHostHeader: false }]);

    const unassociated = world({ ...regional, domainNameAccessAssociations: [] });
    unassociated.global = unassociated.global.map((g) => ({ ...g, hostedZones: [zone] }));
    expect(resultFor(reachability(unassociated), 'vpc-1').broken?.reason).toMatch(/no access association/);

    // Neither the association nor the domain is known to be absent when its listing failed.
    const unlisted = withStatus(unassociated, 'apigateway', 'partial', [denied('GetDomainNameAccessAssociations')]);
    expect(resultFor(reachability(unlisted), 'vpc-1')).toMatchObject({ status: 'unknown', unknown: { hop: 'dns', missing: expect.stringContaining('GetDomainNameAccessAssociations') } });
    const noDomains = world({ ...regional, domainNames: [], domainNameAccessAssociations: [] });
    expect(resultFor(reachability(noDomains), 'vpc-1').status).toBe('unreachable');
    const domainsUnlisted = withStatus(noDomains, 'apigateway', 'partial', [denied('GetDomainNames')]);
    expect(resultFor(reachability(domainsUnlisted), 'vpc-1')).toMatchObject({ status: 'unknown', unknown: { hop: 'dns', missing: expect.stringContaining('GetDomainNames') } });
  });
});

describe('reachability: Resolver forwarding rules of the client VPC', () => {
  const forwarding = (domainName: string, status = 'COMPLETE') => ({
    resolverRules: [resolverRule('rslvr-rr-1', domainName)],
    resolverRuleAssociations: [ruleAssociation('rslvr-rr-1', status, 'vpc-1')],
  });
  const kinds = (extra: Partial<RegionalInventory>) => {
    const r = reachability(world(network({ restApis: [api()], ...extra })));
    return { kinds: resultFor(r, 'vpc-1').dnsNames.map((n) => n.kind), notes: resultFor(r, 'vpc-1').notes, reachers: onlyApi(r).reachableBy };
  };

  it('a rule forwarding the execute-api domain (or a name below it) takes the private DNS name away from the endpoint', () => {
    for (const domain of [`execute-api.${REGION}.amazonaws.com`, `a1.execute-api.${REGION}.amazonaws.com.`]) {
      const { kinds: found, notes, reachers } = kinds(forwarding(domain));
      expect(found, domain).toEqual(['endpoint-hostname']);
      expect(notes).toContainEqual(expect.stringMatching(/Resolver rule rslvr-rr-1 \(rslvr-rr-1\) associated with VPC vpc-1 forwards .* to 10\.1\.0\.53, ahead of the endpoint's private zone/));
      // The per-API reachers agree with the per-client row: the hostname still works.
      expect(reachers).toEqual([{ clientId: 'vpc-1', endpointIds: ['vpce-1'] }]);
    }
  });

  it('a less specific rule (amazonaws.com), another API’s name, or an association not COMPLETE leave private DNS alone', () => {
    expect(kinds(forwarding('amazonaws.com')).kinds).toContain('private-dns');
    expect(kinds(forwarding(`other.execute-api.${REGION}.amazonaws.com`)).kinds).toContain('private-dns');
    expect(kinds(forwarding(`execute-api.${REGION}.amazonaws.com`, 'FAILED')).kinds).toContain('private-dns');
  });
});

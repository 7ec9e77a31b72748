import { describe, expect, it } from 'vitest';
import { arns } from '../../src/model/arn.js';
import { InventoryIndex } from '../../src/model/inventory-index.js';
import { DomainName, DomainNameAccessAssociation, type RegionalInventory, type RestApi } from '../../src/model/inventory.js';
import { MAX_CLIENT_VPCS, MAX_ENDPOINTS, apiTopologies } from '../../src/report/topology.js';
import type { ApiTopology, TopologyNode } from '../../src/report/topology-model.js';
import { LEGACY_NLB, LEGACY_TG, LINK_V1, legacy, stage, targetGroup, healthy, vpcLinkIntegration, restApi as integrationApi } from '../checks/integration/fixtures.js';
import { reachability } from '../../src/reach/evaluate.js';
import type { BrokenHop, Reachability } from '../../src/reach/model.js';
import { REGION, allowOnly, denied, ec2Arn, endpoint, group, network, resolverEndpoint, restApi, rule, withStatus, world } from '../checks/network/fixtures.js';
import { demoReport } from '../helpers/demo-report.js';
import { makeFinding } from '../helpers/findings.js';
import { ACCOUNT_A, ACCOUNT_B } from '../helpers/snapshot-builder.js';

const ALLOW_ANY = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' }] });

/** A private API associated with vpce-1 (private DNS on), its policy allowing only that endpoint. */
const associatedApi = (overrides: Partial<RestApi> = {}): RestApi =>
  restApi('a1', { endpointConfiguration: { types: ['PRIVATE'], vpcEndpointIds: ['vpce-1'] }, resources: [], stages: [], authorizers: [], ...overrides });

function only(topologies: ApiTopology[]): ApiTopology {
  expect(topologies).toHaveLength(1);
  return topologies[0]!;
}

function node(t: ApiTopology, id: string): TopologyNode {
  const found = t.nodes.find((n) => n.id === id);
  expect(found, `node ${id} in ${t.nodes.map((n) => n.id).join(', ')}`).toBeDefined();
  return found!;
}

const edge = (t: ApiTopology, from: string, to: string) => t.edges.find((e) => e.from === from && e.to === to);

describe('apiTopologies', () => {
  it('draws client VPC → DNS names → endpoint (with its group) → API for an associated endpoint with private DNS', () => {
    const t = only(apiTopologies(world(network({ restApis: [associatedApi()] })), []));
    expect(t).toMatchObject({ apiId: 'a1', name: 'api-a1', accountId: ACCOUNT_A, region: REGION, apiArn: arns.restApi('aws', REGION, 'a1') });
    expect(node(t, 'vpc-1')).toMatchObject({ kind: 'client-vpc', status: 'ok', arn: ec2Arn('vpc', 'vpc-1'), detail: expect.arrayContaining(['DNS support on, hostnames on']) });
    expect(node(t, 'dns:private:vpc-1').label).toBe(`a1.execute-api.${REGION}.amazonaws.com`);
    expect(node(t, 'dns:alias:vpce-1').label).toBe(`a1-vpce-1.execute-api.${REGION}.amazonaws.com`);
    expect(node(t, 'vpce-1')).toMatchObject({ kind: 'vpc-endpoint', arn: ec2Arn('vpc-endpoint', 'vpce-1'), detail: expect.arrayContaining(['state available', 'private DNS on']) });
    expect(node(t, 'sg-1')).toMatchObject({ kind: 'security-group', detail: ['TCP 443 in from 10.1.0.0/16'] });
    expect(node(t, 'a1').detail).toContain('policy allows vpce-1');
    expect(t.nodes.filter((n) => n.kind === 'api')).toHaveLength(1);
    for (const [from, to] of [['vpc-1', 'dns:private:vpc-1'], ['dns:private:vpc-1', 'vpce-1'], ['dns:alias:vpce-1', 'vpce-1'], ['sg-1', 'vpce-1'], ['vpce-1', 'a1']] as const) {
      expect(edge(t, from, to), `${from} → ${to}`).toMatchObject({ status: 'ok' });
    }
    expect(edge(t, 'vpce-1', 'a1')?.label).toBe('policy allows');
    expect(t.nodes.every((n) => n.status === 'ok')).toBe(true);
    expect(t.notes).toEqual([]);
  });

  it('shows the endpoint-specific hostname, which needs a Host or x-apigw-api-id header, when the endpoint has no private DNS and no association', () => {
    const r = network({ restApis: [associatedApi({ endpointConfiguration: { types: ['PRIVATE'], vpcEndpointIds: [] } })], vpcEndpoints: [endpoint('vpce-1', { privateDnsEnabled: false, dnsEntries: [{ dnsName: 'vpce-1-abcd.execute-api.us-east-1.vpce.amazonaws.com' }] })] });
    const t = only(apiTopologies(world(r), []));
    expect(node(t, 'dns:vpce:vpce-1')).toMatchObject({ label: 'vpce-1-abcd.execute-api.us-east-1.vpce.amazonaws.com', detail: expect.arrayContaining(['needs a Host or x-apigw-api-id header']) });
    expect(t.nodes.some((n) => n.id.startsWith('dns:private') || n.id.startsWith('dns:alias'))).toBe(false);
  });

  it('puts the policy verdict in words', () => {
    const verdict = (policy: string | undefined) => node(only(apiTopologies(world(network({ restApis: [associatedApi({ policy })] })), [])), 'a1').detail[1];
    expect(verdict(undefined)).toBe('no resource policy: every request is denied');
    expect(verdict('{not json')).toMatch(/^policy could not be parsed: /);
    expect(verdict(ALLOW_ANY)).toBe('policy allows any VPC endpoint');
    expect(verdict(allowOnly('vpce-1', 'vpce-2'))).toBe('policy allows vpce-1 and vpce-2');
  });

  it('caps the endpoints and client VPCs a permissive policy admits, broken ones first, and says what was left out', () => {
    const ids = Array.from({ length: 10 }, (_, i) => `vpce-${String(i).padStart(2, '0')}`);
    const here = network({ restApis: [associatedApi({ policy: ALLOW_ANY, endpointConfiguration: { types: ['PRIVATE'], vpcEndpointIds: [] } })], vpcEndpoints: ids.map((id, i) => endpoint(id, { vpcId: `vpc-${i}` })) });
    const other = { ...network({ vpcEndpoints: [endpoint('vpce-b', { accountId: ACCOUNT_B, vpcId: 'vpc-b' })], vpcs: [], securityGroups: [] }, ACCOUNT_B), restApis: [] };
    const elsewhere = network({ vpcEndpoints: [endpoint('vpce-eu', { region: 'eu-west-1', vpcId: 'vpc-eu' })], vpcs: [], securityGroups: [] }, ACCOUNT_A, 'eu-west-1');
    const onLast = makeFinding({ checkId: 'VPCE-001', resource: { arn: ec2Arn('vpc-endpoint', 'vpce-09'), type: 'AwsEc2VpcEndpoint' }, related: [] });
    const t = only(apiTopologies(world(here, other, elsewhere), [onLast]));
    const endpoints = t.nodes.filter((n) => n.kind === 'vpc-endpoint').map((n) => n.id);
    expect(endpoints).toHaveLength(MAX_ENDPOINTS);
    expect(endpoints).toContain('vpce-09');
    expect(endpoints).not.toContain('vpce-eu');
    expect(t.nodes.filter((n) => n.kind === 'client-vpc').length).toBeLessThanOrEqual(MAX_CLIENT_VPCS);
    // 10 in account A and one in account B share the region.
    expect(t.notes).toContainEqual(expect.stringMatching(/^5 more VPC endpoint\(s\) can reach the API and are not drawn \(the policy allows any VPC endpoint; us-east-1 has 11\)/));
    expect(apiTopologies(world(here, other, elsewhere), [onLast])).toEqual([t]);
  });

  it('follows a VPC link V1 to its NLB and target group, with unhealthy targets counted and explained', () => {
    const r = legacy();
    r.targetGroups = [targetGroup(LEGACY_TG, LEGACY_NLB, 'ip', [healthy('10.1.0.20'), healthy('10.1.0.21'), { targetId: '10.1.1.20', port: 8080, state: 'unhealthy', reason: 'Target.Timeout' }])];
    const t = only(apiTopologies(world(r), []));
    expect(node(t, LINK_V1)).toMatchObject({ kind: 'vpc-link', label: 'VPC link legacy-nlb', detail: expect.arrayContaining(['V1 (NLB)']) });
    expect(node(t, LEGACY_NLB)).toMatchObject({ kind: 'load-balancer', label: 'NLB legacy-nlb', detail: expect.arrayContaining(['network internal', 'listeners TLS 443']) });
    expect(node(t, LEGACY_TG)).toMatchObject({ kind: 'target-group', detail: expect.arrayContaining(['2 healthy, 1 unhealthy (Target.Timeout)']) });
    expect(edge(t, 'api222', LINK_V1)?.label).toBe('1 method(s)');
    expect(edge(t, LINK_V1, LEGACY_NLB)).toBeDefined();
    expect(edge(t, LEGACY_NLB, LEGACY_TG)).toBeDefined();
  });

  it('resolves a connection id read from a stage variable through each stage; a link missing from the inventory is unknown', () => {
    const r = legacy();
    const apiId = 'api333';
    r.restApis = [
      integrationApi(apiId, vpcLinkIntegration({ connectionId: '${stageVariables.linkId}', integrationTarget: undefined }), {
        stages: [stage(apiId, 'prod', { linkId: LINK_V1 }), stage(apiId, 'dev', { linkId: 'lnkgone' }), stage(apiId, 'test')],
      }),
    ];
    const t = only(apiTopologies(world(r), []));
    expect(edge(t, apiId, LINK_V1)?.label).toBe('1 method(s), stage prod');
    expect(node(t, LEGACY_NLB).status).toBe('ok');
    expect(node(t, 'lnkgone')).toMatchObject({ status: 'unknown', arn: arns.vpcLink('aws', REGION, 'lnkgone') });
    expect(edge(t, apiId, 'lnkgone')).toMatchObject({ status: 'unknown', label: '1 method(s), stage dev' });
  });

  it('marks a hop an open finding names (primary or related) broken, with the edge into it; muted and resolved findings do not', () => {
    const snapshot = world(network({ restApis: [associatedApi()] }));
    const vpceArn = ec2Arn('vpc-endpoint', 'vpce-1');
    const open = makeFinding({ checkId: 'VPCE-002', resource: { arn: vpceArn, type: 'AwsEc2VpcEndpoint' }, related: [] });
    const related = makeFinding({ checkId: 'DNS-001', resource: { arn: ec2Arn('vpc', 'vpc-9'), type: 'AwsEc2Vpc' }, related: [{ arn: ec2Arn('security-group', 'sg-1'), type: 'AwsEc2SecurityGroup' }] });
    const muted = makeFinding({ checkId: 'VPCE-003', resource: { arn: vpceArn, type: 'AwsEc2VpcEndpoint' }, muted: { entry: 'x', reason: 'accepted', owner: 'me', expires: '2099-01-01' } });
    const resolved = makeFinding({ checkId: 'VPCE-004', resource: { arn: vpceArn, type: 'AwsEc2VpcEndpoint' }, state: 'RESOLVED' });

    const t = only(apiTopologies(snapshot, [open, related, muted, resolved]));
    expect(node(t, 'vpce-1')).toMatchObject({ status: 'broken', findingIds: [open.id] });
    expect(node(t, 'sg-1')).toMatchObject({ status: 'broken', findingIds: [related.id] });
    expect(edge(t, 'dns:private:vpc-1', 'vpce-1')?.status).toBe('broken');
    expect(edge(t, 'vpce-1', 'a1')?.status).toBe('ok');

    const quiet = only(apiTopologies(snapshot, [muted, resolved]));
    expect(quiet.nodes.every((n) => n.status === 'ok' && n.findingIds.length === 0)).toBe(true);
  });

  it('says what the inventory does not know: unread resources, an endpoint not collected, a listing that failed', () => {
    const unread = only(apiTopologies(world(network({ restApis: [associatedApi({ resources: undefined })] })), []));
    expect(node(unread, 'integrations:unread')).toMatchObject({ kind: 'vpc-link', status: 'unknown' });
    expect(edge(unread, 'a1', 'integrations:unread')?.status).toBe('unknown');
    expect(unread.notes).toContain('The resources of the API were not read, so its integrations are unknown');

    const missing = only(apiTopologies(world(network({ restApis: [associatedApi({ endpointConfiguration: { types: ['PRIVATE'], vpcEndpointIds: ['vpce-elsewhere'] } })] })), []));
    expect(node(missing, 'vpce-elsewhere').status).toBe('unknown');

    const failed = withStatus(world(network({ restApis: [associatedApi()] })), 'ec2', 'failed', [denied('DescribeVpcEndpoints')]);
    expect(node(only(apiTopologies(failed, [])), 'vpce-1').status).toBe('unknown');
  });

  it('draws the on-premises network behind a Resolver inbound endpoint in a client VPC', () => {
    const t = only(apiTopologies(world(network({ restApis: [associatedApi()], resolverEndpoints: [resolverEndpoint('rslvr-in-1'), resolverEndpoint('rslvr-out-1', { direction: 'OUTBOUND' })] })), []));
    expect(node(t, 'onprem:rslvr-in-1')).toMatchObject({ kind: 'onprem', label: 'On-premises via rslvr-in-1' });
    expect(edge(t, 'onprem:rslvr-in-1', 'vpc-1')).toBeDefined();
    expect(t.nodes.some((n) => n.id === 'onprem:rslvr-out-1')).toBe(false);
  });

  it('puts a private custom domain mapped to the API between the endpoints associated with it and the API', () => {
    const domainArn = `arn:aws:apigateway:${REGION}:${ACCOUNT_A}:/domainnames/orders.example.internal+abc123`;
    const domain = DomainName.parse({
      accountId: ACCOUNT_A, region: REGION, arn: domainArn, domainName: 'orders.example.internal', domainNameId: 'abc123', resourceOwner: 'SELF', endpointTypes: ['PRIVATE'], status: 'AVAILABLE',
      basePathMappings: [{ basePath: 'orders', restApiId: 'a1', stage: 'prod' }],
    });
    const association = DomainNameAccessAssociation.parse({
      accountId: ACCOUNT_A, region: REGION, arn: `arn:aws:apigateway:${REGION}:${ACCOUNT_A}:/domainnameaccessassociations/domainname/orders.example.internal+abc123/vpcesource/vpce-1`,
      domainNameArn: domainArn, accessAssociationSourceType: 'VPCE', accessAssociationSource: 'vpce-1', resourceOwner: 'SELF',
    });
    const r: RegionalInventory = network({ restApis: [associatedApi()], domainNames: [domain], domainNameAccessAssociations: [association] });
    const t = only(apiTopologies(world(r), []));
    const id = 'domain:orders.example.internal+abc123';
    expect(node(t, id)).toMatchObject({ kind: 'domain', label: 'orders.example.internal', arn: domainArn, detail: expect.arrayContaining(['/orders → prod']) });
    expect(edge(t, 'vpce-1', id)).toBeDefined();
    expect(edge(t, id, 'a1')).toBeDefined();
  });

  it('sorts by account, region and name and draws only private APIs', () => {
    const regional = restApi('r1', { name: 'aaa', endpointConfiguration: { types: ['REGIONAL'], vpcEndpointIds: [] } });
    const b = { ...network({ restApis: [restApi('b1', { accountId: ACCOUNT_B, name: 'alpha', resources: [] })], vpcs: [], securityGroups: [], vpcEndpoints: [] }, ACCOUNT_B) };
    const a = network({ restApis: [restApi('a2', { name: 'zulu', resources: [] }), restApi('a1', { name: 'beta', resources: [] }), regional] });
    expect(apiTopologies(world(b, a), []).map((t) => t.apiId)).toEqual(['a1', 'a2', 'b1']);
  });
});

describe('apiTopologies with reachability: the first broken hop of each intended client', () => {
  const closed = () => world(network({ restApis: [associatedApi()], securityGroups: [group('sg-1', [rule({ fromPort: 80, toPort: 80 })])] }));

  it('marks the node the engine names, apart from the finding-based status', () => {
    const snapshot = closed();
    const t = only(apiTopologies(snapshot, [], reachability(snapshot)));
    expect(t.firstBroken).toEqual([expect.objectContaining({ clientId: 'vpc-1', hop: 'security-group', arn: ec2Arn('security-group', 'sg-1'), nodeId: 'sg-1' })]);
    expect(node(t, 'sg-1')).toMatchObject({ status: 'ok', firstBrokenFrom: ['vpc-1'] });
    expect(t.nodes.filter((n) => n.firstBrokenFrom)).toHaveLength(1);

    const plain = only(apiTopologies(snapshot, []));
    expect(plain.firstBroken).toEqual([]);
    expect(plain.nodes.some((n) => n.firstBrokenFrom)).toBe(false);
  });

  it('marks nothing when every intended client reaches the API', () => {
    const snapshot = world(network({ restApis: [associatedApi()] }));
    const t = only(apiTopologies(snapshot, [], reachability(snapshot)));
    expect(t.firstBroken).toEqual([]);
    expect(t.nodes.some((n) => n.firstBrokenFrom)).toBe(false);
  });

  it('falls back to where the hop sits in the diagram when the resource named is not drawn', () => {
    const snapshot = world(network({ restApis: [associatedApi()] }));
    const real = reachability(snapshot);
    /** The one intended client (vpc-1) made unreachable at `hop`, naming a resource the diagram does not hold. */
    const brokenAt = (hop: BrokenHop['hop'], endpointIds = ['vpce-1']): Reachability => {
      const broken = { hop, reason: 'test', arn: 'arn:aws:ec2:us-east-1:111111111111:not-drawn/x' };
      const apis = real.apis.map((a) => ({ ...a, intended: a.intended.map((i) => ({ ...i, result: { ...i.result, status: 'unreachable' as const, broken, endpointIds } })) }));
      return { ...real, apis };
    };
    const nodeFor = (reach: Reachability) => only(apiTopologies(snapshot, [], reach)).firstBroken[0]?.nodeId;
    expect(nodeFor(brokenAt('dns'))).toBe('vpc-1');
    expect(nodeFor(brokenAt('endpoint-policy'))).toBe('vpce-1');
    expect(nodeFor(brokenAt('security-group'))).toBe('vpce-1');
    expect(nodeFor(brokenAt('resource-policy'))).toBe('a1');
    expect(nodeFor(brokenAt('integration'))).toBe('a1');
    // Nowhere to draw it: still listed, with no node.
    const lost = only(apiTopologies(snapshot, [], brokenAt('endpoint', [])));
    expect(lost.firstBroken).toEqual([expect.not.objectContaining({ nodeId: expect.anything() })]);
    expect(lost.nodes.some((n) => n.firstBrokenFrom)).toBe(false);
  });
});

describe('apiTopologies on the demo organization', () => {
  it('draws one consistent topology per private API, some with broken hops', async () => {
    const report = await demoReport();
    const snapshot = report.snapshot!;
    const topologies = apiTopologies(snapshot, report.findings);
    expect(topologies).toHaveLength(new InventoryIndex(snapshot).privateApis().length);
    for (const t of topologies) {
      expect(t.nodes.filter((n) => n.kind === 'api'), t.apiArn).toHaveLength(1);
      const ids = new Set(t.nodes.map((n) => n.id));
      expect(ids.size, t.apiArn).toBe(t.nodes.length);
      for (const e of t.edges) expect(ids.has(e.from) && ids.has(e.to), `${t.apiArn}: ${e.from} → ${e.to}`).toBe(true);
      expect(t.nodes.filter((n) => n.kind === 'vpc-endpoint').length).toBeLessThanOrEqual(MAX_ENDPOINTS);
    }
    expect(topologies.some((t) => t.nodes.some((n) => n.status === 'broken'))).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import mr001 from '../../../checks/domains/mr-001.js';
import type { RecordSet, RegionalInventory } from '../../../src/model/inventory.js';
import { resultsOf, testCheck } from '../../helpers/check-tester.js';
import { ACCOUNT_A, ACCOUNT_B, aliasTo, api, association, domain, endpoint, failing, frontOf, R1, R2, regional, scopedEndpointPolicy, world, zone } from './fixtures.js';

const NAME = 'rates.corp.example.com';

interface SideOptions {
  api?: boolean;
  status?: string;
  targets?: boolean;
  /** false: the load balancer the record aliases is not in the inventory. */
  lb?: boolean;
  /** false: the REST API the domain maps to is not in the inventory (the domain still is). */
  restApi?: boolean;
}

function side(region: string, ip: string, o: SideOptions = {}): { inventory: RegionalInventory; lbDns: string; apiArn: string } {
  const id = `vpce-0mr${region.replace(/-/g, '')}00`;
  const front = frontOf(endpoint(id, { accountId: ACCOUNT_A, region, vpcId: `vpc-0mr${region.replace(/-/g, '')}`, policyDocument: scopedEndpointPolicy([`arn:aws:execute-api:${region}:${ACCOUNT_A}:*`]) }), `rates-${region}`, ip);
  const a = api(`mr${region.replace(/-/g, '').slice(0, 8)}`, [id], { region });
  const d = domain(NAME, `d${region.replace(/-/g, '').slice(0, 9)}`, [id], { region, status: o.status ?? 'AVAILABLE', basePathMappings: [{ basePath: '(none)', restApiId: a.id, stage: 'prod' }] });
  const withApi = o.api ?? true;
  return {
    inventory: regional(ACCOUNT_A, region, {
      vpcEndpoints: [front.endpoint],
      networkInterfaces: [front.eni],
      loadBalancers: o.lb === false ? [] : [front.lb],
      targetGroups: [o.targets === false ? { ...front.tg, targets: undefined } : front.tg],
      ...(withApi && { restApis: o.restApi === false ? [] : [a], domainNames: [d], domainNameAccessAssociations: [association(d, id, ACCOUNT_A, 'SELF')] }),
    }),
    lbDns: front.lb.dnsName ?? '',
    apiArn: a.arn,
  };
}

function setup(secondary: SideOptions = {}, routing: 'failover' | 'weighted' = 'failover', records: 'collected' | 'missing' = 'collected') {
  const p = side(R1, '10.1.0.10');
  const s = side(R2, '10.2.0.10', secondary);
  const rec = (dns: string, primary: boolean, setIdentifier: string): RecordSet =>
    aliasTo(`${NAME}.`, dns, { setIdentifier, ...(routing === 'failover' ? { failover: primary ? 'PRIMARY' : 'SECONDARY' } : { weight: 50 }) });
  const zones = [zone('ZNET1', 'corp.example.com.', ['vpc-0hub'], records === 'collected' ? [rec(p.lbDns, true, R1), rec(s.lbDns, false, R2)] : undefined)];
  return { snapshot: world([p.inventory, s.inventory, regional(ACCOUNT_B, R1)], zones), primary: p.apiArn, secondary: s.apiArn };
}

const complete = setup();
const incomplete = setup({ api: false });

testCheck(mr001, {
  pass: [complete.snapshot, setup({}, 'weighted').snapshot],
  fail: [
    { snapshot: incomplete.snapshot, findings: [{ resource: incomplete.primary, messageId: 'notInParity' }] },
    // Weighted: each healthy side's API is named when another side's domain is not available.
    { snapshot: setup({ status: 'PENDING_CERTIFICATE_REIMPORT' }, 'weighted').snapshot, findings: [{ resource: complete.primary, messageId: 'notInParity' }] },
    // The secondary's load balancer, or the API its domain maps to, does not exist (every listing complete).
    { snapshot: setup({ lb: false }).snapshot, findings: [{ resource: complete.primary, messageId: 'notInParity' }] },
    { snapshot: setup({ restApi: false }).snapshot, findings: [{ resource: complete.primary, messageId: 'notInParity' }] },
  ],
  notApplicable: [world([regional(ACCOUNT_A, R1, { restApis: [api('alone00001', [])] })])],
  error: [
    setup({}, 'failover', 'missing').snapshot,
    setup({ targets: false }).snapshot,
    // The same, where the secondary Region's listing failed: what is missing may only be unlisted.
    failing(setup({ lb: false }).snapshot, ACCOUNT_A, R2, 'elbv2', 'DescribeLoadBalancers'),
    failing(setup({ restApi: false }).snapshot, ACCOUNT_A, R2, 'apigateway', 'GetRestApis'),
    // An API in no record privapi can see, while account B's zones (where such records live) were not listed.
    failing(world([regional(ACCOUNT_A, R1, { restApis: [api('alone00001', [])] }), regional(ACCOUNT_B, R1)]), ACCOUNT_B, 'global', 'route53', 'ListHostedZones'),
  ],
});

describe('MR-001 details', () => {
  it('says what the secondary lacks and relates the zone, load balancers and endpoints', () => {
    const fail = resultsOf(mr001, incomplete.snapshot).find((r) => r.status === 'FAIL');
    expect(fail?.message).toContain('no private custom domain rates.corp.example.com is associated');
    const types = new Set(fail?.related.map((r) => r.type));
    expect([...types]).toEqual(expect.arrayContaining(['AwsRoute53HostedZone', 'AwsElbv2LoadBalancer', 'AwsEc2VpcEndpoint']));
  });
  it('an API in no visible record is not "not applicable" while some account\'s zones are unknown', () => {
    const snapshot = failing(world([regional(ACCOUNT_A, R1, { restApis: [api('alone00001', [])] }), regional(ACCOUNT_B, R1)]), ACCOUNT_B, 'global', 'route53', 'ListHostedZones');
    const result = resultsOf(mr001, snapshot).find((r) => r.accountId === ACCOUNT_A);
    expect(result).toMatchObject({ status: 'ERROR' });
    expect(result?.message).toContain(`the hosted zones of ${ACCOUNT_B} were not listed`);
  });
  it('says which account, Region, service and call left the other Region unknown', () => {
    const snapshot = failing(setup({ lb: false }).snapshot, ACCOUNT_A, R2, 'elbv2', 'DescribeLoadBalancers');
    const result = resultsOf(mr001, snapshot).find((r) => r.resource.arn === complete.primary);
    expect(result).toMatchObject({ status: 'ERROR' });
    expect(result?.message).toContain(`elbv2 was not collected in ${ACCOUNT_A}/${R2}: DescribeLoadBalancers AccessDeniedException`);
  });
  it('passes both APIs of a complete pair', () => {
    const passes = resultsOf(mr001, complete.snapshot).filter((r) => r.status === 'PASS').map((r) => r.resource.arn);
    expect(passes.sort()).toEqual([complete.primary, complete.secondary].sort());
  });
});

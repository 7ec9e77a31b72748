import {
  InvalidNextTokenException,
  ListResolverEndpointIpAddressesCommand,
  ListResolverEndpointsCommand,
  ListResolverRulesCommand,
  ResourceNotFoundException,
  Route53ResolverClient,
  ThrottlingException,
  ValidationException,
  paginateListResolverEndpointIpAddresses,
  paginateListResolverEndpoints,
  paginateListResolverRuleAssociations,
  paginateListResolverRules,
} from '@aws-sdk/client-route53resolver';
import type { IpAddressResponse, ResolverEndpoint } from '@aws-sdk/client-route53resolver';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CallStats } from '../../../src/aws/call-stats.js';
import { ClientFactory } from '../../../src/aws/clients.js';
import { RateLimiters } from '../../../src/aws/rate-limit.js';
import type { SimulatedAws } from '../../../src/aws/simulation/server.js';
import type { SimWorld } from '../../../src/aws/simulation/world.js';
import { CollectionRecorder, type RegionalContext } from '../../../src/collectors/contract.js';
import { route53resolverCollector } from '../../../src/collectors/route53resolver.js';
import { emptyRegional } from '../../../src/model/inventory.js';
import { silentLogger } from '../../helpers/collector-context.js';
import { MEMBER, REGION, regionState, simAccount, simClientConfig, simWorld, simulate } from '../../helpers/sim-world.js';

const ARN = `arn:aws:route53resolver:${REGION}:${MEMBER}`;

function endpoint(id: string, direction: 'INBOUND' | 'OUTBOUND', ips: string[]): { endpoint: ResolverEndpoint; ipAddresses: IpAddressResponse[] } {
  return {
    endpoint: {
      Id: id,
      Arn: `${ARN}:resolver-endpoint/${id}`,
      Name: `${direction.toLowerCase()}-${id}`,
      Direction: direction,
      HostVPCId: 'vpc-0001',
      SecurityGroupIds: ['sg-dns'],
      IpAddressCount: ips.length,
      Status: 'OPERATIONAL',
      CreationTime: '2024-03-01T10:00:00.000Z',
    },
    ipAddresses: ips.map((ip, i) => ({ IpId: `rni-${id}-${i}`, Ip: ip, SubnetId: `subnet-${i}`, Status: 'ATTACHED' })),
  };
}

function world(): SimWorld {
  const state = regionState({
    route53resolver: {
      endpoints: [endpoint('rslvr-in-1', 'INBOUND', ['10.0.1.10', '10.0.2.10', '10.0.3.10']), endpoint('rslvr-out-1', 'OUTBOUND', ['10.0.1.20', '10.0.2.20']), endpoint('rslvr-out-2', 'OUTBOUND', [])],
      rules: [
        {
          Id: 'rslvr-rr-1',
          Arn: `${ARN}:resolver-rule/rslvr-rr-1`,
          DomainName: 'execute-api.us-east-1.amazonaws.com.',
          RuleType: 'FORWARD',
          Status: 'COMPLETE',
          ResolverEndpointId: 'rslvr-out-1',
          TargetIps: [{ Ip: '10.9.0.2', Port: 53 }, { Ip: '10.9.0.3', Port: 53 }],
          OwnerId: MEMBER,
          ShareStatus: 'SHARED_BY_ME',
        },
        { Id: 'rslvr-autodefined-rr-internet-resolver', Arn: `${ARN}:autodefined-rule/internet`, DomainName: '.', RuleType: 'RECURSIVE', Status: 'COMPLETE', OwnerId: 'Route 53 Resolver', ShareStatus: 'NOT_SHARED' },
        { Id: 'rslvr-rr-2', Arn: `${ARN}:resolver-rule/rslvr-rr-2`, DomainName: 'corp.internal.', RuleType: 'SYSTEM', Status: 'COMPLETE', OwnerId: MEMBER },
      ],
      ruleAssociations: [
        { Id: 'rslvr-rrassoc-1', ResolverRuleId: 'rslvr-rr-1', VPCId: 'vpc-0001', Status: 'COMPLETE' },
        { Id: 'rslvr-rrassoc-2', ResolverRuleId: 'rslvr-rr-1', VPCId: 'vpc-0002', Status: 'FAILED', StatusMessage: 'VPC in another account' },
        { Id: 'rslvr-rrassoc-3', ResolverRuleId: 'rslvr-rr-2', VPCId: 'vpc-0001', Status: 'COMPLETE' },
      ],
    },
  });
  return simWorld([simAccount(MEMBER, { regions: { [REGION]: state } })]);
}

function client(sim: SimulatedAws, maxAttempts = 1): Route53ResolverClient {
  return new Route53ResolverClient(simClientConfig(sim, MEMBER, REGION, maxAttempts));
}

async function all<P>(pages: AsyncIterable<P>): Promise<P[]> {
  const out: P[] = [];
  for await (const page of pages) out.push(page);
  return out;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('simulated Route 53 Resolver', () => {
  it('lists endpoints, rules and associations over several pages, in order', async () => {
    const c = client(simulate(world(), { pageSize: 2 }));
    const endpoints = await all(paginateListResolverEndpoints({ client: c }, { MaxResults: 100 }));
    expect(endpoints.map((p) => p.ResolverEndpoints?.map((e) => e.Id))).toEqual([['rslvr-in-1', 'rslvr-out-1'], ['rslvr-out-2']]);
    expect(endpoints[0]?.MaxResults).toBe(100);
    expect(endpoints[0]?.ResolverEndpoints?.[0]).toMatchObject({ Direction: 'INBOUND', HostVPCId: 'vpc-0001', IpAddressCount: 3, CreationTime: '2024-03-01T10:00:00.000Z' });

    const rules = await all(paginateListResolverRules({ client: c }, {}));
    expect(rules.flatMap((p) => p.ResolverRules ?? []).map((r) => r.Id)).toEqual(['rslvr-rr-1', 'rslvr-autodefined-rr-internet-resolver', 'rslvr-rr-2']);
    expect(rules[0]?.ResolverRules?.[0]?.TargetIps).toEqual([{ Ip: '10.9.0.2', Port: 53 }, { Ip: '10.9.0.3', Port: 53 }]);

    const associations = await all(paginateListResolverRuleAssociations({ client: c }, {}));
    expect(associations).toHaveLength(2);
    expect(associations.flatMap((p) => p.ResolverRuleAssociations ?? []).map((a) => a.Id)).toEqual(['rslvr-rrassoc-1', 'rslvr-rrassoc-2', 'rslvr-rrassoc-3']);
  });

  it("lists an endpoint's IP addresses over several pages", async () => {
    const pages = await all(paginateListResolverEndpointIpAddresses({ client: client(simulate(world(), { pageSize: 2 })) }, { ResolverEndpointId: 'rslvr-in-1' }));
    expect(pages.map((p) => p.IpAddresses?.map((ip) => ip.Ip))).toEqual([['10.0.1.10', '10.0.2.10'], ['10.0.3.10']]);
  });

  it('answers an unknown endpoint with ResourceNotFoundException (400)', async () => {
    const call = client(simulate(world())).send(new ListResolverEndpointIpAddressesCommand({ ResolverEndpointId: 'rslvr-in-nope' }));
    await expect(call).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(call).rejects.toMatchObject({ $metadata: { httpStatusCode: 400 } });
  });

  it('rejects a page size above 100 and a token of another listing', async () => {
    const c = client(simulate(world(), { pageSize: 2 }));
    await expect(c.send(new ListResolverEndpointsCommand({ MaxResults: 101 }))).rejects.toBeInstanceOf(ValidationException);
    const first = await c.send(new ListResolverEndpointsCommand({}));
    await expect(c.send(new ListResolverRulesCommand({ NextToken: first.NextToken }))).rejects.toBeInstanceOf(InvalidNextTokenException);
  });

  it('throttles with ThrottlingException (400), which the SDK retries', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    let t = 0;
    const sim = simulate(world(), { quotas: { route53resolver: { rate: 1, burst: 1 } }, clock: { now: () => (t += 500), sleep: async () => {} } });
    const c = client(sim, 3);
    await c.send(new ListResolverRulesCommand({}));
    const out = await c.send(new ListResolverRulesCommand({}));
    expect(out.$metadata.attempts).toBe(2);
    expect(sim.metrics.throttled).toBe(1);

    const storm = client(simulate(world(), { faults: { throttlingStorm: { probability: 1 } } })).send(new ListResolverRulesCommand({}));
    await expect(storm).rejects.toBeInstanceOf(ThrottlingException);
    await expect(storm).rejects.toMatchObject({ $metadata: { httpStatusCode: 400 } });
  });
});

describe('the Route 53 Resolver collector against the simulation', () => {
  it('collects endpoints with their IP addresses, rules and rule associations', async () => {
    const sim = simulate(world(), { pageSize: 2 });
    const factory = new ClientFactory({ settings: { maxAttempts: 3, retryMode: 'standard', requestHandler: sim }, limiters: new RateLimiters(), stats: new CallStats() });
    const creds = sim.issueCredentials(MEMBER, 'collector');
    const ctx: RegionalContext = {
      accountId: MEMBER,
      region: REGION,
      partition: 'aws',
      log: silentLogger,
      recorder: new CollectionRecorder('route53resolver', silentLogger),
      clients: factory.regionClients(MEMBER, REGION, async () => creds),
    };
    const into = emptyRegional(MEMBER, REGION);
    await route53resolverCollector.collect(ctx, into);
    expect(ctx.recorder.errors).toEqual([]);
    expect(ctx.recorder.state).toBe('complete');

    expect(into.resolverEndpoints.map((e) => [e.id, e.direction, e.ipAddresses?.map((ip) => ip.ip)])).toEqual([
      ['rslvr-in-1', 'INBOUND', ['10.0.1.10', '10.0.2.10', '10.0.3.10']],
      ['rslvr-out-1', 'OUTBOUND', ['10.0.1.20', '10.0.2.20']],
      ['rslvr-out-2', 'OUTBOUND', []],
    ]);
    expect(into.resolverEndpoints[0]).toMatchObject({ arn: `${ARN}:resolver-endpoint/rslvr-in-1`, hostVpcId: 'vpc-0001', securityGroupIds: ['sg-dns'], ipAddressCount: 3 });
    expect(into.resolverEndpoints[0]?.ipAddresses?.[0]).toEqual({ ipId: 'rni-rslvr-in-1-0', ip: '10.0.1.10', subnetId: 'subnet-0', status: 'ATTACHED' });

    expect(into.resolverRules.map((r) => r.id)).toEqual(['rslvr-autodefined-rr-internet-resolver', 'rslvr-rr-1', 'rslvr-rr-2']);
    expect(into.resolverRules.find((r) => r.id === 'rslvr-rr-1')).toMatchObject({
      ruleType: 'FORWARD',
      resolverEndpointId: 'rslvr-out-1',
      targetIps: [{ ip: '10.9.0.2', port: 53 }, { ip: '10.9.0.3', port: 53 }],
      shareStatus: 'SHARED_BY_ME',
    });
    expect(into.resolverRuleAssociations.map((a) => [a.id, a.vpcId, a.status])).toEqual([
      ['rslvr-rrassoc-1', 'vpc-0001', 'COMPLETE'],
      ['rslvr-rrassoc-2', 'vpc-0002', 'FAILED'],
      ['rslvr-rrassoc-3', 'vpc-0001', 'COMPLETE'],
    ]);
  });
});

import {
  ListResolverEndpointIpAddressesCommand,
  ListResolverEndpointsCommand,
  ListResolverRuleAssociationsCommand,
  ListResolverRulesCommand,
  Route53ResolverClient,
  type ResolverEndpoint as SdkResolverEndpoint,
  type ResolverRule as SdkResolverRule,
  type ResolverRuleAssociation as SdkResolverRuleAssociation,
} from '@aws-sdk/client-route53resolver';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { route53resolverCollector } from '../../src/collectors/route53resolver.js';
import { emptyRegional, type RegionalInventory } from '../../src/model/inventory.js';
import { ACCOUNT, REGION, accessDenied, expectOnlyDeclaredCalls, regionalContext } from '../helpers/collector-context.js';

const resolver = mockClient(Route53ResolverClient);

const inbound: SdkResolverEndpoint = {
  Id: 'rslvr-in-0a1b2c3d4e5f6a7b8',
  CreatorRequestId: 'req-1',
  Arn: 'arn:aws-us-gov:route53resolver:us-gov-west-1:111111111111:resolver-endpoint/rslvr-in-0a1b2c3d4e5f6a7b8',
  Name: 'onprem-inbound',
  SecurityGroupIds: ['sg-0inbound'],
  Direction: 'INBOUND',
  IpAddressCount: 2,
  HostVPCId: 'vpc-0hub',
  Status: 'OPERATIONAL',
  StatusMessage: 'This Resolver Endpoint is operational.',
  ResolverEndpointType: 'IPV4',
};
const outbound: SdkResolverEndpoint = {
  Id: 'rslvr-out-0f9e8d7c6b5a49382',
  Arn: 'arn:aws-us-gov:route53resolver:us-gov-west-1:111111111111:resolver-endpoint/rslvr-out-0f9e8d7c6b5a49382',
  SecurityGroupIds: ['sg-0outbound', 'sg-0shared'],
  Direction: 'OUTBOUND',
  IpAddressCount: 2,
  HostVPCId: 'vpc-0hub',
  Status: 'ACTION_NEEDED',
};
const forwardRule: SdkResolverRule = {
  Id: 'rslvr-rr-0forward',
  CreatorRequestId: 'req-2',
  Arn: 'arn:aws-us-gov:route53resolver:us-gov-west-1:111111111111:resolver-rule/rslvr-rr-0forward',
  DomainName: 'corp.example.com.',
  Status: 'COMPLETE',
  StatusMessage: '[Trace id: 1-abc] Successfully created Resolver Rule.',
  RuleType: 'FORWARD',
  Name: 'corp-forward',
  TargetIps: [
    { Ip: '10.10.0.2', Port: 53 },
    { Ipv6: 'fd00::53', Port: 53, Protocol: 'Do53' },
  ],
  ResolverEndpointId: 'rslvr-out-0f9e8d7c6b5a49382',
  OwnerId: '222222222222',
  ShareStatus: 'SHARED_WITH_ME',
};
const systemRule: SdkResolverRule = {
  Id: 'rslvr-autodefined-rr-internet-resolver',
  Arn: 'arn:aws-us-gov:route53resolver:us-gov-west-1:111111111111:resolver-rule/rslvr-autodefined-rr-internet-resolver',
  DomainName: '.',
  Status: 'COMPLETE',
  RuleType: 'RECURSIVE',
  Name: 'Internet Resolver',
  OwnerId: 'Route 53 Resolver',
  ShareStatus: 'NOT_SHARED',
};
const association: SdkResolverRuleAssociation = {
  Id: 'rslvr-rrassoc-0a',
  ResolverRuleId: 'rslvr-rr-0forward',
  Name: 'spoke-a',
  VPCId: 'vpc-0spokea',
  Status: 'COMPLETE',
  StatusMessage: '',
};
const overridden: SdkResolverRuleAssociation = {
  Id: 'rslvr-rrassoc-0b',
  ResolverRuleId: 'rslvr-rr-0forward',
  VPCId: 'vpc-0spokeb',
  Status: 'OVERRIDDEN',
  StatusMessage: 'A rule for the same domain is associated with this VPC',
};

function mockEmptyRegion(): void {
  resolver.on(ListResolverEndpointsCommand).resolves({ ResolverEndpoints: [], MaxResults: 100 });
  resolver.on(ListResolverRulesCommand).resolves({ ResolverRules: [], MaxResults: 100 });
  resolver.on(ListResolverRuleAssociationsCommand).resolves({ ResolverRuleAssociations: [], MaxResults: 100 });
}

async function collect(opts: Parameters<typeof regionalContext>[1] = {}): Promise<{ ctx: ReturnType<typeof regionalContext>; into: RegionalInventory }> {
  const ctx = regionalContext('route53resolver', opts);
  const into = emptyRegional(ACCOUNT, ctx.region);
  await route53resolverCollector.collect(ctx, into);
  return { ctx, into };
}

describe('route53resolverCollector', () => {
  beforeEach(() => resolver.reset());

  it('maps endpoints with their IP addresses, rules and associations', async () => {
    resolver.on(ListResolverEndpointsCommand).resolves({ ResolverEndpoints: [outbound, inbound], MaxResults: 100 });
    resolver.on(ListResolverEndpointIpAddressesCommand, { ResolverEndpointId: inbound.Id }).resolves({
      IpAddresses: [
        { IpId: 'rni-0aaa', SubnetId: 'subnet-0a', Ip: '10.0.1.10', Status: 'ATTACHED', StatusMessage: 'This IP address is operational.' },
        { IpId: 'rni-0bbb', SubnetId: 'subnet-0b', Ip: '10.0.2.10', Ipv6: 'fd00:0:0:2::10', Status: 'ATTACHED' },
      ],
      MaxResults: 100,
    });
    resolver.on(ListResolverEndpointIpAddressesCommand, { ResolverEndpointId: outbound.Id }).resolves({
      IpAddresses: [{ IpId: 'rni-0ccc', SubnetId: 'subnet-0c', Ip: '10.0.3.10', Status: 'FAILED_RESOURCE_GONE' }],
      MaxResults: 100,
    });
    resolver.on(ListResolverRulesCommand).resolves({ ResolverRules: [systemRule, forwardRule], MaxResults: 100 });
    resolver.on(ListResolverRuleAssociationsCommand).resolves({ ResolverRuleAssociations: [overridden, association], MaxResults: 100 });

    const { ctx, into } = await collect({ partition: 'aws-us-gov', region: 'us-gov-west-1' });

    expect(ctx.recorder.state).toBe('complete');
    const located = { accountId: ACCOUNT, region: 'us-gov-west-1' };
    expect(into.resolverEndpoints).toEqual([
      {
        ...located,
        arn: 'arn:aws-us-gov:route53resolver:us-gov-west-1:111111111111:resolver-endpoint/rslvr-in-0a1b2c3d4e5f6a7b8',
        id: 'rslvr-in-0a1b2c3d4e5f6a7b8',
        name: 'onprem-inbound',
        direction: 'INBOUND',
        status: 'OPERATIONAL',
        hostVpcId: 'vpc-0hub',
        securityGroupIds: ['sg-0inbound'],
        ipAddressCount: 2,
        ipAddresses: [
          { ipId: 'rni-0aaa', ip: '10.0.1.10', subnetId: 'subnet-0a', status: 'ATTACHED' },
          { ipId: 'rni-0bbb', ip: '10.0.2.10', ipv6: 'fd00:0:0:2::10', subnetId: 'subnet-0b', status: 'ATTACHED' },
        ],
      },
      {
        ...located,
        arn: 'arn:aws-us-gov:route53resolver:us-gov-west-1:111111111111:resolver-endpoint/rslvr-out-0f9e8d7c6b5a49382',
        id: 'rslvr-out-0f9e8d7c6b5a49382',
        direction: 'OUTBOUND',
        status: 'ACTION_NEEDED',
        hostVpcId: 'vpc-0hub',
        securityGroupIds: ['sg-0outbound', 'sg-0shared'],
        ipAddressCount: 2,
        ipAddresses: [{ ipId: 'rni-0ccc', ip: '10.0.3.10', subnetId: 'subnet-0c', status: 'FAILED_RESOURCE_GONE' }],
      },
    ]);
    expect(into.resolverRules).toEqual([
      {
        ...located,
        arn: 'arn:aws-us-gov:route53resolver:us-gov-west-1:111111111111:resolver-rule/rslvr-autodefined-rr-internet-resolver',
        id: 'rslvr-autodefined-rr-internet-resolver',
        name: 'Internet Resolver',
        domainName: '.',
        ruleType: 'RECURSIVE',
        status: 'COMPLETE',
        targetIps: [],
        ownerId: 'Route 53 Resolver',
        shareStatus: 'NOT_SHARED',
      },
      {
        ...located,
        arn: 'arn:aws-us-gov:route53resolver:us-gov-west-1:111111111111:resolver-rule/rslvr-rr-0forward',
        id: 'rslvr-rr-0forward',
        name: 'corp-forward',
        domainName: 'corp.example.com.',
        ruleType: 'FORWARD',
        status: 'COMPLETE',
        resolverEndpointId: 'rslvr-out-0f9e8d7c6b5a49382',
        targetIps: [
          { ip: '10.10.0.2', port: 53 },
          { ipv6: 'fd00::53', port: 53 },
        ],
        ownerId: '222222222222',
        shareStatus: 'SHARED_WITH_ME',
      },
    ]);
    expect(into.resolverRuleAssociations).toEqual([
      { ...located, id: 'rslvr-rrassoc-0a', resolverRuleId: 'rslvr-rr-0forward', vpcId: 'vpc-0spokea', status: 'COMPLETE', statusMessage: '' },
      {
        ...located,
        id: 'rslvr-rrassoc-0b',
        resolverRuleId: 'rslvr-rr-0forward',
        vpcId: 'vpc-0spokeb',
        status: 'OVERRIDDEN',
        statusMessage: 'A rule for the same domain is associated with this VPC',
      },
    ]);
    expect(resolver).toHaveReceivedCommandWith(ListResolverEndpointIpAddressesCommand, { ResolverEndpointId: inbound.Id, MaxResults: 100 });
    expectOnlyDeclaredCalls(route53resolverCollector.declares, resolver);
  });

  it('follows every page of every listing', async () => {
    resolver
      .on(ListResolverEndpointsCommand)
      .resolvesOnce({ ResolverEndpoints: [inbound], NextToken: 'ep-2', MaxResults: 1 })
      .resolvesOnce({ ResolverEndpoints: [outbound], MaxResults: 1 });
    resolver.on(ListResolverEndpointIpAddressesCommand, { ResolverEndpointId: outbound.Id }).resolves({ IpAddresses: [], MaxResults: 100 });
    resolver
      .on(ListResolverEndpointIpAddressesCommand, { ResolverEndpointId: inbound.Id })
      .resolvesOnce({ IpAddresses: [{ IpId: 'rni-0aaa', SubnetId: 'subnet-0a', Ip: '10.0.1.10', Status: 'ATTACHED' }], NextToken: 'ip-2' })
      .resolvesOnce({ IpAddresses: [{ IpId: 'rni-0bbb', SubnetId: 'subnet-0b', Ip: '10.0.2.10', Status: 'ATTACHED' }] });
    resolver
      .on(ListResolverRulesCommand)
      .resolvesOnce({ ResolverRules: [forwardRule], NextToken: 'rule-2' })
      .resolvesOnce({ ResolverRules: [systemRule] });
    resolver
      .on(ListResolverRuleAssociationsCommand)
      .resolvesOnce({ ResolverRuleAssociations: [overridden], NextToken: 'assoc-2' })
      .resolvesOnce({ ResolverRuleAssociations: [association] });

    const { ctx, into } = await collect();

    expect(ctx.recorder.state).toBe('complete');
    expect(resolver).toHaveReceivedNthCommandWith(ListResolverEndpointsCommand, 2, { NextToken: 'ep-2', MaxResults: 100 });
    expect(into.resolverEndpoints.map((e) => e.id)).toEqual([inbound.Id, outbound.Id]);
    expect(resolver).toHaveReceivedCommandWith(ListResolverEndpointIpAddressesCommand, { ResolverEndpointId: inbound.Id, NextToken: 'ip-2', MaxResults: 100 });
    expect(into.resolverEndpoints[0]?.ipAddresses?.map((ip) => ip.ipId)).toEqual(['rni-0aaa', 'rni-0bbb']);
    expect(resolver).toHaveReceivedNthCommandWith(ListResolverRulesCommand, 2, { NextToken: 'rule-2', MaxResults: 100 });
    expect(into.resolverRules.map((r) => r.id)).toEqual(['rslvr-autodefined-rr-internet-resolver', 'rslvr-rr-0forward']);
    expect(resolver).toHaveReceivedNthCommandWith(ListResolverRuleAssociationsCommand, 2, { NextToken: 'assoc-2', MaxResults: 100 });
    expect(into.resolverRuleAssociations.map((a) => a.id)).toEqual(['rslvr-rrassoc-0a', 'rslvr-rrassoc-0b']);
  });

  it('completes with empty lists when the region has no resolver resources', async () => {
    mockEmptyRegion();

    const { ctx, into } = await collect();

    expect(ctx.recorder.state).toBe('complete');
    expect(ctx.recorder.errors).toEqual([]);
    expect(into.region).toBe(REGION);
    expect(into.resolverEndpoints).toEqual([]);
    expect(into.resolverRules).toEqual([]);
    expect(into.resolverRuleAssociations).toEqual([]);
    expect(resolver).not.toHaveReceivedCommand(ListResolverEndpointIpAddressesCommand);
  });

  it('fails when endpoints cannot be listed, without inventing endpoints, and still lists rules', async () => {
    mockEmptyRegion();
    resolver.on(ListResolverEndpointsCommand).rejects(accessDenied());
    resolver.on(ListResolverRulesCommand).resolves({ ResolverRules: [forwardRule] });

    const { ctx, into } = await collect();

    expect(ctx.recorder.state).toBe('failed');
    expect(ctx.recorder.errors).toEqual([expect.objectContaining({ operation: 'ListResolverEndpoints', code: 'AccessDeniedException' })]);
    expect(into.resolverEndpoints).toEqual([]);
    expect(into.resolverRules.map((r) => r.id)).toEqual(['rslvr-rr-0forward']);
    expect(resolver).not.toHaveReceivedCommand(ListResolverEndpointIpAddressesCommand);
  });

  it('fails when rules cannot be listed', async () => {
    mockEmptyRegion();
    resolver.on(ListResolverRulesCommand).rejects(accessDenied());

    const { ctx, into } = await collect();

    expect(ctx.recorder.state).toBe('failed');
    expect(ctx.recorder.errors).toEqual([expect.objectContaining({ operation: 'ListResolverRules', code: 'AccessDeniedException' })]);
    expect(into.resolverRules).toEqual([]);
  });

  it('withholds rules and associations missing the fields that join them to VPCs, and fails their listings', async () => {
    mockEmptyRegion();
    const { DomainName: _domain, ...ruleWithoutDomain } = forwardRule;
    const { VPCId: _vpc, ...associationWithoutVpc } = association;
    resolver.on(ListResolverRulesCommand).resolves({ ResolverRules: [ruleWithoutDomain, systemRule], MaxResults: 100 });
    resolver.on(ListResolverRuleAssociationsCommand).resolves({ ResolverRuleAssociations: [associationWithoutVpc, overridden], MaxResults: 100 });

    const { ctx, into } = await collect();

    // Kept with '' they would match no VPC, and a forwarding rule that takes a name away would vanish from the checks.
    expect(ctx.recorder.state).toBe('failed');
    expect(ctx.recorder.errors).toEqual([
      expect.objectContaining({ operation: 'ListResolverRules', code: 'MalformedResponse', message: expect.stringContaining(`Resolver rule ${forwardRule.Id} without DomainName`) }),
      expect.objectContaining({ operation: 'ListResolverRuleAssociations', code: 'MalformedResponse', message: expect.stringContaining(`Resolver rule association ${association.Id} without VPCId`) }),
    ]);
    expect(into.resolverRules.map((r) => r.id)).toEqual([systemRule.Id]);
    expect(into.resolverRuleAssociations.map((a) => a.id)).toEqual([overridden.Id]);
  });

  it('fails when rule associations cannot be listed, even after a first page', async () => {
    mockEmptyRegion();
    resolver
      .on(ListResolverRuleAssociationsCommand)
      .resolvesOnce({ ResolverRuleAssociations: [association], NextToken: 'assoc-2' })
      .rejectsOnce(accessDenied());

    const { ctx, into } = await collect();

    expect(ctx.recorder.state).toBe('failed');
    expect(ctx.recorder.errors).toEqual([expect.objectContaining({ operation: 'ListResolverRuleAssociations', code: 'AccessDeniedException' })]);
    expect(into.resolverRuleAssociations).toEqual([]);
  });

  it('marks the collection partial when one of two endpoints\' IP addresses are denied', async () => {
    mockEmptyRegion();
    resolver.on(ListResolverEndpointsCommand).resolves({ ResolverEndpoints: [inbound, outbound] });
    resolver.on(ListResolverEndpointIpAddressesCommand, { ResolverEndpointId: inbound.Id }).rejects(accessDenied());
    resolver.on(ListResolverEndpointIpAddressesCommand, { ResolverEndpointId: outbound.Id }).resolves({
      IpAddresses: [{ IpId: 'rni-0ccc', SubnetId: 'subnet-0c', Ip: '10.0.3.10', Status: 'ATTACHED' }],
    });

    const { ctx, into } = await collect();

    expect(ctx.recorder.state).toBe('partial');
    expect(ctx.recorder.errors).toEqual([
      expect.objectContaining({ operation: 'ListResolverEndpointIpAddresses', code: 'AccessDeniedException', resource: inbound.Id }),
    ]);
    expect(into.resolverEndpoints.map((e) => [e.id, e.status, e.ipAddresses?.length])).toEqual([
      [inbound.Id, 'OPERATIONAL', undefined],
      [outbound.Id, 'ACTION_NEEDED', 1],
    ]);
  });
});

import {
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Listener, LoadBalancer, TargetGroup, TargetHealthDescription } from '@aws-sdk/client-elastic-load-balancing-v2';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { elbv2Collector } from '../../src/collectors/elbv2.js';
import { RestApi, VpcLinkV1, emptyRegional } from '../../src/model/inventory.js';
import type { RegionalInventory } from '../../src/model/inventory.js';
import { ACCOUNT, REGION, accessDenied, expectOnlyDeclaredCalls, regionalContext, throttled } from '../helpers/collector-context.js';

const elb = mockClient(ElasticLoadBalancingV2Client);

beforeEach(() => elb.reset());

// ---------- fixtures ----------

const GOV = 'us-gov-west-1';

function elbArn(kind: string, path: string, partition = 'aws', region = REGION): string {
  return `arn:${partition}:elasticloadbalancing:${region}:${ACCOUNT}:${kind}/${path}`;
}

function sdkLb(arn: string, type: 'application' | 'network' | 'gateway', extra: Partial<LoadBalancer> = {}): LoadBalancer {
  const name = arn.split('/')[2] ?? 'lb';
  return {
    LoadBalancerArn: arn,
    LoadBalancerName: name,
    DNSName: `internal-${name}-1234567890.${REGION}.elb.amazonaws.com`,
    CanonicalHostedZoneId: 'Z35SXDOTRQ7X7K',
    CreatedTime: new Date('2025-06-01T00:00:00Z'),
    Scheme: 'internal',
    VpcId: 'vpc-0a1b2c3d4e5f67890',
    State: { Code: 'active' },
    Type: type,
    AvailabilityZones: [
      { ZoneName: `${REGION}a`, SubnetId: 'subnet-0aaa1111bbbb22223', LoadBalancerAddresses: [] },
      { ZoneName: `${REGION}b`, SubnetId: 'subnet-0ccc3333dddd44445', LoadBalancerAddresses: [] },
    ],
    IpAddressType: 'ipv4',
    ...extra,
  };
}

function sdkTg(arn: string, targetType: 'instance' | 'ip' | 'alb', loadBalancerArns: string[], extra: Partial<TargetGroup> = {}): TargetGroup {
  return {
    TargetGroupArn: arn,
    TargetGroupName: arn.split('/')[1] ?? 'tg',
    Protocol: 'HTTPS',
    Port: 443,
    VpcId: 'vpc-0a1b2c3d4e5f67890',
    HealthCheckProtocol: 'HTTPS',
    HealthCheckPort: 'traffic-port',
    HealthCheckEnabled: true,
    HealthCheckIntervalSeconds: 30,
    HealthCheckTimeoutSeconds: 5,
    HealthyThresholdCount: 5,
    UnhealthyThresholdCount: 2,
    HealthCheckPath: '/',
    Matcher: { HttpCode: '200' },
    LoadBalancerArns: loadBalancerArns,
    TargetType: targetType,
    ProtocolVersion: 'HTTP1',
    IpAddressType: 'ipv4',
    ...extra,
  };
}

function forward(targetGroupArn: string): Listener['DefaultActions'] {
  return [{ Type: 'forward', TargetGroupArn: targetGroupArn, ForwardConfig: { TargetGroups: [{ TargetGroupArn: targetGroupArn, Weight: 1 }] } }];
}

function sdkListener(arn: string, loadBalancerArn: string, targetGroupArn: string, extra: Partial<Listener> = {}): Listener {
  return { ListenerArn: arn, LoadBalancerArn: loadBalancerArn, Port: 443, Protocol: 'HTTPS', DefaultActions: forward(targetGroupArn), ...extra };
}

function healthy(id: string, port = 443, az = `${REGION}a`): TargetHealthDescription {
  return { Target: { Id: id, Port: port, AvailabilityZone: az }, HealthCheckPort: String(port), TargetHealth: { State: 'healthy' } };
}

function v1Link(targetArns: string[]): VpcLinkV1 {
  return VpcLinkV1.parse({ accountId: ACCOUNT, region: REGION, arn: 'arn:aws:apigateway:us-east-1::/vpclinks/v1link', id: 'v1link', name: 'v1', status: 'AVAILABLE', targetArns });
}

function apiTargeting(integrationTarget: string, partition = 'aws', region = REGION): RestApi {
  return RestApi.parse({
    accountId: ACCOUNT,
    region,
    arn: `arn:${partition}:apigateway:${region}::/restapis/a1b2c3`,
    id: 'a1b2c3',
    name: 'orders',
    endpointConfiguration: { types: ['PRIVATE'] },
    resources: [
      { id: 'root', path: '/', methods: [] },
      {
        id: 'r1',
        path: '/orders',
        methods: [
          { httpMethod: 'GET', authorizationType: 'NONE', integration: { type: 'HTTP_PROXY', connectionType: 'VPC_LINK', integrationTarget } },
          { httpMethod: 'OPTIONS', authorizationType: 'NONE', integration: { type: 'MOCK' } },
        ],
      },
    ],
  });
}

async function run(seed: Partial<Pick<RegionalInventory, 'restApis' | 'vpcLinksV1'>> = {}, opts: Parameters<typeof regionalContext>[1] = {}) {
  const ctx = regionalContext('elbv2', opts);
  const into = { ...emptyRegional(ctx.accountId, ctx.region), ...seed };
  await elbv2Collector.collect(ctx, into);
  return { ctx, into };
}

function listenerCallsFor(): Array<string | undefined> {
  return elb.commandCalls(DescribeListenersCommand).map((c) => c.args[0].input.LoadBalancerArn).sort();
}

function healthCallsFor(): Array<string | undefined> {
  return elb.commandCalls(DescribeTargetHealthCommand).map((c) => c.args[0].input.TargetGroupArn).sort();
}

// ---------- tests ----------

describe('elbv2Collector', () => {
  it('maps load balancers, target groups, listeners and target health in aws-us-gov', async () => {
    const nlb = elbArn('loadbalancer', 'net/vpclink-nlb/50dc6c495c0c9188', 'aws-us-gov', GOV);
    const alb = elbArn('loadbalancer', 'app/orders-alb/7e1f2a3b4c5d6e7f', 'aws-us-gov', GOV);
    const albListener = elbArn('listener', 'app/orders-alb/7e1f2a3b4c5d6e7f/9f8e7d6c5b4a3210', 'aws-us-gov', GOV);
    const nlbListener = elbArn('listener', 'net/vpclink-nlb/50dc6c495c0c9188/0123456789abcdef', 'aws-us-gov', GOV);
    const albTg = elbArn('targetgroup', 'nlb-to-alb/1111111111111111', 'aws-us-gov', GOV);
    const ipTg = elbArn('targetgroup', 'orders-ip/2222222222222222', 'aws-us-gov', GOV);
    const canaryTg = elbArn('targetgroup', 'orders-canary/3333333333333333', 'aws-us-gov', GOV);
    const cert = `arn:aws-us-gov:acm:${GOV}:${ACCOUNT}:certificate/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0`;

    elb.on(DescribeLoadBalancersCommand).resolves({
      LoadBalancers: [
        sdkLb(alb, 'application', { SecurityGroups: ['sg-0123abcd4567ef890'], EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic: undefined }),
        sdkLb(nlb, 'network', { Scheme: 'internet-facing', AvailabilityZones: [{ ZoneName: `${GOV}a`, SubnetId: 'subnet-0aaa1111bbbb22223' }], EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic: 'on' }),
      ],
    });
    elb.on(DescribeTargetGroupsCommand).resolves({
      TargetGroups: [
        sdkTg(ipTg, 'ip', [alb], { HealthCheckPath: '/ping', Matcher: { HttpCode: '200-299' } }),
        sdkTg(albTg, 'alb', [nlb], { Protocol: 'TCP', HealthCheckProtocol: 'HTTPS', HealthCheckPath: '/health', Matcher: undefined }),
        sdkTg(canaryTg, 'ip', [alb], { HealthCheckEnabled: undefined, Port: 8443, HealthCheckPort: '8443' }),
      ],
    });
    elb.on(DescribeListenersCommand, { LoadBalancerArn: alb }).resolves({
      Listeners: [
        sdkListener(albListener, alb, ipTg, {
          SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
          Certificates: [{ CertificateArn: cert }],
          DefaultActions: [{ Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: ipTg, Weight: 90 }, { TargetGroupArn: canaryTg, Weight: 10 }] } }],
        }),
      ],
    });
    elb.on(DescribeListenersCommand, { LoadBalancerArn: nlb }).resolves({
      Listeners: [sdkListener(nlbListener, nlb, albTg, { Port: 443, Protocol: 'TCP' })],
    });
    elb.on(DescribeTargetHealthCommand, { TargetGroupArn: ipTg }).resolves({
      TargetHealthDescriptions: [
        healthy('10.0.2.15', 443, `${GOV}b`),
        { Target: { Id: '10.0.1.20', Port: 443, AvailabilityZone: `${GOV}a` }, TargetHealth: { State: 'unhealthy', Reason: 'Target.ResponseCodeMismatch', Description: 'Health checks failed with these codes: [403]' } },
        healthy('10.0.2.15', 80, `${GOV}b`),
      ],
    });
    elb.on(DescribeTargetHealthCommand, { TargetGroupArn: albTg }).resolves({
      TargetHealthDescriptions: [{ Target: { Id: alb, Port: 443 }, TargetHealth: { State: 'healthy' } }],
    });
    elb.on(DescribeTargetHealthCommand, { TargetGroupArn: canaryTg }).resolves({ TargetHealthDescriptions: [] });

    const located = { accountId: ACCOUNT, region: GOV };
    const { ctx, into } = await run(
      { vpcLinksV1: [v1Link([nlb])], restApis: [apiTargeting(albListener, 'aws-us-gov', GOV)] },
      { partition: 'aws-us-gov', region: GOV },
    );

    expect(ctx.recorder.state).toBe('complete');
    expect(into.loadBalancers).toEqual([
      {
        ...located,
        arn: alb,
        name: 'orders-alb',
        dnsName: `internal-orders-alb-1234567890.${REGION}.elb.amazonaws.com`,
        type: 'application',
        scheme: 'internal',
        state: 'active',
        vpcId: 'vpc-0a1b2c3d4e5f67890',
        availabilityZones: [
          { zoneName: `${REGION}a`, subnetId: 'subnet-0aaa1111bbbb22223' },
          { zoneName: `${REGION}b`, subnetId: 'subnet-0ccc3333dddd44445' },
        ],
        securityGroupIds: ['sg-0123abcd4567ef890'],
        enforceSecurityGroupInboundRulesOnPrivateLinkTraffic: undefined,
        canonicalHostedZoneId: 'Z35SXDOTRQ7X7K',
      },
      {
        ...located,
        arn: nlb,
        name: 'vpclink-nlb',
        dnsName: `internal-vpclink-nlb-1234567890.${REGION}.elb.amazonaws.com`,
        type: 'network',
        scheme: 'internet-facing',
        state: 'active',
        vpcId: 'vpc-0a1b2c3d4e5f67890',
        availabilityZones: [{ zoneName: `${GOV}a`, subnetId: 'subnet-0aaa1111bbbb22223' }],
        securityGroupIds: [],
        enforceSecurityGroupInboundRulesOnPrivateLinkTraffic: 'on',
        canonicalHostedZoneId: 'Z35SXDOTRQ7X7K',
      },
    ]);
    const tgCommon = {
      ...located,
      vpcId: 'vpc-0a1b2c3d4e5f67890',
      healthCheckProtocol: 'HTTPS',
      healthCheckEnabled: true,
    };
    expect(into.targetGroups).toEqual([
      {
        ...tgCommon,
        arn: albTg,
        name: 'nlb-to-alb',
        targetType: 'alb',
        protocol: 'TCP',
        port: 443,
        loadBalancerArns: [nlb],
        healthCheckPath: '/health',
        healthCheckPort: 'traffic-port',
        matcherHttpCode: undefined,
        targets: [{ targetId: alb, port: 443, availabilityZone: undefined, state: 'healthy', reason: undefined }],
      },
      {
        ...tgCommon,
        arn: canaryTg,
        name: 'orders-canary',
        targetType: 'ip',
        protocol: 'HTTPS',
        port: 8443,
        loadBalancerArns: [alb],
        healthCheckPath: '/',
        healthCheckPort: '8443',
        matcherHttpCode: '200',
        targets: [],
      },
      {
        ...tgCommon,
        arn: ipTg,
        name: 'orders-ip',
        targetType: 'ip',
        protocol: 'HTTPS',
        port: 443,
        loadBalancerArns: [alb],
        healthCheckPath: '/ping',
        healthCheckPort: 'traffic-port',
        matcherHttpCode: '200-299',
        targets: [
          { targetId: '10.0.1.20', port: 443, availabilityZone: `${GOV}a`, state: 'unhealthy', reason: 'Target.ResponseCodeMismatch' },
          { targetId: '10.0.2.15', port: 80, availabilityZone: `${GOV}b`, state: 'healthy', reason: undefined },
          { targetId: '10.0.2.15', port: 443, availabilityZone: `${GOV}b`, state: 'healthy', reason: undefined },
        ],
      },
    ]);
    expect(into.listeners).toEqual([
      {
        ...located,
        arn: albListener,
        loadBalancerArn: alb,
        port: 443,
        protocol: 'HTTPS',
        sslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
        certificateArns: [cert],
        defaultTargetGroupArns: [ipTg, canaryTg],
      },
      {
        ...located,
        arn: nlbListener,
        loadBalancerArn: nlb,
        port: 443,
        protocol: 'TCP',
        sslPolicy: undefined,
        certificateArns: [],
        defaultTargetGroupArns: [albTg],
      },
    ]);
    expectOnlyDeclaredCalls(elbv2Collector.declares, elb);
  });

  it('follows every page of load balancers, target groups and listeners', async () => {
    const lb1 = elbArn('loadbalancer', 'app/first/1111111111111111');
    const lb2 = elbArn('loadbalancer', 'app/second/2222222222222222');
    const tg1 = elbArn('targetgroup', 'first-ip/1111111111111111');
    const tg2 = elbArn('targetgroup', 'second-ip/2222222222222222');
    const l1 = elbArn('listener', 'app/first/1111111111111111/aaaaaaaaaaaaaaaa');
    const l2 = elbArn('listener', 'app/first/1111111111111111/bbbbbbbbbbbbbbbb');

    elb.on(DescribeLoadBalancersCommand).resolves({ LoadBalancers: [sdkLb(lb1, 'application')], NextMarker: 'lb-page-2' });
    elb.on(DescribeLoadBalancersCommand, { Marker: 'lb-page-2' }).resolves({ LoadBalancers: [sdkLb(lb2, 'application')] });
    elb.on(DescribeTargetGroupsCommand).resolves({ TargetGroups: [sdkTg(tg1, 'ip', [lb1])], NextMarker: 'tg-page-2' });
    elb.on(DescribeTargetGroupsCommand, { Marker: 'tg-page-2' }).resolves({ TargetGroups: [sdkTg(tg2, 'ip', [lb2])] });
    elb.on(DescribeListenersCommand, { LoadBalancerArn: lb1 }).resolves({ Listeners: [sdkListener(l1, lb1, tg1)], NextMarker: 'l-page-2' });
    elb.on(DescribeListenersCommand, { LoadBalancerArn: lb1, Marker: 'l-page-2' }).resolves({ Listeners: [sdkListener(l2, lb1, tg1, { Port: 8443 })] });
    elb.on(DescribeListenersCommand, { LoadBalancerArn: lb2 }).resolves({ Listeners: [] });
    elb.on(DescribeTargetHealthCommand).resolves({ TargetHealthDescriptions: [healthy('10.0.0.1')] });

    const { ctx, into } = await run();

    expect(ctx.recorder.state).toBe('complete');
    expect(into.loadBalancers.map((lb) => lb.arn)).toEqual([lb1, lb2]);
    expect(into.targetGroups.map((tg) => tg.arn)).toEqual([tg1, tg2]);
    expect(into.listeners.map((l) => [l.arn, l.port])).toEqual([[l1, 443], [l2, 8443]]);
    expect(into.targetGroups.map((tg) => tg.targets?.length)).toEqual([1, 1]);

    const lbCalls = elb.commandCalls(DescribeLoadBalancersCommand);
    expect(lbCalls).toHaveLength(2);
    expect(lbCalls[1]?.args[0].input).toMatchObject({ Marker: 'lb-page-2', PageSize: 400 });
    const tgCalls = elb.commandCalls(DescribeTargetGroupsCommand);
    expect(tgCalls).toHaveLength(2);
    expect(tgCalls[1]?.args[0].input).toMatchObject({ Marker: 'tg-page-2', PageSize: 400 });
    const lb1ListenerCalls = elb.commandCalls(DescribeListenersCommand, { LoadBalancerArn: lb1 });
    expect(lb1ListenerCalls).toHaveLength(2);
    expect(lb1ListenerCalls[1]?.args[0].input).toMatchObject({ LoadBalancerArn: lb1, Marker: 'l-page-2', PageSize: 400 });
    expectOnlyDeclaredCalls(elbv2Collector.declares, elb);
  });

  it('records a region without load balancers as complete and empty', async () => {
    elb.on(DescribeLoadBalancersCommand).resolves({ LoadBalancers: [] });
    elb.on(DescribeTargetGroupsCommand).resolves({ TargetGroups: [] });

    const { ctx, into } = await run({ vpcLinksV1: [v1Link([elbArn('loadbalancer', 'net/deleted/0000000000000000')])] });

    expect(ctx.recorder.state).toBe('complete');
    expect(ctx.recorder.errors).toEqual([]);
    expect(into.loadBalancers).toEqual([]);
    expect(into.targetGroups).toEqual([]);
    expect(into.listeners).toEqual([]);
    expect(elb).not.toHaveReceivedCommand(DescribeListenersCommand);
    expect(elb).not.toHaveReceivedCommand(DescribeTargetHealthCommand);
  });

  it('fails on AccessDenied listing load balancers and describes nothing further', async () => {
    const lb = elbArn('loadbalancer', 'app/orders/1111111111111111');
    elb.on(DescribeLoadBalancersCommand).rejects(accessDenied());
    elb.on(DescribeTargetGroupsCommand).resolves({ TargetGroups: [sdkTg(elbArn('targetgroup', 'orders/1111111111111111'), 'ip', [lb])] });

    const { ctx, into } = await run({ vpcLinksV1: [v1Link([lb])] });

    expect(ctx.recorder.state).toBe('failed');
    expect(ctx.recorder.errors).toEqual([
      { operation: 'DescribeLoadBalancers', code: 'AccessDeniedException', message: 'User is not authorized to perform this operation' },
    ]);
    expect(into.loadBalancers).toEqual([]);
    expect(into.listeners).toEqual([]);
    expect(into.targetGroups.map((tg) => tg.targets)).toEqual([undefined]);
    expect(elb).not.toHaveReceivedCommand(DescribeListenersCommand);
    expect(elb).not.toHaveReceivedCommand(DescribeTargetHealthCommand);
  });

  it('fails on AccessDenied listing target groups, keeping no half listing', async () => {
    const lb = elbArn('loadbalancer', 'app/orders/1111111111111111');
    elb.on(DescribeLoadBalancersCommand).resolves({ LoadBalancers: [sdkLb(lb, 'application')] });
    elb.on(DescribeTargetGroupsCommand).resolves({ TargetGroups: [sdkTg(elbArn('targetgroup', 'a/1'), 'ip', [lb])], NextMarker: 'p2' });
    elb.on(DescribeTargetGroupsCommand, { Marker: 'p2' }).rejects(accessDenied());

    const { ctx, into } = await run({ vpcLinksV1: [v1Link([lb])] });

    expect(ctx.recorder.state).toBe('failed');
    expect(ctx.recorder.errors).toMatchObject([{ operation: 'DescribeTargetGroups', code: 'AccessDeniedException' }]);
    expect(into.targetGroups).toEqual([]);
    expect(into.loadBalancers.map((l) => l.arn)).toEqual([lb]);
    expect(elb).not.toHaveReceivedCommand(DescribeListenersCommand);
    expect(elb).not.toHaveReceivedCommand(DescribeTargetHealthCommand);
  });

  it('describes only load balancers an API can reach or that front ip/alb targets', async () => {
    const v1Nlb = elbArn('loadbalancer', 'net/v1-nlb/1111111111111111');
    const v2Alb = elbArn('loadbalancer', 'app/v2-alb/2222222222222222');
    const v2Nlb = elbArn('loadbalancer', 'net/v2-nlb/5555555555555555');
    const ipFronted = elbArn('loadbalancer', 'app/endpoint-front/3333333333333333');
    const unrelated = elbArn('loadbalancer', 'app/web-instances/4444444444444444');
    const gateway = elbArn('loadbalancer', 'gwy/inspection/6666666666666666');
    const foreign = `arn:aws:elasticloadbalancing:${REGION}:222222222222:loadbalancer/net/theirs/7777777777777777`;
    const tg = (name: string) => elbArn('targetgroup', `${name}/0000000000000000`);

    elb.on(DescribeLoadBalancersCommand).resolves({
      LoadBalancers: [
        sdkLb(v1Nlb, 'network'), sdkLb(v2Alb, 'application'), sdkLb(v2Nlb, 'network'),
        sdkLb(ipFronted, 'application'), sdkLb(unrelated, 'application'), sdkLb(gateway, 'gateway'),
      ],
    });
    elb.on(DescribeTargetGroupsCommand).resolves({
      TargetGroups: [
        sdkTg(tg('v1-nlb-instances'), 'instance', [v1Nlb]),
        sdkTg(tg('v2-alb-instances'), 'instance', [v2Alb]),
        sdkTg(tg('endpoint-ips'), 'ip', [ipFronted]),
        sdkTg(tg('web'), 'instance', [unrelated]),
        sdkTg(tg('unattached-ip'), 'ip', []),
        sdkTg(tg('geneve'), 'ip', [gateway], { Protocol: 'GENEVE', Port: 6081 }),
      ],
    });
    elb.on(DescribeListenersCommand).resolves({ Listeners: [] });
    elb.on(DescribeTargetHealthCommand).resolves({ TargetHealthDescriptions: [] });

    const { ctx, into } = await run({
      vpcLinksV1: [v1Link([v1Nlb, foreign])],
      restApis: [
        apiTargeting(elbArn('listener', 'app/v2-alb/2222222222222222/abcdefabcdefabcd')),
        apiTargeting(v2Nlb),
        apiTargeting('${stageVariables.backend}'),
      ],
    });

    expect(ctx.recorder.state).toBe('complete');
    expect(listenerCallsFor()).toEqual([ipFronted, v1Nlb, v2Alb, v2Nlb].sort());
    expect(healthCallsFor()).toEqual([tg('endpoint-ips'), tg('v1-nlb-instances'), tg('v2-alb-instances')].sort());
    const byName = Object.fromEntries(into.targetGroups.map((t) => [t.name, t.targets]));
    expect(byName).toEqual({
      'v1-nlb-instances': [], 'v2-alb-instances': [], 'endpoint-ips': [],
      web: undefined, 'unattached-ip': undefined, geneve: undefined,
    });
  });

  it('marks partial when target health or listeners fail for one resource, keeping the rest', async () => {
    const lbA = elbArn('loadbalancer', 'app/a/1111111111111111');
    const lbB = elbArn('loadbalancer', 'net/b/2222222222222222');
    const tgThrottled = elbArn('targetgroup', 'a-throttled/1111111111111111');
    const tgOk = elbArn('targetgroup', 'a-ok/2222222222222222');
    const tgDenied = elbArn('targetgroup', 'b-denied/3333333333333333');
    const listenerB = elbArn('listener', 'net/b/2222222222222222/cccccccccccccccc');

    elb.on(DescribeLoadBalancersCommand).resolves({ LoadBalancers: [sdkLb(lbA, 'application'), sdkLb(lbB, 'network')] });
    elb.on(DescribeTargetGroupsCommand).resolves({
      TargetGroups: [sdkTg(tgThrottled, 'ip', [lbA]), sdkTg(tgOk, 'ip', [lbA]), sdkTg(tgDenied, 'alb', [lbB])],
    });
    elb.on(DescribeListenersCommand, { LoadBalancerArn: lbA }).rejects(accessDenied());
    elb.on(DescribeListenersCommand, { LoadBalancerArn: lbB }).resolves({ Listeners: [sdkListener(listenerB, lbB, tgDenied, { Protocol: 'TLS' })] });
    elb.on(DescribeTargetHealthCommand, { TargetGroupArn: tgThrottled }).rejects(throttled());
    elb.on(DescribeTargetHealthCommand, { TargetGroupArn: tgOk }).resolves({ TargetHealthDescriptions: [healthy('10.1.0.9')] });
    elb.on(DescribeTargetHealthCommand, { TargetGroupArn: tgDenied }).rejects(accessDenied());

    const { ctx, into } = await run();

    expect(ctx.recorder.state).toBe('partial');
    expect(ctx.recorder.errors).toEqual(expect.arrayContaining([
      { operation: 'DescribeListeners', code: 'AccessDeniedException', message: 'User is not authorized to perform this operation', resource: lbA },
      { operation: 'DescribeTargetHealth', code: 'ThrottlingException', message: 'Rate exceeded', resource: tgThrottled },
      { operation: 'DescribeTargetHealth', code: 'AccessDeniedException', message: 'User is not authorized to perform this operation', resource: tgDenied },
    ]));
    expect(ctx.recorder.errors).toHaveLength(3);
    const targets = Object.fromEntries(into.targetGroups.map((t) => [t.arn, t.targets]));
    expect(targets).toEqual({
      [tgThrottled]: undefined,
      [tgOk]: [{ targetId: '10.1.0.9', port: 443, availabilityZone: `${REGION}a`, state: 'healthy', reason: undefined }],
      [tgDenied]: undefined,
    });
    expect(into.listeners.map((l) => l.arn)).toEqual([listenerB]);
    expect(into.loadBalancers.map((l) => l.arn)).toEqual([lbA, lbB]);
  });
});

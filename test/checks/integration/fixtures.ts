import { arns } from '../../../src/model/arn.js';
import {
  emptyRegional, type CollectionStatus, type Integration, type Listener, type LoadBalancer, type NetworkInterface, type RegionalInventory, type RestApi, type SecurityGroup,
  type Snapshot, type Stage, type Subnet, type TargetGroup, type VpcEndpoint, type VpcLinkV1, type VpcLinkV2,
} from '../../../src/model/inventory.js';
import { ACCOUNT_A, snapshotWith } from '../../helpers/snapshot-builder.js';

export const REGION = 'us-east-1';
const A = ACCOUNT_A;
const elb = `arn:aws:elasticloadbalancing:${REGION}:${A}`;
const at = { accountId: A, region: REGION };

export const NLB = `${elb}:loadbalancer/net/orders-nlb/0123456789abcdef`;
export const NLB_LISTENER = `${elb}:listener/net/orders-nlb/0123456789abcdef/aaaaaaaaaaaaaaaa`;
export const TASKS_TG = `${elb}:targetgroup/orders-tasks/1111111111111111`;
export const LEGACY_NLB = `${elb}:loadbalancer/net/legacy-nlb/fedcba9876543210`;
export const LEGACY_TG = `${elb}:targetgroup/legacy-tasks/2222222222222222`;
export const ALB = `${elb}:loadbalancer/app/legacy-alb/abababababababab`;
export const ALB_TG = `${elb}:targetgroup/legacy-alb/3333333333333333`;
export const API_ID = 'api111';
export const LEGACY_API_ID = 'api222';
export const API = arns.restApi('aws', REGION, API_ID);
export const LEGACY_API = arns.restApi('aws', REGION, LEGACY_API_ID);
export const LINK_V2 = 'lnk2aa';
export const LINK_V1 = 'lnk1bb';
export const LINK_V2_ARN = arns.vpcLink('aws', REGION, LINK_V2);
export const LINK_V1_ARN = arns.vpcLink('aws', REGION, LINK_V1);
export const stageArn = (api: string, stage: string) => arns.stage('aws', REGION, api, stage);
const VPC = 'vpc-0a1b2c3d';

export function subnet(id: string, az: string, cidr: string): Subnet {
  return { ...at, arn: arns.ec2('aws', REGION, A, 'subnet', id), id, vpcId: VPC, availabilityZone: az, availabilityZoneId: `use1-${az.slice(-2)}`, cidrBlock: cidr, tags: {} };
}

export function loadBalancer(arn: string, type: 'network' | 'application', overrides: Partial<LoadBalancer> = {}): LoadBalancer {
  return {
    ...at, arn, name: arn.split('/')[2] ?? 'lb', type, scheme: 'internal', state: 'active', vpcId: VPC,
    availabilityZones: [{ zoneName: 'us-east-1a', subnetId: 'subnet-a' }, { zoneName: 'us-east-1b', subnetId: 'subnet-b' }],
    securityGroupIds: [], ...overrides,
  };
}

export function listener(arn: string, lbArn: string, port: number, protocol: string, tg: string): Listener {
  return { ...at, arn, loadBalancerArn: lbArn, port, protocol, certificateArns: [], defaultTargetGroupArns: [tg] };
}

export function targetGroup(arn: string, lbArn: string, targetType: string, targets: TargetGroup['targets']): TargetGroup {
  return { ...at, arn, name: arn.split('/')[1] ?? 'tg', targetType, protocol: 'TCP', port: 8080, vpcId: VPC, loadBalancerArns: [lbArn], healthCheckEnabled: true, targets };
}

export const healthy = (ip: string, az = 'us-east-1a') => ({ targetId: ip, port: 8080, availabilityZone: az, state: 'healthy' });

export function vpcLinkIntegration(overrides: Partial<Integration> = {}): Integration {
  return { type: 'HTTP_PROXY', httpMethod: 'ANY', uri: 'https://orders.internal/{proxy}', connectionType: 'VPC_LINK', connectionId: LINK_V2, integrationTarget: NLB, insecureSkipVerification: false, ...overrides };
}

export function stage(apiId: string, name: string, variables: Record<string, string> = {}): Stage {
  return { ...at, arn: stageArn(apiId, name), restApiId: apiId, stageName: name, variables, methodSettings: {}, tracingEnabled: false, cacheClusterEnabled: false };
}

export function restApi(id: string, integration: Integration | undefined, overrides: Partial<RestApi> = {}): RestApi {
  return {
    ...at, arn: arns.restApi('aws', REGION, id), id, name: `api-${id}`, endpointConfiguration: { types: ['PRIVATE'], vpcEndpointIds: [] }, disableExecuteApiEndpoint: false, tags: {},
    resources: [{ id: 'r1', path: '/{proxy+}', methods: [{ httpMethod: 'ANY', authorizationType: 'AWS_IAM', apiKeyRequired: false, ...(integration && { integration }) }] }],
    stages: [stage(id, 'prod')], authorizers: [], ...overrides,
  };
}

export function securityGroup(id: string, rules: SecurityGroup['rules']): SecurityGroup {
  return { ...at, arn: arns.ec2('aws', REGION, A, 'security-group', id), id, vpcId: VPC, rules };
}

export const tcpRule = (id: string, isEgress: boolean, port: number, source: { cidrIpv4?: string; referencedGroupId?: string }) => ({ id, isEgress, ipProtocol: 'tcp', fromPort: port, toPort: port, ...source });

export function linkV2(overrides: Partial<VpcLinkV2> = {}): VpcLinkV2 {
  return { ...at, arn: LINK_V2_ARN, id: LINK_V2, name: 'orders-backend', status: 'AVAILABLE', version: 'V2', securityGroupIds: ['sg-link'], subnetIds: ['subnet-a', 'subnet-b'], tags: {}, ...overrides };
}

export function linkV1(overrides: Partial<VpcLinkV1> = {}): VpcLinkV1 {
  return { ...at, arn: LINK_V1_ARN, id: LINK_V1, name: 'legacy-nlb', status: 'AVAILABLE', targetArns: [LEGACY_NLB], tags: {}, ...overrides };
}

/** A VPC link V2 to an internal NLB with a TLS listener in front of healthy ECS tasks: every INT check passes. */
export function modern(): RegionalInventory {
  return {
    ...emptyRegional(A, REGION),
    restApis: [restApi(API_ID, vpcLinkIntegration())],
    vpcLinksV2: [linkV2()],
    subnets: [subnet('subnet-a', 'us-east-1a', '10.1.0.0/24'), subnet('subnet-b', 'us-east-1b', '10.1.1.0/24')],
    securityGroups: [
      securityGroup('sg-link', [tcpRule('sgr-1', true, 443, { cidrIpv4: '10.1.0.0/16' })]),
      securityGroup('sg-nlb', [tcpRule('sgr-2', false, 443, { referencedGroupId: 'sg-link' })]),
    ],
    loadBalancers: [loadBalancer(NLB, 'network', { securityGroupIds: ['sg-nlb'], enforceSecurityGroupInboundRulesOnPrivateLinkTraffic: 'off' })],
    listeners: [listener(NLB_LISTENER, NLB, 443, 'TLS', TASKS_TG)],
    targetGroups: [targetGroup(TASKS_TG, NLB, 'ip', [healthy('10.1.0.10'), healthy('10.1.1.10', 'us-east-1b')])],
  };
}

/** A legacy VPC link V1 to an NLB with a TLS listener. */
export function legacy(): RegionalInventory {
  return {
    ...emptyRegional(A, REGION),
    restApis: [restApi(LEGACY_API_ID, vpcLinkIntegration({ connectionId: LINK_V1, integrationTarget: undefined }))],
    vpcLinksV1: [linkV1()],
    loadBalancers: [loadBalancer(LEGACY_NLB, 'network')],
    listeners: [listener(`${elb}:listener/net/legacy-nlb/fedcba9876543210/bbbbbbbbbbbbbbbb`, LEGACY_NLB, 443, 'TLS', LEGACY_TG)],
    targetGroups: [targetGroup(LEGACY_TG, LEGACY_NLB, 'ip', [healthy('10.1.0.20'), healthy('10.1.1.20', 'us-east-1b')])],
  };
}

/** The legacy NLB forwarding to an ALB through a target group of type alb. */
export function nlbInFrontOfAlb(): RegionalInventory {
  const r = legacy();
  r.loadBalancers.push(loadBalancer(ALB, 'application', { securityGroupIds: ['sg-alb'] }));
  r.listeners = [listener(`${elb}:listener/net/legacy-nlb/fedcba9876543210/cccccccccccccccc`, LEGACY_NLB, 443, 'TCP', ALB_TG), listener(`${elb}:listener/app/legacy-alb/abababababababab/dddddddddddddddd`, ALB, 443, 'HTTPS', LEGACY_TG)];
  r.targetGroups = [
    { ...targetGroup(ALB_TG, LEGACY_NLB, 'alb', [{ targetId: ALB, port: 443, state: 'healthy' }]), port: 443 },
    targetGroup(LEGACY_TG, ALB, 'ip', [healthy('10.1.0.20'), healthy('10.1.1.20', 'us-east-1b')]),
  ];
  return r;
}

/** Cross-account over PrivateLink: the NLB's IP targets are an interface endpoint's ENI addresses. */
export const XACCT_TG = `${elb}:targetgroup/xacct-targets/4444444444444444`;
export function privateLinkTargets(registered: string[] = ['10.1.0.50', '10.1.1.50']): RegionalInventory {
  const r = modern();
  const endpoint: VpcEndpoint = {
    ...at, arn: arns.ec2('aws', REGION, A, 'vpc-endpoint', 'vpce-0aaa'), id: 'vpce-0aaa', vpcId: VPC, serviceName: `com.amazonaws.vpce.${REGION}.vpce-svc-0123`, type: 'Interface', state: 'available',
    privateDnsEnabled: false, subnetIds: ['subnet-a', 'subnet-b'], securityGroupIds: [], networkInterfaceIds: ['eni-1', 'eni-2'], dnsEntries: [], tags: {},
  };
  const eni = (id: string, ip: string): NetworkInterface => ({ ...at, arn: arns.ec2('aws', REGION, A, 'network-interface', id), id, vpcId: VPC, interfaceType: 'vpc_endpoint', privateIpAddresses: [ip], ipv6Addresses: [], description: `VPC Endpoint Interface ${endpoint.id}`, vpcEndpointId: endpoint.id });
  r.vpcEndpoints = [endpoint];
  r.networkInterfaces = [eni('eni-1', '10.1.0.50'), eni('eni-2', '10.1.1.50')];
  r.targetGroups = [targetGroup(XACCT_TG, NLB, 'ip', registered.map((ip, i) => healthy(ip, i % 2 ? 'us-east-1b' : 'us-east-1a')))];
  return r;
}

export const world = (...regional: RegionalInventory[]) => snapshotWith(regional.length ? regional : [emptyRegional(A, REGION)]);

/** The snapshot with one service's collection in the given state (errors attached). */
export function withStatus(snapshot: Snapshot, service: CollectionStatus['service'], state: CollectionStatus['state'], errors: CollectionStatus['errors'] = [{ operation: 'Describe', code: 'AccessDenied', message: 'denied' }]): Snapshot {
  return { ...snapshot, collections: snapshot.collections.map((c) => (c.service === service ? { ...c, state, errors } : c)) };
}

/** Applies edits to a fresh regional inventory. */
export function edit(base: () => RegionalInventory, change: (r: RegionalInventory) => void): RegionalInventory {
  const r = base();
  change(r);
  return r;
}

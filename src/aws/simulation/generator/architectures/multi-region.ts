import type { ResourceRecordSet } from '@aws-sdk/client-route-53';
import { associateEndpoint, createPrivateDomain, mapBasePath } from '../apigateway/domains.js';
import { itemMethods } from '../apigateway/methods.js';
import { allowInvoke, denyUnlessSourceVpce, endpointPolicyFor, policy, privateApiPolicy } from '../apigateway/policies.js';
import { createRestApi, type ApiHandle } from '../apigateway/rest-api.js';
import { addRecord, alarmHealthCheck, associateVpc, createHealthCheck, type HealthCheckHandle, type ZoneHandle } from '../dns/route53.js';
import { createInterfaceEndpoint, type EndpointHandle } from '../network/endpoints.js';
import {
  createListener,
  createLoadBalancer,
  createTargetGroup,
  LEGACY_SSL_POLICY,
  registerTargets,
  type LoadBalancerHandle,
  type TargetGroupHandle,
  type TargetSpec,
} from '../network/load-balancers.js';
import { allocateIp, createSecurityGroup, createVpc, ON_PREMISES_CIDR, ORGANIZATION_CIDR } from '../network/vpc.js';
import { regionCode } from '../regions.js';
import { SERVICE_NAMES } from './services.js';
import { unexpectedCheck, type ArchitectureSpec, type InstanceContext } from './types.js';

const WEIGHTED = ['active-active', 'weighted-without-target-health'];
const CNAME_RECORDS = ['failover-without-health-check', 'long-ttl'];

/**
 * Whitepaper, "Multi-Region private API gateway": in each region a private API, its endpoint and a
 * private custom domain, with an internal NLB (or ALB) whose IP targets are the endpoint's ENIs
 * (HTTPS health check /ping → 200). The network account's private zone routes the name between
 * the regions: failover (active-passive) or weighted (active-active), with alarm-based health
 * checks because Route 53 checkers cannot reach private addresses.
 */
export const multiRegion: ArchitectureSpec = {
  kind: 'multi-region',
  description: 'a private API in two regions behind load balancers, with Route 53 failover or weighted routing',
  workloadAccounts: 1,
  multiRegion: true,
  privateDns: false,
  variants: {
    correct: { breaks: [], description: 'active-passive: failover alias records to NLBs, CloudWatch alarm health checks' },
    'active-active': { breaks: [], description: 'active-active: weighted alias records to ALBs, CloudWatch alarm health checks' },
    // The endpoint answers /health with 403, which the matcher accepts: the targets stay healthy.
    'health-check-path': { breaks: ['LB-001'], description: "the primary target group checks /health and accepts 403" },
    // Only the stale address fails its health check: the load balancer keeps sending to the others.
    'endpoint-ips-drifted': { breaks: ['LB-002'], description: "the primary target group still names a replaced endpoint ENI's address" },
    // The name now resolves to public addresses, off the VPC's private path, where the group admits private ranges only.
    'internet-facing-front': {
      breaks: ['LB-003'],
      description: 'the primary load balancer in front of the endpoint is internet-facing',
      reach: { status: 'unreachable', hop: 'dns' },
    },
    'legacy-tls-listener': { breaks: ['LB-004'], description: "the primary listener's policy still accepts TLS 1.0" },
    'failover-without-health-check': { breaks: ['R53-001'], description: 'failover CNAME records without health checks' },
    // Route 53 still answers when every health check of the set fails.
    'private-ip-health-checks': { breaks: ['R53-002'], description: "HTTPS health checks against the endpoints' private addresses" },
    'weak-alarm-health-check': { breaks: ['R53-003'], description: "the primary's alarm health check treats missing data as healthy" },
    'weighted-without-target-health': { breaks: ['R53-004'], description: 'weighted alias records to ALBs without EvaluateTargetHealth' },
    'long-ttl': { breaks: ['R53-005'], description: 'health-checked failover CNAME records with a 300 s TTL' },
    'secondary-incomplete': { breaks: ['MR-001'], description: 'the secondary region has the endpoint and load balancer but no API or domain' },
  },
  build,
};

interface Side {
  region: string;
  primary: boolean;
  api?: ApiHandle;
  endpoint: EndpointHandle;
  lb: LoadBalancerHandle;
  targetGroup: TargetGroupHandle;
  listenerArn: string;
  healthCheck?: HealthCheckHandle;
}

function build(ctx: InstanceContext): void {
  const { b, account } = ctx;
  const service = b.serviceName(account, b.rng.pick(SERVICE_NAMES));
  const zone = ctx.hubZone(account);
  const domainName = `${service}.${zone.name.slice(0, -1)}`;
  const sides = ctx.regions.map((region, i) => buildSide(ctx, zone, service, domainName, region, i === 0));
  const records = sides.map((side) => addRecord(zone, record(ctx, side, `${domainName}.`)));

  // A variant breaks the primary side only.
  for (const side of sides) {
    const clients = [side.endpoint.vpc.id];
    if (side.api) ctx.expectReach(side.api, side.primary ? clients : [], side.primary ? [] : clients);
  }

  const network = b.org.networkAccountId;
  const [primary] = sides;
  if (!primary) return;
  ctx.expectBreaks((checkId) => {
    const inPrimary = (resource: string) => ({ accountId: account, region: primary.region, resource });
    const global = (resource: string) => ({ accountId: network, region: 'global', resource });
    switch (checkId) {
      case 'LB-001': case 'LB-002':
        return inPrimary(primary.targetGroup.arn);
      case 'LB-003':
        return inPrimary(primary.lb.arn);
      case 'LB-004':
        return inPrimary(primary.listenerArn);
      case 'MR-001':
        return inPrimary(primary.api?.arn ?? '');
      case 'R53-001':
        return global(records[0] ?? '');
      case 'R53-002':
        return sides.map((s) => global(s.healthCheck?.arn ?? ''));
      case 'R53-003':
        return global(primary.healthCheck?.arn ?? '');
      case 'R53-004': case 'R53-005':
        return records.map(global);
      default:
        return unexpectedCheck(multiRegion.kind, checkId);
    }
  });
}

function buildSide(ctx: InstanceContext, zone: ZoneHandle, service: string, domainName: string, region: string, primary: boolean): Side {
  const { b, account } = ctx;
  const broken = (variant: string) => primary && ctx.is(variant);
  const vpc = createVpc(b, account, region, { name: `${service}-edge` });
  associateVpc(zone, vpc);
  const endpointGroup = createSecurityGroup(b, vpc, [{ protocol: 'tcp', port: 443, cidr: vpc.cidr, description: 'HTTPS from the load balancer' }]);
  const endpoint = createInterfaceEndpoint(b, vpc, {
    name: `${service}-execute-api`,
    privateDns: false,
    subnets: vpc.subnets,
    groupIds: [endpointGroup],
    policy: endpointPolicyFor([`arn:aws:execute-api:${region}:${account}:*`]),
  });

  let api: ApiHandle | undefined;
  if (primary || !ctx.is('secondary-incomplete')) {
    api = createRestApi(b, account, region, {
      name: service,
      type: 'PRIVATE',
      policy: (arn) => privateApiPolicy(arn, [endpoint.id]),
      vpcEndpointIds: [endpoint.id],
      methods: itemMethods(account, region, service, 'AWS_IAM'),
      disableExecuteApiEndpoint: true,
    });
    const domain = createPrivateDomain(b, account, region, { name: domainName, policy: (arn) => policy(allowInvoke(arn), denyUnlessSourceVpce(arn, [endpoint.id])) });
    mapBasePath(domain, api);
    associateEndpoint(b, domain, endpoint);
  }

  const alb = ctx.is(...WEIGHTED);
  const lbGroup = createSecurityGroup(b, vpc, [
    { protocol: 'tcp', port: 443, cidr: ORGANIZATION_CIDR, description: 'HTTPS from the organization' },
    { protocol: 'tcp', port: 443, cidr: ON_PREMISES_CIDR, description: 'HTTPS from on-premises' },
  ]);
  const lb = createLoadBalancer(b, vpc, {
    name: `${service}-front-${regionCode(region)}`,
    type: alb ? 'application' : 'network',
    scheme: broken('internet-facing-front') ? 'internet-facing' : 'internal',
    subnets: vpc.subnets,
    groupIds: [lbGroup],
  });
  const oddCheck = broken('health-check-path');
  const targetGroup = createTargetGroup(b, vpc, {
    name: `${service}-vpce-${regionCode(region)}`,
    protocol: alb ? 'HTTPS' : 'TLS',
    port: 443,
    targetType: 'ip',
    healthCheck: { protocol: 'HTTPS', path: oddCheck ? '/health' : '/ping', matcher: oddCheck ? '200-403' : '200' },
    loadBalancer: lb,
  });
  const targets: TargetSpec[] = endpoint.enis.map((eni) => ({ id: eni.ip, port: 443, az: eni.subnet.az }));
  const replaced = endpoint.enis.at(-1);
  if (broken('endpoint-ips-drifted') && replaced) {
    targets[targets.length - 1] = { id: allocateIp(b, replaced.subnet), port: 443, az: replaced.subnet.az, state: 'unhealthy', reason: 'Target.Timeout' };
  }
  registerTargets(b, targetGroup, targets);
  const listenerArn = createListener(b, lb, { port: 443, protocol: alb ? 'HTTPS' : 'TLS', sslPolicy: broken('legacy-tls-listener') ? LEGACY_SSL_POLICY : undefined, targetGroup });
  return { region, primary, api, endpoint, lb, targetGroup, listenerArn, healthCheck: healthCheck(ctx, service, domainName, region, primary, endpoint) };
}

/** Health checks live with the zone, in the network account. */
function healthCheck(ctx: InstanceContext, service: string, domainName: string, region: string, primary: boolean, endpoint: EndpointHandle): HealthCheckHandle | undefined {
  const { b } = ctx;
  const network = b.org.networkAccountId;
  if (ctx.is('failover-without-health-check')) return undefined;
  if (ctx.is('private-ip-health-checks')) {
    return createHealthCheck(b, network, {
      Type: 'HTTPS',
      IPAddress: endpoint.enis[0]?.ip,
      Port: 443,
      ResourcePath: '/ping',
      FullyQualifiedDomainName: domainName,
      RequestInterval: 30,
      FailureThreshold: 3,
      EnableSNI: true,
      Inverted: false,
      Disabled: false,
    });
  }
  return alarmHealthCheck(b, network, region, `${service}-${region}-availability`, primary && ctx.is('weak-alarm-health-check') ? 'Healthy' : 'Unhealthy');
}

function record(ctx: InstanceContext, side: Side, name: string): ResourceRecordSet {
  const routing: Partial<ResourceRecordSet> = ctx.is(...WEIGHTED) ? { Weight: 50 } : { Failover: side.primary ? 'PRIMARY' : 'SECONDARY' };
  const common = { Name: name, SetIdentifier: side.region, ...routing, ...(side.healthCheck && { HealthCheckId: side.healthCheck.id }) };
  if (ctx.is(...CNAME_RECORDS)) {
    return { ...common, Type: 'CNAME', TTL: ctx.is('long-ttl') ? 300 : 60, ResourceRecords: [{ Value: side.lb.dnsName }] };
  }
  return {
    ...common,
    Type: 'A',
    AliasTarget: { HostedZoneId: side.lb.zoneId, DNSName: `${side.lb.dnsName}.`, EvaluateTargetHealth: !ctx.is('weighted-without-target-health') },
  };
}

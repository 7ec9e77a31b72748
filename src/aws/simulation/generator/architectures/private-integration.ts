import type { ProtocolEnum } from '@aws-sdk/client-elastic-load-balancing-v2';
import { proxyMethods, vpcLinkIntegration } from '../apigateway/methods.js';
import { privateApiPolicy } from '../apigateway/policies.js';
import { createRestApi } from '../apigateway/rest-api.js';
import { createVpcLinkV1, createVpcLinkV2, type VpcLinkHandle } from '../apigateway/vpc-links.js';
import { createListener, createLoadBalancer, createTargetGroup, registerTargets, type LoadBalancerHandle, type TargetGroupHandle } from '../network/load-balancers.js';
import { createSecurityGroup, type VpcHandle } from '../network/vpc.js';
import { ecsBackend, type EcsBackend } from './backends.js';
import { SERVICE_NAMES } from './services.js';
import { unexpectedCheck, type ArchitectureSpec, type InstanceContext } from './types.js';

const LEGACY = ['legacy-link-listener-mismatch', 'legacy-link-security-groups-enforced', 'legacy-nlb-in-front-of-alb'];

/**
 * Whitepaper, "Private integration architecture with Amazon ECS", as built since Nov 2025: a VPC
 * link V2 with an integrationTarget sends to an internal load balancer with a TLS listener in
 * front of ECS tasks. The legacy VPC link V1 (NLB only) appears in variants.
 */
export const privateIntegration: ArchitectureSpec = {
  kind: 'private-integration',
  description: 'a private API integrated with an ECS service behind an internal load balancer through a VPC link',
  workloadAccounts: 1,
  multiRegion: false,
  privateDns: false,
  variants: {
    correct: { breaks: [], description: 'VPC link V2 to an internal NLB with a TLS listener' },
    'alb-target': { breaks: [], description: 'VPC link V2 to an internal ALB with an HTTPS listener' },
    'vpc-link-failed': { breaks: ['INT-001'], description: 'the VPC link V2 is FAILED', reach: { status: 'unreachable', hop: 'integration' } },
    // Requests to the canary stage fail: one broken stage breaks the API's integration for its clients.
    'stage-variable-missing': {
      breaks: ['INT-002'],
      description: 'the link comes from a stage variable the canary stage lacks',
      reach: { status: 'unreachable', hop: 'integration' },
    },
    'legacy-link-listener-mismatch': {
      breaks: ['INT-003', 'INT-013'],
      description: "legacy VPC link V1; the URI's port 8443 has no listener",
      reach: { status: 'unreachable', hop: 'integration' },
    },
    // TLS passes through the TCP listener to the tasks, which terminate it.
    'tcp-listener-https-uri': { breaks: ['INT-004'], description: 'HTTPS URI, but the target NLB listens with plain TCP' },
    // An exposure, not a break: the link still reaches the load balancer inside the VPC.
    'internet-facing-backend': { breaks: ['INT-005'], description: 'the backend NLB is internet-facing' },
    plaintext: { breaks: ['INT-006'], description: 'http:// URI to an ALB HTTP listener' },
    'skip-tls-verification': { breaks: ['INT-007'], description: 'the integration skips certificate verification' },
    'no-healthy-targets': { breaks: ['INT-008'], description: 'every ECS task fails its health check', reach: { status: 'unreachable', hop: 'integration' } },
    'single-az-backend': { breaks: ['INT-009'], description: 'the backend NLB is in one AZ' },
    'link-security-group-blocked': {
      breaks: ['INT-010'],
      description: "the load balancer's group admits a bastion group, not the VPC link's",
      reach: { status: 'unreachable', hop: 'integration' },
    },
    // AWS does not document the source addresses of a V1 link's PrivateLink traffic, so whether the group's VPC range admits them cannot be told.
    'legacy-link-security-groups-enforced': {
      breaks: ['INT-011', 'INT-013'],
      description: 'legacy VPC link V1 to an NLB that enforces its groups on PrivateLink traffic',
      reach: { status: 'unknown', hop: 'integration' },
    },
    // An INACTIVE link has no network interfaces: requests fail until the next one re-creates them.
    'inactive-vpc-link': { breaks: ['INT-012'], description: 'the VPC link V2 is INACTIVE after 60 idle days', reach: { status: 'unreachable', hop: 'integration' } },
    'legacy-nlb-in-front-of-alb': { breaks: ['INT-013'], description: 'legacy VPC link V1 to an NLB whose target is an ALB' },
    'public-api-open-backend': { breaks: ['AUTH-003', 'OPS-004'], description: 'a REGIONAL API without auth, policy or WAF exposes the private backend', publicApi: true },
  },
  build,
};

interface Front {
  lb: LoadBalancerHandle;
  /** The group the load balancer forwards to the tasks with (INT-008). */
  tasksGroup: TargetGroupHandle;
  /** An NLB target group of type alb, in front of the ALB (INT-013). */
  albGroup?: TargetGroupHandle;
}

function build(ctx: InstanceContext): void {
  const { b, account, region } = ctx;
  const service = b.serviceName(account, b.rng.pick(SERVICE_NAMES));
  const backend = ecsBackend(b, account, region, service, ctx.is('single-az-backend') ? 1 : 2);
  const legacy = ctx.is(...LEGACY);
  const port = ctx.is('plaintext') ? 80 : 443;
  const linkGroup = legacy ? undefined : createSecurityGroup(b, backend.vpc, [], [{ protocol: 'tcp', port, cidr: backend.vpc.cidr, description: 'to the load balancer' }]);
  const front = legacy ? legacyFront(ctx, service, backend) : currentFront(ctx, service, backend, port, linkGroup ?? '');

  const link: VpcLinkHandle = legacy
    ? createVpcLinkV1(b, account, region, `${service}-nlb`, front.lb.arn)
    : createVpcLinkV2(b, backend.vpc, {
        name: `${service}-backend`,
        subnets: backend.vpc.subnets,
        groupIds: [linkGroup ?? ''],
        ...(ctx.is('vpc-link-failed') && { status: 'FAILED', statusMessage: 'Insufficient permissions to create network interfaces in the subnets' }),
        ...(ctx.is('inactive-vpc-link') && { status: 'INACTIVE', statusMessage: 'VPC link has been inactive for 60 days' }),
      });
  const host = `${service}.${b.accountName(account)}.internal`;
  const uri = ctx.is('plaintext') ? `http://${host}/{proxy}` : ctx.is('legacy-link-listener-mismatch') ? `https://${host}:8443/{proxy}` : `https://${host}/{proxy}`;
  const integration = vpcLinkIntegration({
    connectionId: ctx.is('stage-variable-missing') ? '${stageVariables.vpcLinkId}' : link.id,
    uri,
    ...(!legacy && { integrationTarget: front.lb.arn }),
    insecureSkipVerification: ctx.is('skip-tls-verification'),
  });
  const open = ctx.is('public-api-open-backend');
  const api = createRestApi(b, account, region, {
    name: service,
    type: open ? 'REGIONAL' : 'PRIVATE',
    ...(!open && { policy: (arn: string) => privateApiPolicy(arn, [ctx.hub(region).sharedEndpoint.id]) }),
    methods: proxyMethods(open ? 'NONE' : 'AWS_IAM', integration),
    stages: ctx.is('stage-variable-missing') ? [{ name: 'prod', variables: { vpcLinkId: link.id } }, { name: 'canary' }] : undefined,
  });
  if (open) api.stage().webAclArn = undefined;
  else ctx.expectReach(api, [ctx.hub(region).hubVpc.id]);

  ctx.expectBreaks((checkId) => {
    const at = (resource: string) => ({ accountId: account, region, resource });
    switch (checkId) {
      case 'INT-001': case 'INT-004': case 'INT-006': case 'INT-007': case 'AUTH-003':
        return at(api.arn);
      case 'INT-002':
        return at(api.stageArn('canary'));
      case 'OPS-004':
        return at(api.stageArn());
      case 'INT-003': case 'INT-010': case 'INT-012':
        return at(link.arn);
      case 'INT-005': case 'INT-009': case 'INT-011':
        return at(front.lb.arn);
      case 'INT-008':
        return at(front.tasksGroup.arn);
      case 'INT-013':
        return [at(link.arn), ...(front.albGroup ? [at(front.albGroup.arn)] : [])];
      default:
        return unexpectedCheck(privateIntegration.kind, checkId);
    }
  });
}

/** The load balancer a VPC link V2 targets directly, guarded by a group that admits the link. */
function currentFront(ctx: InstanceContext, service: string, backend: EcsBackend, port: number, linkGroup: string): Front {
  const { b } = ctx;
  const alb = ctx.is('alb-target', 'plaintext');
  const admitted = ctx.is('link-security-group-blocked') ? createSecurityGroup(b, backend.vpc, [{ protocol: 'tcp', port: 22, cidr: backend.vpc.cidr }]) : linkGroup;
  const lbGroup = createSecurityGroup(b, backend.vpc, [{ protocol: 'tcp', port, group: admitted, description: 'from the VPC link' }]);
  const lb = createLoadBalancer(b, backend.vpc, {
    name: `${service}-${alb ? 'alb' : 'nlb'}`,
    type: alb ? 'application' : 'network',
    scheme: ctx.is('internet-facing-backend') ? 'internet-facing' : 'internal',
    subnets: backend.vpc.subnets,
    groupIds: [lbGroup],
  });
  const listenerProtocol: ProtocolEnum = ctx.is('plaintext') ? 'HTTP' : ctx.is('tcp-listener-https-uri') ? 'TCP' : alb ? 'HTTPS' : 'TLS';
  // TLS passthrough: the tasks terminate TLS themselves on 8443.
  const passthrough = listenerProtocol === 'TCP';
  const tasksGroup = tasksTargetGroup(ctx, backend, lb, alb ? 'HTTP' : 'TCP', passthrough ? 8443 : backend.port);
  createListener(b, lb, { port, protocol: listenerProtocol, targetGroup: tasksGroup });
  return { lb, tasksGroup };
}

/** The VPC link V1 era: an NLB (never with groups then, unless added later), sometimes in front of an ALB. */
function legacyFront(ctx: InstanceContext, service: string, backend: EcsBackend): Front {
  const { b } = ctx;
  const vpc: VpcHandle = backend.vpc;
  const enforced = ctx.is('legacy-link-security-groups-enforced');
  const nlb = createLoadBalancer(b, vpc, {
    name: `${service}-nlb`,
    type: 'network',
    subnets: vpc.subnets,
    ...(enforced && { groupIds: [createSecurityGroup(b, vpc, [{ protocol: 'tcp', port: 443, cidr: vpc.cidr }])], enforceOnPrivateLink: 'on' as const }),
  });
  if (!ctx.is('legacy-nlb-in-front-of-alb')) {
    const tasksGroup = tasksTargetGroup(ctx, backend, nlb, 'TCP', backend.port);
    createListener(b, nlb, { port: 443, protocol: 'TLS', targetGroup: tasksGroup });
    return { lb: nlb, tasksGroup };
  }
  const alb = createLoadBalancer(b, vpc, {
    name: `${service}-alb`,
    type: 'application',
    subnets: vpc.subnets,
    groupIds: [createSecurityGroup(b, vpc, [{ protocol: 'tcp', port: 443, cidr: vpc.cidr, description: 'from the NLB' }])],
  });
  const tasksGroup = tasksTargetGroup(ctx, backend, alb, 'HTTP', backend.port);
  createListener(b, alb, { port: 443, protocol: 'HTTPS', targetGroup: tasksGroup });
  const albGroup = createTargetGroup(b, vpc, { name: `${service}-alb`, protocol: 'TCP', port: 443, targetType: 'alb', healthCheck: { protocol: 'HTTPS', path: '/health', matcher: '200-399' }, loadBalancer: nlb });
  registerTargets(b, albGroup, [{ id: alb.arn, port: 443 }]);
  createListener(b, nlb, { port: 443, protocol: 'TCP', targetGroup: albGroup });
  return { lb: nlb, tasksGroup, albGroup };
}

function tasksTargetGroup(ctx: InstanceContext, backend: EcsBackend, lb: LoadBalancerHandle, protocol: ProtocolEnum, port: number): TargetGroupHandle {
  const { b } = ctx;
  const group = createTargetGroup(b, backend.vpc, {
    name: `${lb.name}-tasks`,
    protocol,
    port,
    targetType: 'ip',
    healthCheck: { protocol: 'HTTP', path: '/health', matcher: '200-399' },
    loadBalancer: lb,
  });
  const failing = ctx.is('no-healthy-targets');
  registerTargets(
    b,
    group,
    backend.tasks.map((t) => ({ id: t.ip, port, az: t.az, ...(failing && { state: 'unhealthy' as const, reason: 'Target.FailedHealthChecks' as const }) })),
  );
  return group;
}

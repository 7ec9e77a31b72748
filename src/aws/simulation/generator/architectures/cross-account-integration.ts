import { proxyMethods, vpcLinkIntegration } from '../apigateway/methods.js';
import { FULL_ACCESS_ENDPOINT_POLICY, privateApiPolicy } from '../apigateway/policies.js';
import { createRestApi } from '../apigateway/rest-api.js';
import { createVpcLinkV2 } from '../apigateway/vpc-links.js';
import { createInterfaceEndpoint } from '../network/endpoints.js';
import { createListener, createLoadBalancer, createTargetGroup, registerTargets, type TargetSpec } from '../network/load-balancers.js';
import { allocateIp, createSecurityGroup, createVpc } from '../network/vpc.js';
import { ecsBackend } from './backends.js';
import { SERVICE_NAMES } from './services.js';
import { unexpectedCheck, type ArchitectureSpec, type InstanceContext } from './types.js';

/**
 * Whitepaper, "Private integration cross-account": the VPC link and its NLB live in the API's
 * account; the NLB's IP targets are either the addresses of an interface endpoint to the resource
 * account's endpoint service (PrivateLink) or, over VPC peering, the resource account's own
 * addresses. Either way the registered IPs must follow the ENIs they stand for.
 */
export const crossAccountIntegration: ArchitectureSpec = {
  kind: 'cross-account-integration',
  description: "a private API integrated with another account's ECS service over PrivateLink or VPC peering",
  workloadAccounts: 2,
  multiRegion: false,
  privateDns: false,
  variants: {
    correct: { breaks: [], description: "NLB targets are the addresses of an endpoint to the resource account's endpoint service" },
    'vpc-peering': { breaks: [], description: "NLB targets are the resource account's task addresses across a peering connection" },
    // Only the stale address fails its health check: the NLB keeps sending to the others.
    'privatelink-ips-drifted': { breaks: ['INT-014'], description: 'an endpoint ENI was replaced; the NLB still targets its old address' },
  },
  build,
};

function build(ctx: InstanceContext): void {
  const { b, account, region } = ctx;
  const resourceAccount = ctx.accounts[1] ?? account;
  const service = b.serviceName([account, resourceAccount], b.rng.pick(SERVICE_NAMES));
  const backend = ecsBackend(b, resourceAccount, region, service);
  const vpc = createVpc(b, account, region, { name: `${service}-integration` });

  let targets: TargetSpec[];
  let targetPort: number;
  if (ctx.is('vpc-peering')) {
    targetPort = backend.port;
    // Addresses outside the load balancer's VPC are registered in AZ "all".
    targets = backend.tasks.map((t) => ({ id: t.ip, port: targetPort, az: 'all' }));
  } else {
    targetPort = 443;
    const providerNlb = createLoadBalancer(b, backend.vpc, { name: `${service}-svc`, type: 'network', subnets: backend.vpc.subnets });
    const providerGroup = createTargetGroup(b, backend.vpc, { name: `${service}-svc-tasks`, protocol: 'TCP', port: backend.port, targetType: 'ip', healthCheck: { protocol: 'HTTP', path: '/health', matcher: '200-399' }, loadBalancer: providerNlb });
    registerTargets(b, providerGroup, backend.tasks.map((t) => ({ id: t.ip, port: backend.port, az: t.az })));
    createListener(b, providerNlb, { port: 443, protocol: 'TLS', targetGroup: providerGroup });
    const endpointGroup = createSecurityGroup(b, vpc, [{ protocol: 'tcp', port: 443, cidr: vpc.cidr, description: 'HTTPS from the NLB' }]);
    const endpoint = createInterfaceEndpoint(b, vpc, {
      name: `${service}-privatelink`,
      serviceName: `com.amazonaws.vpce.${region}.${b.ids.ec2('vpce-svc')}`,
      privateDns: false,
      subnets: vpc.subnets,
      groupIds: [endpointGroup],
      policy: FULL_ACCESS_ENDPOINT_POLICY,
    });
    targets = endpoint.enis.map((eni) => ({ id: eni.ip, port: targetPort, az: eni.subnet.az }));
    const replaced = endpoint.enis.at(-1);
    if (ctx.is('privatelink-ips-drifted') && replaced) {
      targets[targets.length - 1] = { id: allocateIp(b, replaced.subnet), port: targetPort, az: replaced.subnet.az, state: 'unhealthy', reason: 'Target.Timeout' };
    }
  }

  const linkGroup = createSecurityGroup(b, vpc, [], [{ protocol: 'tcp', port: 443, cidr: vpc.cidr, description: 'to the NLB' }]);
  const nlbGroup = createSecurityGroup(b, vpc, [{ protocol: 'tcp', port: 443, group: linkGroup, description: 'from the VPC link' }]);
  const nlb = createLoadBalancer(b, vpc, { name: `${service}-xacct`, type: 'network', subnets: vpc.subnets, groupIds: [nlbGroup] });
  const group = createTargetGroup(b, vpc, {
    name: `${service}-xacct-targets`,
    protocol: targetPort === 443 ? 'TLS' : 'TCP',
    port: targetPort,
    targetType: 'ip',
    healthCheck: { protocol: 'TCP' },
    loadBalancer: nlb,
  });
  registerTargets(b, group, targets);
  createListener(b, nlb, { port: 443, protocol: 'TLS', targetGroup: group });
  const link = createVpcLinkV2(b, vpc, { name: `${service}-xacct`, subnets: vpc.subnets, groupIds: [linkGroup] });
  const api = createRestApi(b, account, region, {
    name: `${service}-gateway`,
    type: 'PRIVATE',
    policy: (arn) => privateApiPolicy(arn, [ctx.hub(region).sharedEndpoint.id]),
    methods: proxyMethods('AWS_IAM', vpcLinkIntegration({ connectionId: link.id, uri: `https://${service}.${b.accountName(resourceAccount)}.internal/{proxy}`, integrationTarget: nlb.arn })),
  });
  ctx.expectReach(api, [ctx.hub(region).hubVpc.id]);
  ctx.expectBreaks((checkId) => (checkId === 'INT-014' ? { accountId: account, region, resource: group.arn } : unexpectedCheck(crossAccountIntegration.kind, checkId)));
}

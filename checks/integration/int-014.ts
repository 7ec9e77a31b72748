import { defineCheck, type CheckResult, type ResourceRef } from '../../src/model/check.js';
import type { NetworkInterface } from '../../src/model/inventory.js';
import { lbRef, targetGroupRef, TYPES, unlistedLoadBalancerScopes, unusable, uniqueRefs } from './common.js';

/** Targets outside the load balancer's VPC (peered) are registered in AZ "all": their ENIs are another account's. */
const PEERED = 'all';

export default defineCheck({
  id: 'INT-014',
  title: 'Cross-account backend IPs drifted',
  severity: 'HIGH',
  resourceType: TYPES.targetGroup,
  requires: ['elbv2', 'ec2'],
  remediation: {
    text: "Register the current private IPs of the interface endpoint's network interfaces and deregister stale ones, and automate it (e.g. an EventBridge rule on endpoint changes driving a Lambda function).",
    url: 'https://docs.aws.amazon.com/elasticloadbalancing/latest/network/target-group-register-targets.html',
  },
  references: ['https://docs.aws.amazon.com/whitepapers/latest/best-practices-api-gateway-private-apis-integration/rest-api.html'],
  messages: {
    drifted: 'Target group {{name}} registers addresses that are not the current endpoint ENI addresses: {{details}}.',
  },
  evaluate(inventory, report) {
    const enisByVpcIp = new Map<string, NetworkInterface>();
    for (const eni of inventory.networkInterfaces.values()) {
      for (const ip of [...eni.privateIpAddresses, ...eni.ipv6Addresses]) enisByVpcIp.set(`${eni.accountId}|${eni.region}|${eni.vpcId ?? ''}|${ip}`, eni);
    }
    const enisOfEndpoint = new Map<string, NetworkInterface[]>();
    for (const eni of inventory.networkInterfaces.values()) {
      if (eni.vpcEndpointId === undefined) continue;
      enisOfEndpoint.set(eni.vpcEndpointId, [...(enisOfEndpoint.get(eni.vpcEndpointId) ?? []), eni]);
    }
    const isPrivateLinkEni = (eni: NetworkInterface | undefined): eni is NetworkInterface & { vpcEndpointId: string } => {
      if (eni?.vpcEndpointId === undefined) return false;
      const endpoint = inventory.vpcEndpoints.get(eni.vpcEndpointId);
      // execute-api endpoints behind a load balancer are LB-001/LB-002's.
      return !endpoint?.serviceName.endsWith('.execute-api');
    };
    const results = [...inventory.targetGroups.values()].map((tg): CheckResult => {
      const resource = targetGroupRef(tg.arn);
      if (tg.targetType !== 'ip' || tg.loadBalancerArns.length === 0) return report.notApplicable(tg, resource);
      if (tg.targets === undefined) return report.error(tg, resource, unusable(inventory, tg, 'elbv2', ['DescribeTargetHealth'], tg.arn) ?? `the targets of ${tg.name} were not read`);
      const ec2 = unusable(inventory, tg, 'ec2', ['DescribeNetworkInterfaces', 'DescribeVpcEndpoints']);
      if (ec2) return report.error(tg, resource, ec2);
      const local = tg.targets.filter((t) => t.availabilityZone !== PEERED);
      const eniOf = (ip: string) => enisByVpcIp.get(`${tg.accountId}|${tg.region}|${tg.vpcId ?? ''}|${ip}`);
      const endpoints = [...new Set(local.map((t) => eniOf(t.targetId)).filter(isPrivateLinkEni).map((e) => e.vpcEndpointId))];
      if (endpoints.length === 0) return report.notApplicable(tg, resource);
      const current = new Set(endpoints.flatMap((id) => (enisOfEndpoint.get(id) ?? []).flatMap((e) => [...e.privateIpAddresses, ...e.ipv6Addresses])));
      const registered = new Set(local.map((t) => t.targetId));
      const stale = [...registered].filter((ip) => !current.has(ip) && (eniOf(ip) === undefined || isPrivateLinkEni(eniOf(ip))));
      const unregistered = [...current].filter((ip) => !registered.has(ip));
      const related: ResourceRef[] = uniqueRefs([
        ...tg.loadBalancerArns.map(lbRef),
        ...endpoints.map((id) => ({ arn: inventory.vpcEndpoints.get(id)?.arn ?? `arn:${inventory.snapshot.partition}:ec2:${tg.region}:${tg.accountId}:vpc-endpoint/${id}`, type: 'AwsEc2VpcEndpointService' })),
      ]);
      if (stale.length || unregistered.length) {
        const details = [stale.length ? `registered but on no endpoint ENI: ${stale.join(', ')}` : '', unregistered.length ? `endpoint ENI addresses not registered: ${unregistered.join(', ')}` : ''].filter(Boolean).join('; ');
        return report.fail(tg, resource, 'drifted', { name: tg.name, details }, { related });
      }
      return report.pass(tg, resource, related);
    });
    return [...results, ...unlistedLoadBalancerScopes(inventory).map((s) => report.error(s, lbRef(s.arn), s.reason))];
  },
});

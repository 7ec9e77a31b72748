import { describe, expect, it } from 'vitest';
import { generateWorld } from '../../../src/aws/simulation/generator/index.js';
import type { SimRegionState, SimWorld } from '../../../src/aws/simulation/world.js';
import { arns } from '../../../src/model/arn.js';

/**
 * Referential integrity of generated worlds: what one resource names exists, except where the
 * answer key says a variant broke the reference on purpose.
 */
const REGIONS = ['us-east-1', 'eu-west-1'];
const worlds = [generateWorld({ seed: 42, accounts: 12, regions: REGIONS }), generateWorld({ seed: 7, accounts: 60, regions: [...REGIONS, 'ap-southeast-2'] })];

interface Located {
  accountId: string;
  region: string;
  state: SimRegionState;
}

function regionStates(w: SimWorld): Located[] {
  return w.accounts.flatMap((a) => Object.entries(a.regions).map(([region, state]) => ({ accountId: a.id, region, state })));
}

/** Whether the answer key holds this check for this resource: the reference is broken on purpose. */
function keyed(w: SimWorld, checkId: string, resource: string): boolean {
  return w.answerKey.some((f) => f.checkId === checkId && f.resource === resource);
}

function ipToNumber(ip: string): number {
  return ip.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
}

function inCidr(ip: string, cidr: string): boolean {
  const [base = '', bits = '32'] = cidr.split('/');
  const size = 2 ** (32 - Number(bits));
  const start = ipToNumber(base);
  return ipToNumber(ip) >= start && ipToNumber(ip) < start + size;
}

/** The un-escaped policy API Gateway returned. */
function parsePolicy(text: string | undefined): unknown {
  return text === undefined ? undefined : JSON.parse(text.replaceAll('\\"', '"').replaceAll('\\/', '/'));
}

const vpceIdsIn = (value: unknown): string[] => JSON.stringify(value ?? null).match(/vpce-[0-9a-f]{17}/g) ?? [];

describe.each(worlds.map((w) => [`${w.accounts.length} accounts`, w] as const))('referential integrity, %s', (_name, world) => {
  const states = regionStates(world);
  const endpointsAnywhere = new Set(states.flatMap(({ state }) => state.ec2.vpcEndpoints.map((e) => e.VpcEndpointId)));
  const enisAnywhere = new Set(states.flatMap(({ state }) => state.ec2.networkInterfaces.flatMap((n) => n.PrivateIpAddresses?.map((a) => a.PrivateIpAddress) ?? [])));

  it('API endpoint associations and policies name existing endpoints', () => {
    for (const { region, state } of states) {
      for (const { api } of state.apigateway.restApis) {
        const arn = arns.restApi('aws', region, api.id ?? '');
        const missingAssociated = (api.endpointConfiguration?.vpcEndpointIds ?? []).filter((id) => !endpointsAnywhere.has(id));
        if (missingAssociated.length) expect(keyed(world, 'DNS-004', arn), `${arn} associations`).toBe(true);
        const missingInPolicy = vpceIdsIn(parsePolicy(api.policy)).filter((id) => !endpointsAnywhere.has(id));
        if (missingInPolicy.length) expect(keyed(world, 'POLICY-003', arn), `${arn} policy`).toBe(true);
      }
    }
  });

  it('endpoints name subnets, groups and ENIs of their own VPC, with DNS names and addresses inside the subnets', () => {
    for (const { region, state } of states) {
      const subnets = new Map(state.ec2.subnets.map((s) => [s.SubnetId, s]));
      const groups = new Set(state.ec2.securityGroupRules.map((r) => r.GroupId));
      const enis = new Map(state.ec2.networkInterfaces.map((n) => [n.NetworkInterfaceId, n]));
      const vpcs = new Set(state.ec2.vpcs.map((v) => v.vpc.VpcId));
      for (const e of state.ec2.vpcEndpoints) {
        expect(vpcs.has(e.VpcId), e.VpcEndpointId).toBe(true);
        if (e.VpcEndpointType === 'Gateway') continue;
        for (const id of e.SubnetIds ?? []) expect(subnets.get(id)?.VpcId, `${e.VpcEndpointId} ${id}`).toBe(e.VpcId);
        for (const g of e.Groups ?? []) expect(groups.has(g.GroupId), `${e.VpcEndpointId} ${g.GroupId}`).toBe(true);
        expect(e.DnsEntries?.[0]?.DnsName).toMatch(new RegExp(`^${e.VpcEndpointId}-[a-z0-9]{8}\\.[a-z0-9-]+\\.${region}\\.vpce\\.amazonaws\\.com$`));
        const expectedEnis = String(e.State) === 'deleted' ? 0 : (e.SubnetIds ?? []).length;
        expect(e.NetworkInterfaceIds, e.VpcEndpointId).toHaveLength(expectedEnis);
        for (const id of e.NetworkInterfaceIds ?? []) {
          const eni = enis.get(id);
          expect(eni?.Description, id).toBe(`VPC Endpoint Interface ${e.VpcEndpointId}`);
          expect(eni?.InterfaceType).toBe('vpc_endpoint');
          expect(inCidr(eni?.PrivateIpAddress ?? '', subnets.get(eni?.SubnetId)?.CidrBlock ?? ''), id).toBe(true);
        }
      }
    }
  });

  it('VPCs have unique, non-overlapping CIDRs with their subnets inside', () => {
    const cidrs = states.flatMap(({ state }) => state.ec2.vpcs.map((v) => v.vpc.CidrBlock ?? ''));
    const ranges = cidrs.map((c) => [ipToNumber(c.split('/')[0] ?? ''), 2 ** (32 - Number(c.split('/')[1]))] as const).sort((a, b) => a[0] - b[0]);
    ranges.forEach(([start, size], i) => {
      const next = ranges[i + 1];
      if (next) expect(start + size).toBeLessThanOrEqual(next[0]);
    });
    for (const { state } of states) {
      const vpcCidr = new Map(state.ec2.vpcs.map((v) => [v.vpc.VpcId, v.vpc.CidrBlock ?? '']));
      const dhcp = new Set(state.ec2.dhcpOptions.map((d) => d.DhcpOptionsId));
      for (const { vpc } of state.ec2.vpcs) expect(dhcp.has(vpc.DhcpOptionsId), vpc.VpcId).toBe(true);
      for (const s of state.ec2.subnets) expect(inCidr((s.CidrBlock ?? '').split('/')[0] ?? '', vpcCidr.get(s.VpcId) ?? ''), s.SubnetId).toBe(true);
    }
  });

  it('load balancers, listeners and target groups reference each other; IP targets are live ENI addresses unless drifted on purpose', () => {
    for (const { state } of states) {
      const lbs = new Set(state.elbv2.loadBalancers.map((lb) => lb.LoadBalancerArn));
      const tgs = new Set(state.elbv2.targetGroups.map((tg) => tg.TargetGroupArn));
      const subnets = new Set(state.ec2.subnets.map((s) => s.SubnetId));
      const groups = new Set(state.ec2.securityGroupRules.map((r) => r.GroupId));
      const localIps = new Set(state.ec2.networkInterfaces.map((n) => n.PrivateIpAddress));
      for (const lb of state.elbv2.loadBalancers) {
        for (const az of lb.AvailabilityZones ?? []) expect(subnets.has(az.SubnetId), lb.LoadBalancerArn).toBe(true);
        for (const g of lb.SecurityGroups ?? []) expect(groups.has(g), lb.LoadBalancerArn).toBe(true);
      }
      for (const l of state.elbv2.listeners) {
        expect(lbs.has(l.LoadBalancerArn), l.ListenerArn).toBe(true);
        for (const a of l.DefaultActions ?? []) expect(tgs.has(a.TargetGroupArn), l.ListenerArn).toBe(true);
      }
      expect(Object.keys(state.elbv2.targetHealth).every((arn) => tgs.has(arn))).toBe(true);
      for (const tg of state.elbv2.targetGroups) {
        const arn = tg.TargetGroupArn ?? '';
        for (const lb of tg.LoadBalancerArns ?? []) expect(lbs.has(lb), arn).toBe(true);
        const targets = state.elbv2.targetHealth[arn] ?? [];
        if (tg.TargetType === 'alb') expect(targets.every((t) => lbs.has(t.Target?.Id)), arn).toBe(true);
        if (tg.TargetType !== 'ip') continue;
        const drifted = targets.filter((t) => (t.Target?.AvailabilityZone === 'all' ? !enisAnywhere.has(t.Target.Id) : !localIps.has(t.Target?.Id)));
        if (drifted.length) expect(keyed(world, 'LB-002', arn) || keyed(world, 'INT-014', arn), arn).toBe(true);
      }
    }
  });

  it('VPC links and integrations reach existing links and load balancers in the API account', () => {
    for (const { region, state } of states) {
      const lbs = new Set(state.elbv2.loadBalancers.map((lb) => lb.LoadBalancerArn));
      const subnets = new Set(state.ec2.subnets.map((s) => s.SubnetId));
      const groups = new Set(state.ec2.securityGroupRules.map((r) => r.GroupId));
      const links = new Set([...state.apigateway.vpcLinks.map((l) => l.id), ...state.apigatewayv2.vpcLinks.map((l) => l.VpcLinkId)]);
      for (const l of state.apigateway.vpcLinks) for (const t of l.targetArns ?? []) expect(lbs.has(t), l.id).toBe(true);
      for (const l of state.apigatewayv2.vpcLinks) {
        for (const s of l.SubnetIds ?? []) expect(subnets.has(s), l.VpcLinkId).toBe(true);
        for (const g of l.SecurityGroupIds ?? []) expect(groups.has(g), l.VpcLinkId).toBe(true);
      }
      for (const { api, resources, stages, authorizers } of state.apigateway.restApis) {
        const authorizerIds = new Set(authorizers.map((a) => a.id));
        for (const method of resources.flatMap((r) => Object.values(r.resourceMethods ?? {}))) {
          if (method.authorizerId !== undefined && !authorizerIds.has(method.authorizerId)) {
            expect(keyed(world, 'AUTH-002', arns.restApi('aws', region, api.id ?? ''))).toBe(true);
          }
          const integration = method.methodIntegration;
          if (integration?.connectionType !== 'VPC_LINK') continue;
          if (integration.integrationTarget !== undefined) expect(lbs.has(integration.integrationTarget), api.id).toBe(true);
          const variable = /^\$\{stageVariables\.(\w+)\}$/.exec(integration.connectionId ?? '')?.[1];
          if (variable === undefined) {
            expect(links.has(integration.connectionId), api.id).toBe(true);
            continue;
          }
          for (const stage of stages) {
            const link = stage.variables?.[variable];
            if (link === undefined || !links.has(link)) expect(keyed(world, 'INT-002', arns.stage('aws', region, api.id ?? '', stage.stageName ?? '')), `${api.id} ${stage.stageName}`).toBe(true);
          }
        }
      }
    }
  });

  it('custom domains map to existing stages and are associated with existing endpoints, except on purpose', () => {
    const orgAccounts = new Set(world.accounts.map((a) => a.id));
    for (const { accountId, region, state } of states) {
      const apis = new Map(state.apigateway.restApis.map((r) => [r.api.id, r]));
      for (const { domain, basePathMappings } of state.apigateway.domainNames) {
        const arn = domain.domainNameArn ?? '';
        expect(arn).toBe(`arn:aws:apigateway:${region}:${accountId}:/domainnames/${domain.domainName}+${domain.domainNameId}`);
        for (const m of basePathMappings) {
          const api = apis.get(m.restApiId);
          expect(api, arn).toBeDefined();
          if (!api?.stages.some((s) => s.stageName === m.stage)) expect(keyed(world, 'CDN-007', arn), arn).toBe(true);
        }
        const missingInPolicy = vpceIdsIn(parsePolicy(domain.policy)).filter((id) => !endpointsAnywhere.has(id));
        const associations = state.apigateway.foreignAccessAssociations.concat(state.apigateway.accessAssociations).filter((a) => a.domainNameArn === arn);
        if (missingInPolicy.length) {
          expect(associations.some((a) => keyed(world, 'CDN-004', a.domainNameAccessAssociationArn ?? '')), arn).toBe(true);
        }
        for (const a of associations) {
          const consumer = /:(\d{12}):\/domainnameaccessassociations\//.exec(a.domainNameAccessAssociationArn ?? '')?.[1] ?? '';
          if (orgAccounts.has(consumer)) expect(endpointsAnywhere.has(a.accessAssociationSource), a.domainNameAccessAssociationArn).toBe(true);
          else expect(keyed(world, 'CDN-003', arn), arn).toBe(true);
        }
      }
    }
  });

  it('Route 53 zones, records and health checks, and Resolver endpoints and rules, reference what exists', () => {
    const vpcsByRegion = new Set(states.flatMap(({ region, state }) => state.ec2.vpcs.map((v) => `${region}|${v.vpc.VpcId}`)));
    const lbNames = new Set(states.flatMap(({ state }) => state.elbv2.loadBalancers.map((lb) => lb.DNSName)));
    const endpointNames = new Set(states.flatMap(({ state }) => state.ec2.vpcEndpoints.flatMap((e) => e.DnsEntries?.map((d) => d.DnsName) ?? [])));
    for (const account of world.accounts) {
      const checks = new Set(account.route53.healthChecks.map((h) => h.Id));
      for (const { zone, vpcs, records } of account.route53.hostedZones) {
        expect(vpcs.length > 0, zone.Id).toBe(zone.Config?.PrivateZone === true);
        for (const v of vpcs) expect(vpcsByRegion.has(`${v.VPCRegion}|${v.VPCId}`), `${zone.Id} ${v.VPCId}`).toBe(true);
        expect(zone.ResourceRecordSetCount).toBe(records.length);
        for (const r of records) {
          expect(r.Name?.endsWith(zone.Name ?? '-'), r.Name).toBe(true);
          if (r.HealthCheckId !== undefined) expect(checks.has(r.HealthCheckId), r.Name).toBe(true);
          const target = r.AliasTarget?.DNSName?.replace(/\.$/, '') ?? (r.Type === 'CNAME' ? r.ResourceRecords?.[0]?.Value : undefined);
          if (target !== undefined) expect(lbNames.has(target) || endpointNames.has(target), `${r.Name} → ${target}`).toBe(true);
        }
      }
    }
    for (const { state } of states) {
      const vpcs = new Set(state.ec2.vpcs.map((v) => v.vpc.VpcId));
      const subnets = new Map(state.ec2.subnets.map((s) => [s.SubnetId, s]));
      const endpoints = new Set(state.route53resolver.endpoints.map((e) => e.endpoint.Id));
      for (const { endpoint, ipAddresses } of state.route53resolver.endpoints) {
        expect(vpcs.has(endpoint.HostVPCId), endpoint.Id).toBe(true);
        expect(endpoint.IpAddressCount).toBe(ipAddresses.length);
        for (const ip of ipAddresses) expect(inCidr(ip.Ip ?? '', subnets.get(ip.SubnetId)?.CidrBlock ?? ''), ip.IpId).toBe(true);
      }
      for (const rule of state.route53resolver.rules) {
        expect(endpoints.has(rule.ResolverEndpointId), rule.Id).toBe(true);
        for (const t of rule.TargetIps ?? []) expect(enisAnywhere.has(t.Ip) || states.some((s) => s.state.route53resolver.endpoints.some((e) => e.ipAddresses.some((a) => a.Ip === t.Ip))), t.Ip).toBe(true);
      }
      for (const a of state.route53resolver.ruleAssociations) {
        expect(vpcs.has(a.VPCId), a.Id).toBe(true);
        expect(state.route53resolver.rules.some((r) => r.Id === a.ResolverRuleId), a.Id).toBe(true);
      }
    }
  });
});

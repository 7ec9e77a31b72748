import { arns } from '../../../src/model/arn.js';
import {
  DhcpOptions,
  emptyRegional,
  ResolverEndpoint,
  RestApi,
  SecurityGroup,
  SecurityGroupRule,
  Subnet,
  Vpc,
  VpcEndpoint,
  type CollectionError,
  type CollectionState,
  type RegionalInventory,
  type Service,
  type Snapshot,
} from '../../../src/model/inventory.js';
import { ACCOUNT_A, snapshotWith } from '../../helpers/snapshot-builder.js';

/** Inventory records for the endpoint network and DNS checks, defaults filled by the model's schemas. */

export const REGION = 'us-east-1';
export const OTHER_REGION = 'eu-west-1';

const at = (accountId = ACCOUNT_A, region = REGION) => ({ accountId, region });
export const ec2Arn = (kind: string, id: string, accountId = ACCOUNT_A, region = REGION) => arns.ec2('aws', region, accountId, kind, id);

export function vpc(id = 'vpc-1', overrides: Partial<Vpc> = {}): Vpc {
  return Vpc.parse({ ...at(), arn: ec2Arn('vpc', id), id, cidrBlocks: ['10.1.0.0/16'], dhcpOptionsId: 'dopt-amazon', enableDnsSupport: true, enableDnsHostnames: true, ...overrides });
}

export function dhcpOptions(id = 'dopt-amazon', servers: string[] = ['AmazonProvidedDNS']): DhcpOptions {
  return DhcpOptions.parse({ ...at(), arn: ec2Arn('dhcp-options', id), id, domainNameServers: servers });
}

export function subnet(id: string, azId: string, vpcId = 'vpc-1'): Subnet {
  return Subnet.parse({ ...at(), arn: ec2Arn('subnet', id), id, vpcId, availabilityZone: `${REGION}${azId.slice(-1) === '1' ? 'a' : 'b'}`, availabilityZoneId: azId });
}

export function rule(overrides: Partial<SecurityGroupRule> = {}): SecurityGroupRule {
  return SecurityGroupRule.parse({ id: 'sgr-1', isEgress: false, ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIpv4: '10.1.0.0/16', ...overrides });
}

export function group(id = 'sg-1', rules: SecurityGroupRule[] = [rule()]): SecurityGroup {
  return SecurityGroup.parse({ ...at(), arn: ec2Arn('security-group', id), id, rules });
}

export function endpoint(id = 'vpce-1', overrides: Partial<VpcEndpoint> = {}): VpcEndpoint {
  const region = overrides.region ?? REGION;
  return VpcEndpoint.parse({
    ...at(overrides.accountId, region),
    arn: ec2Arn('vpc-endpoint', id, overrides.accountId, region),
    id,
    vpcId: 'vpc-1',
    serviceName: `com.amazonaws.${region}.execute-api`,
    type: 'Interface',
    state: 'available',
    privateDnsEnabled: true,
    subnetIds: ['subnet-a', 'subnet-b'],
    securityGroupIds: ['sg-1'],
    ...overrides,
  });
}

export function resolverEndpoint(id: string, overrides: Partial<ResolverEndpoint> = {}): ResolverEndpoint {
  return ResolverEndpoint.parse({
    ...at(),
    arn: `arn:aws:route53resolver:${REGION}:${ACCOUNT_A}:resolver-endpoint/${id}`,
    id,
    direction: 'INBOUND',
    status: 'OPERATIONAL',
    hostVpcId: 'vpc-1',
    ipAddresses: [{ ip: '10.1.0.50', subnetId: 'subnet-a', status: 'ATTACHED' }],
    ...overrides,
  });
}

export function allowOnly(...vpceIds: string[]): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' },
      { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*', Condition: { StringNotEquals: { 'aws:SourceVpce': vpceIds } } },
    ],
  });
}

export function restApi(id: string, overrides: Partial<RestApi> = {}): RestApi {
  const region = overrides.region ?? REGION;
  return RestApi.parse({
    ...at(overrides.accountId, region),
    arn: arns.restApi('aws', region, id),
    id,
    name: `api-${id}`,
    policy: allowOnly('vpce-1'),
    endpointConfiguration: { types: ['PRIVATE'], vpcEndpointIds: [] },
    ...overrides,
  });
}

/** A healthy VPC: DNS attributes on, AmazonProvidedDNS, two AZs, 443 from the VPC, one endpoint with private DNS. */
export function network(overrides: Partial<RegionalInventory> = {}, accountId = ACCOUNT_A, region = REGION): RegionalInventory {
  return {
    ...emptyRegional(accountId, region),
    vpcs: [vpc()],
    dhcpOptions: [dhcpOptions()],
    subnets: [subnet('subnet-a', 'use1-az1'), subnet('subnet-b', 'use1-az2')],
    securityGroups: [group()],
    vpcEndpoints: [endpoint()],
    ...overrides,
  };
}

export function world(...regional: RegionalInventory[]): Snapshot {
  return snapshotWith(regional.length > 0 ? regional : [network()]);
}

/** Sets one service's collection status (and errors) in one account and region. */
export function withStatus(snapshot: Snapshot, service: Service, state: CollectionState, errors: CollectionError[], accountId = ACCOUNT_A, region = REGION): Snapshot {
  return {
    ...snapshot,
    collections: snapshot.collections.map((c) => (c.service === service && c.accountId === accountId && c.region === region ? { ...c, state, errors } : c)),
  };
}

export const denied = (operation: string, resource?: string): CollectionError => ({
  operation,
  code: 'UnauthorizedOperation',
  message: 'not authorized',
  ...(resource !== undefined && { resource }),
});

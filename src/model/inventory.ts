import { z } from 'zod';

/**
 * The inventory snapshot: everything collectors read, as plain JSON. The zod schemas are the
 * single source of truth; TypeScript types are inferred from them so a snapshot loaded from disk
 * and one built in memory are the same shape.
 */

export const SNAPSHOT_SCHEMA_VERSION = 1;

export const Partition = z.enum(['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc']);
export type Partition = z.infer<typeof Partition>;

/** Route 53 is global: its records and collection status use this pseudo-region. */
export const GLOBAL_REGION = 'global';

const str = z.string();
const optStr = z.string().optional();
const tags = z.record(z.string(), z.string()).default({});

/** Fields every collected record carries, so a record is self-describing wherever it travels. */
const located = { accountId: str, region: str, arn: str };

export const Service = z.enum(['organizations', 'sts', 'apigateway', 'apigatewayv2', 'ec2', 'elbv2', 'route53', 'route53resolver']);
export type Service = z.infer<typeof Service>;

export const CollectionState = z.enum(['complete', 'partial', 'failed', 'skipped']);
export type CollectionState = z.infer<typeof CollectionState>;

export const CollectionError = z.object({
  operation: str,
  code: str,
  message: str,
  /** The resource the failed call was about, when it was about one (e.g. an API id). */
  resource: optStr,
});
export type CollectionError = z.infer<typeof CollectionError>;

export const CollectionStatus = z.object({
  accountId: str,
  region: str,
  service: Service,
  state: CollectionState,
  errors: z.array(CollectionError).default([]),
});
export type CollectionStatus = z.infer<typeof CollectionStatus>;

export const Account = z.object({
  id: z.string().regex(/^\d{12}$/, 'an account id is 12 digits'),
  name: str,
  status: str,
  /** OU names from the root down; empty for accounts directly under the root or when unknown. */
  ouPath: z.array(str).default([]),
  ouIds: z.array(str).default([]),
});
export type Account = z.infer<typeof Account>;

// ---------- API Gateway (REST, v1) ----------

export const Integration = z.object({
  type: str,
  uri: optStr,
  httpMethod: optStr,
  connectionType: optStr,
  connectionId: optStr,
  integrationTarget: optStr,
  insecureSkipVerification: z.boolean().optional(),
});
export type Integration = z.infer<typeof Integration>;

export const Method = z.object({
  httpMethod: str,
  authorizationType: str,
  authorizerId: optStr,
  apiKeyRequired: z.boolean().default(false),
  integration: Integration.optional(),
});
export type Method = z.infer<typeof Method>;

export const ApiResource = z.object({
  id: str,
  path: str,
  methods: z.array(Method).default([]),
});
export type ApiResource = z.infer<typeof ApiResource>;

export const MethodSetting = z.object({
  loggingLevel: optStr,
  dataTraceEnabled: z.boolean().optional(),
  metricsEnabled: z.boolean().optional(),
  cachingEnabled: z.boolean().optional(),
  cacheDataEncrypted: z.boolean().optional(),
});
export type MethodSetting = z.infer<typeof MethodSetting>;

export const Stage = z.object({
  ...located,
  restApiId: str,
  stageName: str,
  deploymentId: optStr,
  variables: z.record(z.string(), z.string()).default({}),
  methodSettings: z.record(z.string(), MethodSetting).default({}),
  accessLogDestinationArn: optStr,
  tracingEnabled: z.boolean().default(false),
  webAclArn: optStr,
  cacheClusterEnabled: z.boolean().default(false),
  createdDate: optStr,
  lastUpdatedDate: optStr,
});
export type Stage = z.infer<typeof Stage>;

export const Authorizer = z.object({
  id: str,
  name: str,
  type: str,
  providerArns: z.array(str).default([]),
  authorizerUri: optStr,
});
export type Authorizer = z.infer<typeof Authorizer>;

export const EndpointConfiguration = z.object({
  types: z.array(str).default([]),
  vpcEndpointIds: z.array(str).default([]),
  ipAddressType: optStr,
});

export const RestApi = z.object({
  ...located,
  id: str,
  name: str,
  /** The resource policy exactly as API Gateway returned it (an escaped JSON string). */
  policy: optStr,
  endpointConfiguration: EndpointConfiguration,
  securityPolicy: optStr,
  endpointAccessMode: optStr,
  disableExecuteApiEndpoint: z.boolean().default(false),
  apiStatus: optStr,
  createdDate: optStr,
  tags,
  /** undefined means "not collected" (the call failed), never "none": see the collection errors. */
  resources: z.array(ApiResource).optional(),
  stages: z.array(Stage).optional(),
  authorizers: z.array(Authorizer).optional(),
});
export type RestApi = z.infer<typeof RestApi>;

export const VpcLinkV1 = z.object({
  ...located,
  id: str,
  name: str,
  status: str,
  statusMessage: optStr,
  targetArns: z.array(str).default([]),
  tags,
});
export type VpcLinkV1 = z.infer<typeof VpcLinkV1>;

export const BasePathMapping = z.object({
  basePath: str,
  restApiId: str,
  stage: optStr,
});

export const DomainName = z.object({
  ...located,
  domainName: str,
  /** Present for private custom domain names; together with domainName it identifies one. */
  domainNameId: optStr,
  /** SELF: owned by this account. OTHER_ACCOUNTS: another account's domain shared with this one. */
  resourceOwner: z.enum(['SELF', 'OTHER_ACCOUNTS']),
  endpointTypes: z.array(str).default([]),
  status: optStr,
  statusMessage: optStr,
  certificateArn: optStr,
  securityPolicy: optStr,
  endpointAccessMode: optStr,
  policy: optStr,
  managementPolicy: optStr,
  /** undefined when GetBasePathMappings failed. */
  basePathMappings: z.array(BasePathMapping).optional(),
  tags,
});
export type DomainName = z.infer<typeof DomainName>;

export const DomainNameAccessAssociation = z.object({
  ...located,
  domainNameArn: str,
  accessAssociationSourceType: str,
  /** For VPCE-sourced associations, the VPC endpoint id. */
  accessAssociationSource: str,
  resourceOwner: z.enum(['SELF', 'OTHER_ACCOUNTS']),
  tags,
});
export type DomainNameAccessAssociation = z.infer<typeof DomainNameAccessAssociation>;

export const ApiGatewayAccount = z.object({
  accountId: str,
  region: str,
  cloudwatchRoleArn: optStr,
});
export type ApiGatewayAccount = z.infer<typeof ApiGatewayAccount>;

// ---------- API Gateway v2 VPC links ----------

export const VpcLinkV2 = z.object({
  ...located,
  id: str,
  name: str,
  status: str,
  statusMessage: optStr,
  version: optStr,
  securityGroupIds: z.array(str).default([]),
  subnetIds: z.array(str).default([]),
  tags,
});
export type VpcLinkV2 = z.infer<typeof VpcLinkV2>;

// ---------- EC2 ----------

export const DnsEntry = z.object({ dnsName: str, hostedZoneId: optStr });

export const VpcEndpoint = z.object({
  ...located,
  id: str,
  vpcId: str,
  serviceName: str,
  type: str,
  state: str,
  lastError: optStr,
  privateDnsEnabled: z.boolean().default(false),
  subnetIds: z.array(str).default([]),
  securityGroupIds: z.array(str).default([]),
  networkInterfaceIds: z.array(str).default([]),
  policyDocument: optStr,
  dnsEntries: z.array(DnsEntry).default([]),
  ipAddressType: optStr,
  tags,
});
export type VpcEndpoint = z.infer<typeof VpcEndpoint>;

export const Vpc = z.object({
  ...located,
  id: str,
  cidrBlocks: z.array(str).default([]),
  ipv6CidrBlocks: z.array(str).default([]),
  dhcpOptionsId: optStr,
  isDefault: z.boolean().default(false),
  /** undefined when DescribeVpcAttribute was not answered: unknown, not false. */
  enableDnsSupport: z.boolean().optional(),
  enableDnsHostnames: z.boolean().optional(),
  tags,
});
export type Vpc = z.infer<typeof Vpc>;

export const DhcpOptions = z.object({
  ...located,
  id: str,
  domainNameServers: z.array(str).default([]),
  domainName: optStr,
  tags,
});
export type DhcpOptions = z.infer<typeof DhcpOptions>;

export const Subnet = z.object({
  ...located,
  id: str,
  vpcId: str,
  availabilityZone: str,
  availabilityZoneId: str,
  cidrBlock: optStr,
  tags,
});
export type Subnet = z.infer<typeof Subnet>;

export const SecurityGroupRule = z.object({
  id: str,
  isEgress: z.boolean(),
  ipProtocol: str,
  fromPort: z.number().int().optional(),
  toPort: z.number().int().optional(),
  cidrIpv4: optStr,
  cidrIpv6: optStr,
  prefixListId: optStr,
  referencedGroupId: optStr,
  description: optStr,
});
export type SecurityGroupRule = z.infer<typeof SecurityGroupRule>;

export const SecurityGroup = z.object({
  ...located,
  id: str,
  vpcId: optStr,
  rules: z.array(SecurityGroupRule).default([]),
});
export type SecurityGroup = z.infer<typeof SecurityGroup>;

export const NetworkInterface = z.object({
  ...located,
  id: str,
  vpcId: optStr,
  subnetId: optStr,
  interfaceType: optStr,
  status: optStr,
  privateIpAddresses: z.array(str).default([]),
  ipv6Addresses: z.array(str).default([]),
  /** e.g. "vpc_endpoint", "network_load_balancer", from RequesterId/description. */
  description: optStr,
  vpcEndpointId: optStr,
});
export type NetworkInterface = z.infer<typeof NetworkInterface>;

// ---------- ELBv2 ----------

export const LoadBalancer = z.object({
  ...located,
  name: str,
  dnsName: optStr,
  type: str,
  scheme: str,
  state: str,
  vpcId: optStr,
  availabilityZones: z.array(z.object({ zoneName: str, subnetId: optStr })).default([]),
  securityGroupIds: z.array(str).default([]),
  enforceSecurityGroupInboundRulesOnPrivateLinkTraffic: optStr,
  canonicalHostedZoneId: optStr,
});
export type LoadBalancer = z.infer<typeof LoadBalancer>;

export const Listener = z.object({
  ...located,
  loadBalancerArn: str,
  port: z.number().int(),
  protocol: str,
  sslPolicy: optStr,
  certificateArns: z.array(str).default([]),
  defaultTargetGroupArns: z.array(str).default([]),
});
export type Listener = z.infer<typeof Listener>;

export const TargetHealth = z.object({
  targetId: str,
  port: z.number().int().optional(),
  availabilityZone: optStr,
  state: str,
  reason: optStr,
});
export type TargetHealth = z.infer<typeof TargetHealth>;

export const TargetGroup = z.object({
  ...located,
  name: str,
  targetType: str,
  protocol: optStr,
  port: z.number().int().optional(),
  vpcId: optStr,
  loadBalancerArns: z.array(str).default([]),
  healthCheckProtocol: optStr,
  healthCheckPath: optStr,
  healthCheckPort: optStr,
  healthCheckEnabled: z.boolean().default(true),
  matcherHttpCode: optStr,
  /** undefined when target health was not collected for this group. */
  targets: z.array(TargetHealth).optional(),
});
export type TargetGroup = z.infer<typeof TargetGroup>;

// ---------- Route 53 (global, per account) ----------

export const AliasTarget = z.object({
  hostedZoneId: str,
  dnsName: str,
  evaluateTargetHealth: z.boolean(),
});

export const RecordSet = z.object({
  name: str,
  type: str,
  setIdentifier: optStr,
  ttl: z.number().int().optional(),
  values: z.array(str).default([]),
  aliasTarget: AliasTarget.optional(),
  failover: optStr,
  weight: z.number().int().optional(),
  region: optStr,
  healthCheckId: optStr,
});
export type RecordSet = z.infer<typeof RecordSet>;

export const HostedZone = z.object({
  ...located,
  id: str,
  name: str,
  privateZone: z.boolean(),
  /** undefined when GetHostedZone / ListResourceRecordSets failed for this zone. */
  vpcs: z.array(z.object({ vpcId: str, vpcRegion: str })).optional(),
  records: z.array(RecordSet).optional(),
});
export type HostedZone = z.infer<typeof HostedZone>;

export const HealthCheck = z.object({
  ...located,
  id: str,
  type: str,
  ipAddress: optStr,
  fullyQualifiedDomainName: optStr,
  port: z.number().int().optional(),
  resourcePath: optStr,
  disabled: z.boolean().default(false),
  inverted: z.boolean().default(false),
  alarmName: optStr,
  alarmRegion: optStr,
  insufficientDataHealthStatus: optStr,
  childHealthChecks: z.array(str).default([]),
});
export type HealthCheck = z.infer<typeof HealthCheck>;

// ---------- Route 53 Resolver (regional) ----------

export const ResolverEndpoint = z.object({
  ...located,
  id: str,
  name: optStr,
  direction: str,
  status: str,
  hostVpcId: str,
  securityGroupIds: z.array(str).default([]),
  ipAddressCount: z.number().int().default(0),
  /** undefined when ListResolverEndpointIpAddresses failed for this endpoint. */
  ipAddresses: z.array(z.object({ ipId: optStr, ip: optStr, ipv6: optStr, subnetId: str, status: str })).optional(),
});
export type ResolverEndpoint = z.infer<typeof ResolverEndpoint>;

export const ResolverRule = z.object({
  ...located,
  id: str,
  name: optStr,
  domainName: str,
  ruleType: str,
  status: str,
  resolverEndpointId: optStr,
  targetIps: z.array(z.object({ ip: optStr, ipv6: optStr, port: z.number().int().optional() })).default([]),
  ownerId: optStr,
  shareStatus: optStr,
});
export type ResolverRule = z.infer<typeof ResolverRule>;

export const ResolverRuleAssociation = z.object({
  accountId: str,
  region: str,
  id: str,
  resolverRuleId: str,
  vpcId: str,
  status: str,
  statusMessage: optStr,
});
export type ResolverRuleAssociation = z.infer<typeof ResolverRuleAssociation>;

// ---------- Containers ----------

export const RegionalInventory = z.object({
  accountId: str,
  region: str,
  restApis: z.array(RestApi).default([]),
  vpcLinksV1: z.array(VpcLinkV1).default([]),
  domainNames: z.array(DomainName).default([]),
  domainNameAccessAssociations: z.array(DomainNameAccessAssociation).default([]),
  apiGatewayAccount: ApiGatewayAccount.optional(),
  vpcLinksV2: z.array(VpcLinkV2).default([]),
  vpcEndpoints: z.array(VpcEndpoint).default([]),
  vpcs: z.array(Vpc).default([]),
  dhcpOptions: z.array(DhcpOptions).default([]),
  subnets: z.array(Subnet).default([]),
  securityGroups: z.array(SecurityGroup).default([]),
  networkInterfaces: z.array(NetworkInterface).default([]),
  loadBalancers: z.array(LoadBalancer).default([]),
  listeners: z.array(Listener).default([]),
  targetGroups: z.array(TargetGroup).default([]),
  resolverEndpoints: z.array(ResolverEndpoint).default([]),
  resolverRules: z.array(ResolverRule).default([]),
  resolverRuleAssociations: z.array(ResolverRuleAssociation).default([]),
});
export type RegionalInventory = z.infer<typeof RegionalInventory>;

export const GlobalInventory = z.object({
  accountId: str,
  hostedZones: z.array(HostedZone).default([]),
  healthChecks: z.array(HealthCheck).default([]),
});
export type GlobalInventory = z.infer<typeof GlobalInventory>;

export const Snapshot = z.object({
  schemaVersion: z.literal(SNAPSHOT_SCHEMA_VERSION),
  privapiVersion: str,
  startedAt: str,
  finishedAt: str,
  partition: Partition,
  callerAccountId: z.string().regex(/^\d{12}$/),
  mode: z.enum(['organization', 'account']),
  regions: z.array(str),
  accounts: z.array(Account),
  collections: z.array(CollectionStatus),
  regional: z.array(RegionalInventory),
  global: z.array(GlobalInventory),
});
export type Snapshot = z.infer<typeof Snapshot>;

/** An empty regional container, so collectors fill in what they read and nothing else. */
export function emptyRegional(accountId: string, region: string): RegionalInventory {
  return RegionalInventory.parse({ accountId, region });
}

export function emptyGlobal(accountId: string): GlobalInventory {
  return GlobalInventory.parse({ accountId });
}

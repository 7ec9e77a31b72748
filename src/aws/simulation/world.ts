import type {
  Account as ApiGatewayAccount,
  Authorizer,
  BasePathMapping,
  DomainName,
  DomainNameAccessAssociation,
  Resource,
  RestApi,
  Stage,
  VpcLink,
} from '@aws-sdk/client-api-gateway';
import type { VpcLink as VpcLinkV2 } from '@aws-sdk/client-apigatewayv2';
import type { DhcpOptions, NetworkInterface, SecurityGroupRule, Subnet, Vpc, VpcEndpoint } from '@aws-sdk/client-ec2';
import type { Listener, LoadBalancer, TargetGroup, TargetHealthDescription } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { HealthCheck, HostedZone, ResourceRecordSet, VPC } from '@aws-sdk/client-route-53';
import type { IpAddressResponse, ResolverEndpoint, ResolverRule, ResolverRuleAssociation } from '@aws-sdk/client-route53resolver';
import type { HopId, ReachStatus } from '../../reach/model.js';

/**
 * The simulated organization's state, held in the SDK's own output shapes: the simulation serves
 * exactly what AWS would put on the wire, and the collectors map it to the inventory model as they
 * do for real AWS. Nothing here is privapi's model, so a collector bug cannot hide behind a
 * simulation that shares its mapping.
 */
export interface SimWorld {
  partition: 'aws';
  seed: number;
  managementAccountId: string;
  rootId: string;
  /** The role the audit assumes in member accounts; AssumeRole of any other name is denied. */
  auditRoleName: string;
  organizationalUnits: SimOrganizationalUnit[];
  accounts: SimAccount[];
  /** Every region DescribeRegions lists; opt-in regions are marked per account. */
  regions: SimRegionInfo[];
  /** What the generator broke on purpose, and which checks must report it. */
  answerKey: ExpectedFinding[];
  /** Who must reach each private API, and where the others must stop: the reachability engine's key. */
  reachKey: ExpectedReach[];
  /** Which architecture instance each resource belongs to, for the demo and the report. */
  architectures: ArchitectureInstance[];
}

export interface SimOrganizationalUnit {
  id: string;
  name: string;
  /** The root id or another OU id. */
  parentId: string;
}

export interface SimRegionInfo {
  name: string;
  /** An opt-in region must be enabled per account (SimAccount.optedInRegions). */
  optIn: boolean;
}

export interface SimAccount {
  id: string;
  name: string;
  email: string;
  status: 'ACTIVE' | 'SUSPENDED' | 'PENDING_CLOSURE';
  parentId: string;
  /** Opt-in regions this account enabled; regions with optIn false are always enabled. */
  optedInRegions: string[];
  /** False when the audit role is missing or does not trust the caller (AssumeRole is denied). */
  roleDeployed: boolean;
  /** Keyed by region name; a region absent here is enabled but empty. */
  regions: Record<string, SimRegionState>;
  route53: SimRoute53State;
}

export interface SimRestApi {
  api: RestApi;
  /** As GetResources with embed=methods returns them (methods carry their integration). */
  resources: Resource[];
  stages: Stage[];
  authorizers: Authorizer[];
}

export interface SimDomainName {
  domain: DomainName;
  basePathMappings: BasePathMapping[];
}

export interface SimRegionState {
  apigateway: {
    restApis: SimRestApi[];
    vpcLinks: VpcLink[];
    /** Domain names this account owns (GetDomainNames resourceOwner=SELF). */
    domainNames: SimDomainName[];
    /** Private domain names other accounts shared with this one (resourceOwner=OTHER_ACCOUNTS). */
    sharedDomainNames: DomainName[];
    /** Associations this account's endpoints hold (resourceOwner=SELF). */
    accessAssociations: DomainNameAccessAssociation[];
    /** Associations other accounts hold on this account's domain names (resourceOwner=OTHER_ACCOUNTS). */
    foreignAccessAssociations: DomainNameAccessAssociation[];
    account: ApiGatewayAccount;
  };
  apigatewayv2: { vpcLinks: VpcLinkV2[] };
  elbv2: {
    loadBalancers: LoadBalancer[];
    listeners: Listener[];
    targetGroups: TargetGroup[];
    /** Keyed by target group ARN. */
    targetHealth: Record<string, TargetHealthDescription[]>;
  };
  route53resolver: {
    endpoints: Array<{ endpoint: ResolverEndpoint; ipAddresses: IpAddressResponse[] }>;
    rules: ResolverRule[];
    ruleAssociations: ResolverRuleAssociation[];
  };
  ec2: {
    /** Every endpoint in the region, execute-api or not. */
    vpcEndpoints: VpcEndpoint[];
    vpcs: Array<{ vpc: Vpc; enableDnsSupport: boolean; enableDnsHostnames: boolean }>;
    dhcpOptions: DhcpOptions[];
    subnets: Subnet[];
    securityGroupRules: SecurityGroupRule[];
    networkInterfaces: NetworkInterface[];
  };
}

export interface SimHostedZone {
  zone: HostedZone;
  /** VPC associations of a private zone; empty for a public zone. */
  vpcs: VPC[];
  records: ResourceRecordSet[];
}

export interface SimRoute53State {
  hostedZones: SimHostedZone[];
  healthChecks: HealthCheck[];
}

/** One finding the checks must produce for this world. */
export interface ExpectedFinding {
  checkId: string;
  accountId: string;
  /** A region name, or "global" for Route 53. */
  region: string;
  /** The ARN (or id, for records without an ARN) of the finding's primary resource. */
  resource: string;
  /** The architecture instance and variant that produced it. */
  architecture: string;
  variant: string;
}

/** The intended clients of one private API, as AWS would treat them. */
export interface ExpectedReach {
  apiArn: string;
  accountId: string;
  region: string;
  architecture: string;
  variant: string;
  intended: ExpectedClient[];
}

export interface ExpectedClient {
  /** A VPC id, or the endpoint id the API names when that endpoint does not exist (deleted, outside the organization). */
  clientId: string;
  status: ReachStatus;
  /** The first hop that breaks (unreachable) or cannot be told (unknown); absent when reachable. */
  hop?: HopId;
}

export interface ArchitectureInstance {
  /** e.g. "basic-private-api#3" */
  id: string;
  kind: string;
  variant: string;
  /** "correct" or the check ids this variant breaks. */
  breaks: string[];
  accounts: string[];
  regions: string[];
  description: string;
}

export function emptyRegionState(): SimRegionState {
  return {
    apigateway: { restApis: [], vpcLinks: [], domainNames: [], sharedDomainNames: [], accessAssociations: [], foreignAccessAssociations: [], account: {} },
    apigatewayv2: { vpcLinks: [] },
    elbv2: { loadBalancers: [], listeners: [], targetGroups: [], targetHealth: {} },
    route53resolver: { endpoints: [], rules: [], ruleAssociations: [] },
    ec2: { vpcEndpoints: [], vpcs: [], dhcpOptions: [], subnets: [], securityGroupRules: [], networkInterfaces: [] },
  };
}

export function emptyRoute53State(): SimRoute53State {
  return { hostedZones: [], healthChecks: [] };
}

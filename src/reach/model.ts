/**
 * What the reachability engine answers: for each private API, which clients (VPCs, and on-premises
 * networks entering through Route 53 Resolver inbound endpoints) can invoke it, through which DNS
 * names and VPC endpoints, and for those that cannot, the first hop of the path that breaks.
 */

/** The hops of a request, in the order it meets them. */
export const HOPS = ['dns', 'endpoint', 'security-group', 'endpoint-policy', 'resource-policy', 'authorization', 'integration'] as const;
export type HopId = (typeof HOPS)[number];

/** An on-premises network, from the configuration: the inventory cannot know its ranges. */
export interface OnPremisesNetwork {
  label: string;
  /** What the endpoint security groups must admit: the network's source ranges. */
  cidrs: string[];
  /** The inbound Resolver endpoints its DNS servers forward to; every inbound one when omitted. */
  resolverEndpointIds?: string[];
}

export interface ReachOptions {
  onPremises?: OnPremisesNetwork[];
}

/** Where an on-premises network enters AWS: the VPC hosting one of its inbound Resolver endpoints. */
export interface Entry {
  vpcId: string;
  accountId: string;
  region: string;
  resolverEndpointId: string;
}

export type Client =
  | { kind: 'vpc'; id: string; accountId: string; region: string }
  | { kind: 'onprem'; id: string; label: string; cidrs: string[]; entries: Entry[] };

export type DnsKind = 'private-dns' | 'endpoint-hostname' | 'route53-alias' | 'custom-domain';

export interface DnsName {
  name: string;
  kind: DnsKind;
  /** The endpoint the name leads to. */
  endpointId: string;
  /** Requests must carry a Host or x-apigw-api-id header (browsers cannot send it on a CORS preflight). */
  needsHostHeader: boolean;
}

export interface BrokenHop {
  hop: HopId;
  reason: string;
  /** The resource to fix. */
  arn: string;
}

export interface UnknownHop {
  hop: HopId;
  /** The inventory the hop needs and that was not collected. */
  missing: string;
  arn?: string;
}

/** Informational: what the methods require of the caller once the request is in. */
export interface AuthorizationInfo {
  /** Method count per authorization type (NONE, AWS_IAM, CUSTOM, COGNITO_USER_POOLS). */
  types: Record<string, number>;
  /** Some method needs SigV4-signed requests (AWS_IAM). */
  signedRequests: boolean;
}

export type ReachStatus = 'reachable' | 'unreachable' | 'unknown';

export interface ClientResult {
  clientId: string;
  apiArn: string;
  status: ReachStatus;
  /** Set when unreachable. */
  broken?: BrokenHop;
  /** Set when unknown. */
  unknown?: UnknownHop;
  /** Names that work from the client: of the reaching paths when reachable, else of the path that got furthest. */
  dnsNames: DnsName[];
  /** The endpoints those paths go through. */
  endpointIds: string[];
  /** Every working name needs the Host/x-apigw-api-id header (false when no name works). */
  needsHostHeader: boolean;
  /** undefined when the API's methods were not read. */
  authorization?: AuthorizationInfo;
  /** Names that do not resolve and why, and other limits of the answer. */
  notes: string[];
}

export interface IntendedClient {
  /** A client id, or the id the policy names when it is not in the inventory. */
  clientId: string;
  /** Why it is intended: "policy allows vpce-…", "policy allows vpc-…", "associated vpce-…", "enters through vpc-…". */
  intendedBy: string[];
  result: ClientResult;
}

export interface Reacher {
  clientId: string;
  endpointIds: string[];
}

export interface ApiReach {
  apiArn: string;
  apiId: string;
  name: string;
  accountId: string;
  region: string;
  /** The resource policy admits any VPC endpoint: every client of the region is intended. */
  anyEndpoint: boolean;
  intended: IntendedClient[];
  reachableBy: Reacher[];
  /** Reachable clients the policy does not name (empty when the policy analysis is exact). */
  unintended: Reacher[];
  notes: string[];
}

/** VPCs of one region that hold no execute-api endpoint: the same answer for every API of the region. */
export interface EndpointlessGroup {
  region: string;
  /** unknown: the endpoints of these VPCs were not listed. */
  status: 'unreachable' | 'unknown';
  hop: 'endpoint';
  reason: string;
  vpcIds: string[];
}

export interface ClientView {
  client: Client;
  /** One result per private API of the client's region(s). */
  results: ClientResult[];
}

/** A VPC where execute-api private DNS answers: every default execute-api hostname of its region leads to its endpoints. */
export interface PrivateDnsVpc {
  vpcId: string;
  accountId: string;
  region: string;
  endpointIds: string[];
}

export interface PrivateDnsVpcs {
  vpcs: PrivateDnsVpc[];
  /** VPCs with a private-DNS endpoint where whether the endpoint's zone answers is not known, and why. */
  unknown: Array<{ vpcId: string; missing: string }>;
}

export interface Reachability {
  clients: Client[];
  apis: ApiReach[];
  withoutEndpoint: EndpointlessGroup[];
  /** Every API's result for one client (VPC id or "onprem:<label>"), computed on first request. */
  reachableFrom(clientId: string): ClientView | undefined;
  /** The VPCs of a region whose private DNS turns public (REGIONAL, EDGE) APIs' default hostnames into 403s. */
  privateDnsVpcs(region: string): PrivateDnsVpcs;
}

/**
 * The answer key's contract: which checks the generated world can exercise, how each check's
 * catalog logic is read where it leaves room, and which resource a finding names.
 *
 * Interpretations the checks must share with the generator
 * - A finding is (checkId, resource): one per primary resource, however many details it has
 *   (OPS-004 missing tracing, WAF and cache encryption on one stage is one finding).
 * - OPS-001..005 and EP-001 apply to every REST API and stage, public or private; AUTH-001,
 *   POLICY-* and DNS-004 to PRIVATE APIs only.
 * - "report", WARN and INFO logic fires only where a variant creates the condition:
 *   - DNS-003: one finding per VPC holding an execute-api endpoint with private DNS, only where the
 *     same account and region also has a REGIONAL or EDGE API (the catalog's MEDIUM case). The
 *     generator never places the two together except in basic-private-api/public-api-alongside.
 *   - DNS-004 WARN: an endpoint with private DNS off that the API's policy allows but
 *     endpointConfiguration.vpcEndpointIds does not associate (on-premises/public-dns-hostname).
 *   - DNS-005: a VPC tagged privapi:clients=on-premises (ON_PREMISES_TAG) with an execute-api
 *     endpoint and no INBOUND Resolver endpoint.
 *   - INT-011: only NLBs that are VPC link V1 targets.
 *   - INT-013: every VPC link V1 (the link), and every NLB target group of type alb (the group).
 *   - POLICY-008: any aws:VpceAccount / aws:VpceOrgID / aws:VpceOrgPaths condition key.
 * - POLICY-003 vs POLICY-004: a vpce-/vpc- id or account found nowhere in the organization's
 *   inventory is outside the organization (POLICY-003); an endpoint that is listed with State
 *   "deleted" is stale (POLICY-004). Deleted endpoints are otherwise ignored: VPCE-* and DNS-*
 *   do not report them.
 * - POLICY-002 counts aws:SourceVpce and aws:SourceVpc (in an Allow condition or a covering Deny)
 *   as restrictions; aws:ResourceOrgID in an endpoint policy is a resource restriction, so it
 *   neither makes VPCE-005 fire nor counts as a principal restriction for VPCE-006.
 * - VPCE-005 fires for an Allow whose Principal, Action and Resource are all "*" with no Condition.
 * - VPCE-002 fires for 0.0.0.0/0 or ::/0 only: the organization's 10.0.0.0/8 (hub endpoints) and
 *   on-premises 192.168.0.0/16 (Direct Connect endpoints) are deliberate sources.
 * - VPCE-004 and DNS-004 read the endpoint State as EC2 returns it, in lower case ("available",
 *   "failed", "deleted"), although the SDK's enum spells it capitalized: compare case-insensitively.
 * - CDN-002: a domain without a managementPolicy can only be associated by its owner: no finding.
 * - INT-001 reads literal connection ids; a ${stageVariables.x} id is INT-002's, per stage.
 * - INT-014 compares IP targets of groups whose addresses are interface-endpoint ENIs (found by
 *   address, description "VPC Endpoint Interface vpce-…") of endpoints that are not execute-api:
 *   an address on no ENI means the ENI was replaced. Peered targets (AvailabilityZone "all") sit
 *   in another account whose ENIs privapi does not look up, so they cannot be verified.
 * - LB-001/LB-002 apply to target groups whose targets include an execute-api endpoint's ENI
 *   address; a registered address on no ENI there is LB-002's drift.
 * - LB-004 is simulated through the listener's SslPolicy only; CDN-006 through the domain status
 *   only: certificate expiry needs ACM DescribeCertificate, which privapi does not collect.
 * - MR-001: a failover or weighted record set whose regions do not all hold a private API with a
 *   domain, association and endpoint behind the record's load balancer.
 * - R53-006 and CDN-008: the VPC that needs a private API name is the VPC of the endpoint (or load
 *   balancer) the record resolves to; a record resolves an association when it aliases (or, as a
 *   CNAME, names) the associated endpoint's DNS name or a load balancer whose IP targets are that
 *   endpoint's ENI addresses, in a private zone associated with the endpoint's VPC.
 * - R53-002 reports each HTTP/HTTPS/TCP health check against a private address that a private
 *   zone's record uses; R53-004/R53-005 report each offending record of the set.
 * - CDN-005: every association of the endpoint whose domain name another of its associations has.
 *
 * Records have no ARN: a record is named by its zone's ARN and #<name>/<type>/<set identifier>,
 * the name as Route 53 returns it (with the trailing dot), e.g.
 * arn:aws:route53:::hostedzone/Z0…#orders.payments-prod.corp.example.com./A/us-east-1
 */

/** Checks the world cannot exercise, and why. */
export const NOT_SIMULATED: Readonly<Record<string, string>> = {
  'POLICY-007':
    'needs CloudTrail (UpdateRestApi events on /policy) to know when the policy changed; privapi collects no CloudTrail and the SDK shapes of ' +
    'RestApi and Stage carry no policy-modified time, so "changed after the newest deployment" cannot be expressed',
};

export type ResourceKind =
  | 'rest-api'
  | 'stage'
  | 'vpc'
  | 'vpc-endpoint'
  | 'vpc-link'
  | 'load-balancer'
  | 'listener'
  | 'target-group'
  | 'domain-name'
  | 'access-association'
  | 'hosted-zone'
  | 'record'
  | 'health-check'
  | 'resolver-endpoint'
  | 'resolver-rule';

/**
 * The resource each check's finding names: the thing to fix. Regional resources are reported in
 * their own account and region; Route 53 zones, records and health checks in the zone owner's
 * account with region "global".
 */
export const PRIMARY_RESOURCE: Readonly<Record<string, readonly ResourceKind[]>> = {
  'POLICY-001': ['rest-api'],
  'POLICY-002': ['rest-api'],
  'POLICY-003': ['rest-api'],
  'POLICY-004': ['rest-api'],
  'POLICY-005': ['rest-api'],
  'POLICY-006': ['rest-api'],
  'POLICY-008': ['rest-api'],
  'DNS-001': ['vpc'],
  'DNS-002': ['vpc'],
  'DNS-003': ['vpc'],
  'DNS-004': ['rest-api'],
  'DNS-005': ['vpc'],
  'EP-001': ['rest-api'],
  'EP-002': ['rest-api'],
  'VPCE-001': ['vpc-endpoint'],
  'VPCE-002': ['vpc-endpoint'],
  'VPCE-003': ['vpc-endpoint'],
  'VPCE-004': ['vpc-endpoint'],
  'VPCE-005': ['vpc-endpoint'],
  'VPCE-006': ['vpc-endpoint'],
  // The API whose policy allows the endpoint: that policy is what to fix.
  'VPCE-007': ['rest-api'],
  'AUTH-001': ['rest-api'],
  'AUTH-002': ['rest-api'],
  'AUTH-003': ['rest-api'],
  // The integration lives in the API: the API, unless a link, load balancer or group is at fault.
  'INT-001': ['rest-api'],
  'INT-002': ['stage'],
  'INT-003': ['vpc-link'],
  'INT-004': ['rest-api'],
  'INT-005': ['load-balancer'],
  'INT-006': ['rest-api'],
  'INT-007': ['rest-api'],
  'INT-008': ['target-group'],
  'INT-009': ['load-balancer'],
  'INT-010': ['vpc-link'],
  'INT-011': ['load-balancer'],
  'INT-012': ['vpc-link'],
  'INT-013': ['vpc-link', 'target-group'],
  'INT-014': ['target-group'],
  'LB-001': ['target-group'],
  'LB-002': ['target-group'],
  'LB-003': ['load-balancer'],
  'LB-004': ['listener'],
  'R53-001': ['record'],
  'R53-002': ['health-check'],
  'R53-003': ['health-check'],
  'R53-004': ['record'],
  'R53-005': ['record'],
  'R53-006': ['hosted-zone'],
  'R53-007': ['resolver-endpoint'],
  'R53-008': ['resolver-endpoint'],
  'R53-009': ['resolver-rule'],
  // The provider's domain, except where the consumer's association is what fails.
  'CDN-001': ['domain-name'],
  'CDN-002': ['domain-name'],
  'CDN-003': ['domain-name'],
  'CDN-004': ['access-association'],
  'CDN-005': ['access-association'],
  'CDN-006': ['domain-name'],
  'CDN-007': ['domain-name'],
  'CDN-008': ['access-association'],
  // The primary region's API: the one whose secondary is missing.
  'MR-001': ['rest-api'],
  'OPS-001': ['stage'],
  'OPS-002': ['stage'],
  'OPS-003': ['stage'],
  'OPS-004': ['stage'],
  'OPS-005': ['rest-api'],
};

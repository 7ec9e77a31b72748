import type { DomainName } from '@aws-sdk/client-api-gateway';
import type { SimDomainName } from '../../world.js';
import type { EndpointHandle } from '../network/endpoints.js';
import type { WorldBuilder } from '../world-builder.js';
import { MODERN_SECURITY_POLICY, type ApiHandle } from './rest-api.js';
import { apiGatewayPolicyText, type PolicyDocument } from './policies.js';

export interface DomainHandle {
  name: string;
  id: string;
  /** arn:aws:apigateway:<region>:<account>:/domainnames/<name>+<id> */
  arn: string;
  /** The execute-api ARN invoke policies name: arn:aws:execute-api:<region>:<account>:/domainnames/<name>+<id> */
  executeArn: string;
  accountId: string;
  region: string;
  sim: SimDomainName;
}

export interface PrivateDomainOptions {
  name: string;
  /** Receives the domain's execute-api ARN. */
  policy?: (executeArn: string) => PolicyDocument;
  /** Who may associate endpoints with the domain (apigateway:CreateAccessAssociation); receives the domain ARN. */
  managementPolicy?: (domainArn: string) => PolicyDocument;
}

/** A private custom domain name (Nov 2024): identified by name and domainNameId together. */
export function createPrivateDomain(b: WorldBuilder, accountId: string, region: string, opts: PrivateDomainOptions): DomainHandle {
  const id = b.ids.apiId();
  const arn = `arn:aws:apigateway:${region}:${accountId}:/domainnames/${opts.name}+${id}`;
  const executeArn = `arn:aws:execute-api:${region}:${accountId}:/domainnames/${opts.name}+${id}`;
  const domain: DomainName = {
    domainName: opts.name,
    domainNameId: id,
    domainNameArn: arn,
    certificateArn: `arn:aws:acm:${region}:${accountId}:certificate/${b.ids.uuid()}`,
    certificateUploadDate: b.date(),
    endpointConfiguration: { types: ['PRIVATE'], ipAddressType: 'dualstack' },
    domainNameStatus: 'AVAILABLE',
    securityPolicy: MODERN_SECURITY_POLICY,
    endpointAccessMode: 'STRICT',
    policy: opts.policy && apiGatewayPolicyText(opts.policy(executeArn)),
    managementPolicy: opts.managementPolicy && apiGatewayPolicyText(opts.managementPolicy(arn)),
    routingMode: 'BASE_PATH_MAPPING_ONLY',
    tags: {},
  };
  const sim: SimDomainName = { domain, basePathMappings: [] };
  b.region(accountId, region).apigateway.domainNames.push(sim);
  return { name: opts.name, id, arn, executeArn, accountId, region, sim };
}

export function mapBasePath(domain: DomainHandle, api: ApiHandle, stage = 'prod'): void {
  domain.sim.basePathMappings.push({ basePath: '(none)', restApiId: api.id, stage });
}

/**
 * Associates a consumer's endpoint with a provider's domain: the consumer holds the association
 * (SELF), the provider sees it as OTHER_ACCOUNTS, and the shared domain shows in the consumer's
 * GetDomainNames(resourceOwner=OTHER_ACCOUNTS). Returns the association ARN.
 */
export function associateEndpoint(b: WorldBuilder, domain: DomainHandle, endpoint: Pick<EndpointHandle, 'id' | 'accountId' | 'region'>): string {
  const arn = `arn:aws:apigateway:${endpoint.region}:${endpoint.accountId}:/domainnameaccessassociations/domainname/${domain.name}+${domain.id}/vpcesource/${endpoint.id}`;
  const association = { domainNameAccessAssociationArn: arn, domainNameArn: domain.arn, accessAssociationSourceType: 'VPCE' as const, accessAssociationSource: endpoint.id, tags: {} };
  if (endpoint.accountId === domain.accountId) {
    b.region(endpoint.accountId, endpoint.region).apigateway.accessAssociations.push(association);
    return arn;
  }
  b.region(domain.accountId, domain.region).apigateway.foreignAccessAssociations.push(association);
  // The org's own consumer accounts are simulated too; an external consumer exists only as the provider sees it.
  if (b.org.accounts.some((a) => a.id === endpoint.accountId)) {
    const consumer = b.region(endpoint.accountId, endpoint.region).apigateway;
    consumer.accessAssociations.push(association);
    if (!consumer.sharedDomainNames.some((d) => d.domainNameArn === domain.arn)) consumer.sharedDomainNames.push(sharedView(domain.sim.domain));
  }
  return arn;
}

/** What a consumer sees of a domain shared with it: no policies, no mappings. */
function sharedView(d: DomainName): DomainName {
  return {
    domainName: d.domainName,
    domainNameId: d.domainNameId,
    domainNameArn: d.domainNameArn,
    endpointConfiguration: d.endpointConfiguration,
    domainNameStatus: d.domainNameStatus,
    securityPolicy: d.securityPolicy,
    endpointAccessMode: d.endpointAccessMode,
  };
}

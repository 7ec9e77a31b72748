import { arns } from '../../../src/model/arn.js';
import {
  emptyGlobal,
  emptyRegional,
  type CollectionStatus,
  type DomainName,
  type DomainNameAccessAssociation,
  type HostedZone,
  type LoadBalancer,
  type Method,
  type NetworkInterface,
  type RecordSet,
  type RegionalInventory,
  type RestApi,
  type Service,
  type Snapshot,
  type TargetGroup,
  type VpcEndpoint,
} from '../../../src/model/inventory.js';
import { ACCOUNT_A, ACCOUNT_B, snapshotWith } from '../../helpers/snapshot-builder.js';

/** Fixtures of the custom domain, endpoint policy and multi-Region checks. */

export { ACCOUNT_A, ACCOUNT_B };
export const R1 = 'us-east-1';
export const R2 = 'eu-west-1';
export const OUTSIDER = '999999999999';
export const ORG = 'o-a1b2c3d4e5';
export const VPC_B = 'vpc-0b0000000000000b1';

export const json = (doc: unknown): string => JSON.stringify(doc);
const invoke = (resource: string | string[], extra: Record<string, unknown> = {}) => ({ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: resource, ...extra });
const denyUnless = (resource: string, endpoints: string[]) => ({
  Effect: 'Deny',
  Principal: '*',
  Action: 'execute-api:Invoke',
  Resource: resource,
  Condition: { StringNotEquals: { 'aws:SourceVpce': endpoints } },
});

/** Allow + Deny unless aws:SourceVpce, as API Gateway stores it. */
export const privatePolicy = (resource: string, endpoints: string[]): string => json({ Version: '2012-10-17', Statement: [invoke(resource), denyUnless(resource, endpoints)] });
export const openPolicy = (resource: string): string => json({ Version: '2012-10-17', Statement: [invoke(resource)] });
export const FULL_ACCESS = json({ Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] });
export const scopedEndpointPolicy = (resources: string[], condition?: Record<string, unknown>): string =>
  json({ Version: '2012-10-17', Statement: [invoke(resources, condition ? { Condition: condition } : {})] });
export const executeApi = (region: string, account: string, apiId: string) => `arn:aws:execute-api:${region}:${account}:${apiId}`;

export function endpoint(id: string, overrides: Partial<VpcEndpoint> = {}): VpcEndpoint {
  const accountId = overrides.accountId ?? ACCOUNT_B;
  const region = overrides.region ?? R1;
  return {
    accountId,
    region,
    arn: arns.ec2('aws', region, accountId, 'vpc-endpoint', id),
    id,
    vpcId: VPC_B,
    serviceName: `com.amazonaws.${region}.execute-api`,
    type: 'Interface',
    state: 'available',
    privateDnsEnabled: false,
    subnetIds: [],
    securityGroupIds: [],
    networkInterfaceIds: [],
    policyDocument: FULL_ACCESS,
    dnsEntries: [{ dnsName: `${id}-x1.execute-api.${region}.vpce.amazonaws.com`, hostedZoneId: 'Z7HUB' }],
    tags: {},
    ...overrides,
  };
}

export const method = (httpMethod: string, authorizationType: string): Method => ({ httpMethod, authorizationType, apiKeyRequired: false });

export function api(id: string, endpoints: string[], overrides: Partial<RestApi> = {}): RestApi {
  const accountId = overrides.accountId ?? ACCOUNT_A;
  const region = overrides.region ?? R1;
  return {
    accountId,
    region,
    arn: arns.restApi('aws', region, id),
    id,
    name: `api-${id}`,
    policy: privatePolicy(`${executeApi(region, accountId, id)}/*`, endpoints),
    endpointConfiguration: { types: ['PRIVATE'], vpcEndpointIds: [] },
    disableExecuteApiEndpoint: true,
    tags: {},
    resources: [{ id: 'r1', path: '/items', methods: [method('GET', 'AWS_IAM')] }],
    stages: [{ accountId, region, arn: arns.stage('aws', region, id, 'prod'), restApiId: id, stageName: 'prod', variables: {}, methodSettings: {}, tracingEnabled: false, cacheClusterEnabled: false }],
    authorizers: [],
    ...overrides,
  };
}

export const domainArn = (region: string, account: string, name: string, id: string) => `arn:aws:apigateway:${region}:${account}:/domainnames/${name}+${id}`;
export const domainExecuteArn = (region: string, account: string, name: string, id: string) => `arn:aws:execute-api:${region}:${account}:/domainnames/${name}+${id}`;

export function domain(name: string, id: string, endpoints: string[], overrides: Partial<DomainName> = {}): DomainName {
  const accountId = overrides.accountId ?? ACCOUNT_A;
  const region = overrides.region ?? R1;
  return {
    accountId,
    region,
    arn: domainArn(region, accountId, name, id),
    domainName: name,
    domainNameId: id,
    resourceOwner: 'SELF',
    endpointTypes: ['PRIVATE'],
    status: 'AVAILABLE',
    certificateArn: `arn:aws:acm:${region}:${accountId}:certificate/1111`,
    policy: privatePolicy(domainExecuteArn(region, accountId, name, id), endpoints),
    managementPolicy: json({ Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT_B}:root` }, Action: 'apigateway:CreateAccessAssociation', Resource: domainArn(region, accountId, name, id) }] }),
    basePathMappings: [{ basePath: '(none)', restApiId: 'api0000001', stage: 'prod' }],
    tags: {},
    ...overrides,
  };
}

/** The association as the consumer holds it (SELF) or as the provider sees it (OTHER_ACCOUNTS). */
export function association(d: DomainName, endpointId: string, consumer: string, view: 'SELF' | 'OTHER_ACCOUNTS', region = d.region): DomainNameAccessAssociation {
  return {
    accountId: view === 'SELF' ? consumer : d.accountId,
    region,
    arn: `arn:aws:apigateway:${region}:${consumer}:/domainnameaccessassociations/domainname/${d.domainName}+${d.domainNameId ?? ''}/vpcesource/${endpointId}`,
    domainNameArn: d.arn,
    accessAssociationSourceType: 'VPCE',
    accessAssociationSource: endpointId,
    resourceOwner: view,
    tags: {},
  };
}

export function zone(id: string, name: string, vpcs: string[] | undefined, records: RecordSet[] | undefined, accountId = ACCOUNT_B): HostedZone {
  return { accountId, region: 'global', arn: arns.hostedZone('aws', id), id, name, privateZone: true, vpcs: vpcs?.map((vpcId) => ({ vpcId, vpcRegion: R1 })), records };
}

export const aliasTo = (name: string, dnsName: string, extra: Partial<RecordSet> = {}): RecordSet => ({
  name,
  type: 'A',
  values: [],
  aliasTarget: { hostedZoneId: 'Z7HUB', dnsName: `${dnsName}.`, evaluateTargetHealth: true },
  ...extra,
});

/** An internal NLB in the endpoint's VPC whose IP targets are the endpoint's ENI addresses. */
export function frontOf(e: VpcEndpoint, name: string, ip: string): { lb: LoadBalancer; tg: TargetGroup; eni: NetworkInterface; endpoint: VpcEndpoint } {
  const lbArn = `arn:aws:elasticloadbalancing:${e.region}:${e.accountId}:loadbalancer/net/${name}/1`;
  const eni: NetworkInterface = { accountId: e.accountId, region: e.region, arn: `${e.arn}-eni`, id: `eni-${name}`, vpcId: e.vpcId, privateIpAddresses: [ip], ipv6Addresses: [], vpcEndpointId: e.id };
  return {
    endpoint: { ...e, networkInterfaceIds: [eni.id] },
    eni,
    lb: { accountId: e.accountId, region: e.region, arn: lbArn, name, dnsName: `${name}-1.elb.${e.region}.amazonaws.com`, type: 'network', scheme: 'internal', state: 'active', vpcId: e.vpcId, availabilityZones: [], securityGroupIds: [] },
    tg: {
      accountId: e.accountId,
      region: e.region,
      arn: `arn:aws:elasticloadbalancing:${e.region}:${e.accountId}:targetgroup/${name}/1`,
      name,
      targetType: 'ip',
      protocol: 'TLS',
      port: 443,
      vpcId: e.vpcId,
      loadBalancerArns: [lbArn],
      healthCheckEnabled: true,
      targets: [{ targetId: ip, port: 443, availabilityZone: `${e.region}a`, state: 'healthy' }],
    },
  };
}

export const regional = (accountId: string, region: string, parts: Partial<RegionalInventory> = {}): RegionalInventory => ({ ...emptyRegional(accountId, region), ...parts });

/** A snapshot of these regional inventories and zones, with Route 53 collected for every account. */
export function world(regions: RegionalInventory[], zones: HostedZone[] = [], extra: Partial<Snapshot> = {}): Snapshot {
  const base = snapshotWith(regions, extra);
  const accounts = [...new Set([...regions.map((r) => r.accountId), ...zones.map((z) => z.accountId)])];
  const route53: CollectionStatus[] = accounts.map((accountId) => ({ accountId, region: 'global', service: 'route53', state: 'complete', errors: [] }));
  return {
    ...base,
    accounts: extra.accounts ?? accounts.map((id) => ({ id, name: `acct-${id}`, status: 'ACTIVE', ouPath: [], ouIds: [] })),
    collections: [...base.collections, ...route53],
    global: accounts.map((id) => ({ ...emptyGlobal(id), hostedZones: zones.filter((z) => z.accountId === id) })),
  };
}

/** The snapshot with one service failed in one scope. */
export function failing(s: Snapshot, accountId: string, region: string, service: Service, operation: string): Snapshot {
  return {
    ...s,
    collections: s.collections.map((c) =>
      c.accountId === accountId && c.region === region && c.service === service ? { ...c, state: 'failed' as const, errors: [{ operation, code: 'AccessDeniedException', message: 'denied' }] } : c,
    ),
  };
}

// ---------- the private custom domain scenario ----------

export const NAME = 'orders.corp.example.com';
export const DOMAIN_ID = 'd1d1d1d1d1';
export const VPCE_B = 'vpce-0b00000000000b001';
export const API_ID = 'api0000001';

export interface DomainScenario {
  domain?: Partial<DomainName>;
  api?: Partial<RestApi>;
  endpoint?: Partial<VpcEndpoint>;
  /** Extra associations, both views added where the consumer is simulated. */
  associations?: DomainNameAccessAssociation[];
  records?: RecordSet[] | undefined;
  zoneVpcs?: string[];
  providerExtra?: Partial<RegionalInventory>;
  consumerExtra?: Partial<RegionalInventory>;
}

/**
 * Provider ACCOUNT_A owns a private API and a private domain mapped to it; consumer ACCOUNT_B's
 * endpoint VPCE_B is associated with it, and its zone aliases the name to the endpoint.
 */
export function domainScenario(o: DomainScenario = {}): Snapshot {
  const e = endpoint(VPCE_B, { policyDocument: scopedEndpointPolicy([`arn:aws:execute-api:${R1}:${ACCOUNT_A}:*`]), ...o.endpoint });
  const d = domain(NAME, DOMAIN_ID, [VPCE_B], o.domain);
  const a = api(API_ID, [VPCE_B], o.api);
  const defaultRecords = [aliasTo(`${NAME}.`, e.dnsEntries[0]?.dnsName ?? '')];
  const records = 'records' in o ? o.records : defaultRecords;
  return world(
    [
      regional(ACCOUNT_A, R1, {
        restApis: [a],
        domainNames: [d],
        domainNameAccessAssociations: [association(d, VPCE_B, ACCOUNT_B, 'OTHER_ACCOUNTS'), ...(o.associations ?? []).filter((x) => x.accountId === ACCOUNT_A)],
        ...o.providerExtra,
      }),
      regional(ACCOUNT_B, R1, {
        vpcEndpoints: [e],
        domainNameAccessAssociations: [association(d, VPCE_B, ACCOUNT_B, 'SELF'), ...(o.associations ?? []).filter((x) => x.accountId === ACCOUNT_B)],
        ...o.consumerExtra,
      }),
    ],
    [zone('ZB1', 'corp.example.com.', o.zoneVpcs ?? [VPC_B], records)],
  );
}

export const DOMAIN_ARN = domainArn(R1, ACCOUNT_A, NAME, DOMAIN_ID);
export const ASSOCIATION_ARN = `arn:aws:apigateway:${R1}:${ACCOUNT_B}:/domainnameaccessassociations/domainname/${NAME}+${DOMAIN_ID}/vpcesource/${VPCE_B}`;
export const publicDomain = (): DomainName => domain('www.example.com', 'pub0000001', [], { endpointTypes: ['REGIONAL'], policy: undefined, managementPolicy: undefined, domainNameId: undefined, arn: arns.domainName('aws', R1, 'www.example.com') });

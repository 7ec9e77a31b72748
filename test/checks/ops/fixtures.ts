import { arns } from '../../../src/model/arn.js';
import { emptyRegional, type ApiGatewayAccount, type CollectionError, type DomainName, type Method, type RegionalInventory, type RestApi, type Snapshot, type Stage } from '../../../src/model/inventory.js';
import { ACCOUNT_A, snapshotWith } from '../../helpers/snapshot-builder.js';

/** Fixtures shared by the operations, endpoint and authorization check tests. */

export const REGION = 'us-east-1';
export const apiArn = (id: string) => arns.restApi('aws', REGION, id);
export const stageArn = (id: string, stage = 'prod') => arns.stage('aws', REGION, id, stage);

/** A stage that passes OPS-001..004. */
export function stage(apiId: string, overrides: Partial<Stage> = {}): Stage {
  const name = overrides.stageName ?? 'prod';
  return {
    accountId: ACCOUNT_A,
    region: REGION,
    arn: stageArn(apiId, name),
    restApiId: apiId,
    stageName: name,
    deploymentId: 'dep1',
    variables: {},
    methodSettings: { '*/*': { loggingLevel: 'INFO', dataTraceEnabled: false, metricsEnabled: true, cachingEnabled: true, cacheDataEncrypted: true } },
    accessLogDestinationArn: `arn:aws:logs:${REGION}:${ACCOUNT_A}:log-group:/aws/apigateway/${apiId}-${name}`,
    tracingEnabled: true,
    webAclArn: `arn:aws:wafv2:${REGION}:${ACCOUNT_A}:regional/webacl/${apiId}/0000`,
    cacheClusterEnabled: true,
    ...overrides,
  };
}

export function method(httpMethod: string, authorizationType: string, extra: Partial<Method> = {}): Method {
  return { httpMethod, authorizationType, apiKeyRequired: false, integration: { type: 'AWS_PROXY', uri: 'arn:aws:lambda:fn' }, ...extra };
}

export const vpcLinkIntegration = { type: 'HTTP_PROXY', uri: 'https://backend.internal/{proxy}', connectionType: 'VPC_LINK', connectionId: 'vl1234' };

/** A compliant private API: modern TLS, one IAM-authorized method, one passing stage, no authorizers. */
export function api(id: string, overrides: Partial<RestApi> = {}): RestApi {
  return {
    accountId: ACCOUNT_A,
    region: REGION,
    arn: apiArn(id),
    id,
    name: `api-${id}`,
    policy: '{"Version":"2012-10-17","Statement":[]}',
    endpointConfiguration: { types: ['PRIVATE'], vpcEndpointIds: [] },
    securityPolicy: 'SecurityPolicy_TLS13_1_3_2025_09',
    endpointAccessMode: 'STRICT',
    disableExecuteApiEndpoint: false,
    apiStatus: 'AVAILABLE',
    tags: {},
    resources: [{ id: 'r1', path: '/items', methods: [method('GET', 'AWS_IAM')] }],
    stages: [stage(id)],
    authorizers: [],
    ...overrides,
  };
}

export const regional = (overrides: Partial<RegionalInventory> = {}): RegionalInventory => ({ ...emptyRegional(ACCOUNT_A, REGION), ...overrides });

export const account = (cloudwatchRoleArn: string | undefined = `arn:aws:iam::${ACCOUNT_A}:role/APIGatewayCloudWatchLogsRole`): ApiGatewayAccount => ({ accountId: ACCOUNT_A, region: REGION, cloudwatchRoleArn });

/** A snapshot of one account and region with these APIs and a CloudWatch role set. */
export const withApis = (...restApis: RestApi[]): Snapshot => snapshotWith([regional({ restApis, apiGatewayAccount: account() })]);

/** Records collection errors for apigateway in the snapshot (state partial, or failed). */
export function withErrors(snapshot: Snapshot, errors: CollectionError[], state: 'partial' | 'failed' = 'partial'): Snapshot {
  return { ...snapshot, collections: snapshot.collections.map((c) => (c.service === 'apigateway' ? { ...c, state, errors } : c)) };
}

/** GetRestApis failed: the listing is unknown. */
export const failedListing = withErrors(snapshotWith([regional()]), [{ operation: 'GetRestApis', code: 'AccessDeniedException', message: 'denied' }], 'failed');

export function privateDomain(name: string, mappings: DomainName['basePathMappings']): DomainName {
  return {
    accountId: ACCOUNT_A,
    region: REGION,
    arn: `arn:aws:apigateway:${REGION}:${ACCOUNT_A}:/domainnames/${name}+abc123`,
    domainName: name,
    domainNameId: 'abc123',
    resourceOwner: 'SELF',
    endpointTypes: ['PRIVATE'],
    basePathMappings: mappings,
    tags: {},
  };
}

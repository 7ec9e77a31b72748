import { arns } from '../../../src/model/arn.js';
import { emptyRegional, type Method, type RestApi, type Snapshot, type VpcEndpoint } from '../../../src/model/inventory.js';
import { ACCOUNT_A, snapshotWith } from '../../helpers/snapshot-builder.js';

/** Fixtures shared by the resource policy check tests. */

export const REGION = 'us-east-1';
export const VPCE = 'vpce-0aaa1111bbbb2222c';
export const VPCE2 = 'vpce-0ddd3333eeee4444f';
export const VPC = 'vpc-0aaa1111bbbb2222c';
export const apiArnOf = (id: string) => arns.restApi('aws', REGION, id);

type Stmt = Record<string, unknown>;
export const allow = (extra: Stmt = {}): Stmt => ({ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*', ...extra });
export const denyUnlessVpce = (...ids: string[]): Stmt => ({ Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*', Condition: { StringNotEquals: { 'aws:SourceVpce': ids } } });

/** Policy text as API Gateway returns it: quotes and slashes backslash-escaped. */
export const policyText = (...statements: Stmt[]): string => JSON.stringify({ Version: '2012-10-17', Statement: statements }).replaceAll('"', '\\"').replaceAll('/', '\\/');
export const RESTRICTED = policyText(allow(), denyUnlessVpce(VPCE));

export const method = (httpMethod: string, authorizationType: string, extra: Partial<Method> = {}): Method => ({ httpMethod, authorizationType, apiKeyRequired: false, ...extra });

export function api(id: string, overrides: Partial<RestApi> = {}): RestApi {
  return {
    accountId: ACCOUNT_A,
    region: REGION,
    arn: apiArnOf(id),
    id,
    name: `api-${id}`,
    policy: RESTRICTED,
    endpointConfiguration: { types: ['PRIVATE'], vpcEndpointIds: [] },
    disableExecuteApiEndpoint: false,
    tags: {},
    resources: [{ id: 'r1', path: '/items', methods: [method('GET', 'AWS_IAM')] }],
    ...overrides,
  };
}

export const regionalApi = (id: string) => api(id, { endpointConfiguration: { types: ['REGIONAL'], vpcEndpointIds: [] } });

export function endpoint(id: string, state = 'available'): VpcEndpoint {
  return {
    accountId: ACCOUNT_A,
    region: REGION,
    arn: arns.ec2('aws', REGION, ACCOUNT_A, 'vpc-endpoint', id),
    id,
    vpcId: VPC,
    serviceName: `com.amazonaws.${REGION}.execute-api`,
    type: 'Interface',
    state,
    privateDnsEnabled: true,
    subnetIds: [],
    securityGroupIds: [],
    networkInterfaceIds: [],
    dnsEntries: [],
    tags: {},
  };
}

export function world(restApis: RestApi[], vpcEndpoints: VpcEndpoint[] = [endpoint(VPCE)]): Snapshot {
  return snapshotWith([{ ...emptyRegional(ACCOUNT_A, REGION), restApis, vpcEndpoints }]);
}

/** The same world with one service's collection in the given state. */
export function withService(snapshot: Snapshot, service: 'apigateway' | 'ec2', state: 'failed' | 'partial'): Snapshot {
  const errors = [{ operation: service === 'ec2' ? 'DescribeVpcEndpoints' : 'GetRestApis', code: 'AccessDeniedException', message: 'denied' }];
  return { ...snapshot, collections: snapshot.collections.map((c) => (c.service === service ? { ...c, state, errors } : c)) };
}

export const apiListingFailed = withService(world([]), 'apigateway', 'failed');

import type { Authorizer, Method, Resource, Stage } from '@aws-sdk/client-api-gateway';
import { arns } from '../../../../model/arn.js';
import type { SimRestApi } from '../../world.js';
import type { WorldBuilder } from '../world-builder.js';
import type { MethodSpec } from './methods.js';
import { apiGatewayPolicyText, type PolicyDocument } from './policies.js';

/** The enhanced TLS policy with STRICT access mode: what EP-001 expects. */
export const MODERN_SECURITY_POLICY = 'SecurityPolicy_TLS13_1_3_2025_09';

export interface StageSpec {
  name: string;
  variables?: Record<string, string>;
}

export interface RestApiSpec {
  /** Pre-drawn when an endpoint policy must name the API before it exists. */
  id?: string;
  name: string;
  type: 'PRIVATE' | 'REGIONAL';
  /** Receives the API's execute-api ARN (arn:aws:execute-api:<region>:<account>:<id>). */
  policy?: (executeArn: string) => PolicyDocument;
  vpcEndpointIds?: string[];
  methods: MethodSpec[];
  authorizers?: Authorizer[];
  /** Default: one stage, prod. */
  stages?: StageSpec[];
  disableExecuteApiEndpoint?: boolean;
}

export interface ApiHandle {
  id: string;
  accountId: string;
  region: string;
  name: string;
  arn: string;
  executeArn: string;
  sim: SimRestApi;
  stage(name?: string): Stage;
  stageArn(name?: string): string;
}

export function executeApiArn(region: string, accountId: string, apiId: string): string {
  return `arn:aws:execute-api:${region}:${accountId}:${apiId}`;
}

export function createRestApi(b: WorldBuilder, accountId: string, region: string, spec: RestApiSpec): ApiHandle {
  const id = spec.id ?? b.ids.apiId();
  const executeArn = executeApiArn(region, accountId, id);
  const rootResourceId = b.ids.short(10);
  const sim: SimRestApi = {
    api: {
      id,
      name: spec.name,
      description: `${spec.name} (${spec.type.toLowerCase()})`,
      createdDate: b.date(),
      apiKeySource: 'HEADER',
      endpointConfiguration: {
        types: [spec.type],
        ipAddressType: spec.type === 'PRIVATE' ? 'dualstack' : 'ipv4',
        ...(spec.vpcEndpointIds && { vpcEndpointIds: spec.vpcEndpointIds }),
      },
      policy: spec.policy && apiGatewayPolicyText(spec.policy(executeArn)),
      tags: { service: spec.name },
      disableExecuteApiEndpoint: spec.disableExecuteApiEndpoint ?? false,
      rootResourceId,
      securityPolicy: MODERN_SECURITY_POLICY,
      endpointAccessMode: 'STRICT',
      apiStatus: 'AVAILABLE',
    },
    resources: resourceTree(b, rootResourceId, spec.methods),
    stages: (spec.stages ?? [{ name: 'prod' }]).map((s) => compliantStage(b, accountId, region, spec.name, s)),
    authorizers: spec.authorizers ?? [],
  };
  b.region(accountId, region).apigateway.restApis.push(sim);
  const stage = (name = 'prod'): Stage => {
    const found = sim.stages.find((s) => s.stageName === name);
    if (!found) throw new Error(`API ${spec.name} has no stage ${name}`);
    return found;
  };
  return {
    id,
    accountId,
    region,
    name: spec.name,
    arn: arns.restApi(b.partition, region, id),
    executeArn,
    sim,
    stage,
    stageArn: (name = 'prod') => arns.stage(b.partition, region, id, name),
  };
}

/** Resources as GetResources(embed=methods) returns them: every path prefix is a resource. */
function resourceTree(b: WorldBuilder, rootId: string, methods: MethodSpec[]): Resource[] {
  const byPath = new Map<string, Resource>([['/', { id: rootId, path: '/' }]]);
  const resourceFor = (path: string): Resource => {
    const existing = byPath.get(path);
    if (existing) return existing;
    const cut = path.lastIndexOf('/');
    const parent = resourceFor(cut === 0 ? '/' : path.slice(0, cut));
    const created: Resource = { id: b.ids.short(10), parentId: parent.id, pathPart: path.slice(cut + 1), path };
    byPath.set(path, created);
    return created;
  };
  for (const m of methods) {
    const resource = resourceFor(m.path);
    const method: Method = {
      httpMethod: m.httpMethod,
      authorizationType: m.authorizationType,
      authorizerId: m.authorizerId,
      apiKeyRequired: false,
      methodIntegration: m.integration,
    };
    resource.resourceMethods = { ...resource.resourceMethods, [m.httpMethod]: method };
  }
  return [...byPath.values()];
}

const ACCESS_LOG_FORMAT = '{"requestId":"$context.requestId","ip":"$context.identity.sourceIp","vpce":"$context.identity.vpceId","status":"$context.status"}';

/** A stage that passes OPS-001..004: INFO logs, access logs, no data trace, X-Ray, WAF, encrypted cache. */
function compliantStage(b: WorldBuilder, accountId: string, region: string, apiName: string, spec: StageSpec): Stage {
  const createdDate = b.date();
  return {
    deploymentId: b.ids.short(6),
    stageName: spec.name,
    cacheClusterEnabled: true,
    cacheClusterSize: '0.5',
    cacheClusterStatus: 'AVAILABLE',
    methodSettings: {
      '*/*': {
        metricsEnabled: true,
        loggingLevel: 'INFO',
        dataTraceEnabled: false,
        throttlingBurstLimit: 5000,
        throttlingRateLimit: 10000,
        cachingEnabled: true,
        cacheTtlInSeconds: 300,
        cacheDataEncrypted: true,
        requireAuthorizationForCacheControl: true,
        unauthorizedCacheControlHeaderStrategy: 'SUCCEED_WITH_RESPONSE_HEADER',
      },
    },
    variables: spec.variables,
    accessLogSettings: { destinationArn: `arn:aws:logs:${region}:${accountId}:log-group:/aws/apigateway/${apiName}-${spec.name}`, format: ACCESS_LOG_FORMAT },
    tracingEnabled: true,
    webAclArn: `arn:aws:wafv2:${region}:${accountId}:regional/webacl/${apiName}-acl/${b.ids.uuid()}`,
    createdDate,
    lastUpdatedDate: createdDate,
  };
}

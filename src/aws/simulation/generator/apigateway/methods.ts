import type { Authorizer, Integration } from '@aws-sdk/client-api-gateway';
import type { WorldBuilder } from '../world-builder.js';

export type AuthorizationType = 'AWS_IAM' | 'NONE' | 'COGNITO_USER_POOLS' | 'CUSTOM';

export interface MethodSpec {
  path: string;
  httpMethod: string;
  authorizationType: AuthorizationType;
  authorizerId?: string;
  integration: Integration;
}

function lambdaIntegration(accountId: string, region: string, functionName: string): Integration {
  return {
    type: 'AWS_PROXY',
    httpMethod: 'POST',
    uri: `arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/arn:aws:lambda:${region}:${accountId}:function:${functionName}/invocations`,
    passthroughBehavior: 'WHEN_NO_MATCH',
    timeoutInMillis: 29000,
    cacheKeyParameters: [],
  };
}

/** The CORS preflight answer a browser client needs; OPTIONS + MOCK is exempt from AUTH-001. */
export function corsPreflight(path: string): MethodSpec {
  return {
    path,
    httpMethod: 'OPTIONS',
    authorizationType: 'NONE',
    integration: {
      type: 'MOCK',
      requestTemplates: { 'application/json': '{"statusCode": 200}' },
      passthroughBehavior: 'WHEN_NO_MATCH',
      timeoutInMillis: 29000,
    },
  };
}

export interface VpcLinkIntegrationOptions {
  connectionId: string;
  uri: string;
  /** VPC link V2: the load balancer or listener ARN the integration sends to. */
  integrationTarget?: string;
  insecureSkipVerification?: boolean;
}

export function vpcLinkIntegration(opts: VpcLinkIntegrationOptions): Integration {
  return {
    type: 'HTTP_PROXY',
    httpMethod: 'ANY',
    uri: opts.uri,
    connectionType: 'VPC_LINK',
    connectionId: opts.connectionId,
    integrationTarget: opts.integrationTarget,
    tlsConfig: { insecureSkipVerification: opts.insecureSkipVerification ?? false },
    requestParameters: { 'integration.request.path.proxy': 'method.request.path.proxy' },
    passthroughBehavior: 'WHEN_NO_MATCH',
    timeoutInMillis: 29000,
    cacheKeyParameters: [],
  };
}

/** Proxy every path and verb of an API to one integration. */
export function proxyMethods(authorizationType: AuthorizationType, integration: Integration, authorizerId?: string): MethodSpec[] {
  return [{ path: '/{proxy+}', httpMethod: 'ANY', authorizationType, authorizerId, integration }];
}

/** A small resource API backed by Lambda functions, every method with the same authorization. */
export function itemMethods(accountId: string, region: string, service: string, authorizationType: AuthorizationType, authorizerId?: string): MethodSpec[] {
  const fn = (verb: string) => lambdaIntegration(accountId, region, `${service}-${verb}`);
  return [
    { path: '/items', httpMethod: 'GET', authorizationType, authorizerId, integration: fn('list') },
    { path: '/items', httpMethod: 'POST', authorizationType, authorizerId, integration: fn('create') },
    { path: '/items/{id}', httpMethod: 'GET', authorizationType, authorizerId, integration: fn('get') },
  ];
}

export function cognitoAuthorizer(b: WorldBuilder, accountId: string, region: string): Authorizer {
  return {
    id: b.ids.short(6),
    name: 'cognito-users',
    type: 'COGNITO_USER_POOLS',
    providerARNs: [`arn:aws:cognito-idp:${region}:${accountId}:userpool/${region}_${b.rng.alnum(9)}`],
    identitySource: 'method.request.header.Authorization',
    authorizerResultTtlInSeconds: 300,
  };
}

import type { CheckResult, Reporter, ResourceRef } from '../../src/model/check.js';
import type { InventoryIndex } from '../../src/model/inventory-index.js';
import type { Method, RestApi, Stage } from '../../src/model/inventory.js';

/** Shared helpers of the operations, endpoint and authorization checks (not a check module). */

export const API_TYPE = 'AwsApiGatewayRestApi';
export const STAGE_TYPE = 'AwsApiGatewayStage';
/** ASFF has no type for API Gateway custom domain names, VPC links or the account settings. */
export const OTHER_TYPE = 'Other';

export const apiRef = (api: RestApi): ResourceRef => ({ arn: api.arn, type: API_TYPE });
export const stageRef = (stage: Stage): ResourceRef => ({ arn: stage.arn, type: STAGE_TYPE });

export const isPrivate = (api: RestApi): boolean => api.endpointConfiguration.types.includes('PRIVATE');

/** Why a per-API detail (GetStages, GetResources, GetAuthorizers) is missing, from the recorded errors. */
export function missingReason(inventory: InventoryIndex, api: RestApi, operation: string, what: string): string {
  const errors = inventory.errorsFor(api.accountId, api.region, 'apigateway', api.id).filter((e) => e.operation === operation);
  const detail = errors.map((e) => `${e.operation} ${e.code}`).join(', ') || `${operation} not collected`;
  return `The ${what} of API ${api.name} (${api.id}) were not collected: ${detail}`;
}

/** One ERROR per account and region whose REST API listing failed: nothing can be said there. */
export function unlistedApis<M extends string>(inventory: InventoryIndex, report: Reporter<M>): CheckResult[] {
  return inventory
    .unlistedScopes('apigateway')
    .map((s) => report.error(s, { arn: `arn:${inventory.snapshot.partition}:apigateway:${s.region}::/restapis`, type: API_TYPE }, `REST APIs were not listed in ${s.accountId} ${s.region}: ${s.reason}`));
}

/**
 * Runs a per-stage evaluation over every REST API: ERROR for an API whose stages were not
 * collected, NOT_APPLICABLE for an API without stages, plus the unlisted-API errors.
 */
export function perStage<M extends string>(
  inventory: InventoryIndex,
  report: Reporter<M>,
  evaluate: (stage: Stage, api: RestApi) => CheckResult,
): CheckResult[] {
  const results = inventory.restApis.flatMap((api) => {
    if (api.stages === undefined) return [report.error(api, apiRef(api), missingReason(inventory, api, 'GetStages', 'stages'))];
    if (api.stages.length === 0) return [report.notApplicable(api, apiRef(api))];
    return api.stages.map((stage) => evaluate(stage, api));
  });
  return [...results, ...unlistedApis(inventory, report)];
}

export interface LocatedMethod {
  path: string;
  method: Method;
}

export function methodsOf(api: RestApi): LocatedMethod[] {
  return (api.resources ?? []).flatMap((r) => r.methods.map((method) => ({ path: r.path, method })));
}

export const methodLabel = (m: LocatedMethod): string => `${m.method.httpMethod} ${m.path}`;

const NEEDS_AUTHORIZER = new Set(['CUSTOM', 'COGNITO_USER_POOLS']);

/**
 * Methods whose CUSTOM or COGNITO_USER_POOLS authorization names an authorizer the API does not
 * have (every call of them fails); `needing` counts the methods that need one at all. Undefined
 * parts mean the API's resources or authorizers were not read.
 */
export function missingAuthorizers(api: RestApi): { needing: number; missing: LocatedMethod[] | undefined } | undefined {
  if (api.resources === undefined) return undefined;
  const needing = methodsOf(api).filter((m) => NEEDS_AUTHORIZER.has(m.method.authorizationType.toUpperCase()));
  if (needing.length === 0 || api.authorizers === undefined) return { needing: needing.length, missing: needing.length === 0 ? [] : undefined };
  const ids = new Set(api.authorizers.map((a) => a.id));
  return { needing: needing.length, missing: needing.filter((m) => !m.method.authorizerId || !ids.has(m.method.authorizerId)) };
}

/** A CORS preflight answered by API Gateway itself: OPTIONS backed by a MOCK integration. */
export const isCorsPreflight = (m: Method): boolean => m.httpMethod.toUpperCase() === 'OPTIONS' && m.integration?.type.toUpperCase() === 'MOCK';


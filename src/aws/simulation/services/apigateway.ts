import * as apigwSdk from '@aws-sdk/client-api-gateway';
import type { Method, Resource } from '@aws-sdk/client-api-gateway';
import { SimError, type SimRequest } from '../protocol.js';
import { numberParam, queryParam, unknownOperation, type HandlerContext, type ServiceHandler, type SimReply } from '../service.js';
import type { SimRestApi } from '../world.js';

/** GetRestApis, GetResources, GetAuthorizers, GetVpcLinks… all document limit 1..500, default 25. */
const MAX_LIMIT = 500;
const DEFAULT_LIMIT = 25;

/** API Gateway (REST APIs, v1): routes on method and path as the REST protocol does. */
export const apigatewayHandler: ServiceHandler = {
  service: 'apigateway',
  spec: { protocol: 'restJson', schemas: apigwSdk },
  quota: 'apigateway',
  throttle: { code: 'TooManyRequestsException', status: 429 },
  handle(req, ctx) {
    if (req.method !== 'GET') throw unknownOperation('apigateway', `${req.method} ${req.path}`);
    const [first, id, sub, ...rest] = pathSegments(req.path);
    if (rest.length > 0) throw unknownOperation('apigateway', `GET ${req.path}`);
    switch (first) {
      case 'restapis':
        return id === undefined ? getRestApis(req, ctx) : restApiRoute(req, ctx, id, sub);
      case 'vpclinks':
        if (id === undefined) return listing(req, ctx, 'GetVpcLinks', ctx.regionState.apigateway.vpcLinks);
        break;
      case 'domainnames':
        if (id === undefined) return getDomainNames(req, ctx);
        if (sub === 'basepathmappings') return getBasePathMappings(req, ctx, id);
        break;
      case 'domainnameaccessassociations':
        if (id === undefined) return getAccessAssociations(req, ctx);
        break;
      case 'account':
        if (id === undefined) return { operation: 'GetAccount', output: ctx.regionState.apigateway.account };
        break;
    }
    throw unknownOperation('apigateway', `GET ${req.path}`);
  },
};

/** Path labels arrive URL-encoded by the SDK. */
function pathSegments(path: string): string[] {
  try {
    return path.split('/').filter((s) => s !== '').map(decodeURIComponent);
  } catch {
    throw new SimError('BadRequestException', 400, `malformed path ${path}`);
  }
}

function restApiRoute(req: SimRequest, ctx: HandlerContext, restApiId: string, sub: string | undefined): SimReply {
  const api = findRestApi(ctx, restApiId);
  switch (sub) {
    case 'resources':
      return listing(req, ctx, 'GetResources', embedsMethods(req) ? api.resources : api.resources.map(withoutMethodBodies));
    case 'stages': {
      const deploymentId = queryParam(req.query, 'deploymentId');
      return { operation: 'GetStages', output: { item: api.stages.filter((s) => deploymentId === undefined || s.deploymentId === deploymentId) } };
    }
    case 'authorizers':
      return listing(req, ctx, 'GetAuthorizers', api.authorizers);
    default:
      throw unknownOperation('apigateway', `GET ${req.path}`);
  }
}

function findRestApi(ctx: HandlerContext, restApiId: string): SimRestApi {
  const api = ctx.regionState.apigateway.restApis.find((r) => r.api.id === restApiId);
  if (!api) throw new SimError('NotFoundException', 404, `Invalid API identifier specified ${ctx.account.id}:${restApiId}`);
  return api;
}

function getRestApis(req: SimRequest, ctx: HandlerContext): SimReply {
  return listing(req, ctx, 'GetRestApis', ctx.regionState.apigateway.restApis.map((r) => r.api));
}

/** `embed=methods` may come as a repeated parameter or one comma-separated value. */
function embedsMethods(req: SimRequest): boolean {
  const raw = req.query['embed'];
  const values = raw === null || raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  return values.flatMap((v) => v.split(',')).some((v) => v.trim() === 'methods');
}

/** Without embed, API Gateway lists which methods a resource has but not what they contain. */
function withoutMethodBodies(resource: Resource): Resource {
  if (resource.resourceMethods === undefined) return resource;
  const keys: Record<string, Method> = Object.fromEntries(Object.keys(resource.resourceMethods).map((verb) => [verb, {}]));
  return { ...resource, resourceMethods: keys };
}

type Owner = 'SELF' | 'OTHER_ACCOUNTS';

function resourceOwner(req: SimRequest): Owner {
  const owner = queryParam(req.query, 'resourceOwner') ?? 'SELF';
  if (owner !== 'SELF' && owner !== 'OTHER_ACCOUNTS') throw new SimError('BadRequestException', 400, `Invalid resourceOwner: ${owner}`);
  return owner;
}

function getDomainNames(req: SimRequest, ctx: HandlerContext): SimReply {
  const state = ctx.regionState.apigateway;
  const domains = resourceOwner(req) === 'SELF' ? state.domainNames.map((d) => d.domain) : state.sharedDomainNames;
  return listing(req, ctx, 'GetDomainNames', domains);
}

/** A private domain's name is not unique: it is identified by name and domainNameId together. */
function getBasePathMappings(req: SimRequest, ctx: HandlerContext, domainName: string): SimReply {
  const domainNameId = queryParam(req.query, 'domainNameId');
  const domain = ctx.regionState.apigateway.domainNames.find((d) => d.domain.domainName === domainName && d.domain.domainNameId === domainNameId);
  if (!domain) throw new SimError('NotFoundException', 404, 'Invalid domain name identifier specified');
  return listing(req, ctx, 'GetBasePathMappings', domain.basePathMappings);
}

function getAccessAssociations(req: SimRequest, ctx: HandlerContext): SimReply {
  const state = ctx.regionState.apigateway;
  const associations = resourceOwner(req) === 'SELF' ? state.accessAssociations : state.foreignAccessAssociations;
  return listing(req, ctx, 'GetDomainNameAccessAssociations', associations);
}

/** Every v1 collection pages the same way: `limit` and an opaque `position`, output `{ item, position }`. */
function listing<T>(req: SimRequest, ctx: HandlerContext, operation: string, all: readonly T[]): SimReply {
  const page = ctx.page(all, {
    token: queryParam(req.query, 'position'),
    requested: numberParam(req.query['limit']),
    max: MAX_LIMIT,
    defaultSize: DEFAULT_LIMIT,
    operation,
    errors: { token: 'BadRequestException', size: 'BadRequestException' },
  });
  return { operation, output: page.next === undefined ? { items: page.items } : { items: page.items, position: page.next } };
}

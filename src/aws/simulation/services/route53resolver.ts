import type {
  ListResolverEndpointIpAddressesResponse,
  ListResolverEndpointsResponse,
  ListResolverRuleAssociationsResponse,
  ListResolverRulesResponse,
} from '@aws-sdk/client-route53resolver';
import { SimError, type SimRequest } from '../protocol.js';
import { numberParam, unknownOperation, type HandlerContext, type ServiceHandler } from '../service.js';

/** Every Resolver listing used here documents MaxResults 1..100, default 100. */
const MAX_RESULTS = 100;

/**
 * Route 53 Resolver. Its pinned SDK (3.654) publishes no schemas, so replies are plain JSON in the
 * SDK's member names.
 */
export const route53resolverHandler: ServiceHandler = {
  service: 'route53resolver',
  spec: { protocol: 'json1_1' },
  quota: 'route53resolver',
  throttle: { code: 'ThrottlingException', status: 400 },
  handle(req, ctx) {
    if (Array.isArray(req.json['Filters']) && req.json['Filters'].length > 0) throw unknownOperation('route53resolver', `${req.operation ?? 'a listing'} with Filters`);
    const state = ctx.regionState.route53resolver;
    switch (req.operation) {
      case 'ListResolverEndpoints': {
        // An undefined NextToken is dropped on the wire, as AWS omits it on a last page.
        const page = listPage(req, ctx, state.endpoints.map((e) => e.endpoint));
        const output: ListResolverEndpointsResponse = { ResolverEndpoints: page.items, MaxResults: page.maxResults, NextToken: page.next };
        return { operation: req.operation, output };
      }
      case 'ListResolverEndpointIpAddresses': {
        const page = listPage(req, ctx, endpointIps(req, ctx));
        const output: ListResolverEndpointIpAddressesResponse = { IpAddresses: page.items, MaxResults: page.maxResults, NextToken: page.next };
        return { operation: req.operation, output };
      }
      case 'ListResolverRules': {
        const page = listPage(req, ctx, state.rules);
        const output: ListResolverRulesResponse = { ResolverRules: page.items, MaxResults: page.maxResults, NextToken: page.next };
        return { operation: req.operation, output };
      }
      case 'ListResolverRuleAssociations': {
        const page = listPage(req, ctx, state.ruleAssociations);
        const output: ListResolverRuleAssociationsResponse = { ResolverRuleAssociations: page.items, MaxResults: page.maxResults, NextToken: page.next };
        return { operation: req.operation, output };
      }
      default:
        throw unknownOperation('route53resolver', req.operation);
    }
  },
};

function endpointIps(req: SimRequest, ctx: HandlerContext) {
  const id = req.json['ResolverEndpointId'];
  if (typeof id !== 'string' || id === '') throw new SimError('InvalidParameterException', 400, 'ResolverEndpointId is required.');
  const endpoint = ctx.regionState.route53resolver.endpoints.find((e) => e.endpoint.Id === id);
  if (!endpoint) throw new SimError('ResourceNotFoundException', 400, `Resolver endpoint with ID '${id}' does not exist.`);
  return endpoint.ipAddresses;
}

function listPage<T>(req: SimRequest, ctx: HandlerContext, all: readonly T[]): { items: T[]; next: string | undefined; maxResults: number } {
  const requested = numberParam(req.json['MaxResults']);
  const token = req.json['NextToken'];
  const page = ctx.page(all, {
    token: typeof token === 'string' ? token : undefined,
    requested,
    max: MAX_RESULTS,
    defaultSize: MAX_RESULTS,
    operation: req.operation ?? '',
    errors: { token: 'InvalidNextTokenException', size: 'ValidationException' },
  });
  return { ...page, maxResults: requested ?? MAX_RESULTS };
}

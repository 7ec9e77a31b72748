import * as apigwv2Sdk from '@aws-sdk/client-apigatewayv2';
import { numberParam, queryParam, unknownOperation, type ServiceHandler } from '../service.js';

/** The v2 API documents no page-size range for GetVpcLinks; v1's 1..500 (default 25) is assumed. */
const MAX_RESULTS = 500;
const DEFAULT_RESULTS = 25;

/** API Gateway v2 (HTTP APIs): only the VPC link listing privapi reads. */
export const apigatewayv2Handler: ServiceHandler = {
  service: 'apigatewayv2',
  spec: { protocol: 'restJson', schemas: apigwv2Sdk },
  quota: 'apigateway',
  throttle: { code: 'TooManyRequestsException', status: 429 },
  handle(req, ctx) {
    if (req.method !== 'GET' || req.path.replace(/\/+$/, '') !== '/v2/vpclinks') throw unknownOperation('apigatewayv2', `${req.method} ${req.path}`);
    const page = ctx.page(ctx.regionState.apigatewayv2.vpcLinks, {
      token: queryParam(req.query, 'nextToken'),
      requested: numberParam(req.query['maxResults']),
      max: MAX_RESULTS,
      defaultSize: DEFAULT_RESULTS,
      operation: 'GetVpcLinks',
      errors: { token: 'BadRequestException', size: 'BadRequestException' },
    });
    return { operation: 'GetVpcLinks', output: page.next === undefined ? { Items: page.items } : { Items: page.items, NextToken: page.next } };
  },
};

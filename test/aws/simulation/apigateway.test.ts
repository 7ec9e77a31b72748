import {
  APIGatewayClient,
  BadRequestException,
  GetAccountCommand,
  GetAuthorizersCommand,
  GetBasePathMappingsCommand,
  GetDomainNameAccessAssociationsCommand,
  GetDomainNamesCommand,
  GetResourcesCommand,
  GetRestApisCommand,
  GetStagesCommand,
  NotFoundException,
  TooManyRequestsException,
  paginateGetRestApis,
} from '@aws-sdk/client-api-gateway';
import type { Authorizer, DomainNameAccessAssociation, Resource } from '@aws-sdk/client-api-gateway';
import { ApiGatewayV2Client, BadRequestException as BadRequestExceptionV2, GetVpcLinksCommand as GetVpcLinksV2Command } from '@aws-sdk/client-apigatewayv2';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CallStats } from '../../../src/aws/call-stats.js';
import { ClientFactory } from '../../../src/aws/clients.js';
import { RateLimiters } from '../../../src/aws/rate-limit.js';
import type { SimulatedAws } from '../../../src/aws/simulation/server.js';
import type { SimRestApi, SimWorld } from '../../../src/aws/simulation/world.js';
import { apigatewayCollector } from '../../../src/collectors/apigateway.js';
import { apigatewayv2Collector } from '../../../src/collectors/apigatewayv2.js';
import { CollectionRecorder, type RegionalContext } from '../../../src/collectors/contract.js';
import { emptyRegional, type Service } from '../../../src/model/inventory.js';
import { silentLogger } from '../../helpers/collector-context.js';
import { MEMBER, OTHER, REGION, regionState, simAccount, simClientConfig, simWorld, simulate } from '../../helpers/sim-world.js';

const CREATED = new Date('2024-03-01T10:00:00Z');
const POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*', Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-0aa' } } }],
});
const PRIVATE_DOMAIN_ARN = `arn:aws:apigateway:${REGION}:${MEMBER}:/domainnames/private.example.com+abc123`;
const SHARED_DOMAIN_ARN = `arn:aws:apigateway:${REGION}:${OTHER}:/domainnames/shared.example.com+zzz999`;

const ordersResource: Resource = {
  id: 'r1',
  parentId: 'r0',
  pathPart: 'orders',
  path: '/orders',
  resourceMethods: {
    GET: {
      httpMethod: 'GET',
      authorizationType: 'CUSTOM',
      authorizerId: 'au1',
      apiKeyRequired: false,
      methodIntegration: {
        type: 'HTTP_PROXY',
        httpMethod: 'GET',
        uri: 'http://nlb.internal.example.com/orders',
        connectionType: 'VPC_LINK',
        connectionId: 'vl-1',
        tlsConfig: { insecureSkipVerification: true },
      },
    },
    POST: { httpMethod: 'POST', authorizationType: 'NONE', methodIntegration: { type: 'MOCK' } },
  },
};

function restApi(id: string, parts: Partial<SimRestApi> = {}): SimRestApi {
  return {
    api: { id, name: `api-${id}`, createdDate: CREATED, policy: POLICY, endpointConfiguration: { types: ['PRIVATE'], vpcEndpointIds: ['vpce-0aa'] } },
    resources: [{ id: `${id}-root`, path: '/' }],
    stages: [],
    authorizers: [],
    ...parts,
  };
}

const authorizers: Authorizer[] = [
  { id: 'au1', name: 'token', type: 'TOKEN', authorizerUri: 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/auth/invocations' },
  { id: 'au2', name: 'cognito', type: 'COGNITO_USER_POOLS', providerARNs: ['arn:aws:cognito-idp:us-east-1:200000000002:userpool/us-east-1_x'] },
  { id: 'au3', name: 'request', type: 'REQUEST' },
];

function association(source: string, domainArn = SHARED_DOMAIN_ARN): DomainNameAccessAssociation {
  return {
    domainNameAccessAssociationArn: `${domainArn.replace('/domainnames/', '/domainnameaccessassociations/domainname/')}/vpcesource/${source}`,
    domainNameArn: domainArn,
    accessAssociationSourceType: 'VPCE',
    accessAssociationSource: source,
  };
}

function world(): SimWorld {
  const a1 = restApi('a1', {
    resources: [{ id: 'r0', path: '/' }, ordersResource, { id: 'r2', parentId: 'r0', pathPart: 'health', path: '/health' }],
    stages: [
      { stageName: 'prod', deploymentId: 'd1', variables: { vpcLinkId: 'vl-1' }, methodSettings: { '*/*': { loggingLevel: 'INFO', metricsEnabled: true } }, tracingEnabled: true, createdDate: CREATED },
      { stageName: 'dev', deploymentId: 'd2' },
    ],
    authorizers,
  });
  const a2 = restApi('a2', { api: { id: 'a2', name: 'public', endpointConfiguration: { types: ['REGIONAL'] } } });
  const state = regionState({
    apigateway: {
      restApis: [a1, a2, restApi('a3')],
      vpcLinks: [
        { id: 'vl-1', name: 'nlb-link', status: 'AVAILABLE', targetArns: ['arn:aws:elasticloadbalancing:us-east-1:200000000002:loadbalancer/net/nlb/1'] },
        { id: 'vl-2', name: 'broken', status: 'FAILED', statusMessage: 'NLB not found' },
        { id: 'vl-3', name: 'pending', status: 'PENDING', tags: { team: 'edge' } },
      ],
      domainNames: [
        { domain: { domainName: 'api.example.com', endpointConfiguration: { types: ['REGIONAL'] }, domainNameStatus: 'AVAILABLE' }, basePathMappings: [{ basePath: '(none)', restApiId: 'a2', stage: 'prod' }] },
        {
          domain: { domainName: 'private.example.com', domainNameId: 'abc123', domainNameArn: PRIVATE_DOMAIN_ARN, endpointConfiguration: { types: ['PRIVATE'] }, policy: POLICY },
          basePathMappings: [
            { basePath: 'orders', restApiId: 'a1', stage: 'prod' },
            { basePath: 'billing', restApiId: 'a3', stage: 'prod' },
            { basePath: 'admin', restApiId: 'a1', stage: 'dev' },
          ],
        },
      ],
      sharedDomainNames: [{ domainName: 'shared.example.com', domainNameId: 'zzz999', domainNameArn: SHARED_DOMAIN_ARN, endpointConfiguration: { types: ['PRIVATE'] } }],
      accessAssociations: [association('vpce-0aa'), association('vpce-0bb'), association('vpce-0cc')],
      foreignAccessAssociations: [association('vpce-9ff', PRIVATE_DOMAIN_ARN)],
      account: { cloudwatchRoleArn: 'arn:aws:iam::200000000002:role/apigw-logs', throttleSettings: { burstLimit: 5000, rateLimit: 10000 } },
    },
    apigatewayv2: {
      vpcLinks: [
        { VpcLinkId: 'v2a', Name: 'http-a', VpcLinkStatus: 'AVAILABLE', VpcLinkVersion: 'V2', SecurityGroupIds: ['sg-1'], SubnetIds: ['subnet-1', 'subnet-2'], Tags: { team: 'edge' } },
        { VpcLinkId: 'v2b', Name: 'http-b', VpcLinkStatus: 'FAILED', VpcLinkStatusMessage: 'subnet gone', SecurityGroupIds: [], SubnetIds: ['subnet-3'] },
        { VpcLinkId: 'v2c', Name: 'http-c', VpcLinkStatus: 'PENDING', SecurityGroupIds: ['sg-2'], SubnetIds: [] },
      ],
    },
  });
  return simWorld([simAccount(MEMBER, { regions: { [REGION]: state } })]);
}

function client(sim: SimulatedAws, maxAttempts = 1): APIGatewayClient {
  return new APIGatewayClient(simClientConfig(sim, MEMBER, REGION, maxAttempts));
}

/** A clock that moves on by `stepMs` whenever it is read, so quota buckets refill without waiting. */
function steppingClock(stepMs: number) {
  let t = 0;
  return { now: () => (t += stepMs), sleep: async () => {} };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('simulated API Gateway (REST APIs)', () => {
  it('lists every REST API over several pages, in order and as stored', async () => {
    const pages = [];
    for await (const page of paginateGetRestApis({ client: client(simulate(world(), { pageSize: 2 })), pageSize: 500 }, {})) pages.push(page);
    expect(pages.map((p) => p.items?.map((a) => a.id))).toEqual([['a1', 'a2'], ['a3']]);
    const a1 = pages[0]?.items?.[0];
    expect(a1).toMatchObject({ name: 'api-a1', policy: POLICY, endpointConfiguration: { types: ['PRIVATE'], vpcEndpointIds: ['vpce-0aa'] } });
    expect(a1?.createdDate).toEqual(CREATED);
  });

  it('embeds methods with their integration for embed=methods, and only names them otherwise', async () => {
    const c = client(simulate(world()));
    const embedded = await c.send(new GetResourcesCommand({ restApiId: 'a1', embed: ['methods'] }));
    const orders = embedded.items?.find((r) => r.path === '/orders');
    expect(orders?.resourceMethods?.['GET']?.methodIntegration).toMatchObject({ connectionType: 'VPC_LINK', connectionId: 'vl-1', tlsConfig: { insecureSkipVerification: true } });
    expect(orders?.resourceMethods?.['GET']).toMatchObject({ authorizationType: 'CUSTOM', authorizerId: 'au1' });

    const bare = await c.send(new GetResourcesCommand({ restApiId: 'a1' }));
    const names = bare.items?.find((r) => r.path === '/orders')?.resourceMethods;
    expect(Object.keys(names ?? {})).toEqual(['GET', 'POST']);
    expect(names?.['GET']?.methodIntegration).toBeUndefined();
  });

  it('pages resources and authorizers by position', async () => {
    const c = client(simulate(world(), { pageSize: 2 }));
    const first = await c.send(new GetResourcesCommand({ restApiId: 'a1', embed: ['methods'], limit: 500 }));
    expect(first.items?.map((r) => r.id)).toEqual(['r0', 'r1']);
    const second = await c.send(new GetResourcesCommand({ restApiId: 'a1', embed: ['methods'], limit: 500, position: first.position }));
    expect(second.items?.map((r) => r.id)).toEqual(['r2']);
    expect(second.position).toBeUndefined();

    const ids: string[] = [];
    let position: string | undefined;
    do {
      const page = await c.send(new GetAuthorizersCommand({ restApiId: 'a1', limit: 500, position }));
      ids.push(...(page.items ?? []).map((a) => a.id ?? ''));
      position = page.position;
    } while (position !== undefined);
    expect(ids).toEqual(['au1', 'au2', 'au3']);
  });

  it('returns every stage in one reply, with variables and method settings', async () => {
    const out = await client(simulate(world(), { pageSize: 1 })).send(new GetStagesCommand({ restApiId: 'a1' }));
    expect(out.item?.map((s) => s.stageName)).toEqual(['prod', 'dev']);
    expect(out.item?.[0]).toMatchObject({ variables: { vpcLinkId: 'vl-1' }, methodSettings: { '*/*': { loggingLevel: 'INFO', metricsEnabled: true } }, tracingEnabled: true });
  });

  it('serves domain names by owner, and base path mappings of a private domain by its id', async () => {
    const c = client(simulate(world()));
    const own = await c.send(new GetDomainNamesCommand({ resourceOwner: 'SELF' }));
    expect(own.items?.map((d) => [d.domainName, d.domainNameId])).toEqual([['api.example.com', undefined], ['private.example.com', 'abc123']]);
    const shared = await c.send(new GetDomainNamesCommand({ resourceOwner: 'OTHER_ACCOUNTS' }));
    expect(shared.items?.map((d) => d.domainNameArn)).toEqual([SHARED_DOMAIN_ARN]);

    const mappings = await c.send(new GetBasePathMappingsCommand({ domainName: 'private.example.com', domainNameId: 'abc123' }));
    expect(mappings.items?.map((m) => m.basePath)).toEqual(['orders', 'billing', 'admin']);
    const publicMappings = await c.send(new GetBasePathMappingsCommand({ domainName: 'api.example.com' }));
    expect(publicMappings.items).toEqual([{ basePath: '(none)', restApiId: 'a2', stage: 'prod' }]);
  });

  it('serves access associations by owner and the account settings', async () => {
    const c = client(simulate(world()));
    const own = await c.send(new GetDomainNameAccessAssociationsCommand({ resourceOwner: 'SELF' }));
    expect(own.items?.map((a) => a.accessAssociationSource)).toEqual(['vpce-0aa', 'vpce-0bb', 'vpce-0cc']);
    const foreign = await c.send(new GetDomainNameAccessAssociationsCommand({ resourceOwner: 'OTHER_ACCOUNTS' }));
    expect(foreign.items?.map((a) => a.domainNameArn)).toEqual([PRIVATE_DOMAIN_ARN]);
    const account = await c.send(new GetAccountCommand({}));
    expect(account).toMatchObject({ cloudwatchRoleArn: 'arn:aws:iam::200000000002:role/apigw-logs', throttleSettings: { burstLimit: 5000, rateLimit: 10000 } });
  });

  it('answers an unknown API or private domain with NotFoundException (404)', async () => {
    const c = client(simulate(world()));
    const missing = c.send(new GetStagesCommand({ restApiId: 'nope' }));
    await expect(missing).rejects.toBeInstanceOf(NotFoundException);
    await expect(missing).rejects.toMatchObject({ name: 'NotFoundException', message: `Invalid API identifier specified ${MEMBER}:nope`, $metadata: { httpStatusCode: 404 } });
    await expect(c.send(new GetBasePathMappingsCommand({ domainName: 'private.example.com', domainNameId: 'wrong' }))).rejects.toMatchObject({
      name: 'NotFoundException',
      $metadata: { httpStatusCode: 404 },
    });
    // Without its id a private domain is not found either: its name alone does not identify it.
    await expect(c.send(new GetBasePathMappingsCommand({ domainName: 'private.example.com' }))).rejects.toBeInstanceOf(NotFoundException);
  });

  it('rejects a limit above 500 and a foreign position with BadRequestException', async () => {
    const c = client(simulate(world(), { pageSize: 2 }));
    await expect(c.send(new GetRestApisCommand({ limit: 501 }))).rejects.toBeInstanceOf(BadRequestException);
    const first = await c.send(new GetRestApisCommand({}));
    await expect(c.send(new GetAuthorizersCommand({ restApiId: 'a1', position: first.position }))).rejects.toMatchObject({ name: 'BadRequestException', $metadata: { httpStatusCode: 400 } });
  });

  it('is retried by the SDK when it throttles with 429 TooManyRequestsException', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const sim = simulate(world(), { quotas: { apigateway: { rate: 1, burst: 1 } }, clock: steppingClock(500) });
    const c = client(sim, 3);
    await c.send(new GetRestApisCommand({}));
    const out = await c.send(new GetRestApisCommand({}));
    expect(out.items).toHaveLength(3);
    expect(out.$metadata.attempts).toBe(2);
    expect(sim.metrics.throttled).toBe(1);
  });

  it('surfaces TooManyRequestsException (429) once retries are spent', async () => {
    const sim = simulate(world(), { faults: { throttlingStorm: { probability: 1 } } });
    const call = client(sim, 1).send(new GetRestApisCommand({}));
    await expect(call).rejects.toBeInstanceOf(TooManyRequestsException);
    await expect(call).rejects.toMatchObject({ $metadata: { httpStatusCode: 429 } });
  });

  it('names REST operations, so the GetResources quota and per-operation counts apply', async () => {
    const sim = simulate(world(), { quotas: { 'apigateway:GetResources': { rate: 0.001, burst: 1 } } });
    const c = client(sim);
    await c.send(new GetResourcesCommand({ restApiId: 'a1' }));
    await expect(c.send(new GetResourcesCommand({ restApiId: 'a2' }))).rejects.toBeInstanceOf(TooManyRequestsException);
    await c.send(new GetRestApisCommand({}));
    expect(sim.metrics.calls.get(`${MEMBER}|${REGION}|apigateway|GetResources`)).toBe(2);
    expect(sim.metrics.calls.get(`${MEMBER}|${REGION}|apigateway|GetRestApis`)).toBe(1);
  });
});

describe('simulated API Gateway v2', () => {
  it('lists VPC links over several pages with maxResults/nextToken', async () => {
    const c = new ApiGatewayV2Client(simClientConfig(simulate(world(), { pageSize: 2 }), MEMBER));
    const first = await c.send(new GetVpcLinksV2Command({ MaxResults: '500' }));
    expect(first.Items?.map((l) => l.VpcLinkId)).toEqual(['v2a', 'v2b']);
    expect(first.NextToken).toBeDefined();
    const second = await c.send(new GetVpcLinksV2Command({ MaxResults: '500', NextToken: first.NextToken }));
    expect(second.Items?.map((l) => l.VpcLinkId)).toEqual(['v2c']);
    expect(second.NextToken).toBeUndefined();
    expect(first.Items?.[0]).toMatchObject({ Name: 'http-a', VpcLinkStatus: 'AVAILABLE', SubnetIds: ['subnet-1', 'subnet-2'], Tags: { team: 'edge' } });
  });

  it('rejects a page size above 500 with BadRequestException', async () => {
    const c = new ApiGatewayV2Client(simClientConfig(simulate(world()), MEMBER));
    await expect(c.send(new GetVpcLinksV2Command({ MaxResults: '501' }))).rejects.toBeInstanceOf(BadRequestExceptionV2);
  });
});

function regionalContext(sim: SimulatedAws, service: Service): RegionalContext {
  const factory = new ClientFactory({ settings: { maxAttempts: 3, retryMode: 'standard', requestHandler: sim }, limiters: new RateLimiters(), stats: new CallStats() });
  const creds = sim.issueCredentials(MEMBER, 'collector');
  return {
    accountId: MEMBER,
    region: REGION,
    partition: 'aws',
    log: silentLogger,
    recorder: new CollectionRecorder(service, silentLogger),
    clients: factory.regionClients(MEMBER, REGION, async () => creds),
  };
}

describe('the API Gateway collectors against the simulation', () => {
  it('collect every REST API with its resources, stages and authorizers, links, domains and associations', async () => {
    const sim = simulate(world(), { pageSize: 2 });
    const ctx = regionalContext(sim, 'apigateway');
    const into = emptyRegional(MEMBER, REGION);
    await apigatewayCollector.collect(ctx, into);
    expect(ctx.recorder.errors).toEqual([]);
    expect(ctx.recorder.state).toBe('complete');

    expect(into.restApis.map((a) => a.id)).toEqual(['a1', 'a2', 'a3']);
    const a1 = into.restApis[0]!;
    expect(a1).toMatchObject({ policy: POLICY, endpointConfiguration: { types: ['PRIVATE'], vpcEndpointIds: ['vpce-0aa'] }, createdDate: CREATED.toISOString() });
    expect(a1.resources?.map((r) => r.path)).toEqual(['/', '/health', '/orders']);
    const get = a1.resources?.find((r) => r.path === '/orders')?.methods.find((m) => m.httpMethod === 'GET');
    expect(get).toMatchObject({ authorizationType: 'CUSTOM', authorizerId: 'au1', integration: { connectionType: 'VPC_LINK', connectionId: 'vl-1', insecureSkipVerification: true } });
    expect(a1.stages?.map((s) => [s.stageName, s.variables])).toEqual([['dev', {}], ['prod', { vpcLinkId: 'vl-1' }]]);
    expect(a1.authorizers?.map((a) => a.id)).toEqual(['au1', 'au2', 'au3']);
    expect(into.restApis[1]?.endpointConfiguration.types).toEqual(['REGIONAL']);

    expect(into.vpcLinksV1.map((l) => [l.id, l.status])).toEqual([['vl-1', 'AVAILABLE'], ['vl-2', 'FAILED'], ['vl-3', 'PENDING']]);
    expect(into.domainNames.map((d) => [d.domainName, d.resourceOwner])).toEqual([
      ['api.example.com', 'SELF'],
      ['private.example.com', 'SELF'],
      ['shared.example.com', 'OTHER_ACCOUNTS'],
    ]);
    const privateDomain = into.domainNames.find((d) => d.domainNameId === 'abc123');
    expect(privateDomain?.basePathMappings?.map((m) => m.basePath)).toEqual(['admin', 'billing', 'orders']);
    // The collector orders associations by ARN.
    expect(into.domainNameAccessAssociations.map((a) => [a.accessAssociationSource, a.resourceOwner])).toEqual([
      ['vpce-9ff', 'OTHER_ACCOUNTS'],
      ['vpce-0aa', 'SELF'],
      ['vpce-0bb', 'SELF'],
      ['vpce-0cc', 'SELF'],
    ]);
    expect(into.apiGatewayAccount?.cloudwatchRoleArn).toBe('arn:aws:iam::200000000002:role/apigw-logs');
  });

  it('mark the service partial when a per-API call is denied, keeping everything else', async () => {
    const sim = simulate(world(), { faults: { accessDenied: [{ accountId: MEMBER, service: 'apigateway', operation: 'GetAuthorizers' }] } });
    const ctx = regionalContext(sim, 'apigateway');
    const into = emptyRegional(MEMBER, REGION);
    await apigatewayCollector.collect(ctx, into);
    expect(ctx.recorder.state).toBe('partial');
    expect(ctx.recorder.errors.map((e) => [e.operation, e.code, e.resource]).sort()).toEqual([
      ['GetAuthorizers', 'AccessDeniedException', 'a1'],
      ['GetAuthorizers', 'AccessDeniedException', 'a2'],
      ['GetAuthorizers', 'AccessDeniedException', 'a3'],
    ]);
    expect(into.restApis[0]?.authorizers).toBeUndefined();
    expect(into.restApis[0]?.stages?.map((s) => s.stageName)).toEqual(['dev', 'prod']);
  });

  it('collect v2 VPC links', async () => {
    const sim = simulate(world(), { pageSize: 2 });
    const ctx = regionalContext(sim, 'apigatewayv2');
    const into = emptyRegional(MEMBER, REGION);
    await apigatewayv2Collector.collect(ctx, into);
    expect(ctx.recorder.state).toBe('complete');
    expect(into.vpcLinksV2.map((l) => [l.id, l.status, l.subnetIds])).toEqual([
      ['v2a', 'AVAILABLE', ['subnet-1', 'subnet-2']],
      ['v2b', 'FAILED', ['subnet-3']],
      ['v2c', 'PENDING', []],
    ]);
    expect(into.vpcLinksV2[0]?.securityGroupIds).toEqual(['sg-1']);
  });
});

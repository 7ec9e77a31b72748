import {
  APIGatewayClient,
  GetAccountCommand,
  GetAuthorizersCommand,
  GetBasePathMappingsCommand,
  GetDomainNameAccessAssociationsCommand,
  GetDomainNamesCommand,
  GetIntegrationCommand,
  GetMethodCommand,
  GetResourcesCommand,
  GetRestApisCommand,
  GetStagesCommand,
  GetVpcLinksCommand,
} from '@aws-sdk/client-api-gateway';
import type { DomainName as SdkDomainName, RestApi as SdkRestApi } from '@aws-sdk/client-api-gateway';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { apigatewayCollector } from '../../src/collectors/apigateway.js';
import { RegionalInventory, emptyRegional } from '../../src/model/inventory.js';
import { ACCOUNT, REGION, accessDenied, expectOnlyDeclaredCalls, regionalContext, throttled } from '../helpers/collector-context.js';

const apigw = mockClient(APIGatewayClient);

beforeEach(() => apigw.reset());

const GOV = { partition: 'aws-us-gov', region: 'us-gov-west-1' } as const;
const ALB_ARN = `arn:aws-us-gov:elasticloadbalancing:us-gov-west-1:${ACCOUNT}:loadbalancer/app/orders-internal/50dc6c495c0c9188`;
const CREATED = new Date('2025-03-01T12:00:00Z');
const UPDATED = new Date('2025-06-15T08:30:00Z');
const POLICY =
  '{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Principal\\":\\"*\\",\\"Action\\":\\"execute-api:Invoke\\",\\"Resource\\":\\"execute-api:/*\\"}]}';

const privateApi: SdkRestApi = {
  id: 'a1priv',
  name: 'orders-private',
  description: 'ignored',
  createdDate: CREATED,
  policy: POLICY,
  endpointConfiguration: { types: ['PRIVATE'], vpcEndpointIds: ['vpce-0123456789abcdef0'], ipAddressType: 'dualstack' },
  securityPolicy: 'SecurityPolicy_TLS13_1_2_2021_06',
  endpointAccessMode: 'STRICT',
  disableExecuteApiEndpoint: true,
  apiStatus: 'AVAILABLE',
  tags: { team: 'orders' },
};

const publicApi: SdkRestApi = { id: 'b2pub', name: 'edge-public', endpointConfiguration: { types: ['REGIONAL'] } };

/** Every listing answers; tests override single calls after this (later matchers win). */
function mockHappyPath(): void {
  apigw.on(GetRestApisCommand).resolves({ items: [privateApi], position: 'apis-2' });
  apigw.on(GetRestApisCommand, { position: 'apis-2' }).resolves({ items: [publicApi] });

  apigw.on(GetResourcesCommand, { restApiId: 'a1priv' }).resolves({
    items: [
      {
        id: 'res-items',
        parentId: 'res-root',
        pathPart: 'items',
        path: '/items',
        resourceMethods: {
          POST: {
            httpMethod: 'POST',
            authorizationType: 'AWS_IAM',
            apiKeyRequired: false,
            methodResponses: { '200': { statusCode: '200' } },
            methodIntegration: {
              type: 'HTTP_PROXY',
              httpMethod: 'POST',
              uri: 'https://orders.internal.example.com/items',
              connectionType: 'VPC_LINK',
              connectionId: '${stageVariables.vpcLinkId}',
              integrationTarget: ALB_ARN,
              tlsConfig: { insecureSkipVerification: true },
              timeoutInMillis: 29000,
              integrationResponses: { '200': { statusCode: '200' } },
            },
          },
          OPTIONS: {
            httpMethod: 'OPTIONS',
            authorizationType: 'NONE',
            methodIntegration: { type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } },
          },
          GET: {
            httpMethod: 'GET',
            authorizationType: 'CUSTOM',
            authorizerId: 'auth-lambda',
            apiKeyRequired: true,
          },
        },
      },
    ],
    position: 'res-2',
  });
  apigw.on(GetResourcesCommand, { restApiId: 'a1priv', position: 'res-2' }).resolves({
    items: [{ id: 'res-root', path: '/' }],
  });
  apigw.on(GetResourcesCommand, { restApiId: 'b2pub' }).resolves({
    items: [
      {
        id: 'root-b',
        path: '/',
        resourceMethods: {
          ANY: {
            httpMethod: 'ANY',
            authorizationType: 'NONE',
            methodIntegration: { type: 'HTTP_PROXY', uri: 'http://nlb.internal:8080/', connectionType: 'VPC_LINK', connectionId: 'vl1abc' },
          },
        },
      },
    ],
  });

  apigw.on(GetStagesCommand, { restApiId: 'a1priv' }).resolves({
    item: [
      {
        stageName: 'prod',
        deploymentId: 'dep-2',
        variables: { vpcLinkId: 'v2link' },
        methodSettings: {
          '*/*': {
            loggingLevel: 'INFO',
            dataTraceEnabled: false,
            metricsEnabled: true,
            cachingEnabled: true,
            cacheDataEncrypted: true,
            throttlingBurstLimit: 5000,
          },
        },
        accessLogSettings: { destinationArn: 'arn:aws-us-gov:logs:us-gov-west-1:111111111111:log-group:access', format: '$context.requestId' },
        tracingEnabled: true,
        webAclArn: 'arn:aws-us-gov:wafv2:us-gov-west-1:111111111111:regional/webacl/orders/1234',
        cacheClusterEnabled: true,
        createdDate: CREATED,
        lastUpdatedDate: UPDATED,
      },
      { stageName: 'dev', deploymentId: 'dep-1' },
    ],
  });
  apigw.on(GetStagesCommand, { restApiId: 'b2pub' }).resolves({ item: [{ stageName: 'live', deploymentId: 'dep-b' }] });

  apigw.on(GetAuthorizersCommand, { restApiId: 'a1priv' }).resolves({
    items: [{ id: 'auth-lambda', name: 'token-check', type: 'TOKEN', authorizerUri: 'arn:aws-us-gov:apigateway:us-gov-west-1:lambda:path/fn' }],
    position: 'auth-2',
  });
  apigw.on(GetAuthorizersCommand, { restApiId: 'a1priv', position: 'auth-2' }).resolves({
    items: [{ id: 'auth-cognito', name: 'users', type: 'COGNITO_USER_POOLS', providerARNs: ['arn:aws-us-gov:cognito-idp:us-gov-west-1:111111111111:userpool/pool'] }],
  });
  apigw.on(GetAuthorizersCommand, { restApiId: 'b2pub' }).resolves({ items: [] });

  apigw.on(GetVpcLinksCommand).resolves({
    items: [{ id: 'vl2zzz', name: 'nlb-link-b', status: 'FAILED', statusMessage: 'NLB not found', targetArns: [] }],
    position: 'links-2',
  });
  apigw.on(GetVpcLinksCommand, { position: 'links-2' }).resolves({
    items: [{ id: 'vl1abc', name: 'nlb-link-a', status: 'AVAILABLE', targetArns: ['arn:aws-us-gov:elasticloadbalancing:us-gov-west-1:111111111111:loadbalancer/net/nlb/1'], tags: { env: 'prod' } }],
  });

  apigw.on(GetDomainNamesCommand, { resourceOwner: 'SELF' }).resolves({ items: [publicDomain], position: 'dom-2' });
  apigw.on(GetDomainNamesCommand, { resourceOwner: 'SELF', position: 'dom-2' }).resolves({ items: [privateDomain] });
  apigw.on(GetDomainNamesCommand, { resourceOwner: 'OTHER_ACCOUNTS' }).resolves({ items: [sharedDomain] });

  apigw.on(GetBasePathMappingsCommand, { domainName: 'api.example.com' }).resolves({
    items: [{ basePath: 'v2', restApiId: 'b2pub', stage: 'live' }],
    position: 'bpm-2',
  });
  apigw.on(GetBasePathMappingsCommand, { domainName: 'api.example.com', position: 'bpm-2' }).resolves({
    items: [{ basePath: '(none)', restApiId: 'b2pub', stage: 'live' }],
  });
  apigw.on(GetBasePathMappingsCommand, { domainName: 'private.example.com', domainNameId: 'abcd1234' }).resolves({
    items: [{ basePath: 'orders', restApiId: 'a1priv', stage: 'prod' }],
  });

  apigw.on(GetDomainNameAccessAssociationsCommand, { resourceOwner: 'SELF' }).resolves({ items: [selfAssociation], position: 'assoc-2' });
  apigw.on(GetDomainNameAccessAssociationsCommand, { resourceOwner: 'SELF', position: 'assoc-2' }).resolves({ items: [selfAssociation2] });
  apigw.on(GetDomainNameAccessAssociationsCommand, { resourceOwner: 'OTHER_ACCOUNTS' }).resolves({ items: [foreignAssociation] });

  apigw.on(GetAccountCommand).resolves({ cloudwatchRoleArn: 'arn:aws-us-gov:iam::111111111111:role/apigw-logs', features: ['UsagePlans'] });
}

const PRIVATE_DOMAIN_ARN = `arn:aws-us-gov:apigateway:us-gov-west-1:${ACCOUNT}:/domainnames/private.example.com+abcd1234`;
const SHARED_DOMAIN_ARN = 'arn:aws-us-gov:apigateway:us-gov-west-1:222222222222:/domainnames/shared.example.org+zz99';

const publicDomain: SdkDomainName = {
  domainName: 'api.example.com',
  regionalDomainName: 'd-abc.execute-api.us-gov-west-1.amazonaws.com',
  regionalCertificateArn: 'arn:aws-us-gov:acm:us-gov-west-1:111111111111:certificate/regional',
  endpointConfiguration: { types: ['REGIONAL'] },
  domainNameStatus: 'AVAILABLE',
  securityPolicy: 'TLS_1_2',
};

const privateDomain: SdkDomainName = {
  domainName: 'private.example.com',
  domainNameId: 'abcd1234',
  domainNameArn: PRIVATE_DOMAIN_ARN,
  certificateArn: 'arn:aws-us-gov:acm:us-gov-west-1:111111111111:certificate/private',
  endpointConfiguration: { types: ['PRIVATE'] },
  domainNameStatus: 'AVAILABLE',
  domainNameStatusMessage: 'ready',
  securityPolicy: 'SecurityPolicy_TLS13_1_2_2021_06',
  endpointAccessMode: 'STRICT',
  policy: '{\\"Version\\":\\"2012-10-17\\"}',
  managementPolicy: '{\\"Statement\\":[]}',
  tags: { owner: 'platform' },
};

const sharedDomain: SdkDomainName = {
  domainName: 'shared.example.org',
  domainNameId: 'zz99',
  domainNameArn: SHARED_DOMAIN_ARN,
  endpointConfiguration: { types: ['PRIVATE'] },
  domainNameStatus: 'AVAILABLE',
};

const selfAssociation = {
  domainNameAccessAssociationArn: `arn:aws-us-gov:apigateway:us-gov-west-1:${ACCOUNT}:/domainnameaccessassociations/domainname/private.example.com+abcd1234/vpcesource/vpce-0aaa`,
  domainNameArn: PRIVATE_DOMAIN_ARN,
  accessAssociationSourceType: 'VPCE' as const,
  accessAssociationSource: 'vpce-0aaa',
  tags: { purpose: 'consumer' },
};
const selfAssociation2 = {
  ...selfAssociation,
  domainNameAccessAssociationArn: `arn:aws-us-gov:apigateway:us-gov-west-1:${ACCOUNT}:/domainnameaccessassociations/domainname/shared.example.org+zz99/vpcesource/vpce-0bbb`,
  domainNameArn: SHARED_DOMAIN_ARN,
  accessAssociationSource: 'vpce-0bbb',
  tags: undefined,
};
const foreignAssociation = {
  domainNameAccessAssociationArn: 'arn:aws-us-gov:apigateway:us-gov-west-1:333333333333:/domainnameaccessassociations/domainname/private.example.com+abcd1234/vpcesource/vpce-0ccc',
  domainNameArn: PRIVATE_DOMAIN_ARN,
  accessAssociationSourceType: 'VPCE' as const,
  accessAssociationSource: 'vpce-0ccc',
};

async function run(opts: Parameters<typeof regionalContext>[1] = GOV) {
  const ctx = regionalContext('apigateway', opts);
  const into = emptyRegional(ctx.accountId, ctx.region);
  await apigatewayCollector.collect(ctx, into);
  return { ctx, into };
}

const located = { accountId: ACCOUNT, region: 'us-gov-west-1' };

describe('apigatewayCollector', () => {
  it('maps REST APIs from every page with resources, methods, integrations, stages and authorizers', async () => {
    mockHappyPath();

    const { ctx, into } = await run();

    expect(ctx.recorder.errors).toEqual([]);
    expect(ctx.recorder.state).toBe('complete');
    expect(into.restApis.map((a) => a.id)).toEqual(['a1priv', 'b2pub']);
    expect(into.restApis[0]).toEqual({
      ...located,
      arn: 'arn:aws-us-gov:apigateway:us-gov-west-1::/restapis/a1priv',
      id: 'a1priv',
      name: 'orders-private',
      policy: POLICY,
      endpointConfiguration: { types: ['PRIVATE'], vpcEndpointIds: ['vpce-0123456789abcdef0'], ipAddressType: 'dualstack' },
      securityPolicy: 'SecurityPolicy_TLS13_1_2_2021_06',
      endpointAccessMode: 'STRICT',
      disableExecuteApiEndpoint: true,
      apiStatus: 'AVAILABLE',
      createdDate: '2025-03-01T12:00:00.000Z',
      tags: { team: 'orders' },
      resources: [
        { id: 'res-root', path: '/', methods: [] },
        {
          id: 'res-items',
          path: '/items',
          methods: [
            { httpMethod: 'GET', authorizationType: 'CUSTOM', authorizerId: 'auth-lambda', apiKeyRequired: true, integration: undefined },
            {
              httpMethod: 'OPTIONS',
              authorizationType: 'NONE',
              apiKeyRequired: false,
              integration: { type: 'MOCK' },
            },
            {
              httpMethod: 'POST',
              authorizationType: 'AWS_IAM',
              apiKeyRequired: false,
              integration: {
                type: 'HTTP_PROXY',
                uri: 'https://orders.internal.example.com/items',
                httpMethod: 'POST',
                connectionType: 'VPC_LINK',
                connectionId: '${stageVariables.vpcLinkId}',
                integrationTarget: ALB_ARN,
                insecureSkipVerification: true,
              },
            },
          ],
        },
      ],
      stages: [
        {
          ...located,
          arn: 'arn:aws-us-gov:apigateway:us-gov-west-1::/restapis/a1priv/stages/dev',
          restApiId: 'a1priv',
          stageName: 'dev',
          deploymentId: 'dep-1',
          variables: {},
          methodSettings: {},
          tracingEnabled: false,
          cacheClusterEnabled: false,
        },
        {
          ...located,
          arn: 'arn:aws-us-gov:apigateway:us-gov-west-1::/restapis/a1priv/stages/prod',
          restApiId: 'a1priv',
          stageName: 'prod',
          deploymentId: 'dep-2',
          variables: { vpcLinkId: 'v2link' },
          methodSettings: {
            '*/*': { loggingLevel: 'INFO', dataTraceEnabled: false, metricsEnabled: true, cachingEnabled: true, cacheDataEncrypted: true },
          },
          accessLogDestinationArn: 'arn:aws-us-gov:logs:us-gov-west-1:111111111111:log-group:access',
          tracingEnabled: true,
          webAclArn: 'arn:aws-us-gov:wafv2:us-gov-west-1:111111111111:regional/webacl/orders/1234',
          cacheClusterEnabled: true,
          createdDate: '2025-03-01T12:00:00.000Z',
          lastUpdatedDate: '2025-06-15T08:30:00.000Z',
        },
      ],
      authorizers: [
        { id: 'auth-cognito', name: 'users', type: 'COGNITO_USER_POOLS', providerArns: ['arn:aws-us-gov:cognito-idp:us-gov-west-1:111111111111:userpool/pool'] },
        { id: 'auth-lambda', name: 'token-check', type: 'TOKEN', providerArns: [], authorizerUri: 'arn:aws-us-gov:apigateway:us-gov-west-1:lambda:path/fn' },
      ],
    });
    // A public API is collected in full too: its VPC_LINK integration matters to AUTH-003.
    expect(into.restApis[1]).toEqual({
      ...located,
      arn: 'arn:aws-us-gov:apigateway:us-gov-west-1::/restapis/b2pub',
      id: 'b2pub',
      name: 'edge-public',
      endpointConfiguration: { types: ['REGIONAL'], vpcEndpointIds: [] },
      disableExecuteApiEndpoint: false,
      tags: {},
      resources: [
        {
          id: 'root-b',
          path: '/',
          methods: [
            {
              httpMethod: 'ANY',
              authorizationType: 'NONE',
              apiKeyRequired: false,
              integration: { type: 'HTTP_PROXY', uri: 'http://nlb.internal:8080/', connectionType: 'VPC_LINK', connectionId: 'vl1abc' },
            },
          ],
        },
      ],
      stages: [
        {
          ...located,
          arn: 'arn:aws-us-gov:apigateway:us-gov-west-1::/restapis/b2pub/stages/live',
          restApiId: 'b2pub',
          stageName: 'live',
          deploymentId: 'dep-b',
          variables: {},
          methodSettings: {},
          tracingEnabled: false,
          cacheClusterEnabled: false,
        },
      ],
      authorizers: [],
    });
  });

  it('follows every page token and sends only declared calls, never GetMethod or GetIntegration', async () => {
    mockHappyPath();

    await run();

    expect(apigw).toHaveReceivedCommandTimes(GetRestApisCommand, 2);
    expect(apigw).toHaveReceivedNthCommandWith(GetRestApisCommand, 2, { position: 'apis-2', limit: 500 });
    expect(apigw).toHaveReceivedCommandTimes(GetResourcesCommand, 3);
    expect(apigw).toHaveReceivedCommandWith(GetResourcesCommand, { restApiId: 'a1priv', position: 'res-2', embed: ['methods'], limit: 500 });
    expect(apigw).toHaveReceivedCommandWith(GetResourcesCommand, { restApiId: 'b2pub', embed: ['methods'], limit: 500 });
    expect(apigw).toHaveReceivedCommandTimes(GetStagesCommand, 2);
    expect(apigw).toHaveReceivedCommandTimes(GetAuthorizersCommand, 3);
    expect(apigw).toHaveReceivedCommandWith(GetAuthorizersCommand, { restApiId: 'a1priv', position: 'auth-2', limit: 500 });
    expect(apigw).toHaveReceivedCommandTimes(GetVpcLinksCommand, 2);
    expect(apigw).toHaveReceivedNthCommandWith(GetVpcLinksCommand, 2, { position: 'links-2', limit: 500 });
    expect(apigw).toHaveReceivedCommandTimes(GetDomainNamesCommand, 3);
    expect(apigw).toHaveReceivedCommandWith(GetDomainNamesCommand, { resourceOwner: 'SELF', position: 'dom-2', limit: 500 });
    expect(apigw).toHaveReceivedCommandWith(GetDomainNamesCommand, { resourceOwner: 'OTHER_ACCOUNTS', limit: 500 });
    expect(apigw).toHaveReceivedCommandTimes(GetBasePathMappingsCommand, 3);
    expect(apigw).toHaveReceivedCommandWith(GetBasePathMappingsCommand, { domainName: 'api.example.com', position: 'bpm-2', limit: 500 });
    expect(apigw).toHaveReceivedCommandWith(GetBasePathMappingsCommand, { domainName: 'private.example.com', domainNameId: 'abcd1234' });
    expect(apigw).not.toHaveReceivedCommandWith(GetBasePathMappingsCommand, { domainName: 'shared.example.org' });
    expect(apigw).toHaveReceivedCommandTimes(GetDomainNameAccessAssociationsCommand, 3);
    expect(apigw).toHaveReceivedCommandWith(GetDomainNameAccessAssociationsCommand, { resourceOwner: 'SELF', position: 'assoc-2', limit: 500 });
    expect(apigw).toHaveReceivedCommandOnce(GetAccountCommand);
    expect(apigw).not.toHaveReceivedCommand(GetMethodCommand);
    expect(apigw).not.toHaveReceivedCommand(GetIntegrationCommand);
    expectOnlyDeclaredCalls(apigatewayCollector.declares, apigw);
  });

  it('maps VPC links V1 from both pages and the account settings, into a schema-valid inventory', async () => {
    mockHappyPath();

    const { into } = await run();

    expect(RegionalInventory.parse(into)).toEqual(into);

    expect(into.vpcLinksV1).toEqual([
      {
        ...located,
        arn: 'arn:aws-us-gov:apigateway:us-gov-west-1::/vpclinks/vl1abc',
        id: 'vl1abc',
        name: 'nlb-link-a',
        status: 'AVAILABLE',
        targetArns: ['arn:aws-us-gov:elasticloadbalancing:us-gov-west-1:111111111111:loadbalancer/net/nlb/1'],
        tags: { env: 'prod' },
      },
      {
        ...located,
        arn: 'arn:aws-us-gov:apigateway:us-gov-west-1::/vpclinks/vl2zzz',
        id: 'vl2zzz',
        name: 'nlb-link-b',
        status: 'FAILED',
        statusMessage: 'NLB not found',
        targetArns: [],
        tags: {},
      },
    ]);
    expect(into.apiGatewayAccount).toEqual({ ...located, cloudwatchRoleArn: 'arn:aws-us-gov:iam::111111111111:role/apigw-logs' });
  });

  it('maps domain names of both owners, with base path mappings for owned ones only', async () => {
    mockHappyPath();

    const { into } = await run();

    expect(into.domainNames).toEqual([
      {
        ...located,
        arn: 'arn:aws-us-gov:apigateway:us-gov-west-1::/domainnames/api.example.com',
        domainName: 'api.example.com',
        resourceOwner: 'SELF',
        endpointTypes: ['REGIONAL'],
        status: 'AVAILABLE',
        certificateArn: 'arn:aws-us-gov:acm:us-gov-west-1:111111111111:certificate/regional',
        securityPolicy: 'TLS_1_2',
        tags: {},
        basePathMappings: [
          { basePath: '(none)', restApiId: 'b2pub', stage: 'live' },
          { basePath: 'v2', restApiId: 'b2pub', stage: 'live' },
        ],
      },
      {
        ...located,
        arn: PRIVATE_DOMAIN_ARN,
        domainName: 'private.example.com',
        domainNameId: 'abcd1234',
        resourceOwner: 'SELF',
        endpointTypes: ['PRIVATE'],
        status: 'AVAILABLE',
        statusMessage: 'ready',
        certificateArn: 'arn:aws-us-gov:acm:us-gov-west-1:111111111111:certificate/private',
        securityPolicy: 'SecurityPolicy_TLS13_1_2_2021_06',
        endpointAccessMode: 'STRICT',
        policy: '{\\"Version\\":\\"2012-10-17\\"}',
        managementPolicy: '{\\"Statement\\":[]}',
        tags: { owner: 'platform' },
        basePathMappings: [{ basePath: 'orders', restApiId: 'a1priv', stage: 'prod' }],
      },
      {
        ...located,
        arn: SHARED_DOMAIN_ARN,
        domainName: 'shared.example.org',
        domainNameId: 'zz99',
        resourceOwner: 'OTHER_ACCOUNTS',
        endpointTypes: ['PRIVATE'],
        status: 'AVAILABLE',
        tags: {},
      },
    ]);
    expect(into.domainNames[2]).not.toHaveProperty('basePathMappings');
  });

  it('maps domain name access associations of both owners from every page', async () => {
    mockHappyPath();

    const { into } = await run();

    expect(into.domainNameAccessAssociations).toEqual([
      {
        ...located,
        arn: selfAssociation.domainNameAccessAssociationArn,
        domainNameArn: PRIVATE_DOMAIN_ARN,
        accessAssociationSourceType: 'VPCE',
        accessAssociationSource: 'vpce-0aaa',
        resourceOwner: 'SELF',
        tags: { purpose: 'consumer' },
      },
      {
        ...located,
        arn: selfAssociation2.domainNameAccessAssociationArn,
        domainNameArn: SHARED_DOMAIN_ARN,
        accessAssociationSourceType: 'VPCE',
        accessAssociationSource: 'vpce-0bbb',
        resourceOwner: 'SELF',
        tags: {},
      },
      {
        ...located,
        arn: foreignAssociation.domainNameAccessAssociationArn,
        domainNameArn: PRIVATE_DOMAIN_ARN,
        accessAssociationSourceType: 'VPCE',
        accessAssociationSource: 'vpce-0ccc',
        resourceOwner: 'OTHER_ACCOUNTS',
        tags: {},
      },
    ]);
  });

  it('records empty listings as complete and empty', async () => {
    apigw.on(GetRestApisCommand).resolves({ items: [] });
    apigw.on(GetVpcLinksCommand).resolves({});
    apigw.on(GetDomainNamesCommand).resolves({ items: [] });
    apigw.on(GetDomainNameAccessAssociationsCommand).resolves({});
    apigw.on(GetAccountCommand).resolves({});

    const { ctx, into } = await run({});

    expect(ctx.recorder.state).toBe('complete');
    expect(into.restApis).toEqual([]);
    expect(into.vpcLinksV1).toEqual([]);
    expect(into.domainNames).toEqual([]);
    expect(into.domainNameAccessAssociations).toEqual([]);
    expect(into.apiGatewayAccount).toEqual({ accountId: ACCOUNT, region: REGION, cloudwatchRoleArn: undefined });
    expect(apigw).not.toHaveReceivedCommand(GetResourcesCommand);
    expect(apigw).not.toHaveReceivedCommand(GetBasePathMappingsCommand);
  });

  it.each([
    ['AccessDeniedException', accessDenied()],
    ['ThrottlingException', throttled()],
  ])('fails the service when GetRestApis fails (%s), fabricating no APIs', async (code, err) => {
    mockHappyPath();
    apigw.on(GetRestApisCommand).rejects(err);

    const { ctx, into } = await run();

    expect(ctx.recorder.state).toBe('failed');
    expect(ctx.recorder.errors).toEqual([{ operation: 'GetRestApis', code, message: err.message }]);
    expect(into.restApis).toEqual([]);
    expect(apigw).not.toHaveReceivedCommand(GetResourcesCommand);
    expect(apigw).not.toHaveReceivedCommand(GetStagesCommand);
    expect(apigw).not.toHaveReceivedCommand(GetAuthorizersCommand);
    // Independent listings still run, so the snapshot shows what could be read.
    expect(into.vpcLinksV1).toHaveLength(2);
    expect(into.domainNames).toHaveLength(3);
  });

  it('fails the service when GetRestApis fails on a later page, keeping no APIs from earlier pages', async () => {
    mockHappyPath();
    apigw.on(GetRestApisCommand, { position: 'apis-2' }).rejects(accessDenied());

    const { ctx, into } = await run();

    expect(ctx.recorder.state).toBe('failed');
    expect(into.restApis).toEqual([]);
  });

  it('marks only the API whose GetStages was denied, keeping the other API intact', async () => {
    mockHappyPath();
    apigw.on(GetStagesCommand, { restApiId: 'b2pub' }).rejects(accessDenied('not allowed on b2pub'));

    const { ctx, into } = await run();

    expect(ctx.recorder.state).toBe('partial');
    expect(ctx.recorder.errors).toEqual([{ operation: 'GetStages', code: 'AccessDeniedException', message: 'not allowed on b2pub', resource: 'b2pub' }]);
    const [priv, pub] = into.restApis;
    expect(pub?.stages).toBeUndefined();
    expect(pub?.resources).toHaveLength(1);
    expect(pub?.authorizers).toEqual([]);
    expect(priv?.stages?.map((s) => s.stageName)).toEqual(['dev', 'prod']);
    expect(priv?.resources).toHaveLength(2);
  });

  it.each([
    ['GetResources', GetResourcesCommand, 'resources'],
    ['GetAuthorizers', GetAuthorizersCommand, 'authorizers'],
  ] as const)('leaves %s undefined for the API it failed on, on a later page too', async (operation, command, field) => {
    mockHappyPath();
    apigw.on(command, { restApiId: 'a1priv', position: operation === 'GetResources' ? 'res-2' : 'auth-2' }).rejects(accessDenied());

    const { ctx, into } = await run();

    expect(ctx.recorder.state).toBe('partial');
    expect(ctx.recorder.errors).toEqual([expect.objectContaining({ operation, code: 'AccessDeniedException', resource: 'a1priv' })]);
    expect(into.restApis[0]?.[field]).toBeUndefined();
    expect(into.restApis[0]?.stages).toHaveLength(2);
    expect(into.restApis[1]?.[field]).toBeDefined();
  });

  it('records a GetVpcLinks failure as an error, keeps the APIs, and leaves the links empty', async () => {
    mockHappyPath();
    apigw.on(GetVpcLinksCommand).rejects(accessDenied());

    const { ctx, into } = await run();

    expect(ctx.recorder.state).toBe('partial');
    expect(ctx.recorder.errors).toEqual([expect.objectContaining({ operation: 'GetVpcLinks', code: 'AccessDeniedException' })]);
    expect(into.vpcLinksV1).toEqual([]);
    expect(into.restApis).toHaveLength(2);
  });

  it('records a failed domain name listing for one owner and keeps the other owner\'s domains', async () => {
    mockHappyPath();
    apigw.on(GetDomainNamesCommand, { resourceOwner: 'OTHER_ACCOUNTS' }).rejects(accessDenied());

    const { ctx, into } = await run();

    expect(ctx.recorder.state).toBe('partial');
    expect(ctx.recorder.errors).toEqual([
      expect.objectContaining({ operation: 'GetDomainNames', code: 'AccessDeniedException', resource: 'resourceOwner=OTHER_ACCOUNTS' }),
    ]);
    expect(into.domainNames.map((d) => d.domainName)).toEqual(['api.example.com', 'private.example.com']);
  });

  it('leaves base path mappings undefined for the domain they failed on, naming it by name and id', async () => {
    mockHappyPath();
    apigw.on(GetBasePathMappingsCommand, { domainName: 'private.example.com', domainNameId: 'abcd1234' }).rejects(accessDenied());

    const { ctx, into } = await run();

    expect(ctx.recorder.state).toBe('partial');
    expect(ctx.recorder.errors).toEqual([
      expect.objectContaining({ operation: 'GetBasePathMappings', code: 'AccessDeniedException', resource: 'private.example.com+abcd1234' }),
    ]);
    const byName = new Map(into.domainNames.map((d) => [d.domainName, d]));
    expect(byName.get('private.example.com')?.basePathMappings).toBeUndefined();
    expect(byName.get('api.example.com')?.basePathMappings).toHaveLength(2);
  });

  it('records failed access association and account reads without failing the service', async () => {
    mockHappyPath();
    apigw.on(GetDomainNameAccessAssociationsCommand, { resourceOwner: 'SELF' }).rejects(accessDenied());
    apigw.on(GetAccountCommand).rejects(accessDenied());

    const { ctx, into } = await run();

    expect(ctx.recorder.state).toBe('partial');
    expect(ctx.recorder.errors).toEqual([
      expect.objectContaining({ operation: 'GetDomainNameAccessAssociations', resource: 'resourceOwner=SELF' }),
      expect.objectContaining({ operation: 'GetAccount', code: 'AccessDeniedException' }),
    ]);
    expect(into.domainNameAccessAssociations.map((a) => a.resourceOwner)).toEqual(['OTHER_ACCOUNTS']);
    expect(into.apiGatewayAccount).toBeUndefined();
    expect(into.restApis).toHaveLength(2);
  });

  it('withholds a shared domain, a mapping and an association missing their identifying fields, recording each listing partial', async () => {
    mockHappyPath();
    const { domainName: _name, ...namelessDomain } = sharedDomain;
    const { accessAssociationSource: _source, ...sourcelessAssociation } = foreignAssociation;
    apigw.on(GetDomainNamesCommand, { resourceOwner: 'OTHER_ACCOUNTS' }).resolves({ items: [namelessDomain] });
    apigw.on(GetBasePathMappingsCommand, { domainName: 'private.example.com', domainNameId: 'abcd1234' }).resolves({ items: [{ basePath: 'orders', stage: 'prod' }] });
    apigw.on(GetDomainNameAccessAssociationsCommand, { resourceOwner: 'OTHER_ACCOUNTS' }).resolves({ items: [sourcelessAssociation] });

    const { ctx, into } = await run();

    // Dropped silently, each would read as "no such domain, mapping or association" and resolve findings.
    expect(ctx.recorder.state).toBe('partial');
    expect(ctx.recorder.errors).toEqual([
      expect.objectContaining({ operation: 'GetDomainNames', code: 'MalformedResponse', message: expect.stringContaining('domain name #1 (resourceOwner=OTHER_ACCOUNTS) without domainName') }),
      expect.objectContaining({ operation: 'GetBasePathMappings', code: 'MalformedResponse', resource: 'private.example.com+abcd1234', message: expect.stringContaining('base path mapping orders without restApiId') }),
      expect.objectContaining({ operation: 'GetDomainNameAccessAssociations', code: 'MalformedResponse', message: expect.stringContaining('without accessAssociationSource') }),
    ]);
    expect(into.domainNames.map((d) => d.domainName)).toEqual(['api.example.com', 'private.example.com']);
    expect(into.domainNames.find((d) => d.domainName === 'private.example.com')?.basePathMappings).toBeUndefined();
    expect(into.domainNameAccessAssociations.map((a) => a.resourceOwner)).toEqual(['SELF', 'SELF']);
  });

  it('stops an authorizer listing that repeats its page token instead of looping', async () => {
    mockHappyPath();
    apigw.on(GetAuthorizersCommand, { restApiId: 'a1priv', position: 'auth-2' }).resolves({ items: [], position: 'auth-2' });

    const { ctx, into } = await run();

    expect(ctx.recorder.errors).toEqual([expect.objectContaining({ operation: 'GetAuthorizers', code: 'PaginationLoop', resource: 'a1priv' })]);
    expect(into.restApis[0]?.authorizers).toBeUndefined();
  });
});

describe('apigatewayCollector with malformed responses', () => {
  it('withholds an API without an id or of an endpoint type the SDK does not know: read as not PRIVATE, its findings would resolve', async () => {
    // GIVEN GetRestApis with one API lacking its id and one of an unknown endpoint type
    mockHappyPath();
    apigw.on(GetRestApisCommand, { position: 'apis-2' }).resolves({
      items: [publicApi, { ...publicApi, id: undefined, name: 'no-id' }, { ...privateApi, id: 'c3new', endpointConfiguration: { types: ['PRIVATE_FUTURE' as 'PRIVATE'] } }],
    });

    // WHEN the collector runs
    const { ctx, into } = await run();

    // THEN the readable APIs stay, and the listing failed naming the others
    expect(into.restApis.map((a) => a.id)).toEqual(['a1priv', 'b2pub']);
    expect(ctx.recorder.state).toBe('failed');
    expect(ctx.recorder.errors).toContainEqual({
      operation: 'GetRestApis',
      code: 'MalformedResponse',
      message: 'GetRestApis returned 2 item(s) privapi cannot read: REST API #3 without id; REST API c3new with endpointConfiguration.types "PRIVATE_FUTURE", which privapi does not know',
    });
  });

  it('a VPC link in a status the SDK does not know is left out and GetVpcLinks recorded, so links read as unknown rather than healthy', async () => {
    // GIVEN a VPC link whose status is not one of AVAILABLE, PENDING, DELETING, FAILED
    mockHappyPath();
    apigw.on(GetVpcLinksCommand).resolves({ items: [{ id: 'vl-future', name: 'next', status: 'FUTURE' as 'AVAILABLE', targetArns: [] }] });

    // WHEN the collector runs
    const { ctx, into } = await run();

    // THEN no link is stored and the partial collection names the status
    expect(into.vpcLinksV1).toEqual([]);
    expect(ctx.recorder.state).toBe('partial');
    expect(ctx.recorder.errors).toContainEqual(expect.objectContaining({ operation: 'GetVpcLinks', code: 'MalformedResponse', message: expect.stringContaining('VPC link vl-future with status "FUTURE"') }));
  });
});

import {
  EndpointType,
  GetAccountCommand,
  GetAuthorizersCommand,
  GetDomainNameAccessAssociationsCommand,
  GetStagesCommand,
  paginateGetBasePathMappings,
  paginateGetDomainNames,
  paginateGetResources,
  paginateGetRestApis,
  paginateGetVpcLinks,
  VpcLinkStatus,
} from '@aws-sdk/client-api-gateway';
import type {
  APIGatewayClient,
  Authorizer as SdkAuthorizer,
  DomainName as SdkDomainName,
  DomainNameAccessAssociation as SdkAssociation,
  Integration as SdkIntegration,
  Method as SdkMethod,
  MethodSetting as SdkMethodSetting,
  Resource as SdkResource,
  RestApi as SdkRestApi,
  Stage as SdkStage,
  VpcLink as SdkVpcLink,
} from '@aws-sdk/client-api-gateway';
import { mapLimited } from '../aws/concurrency.js';
import { loopGuarded, paginate } from '../aws/paginate.js';
import { arns } from '../model/arn.js';
import type {
  ApiResource,
  Authorizer,
  DomainName,
  DomainNameAccessAssociation,
  Integration,
  Method,
  MethodSetting,
  RestApi,
  Stage,
  VpcLinkV1,
} from '../model/inventory.js';
import type { RegionalCollector, RegionalContext } from './contract.js';
import { allItems, byKey, known, present, readAll } from './listing.js';

/** The documented maximum page size of every API Gateway v1 listing used here. */
const PAGE_SIZE = 500;
const OWNERS = ['SELF', 'OTHER_ACCOUNTS'] as const;
type Owner = (typeof OWNERS)[number];

export const apigatewayCollector: RegionalCollector = {
  service: 'apigateway',
  declares: [
    { operation: 'GetRestApis', action: 'apigateway:GET', resources: ['arn:${Partition}:apigateway:*::/restapis'] },
    { operation: 'GetResources', action: 'apigateway:GET', resources: ['arn:${Partition}:apigateway:*::/restapis/*/resources'] },
    { operation: 'GetStages', action: 'apigateway:GET', resources: ['arn:${Partition}:apigateway:*::/restapis/*/stages'] },
    { operation: 'GetAuthorizers', action: 'apigateway:GET', resources: ['arn:${Partition}:apigateway:*::/restapis/*/authorizers'] },
    { operation: 'GetVpcLinks', action: 'apigateway:GET', resources: ['arn:${Partition}:apigateway:*::/vpclinks'] },
    { operation: 'GetDomainNames', action: 'apigateway:GET', resources: ['arn:${Partition}:apigateway:*::/domainnames'] },
    // The authorization reference gives private mappings as ::/domainnames/{name}+{id}/basepathmappings
    // (empty account field, like public ones), so this one pattern covers both kinds.
    { operation: 'GetBasePathMappings', action: 'apigateway:GET', resources: ['arn:${Partition}:apigateway:*::/domainnames/*/basepathmappings'] },
    {
      operation: 'GetDomainNameAccessAssociations',
      action: 'apigateway:GET',
      resources: ['arn:${Partition}:apigateway:*:*:/domainnameaccessassociations'],
    },
    { operation: 'GetAccount', action: 'apigateway:GET', resources: ['arn:${Partition}:apigateway:*::/account'] },
  ],
  async collect(ctx, into) {
    const client = ctx.clients.apigateway();
    const apis = await listRestApis(ctx, client);
    if (apis !== undefined) into.restApis = await mapLimited(apis, 4, (api) => withApiDetails(ctx, client, api));
    into.vpcLinksV1 = await listVpcLinks(ctx, client);
    into.domainNames = await listDomainNames(ctx, client);
    into.domainNameAccessAssociations = await listAccessAssociations(ctx, client);
    const account = await ctx.recorder.attempt('GetAccount', undefined, () => client.send(new GetAccountCommand({})));
    if (account !== undefined) into.apiGatewayAccount = { accountId: ctx.accountId, region: ctx.region, cloudwatchRoleArn: account.cloudwatchRoleArn };
  },
};

// ---------- REST APIs ----------

async function listRestApis(ctx: RegionalContext, client: APIGatewayClient): Promise<RestApi[] | undefined> {
  const raw = await ctx.recorder.primary('GetRestApis', () =>
    allItems(loopGuarded('GetRestApis', paginateGetRestApis({ client, pageSize: PAGE_SIZE }, {}), (page) => page.position), (page) => page.items),
  );
  return raw && ctx.recorder.readItems('GetRestApis', raw, (api, i) => toRestApi(ctx, api, i), 'primary').sort(byKey((a) => a.id));
}

function toRestApi(ctx: RegionalContext, api: SdkRestApi, index: number): RestApi {
  const id = present(api.id, `REST API #${index + 1}`, 'id');
  return {
    accountId: ctx.accountId,
    region: ctx.region,
    arn: arns.restApi(ctx.partition, ctx.region, id),
    id,
    name: api.name ?? '',
    policy: api.policy,
    endpointConfiguration: {
      // Whether the API is private decides which checks apply to it at all.
      types: (api.endpointConfiguration?.types ?? []).map((type) => known(type, EndpointType, `REST API ${id}`, 'endpointConfiguration.types')),
      vpcEndpointIds: api.endpointConfiguration?.vpcEndpointIds ?? [],
      ipAddressType: api.endpointConfiguration?.ipAddressType,
    },
    securityPolicy: api.securityPolicy,
    endpointAccessMode: api.endpointAccessMode,
    disableExecuteApiEndpoint: api.disableExecuteApiEndpoint ?? false,
    apiStatus: api.apiStatus,
    createdDate: api.createdDate?.toISOString(),
    tags: api.tags ?? {},
  };
}

/** Public APIs too: a public API with a VPC_LINK integration exposes a private backend. */
async function withApiDetails(ctx: RegionalContext, client: APIGatewayClient, api: RestApi): Promise<RestApi> {
  const resources = await ctx.recorder.attempt('GetResources', api.id, () => listResources(client, api.id));
  const stages = await ctx.recorder.attempt('GetStages', api.id, () => listStages(ctx, client, api.id));
  const authorizers = await ctx.recorder.attempt('GetAuthorizers', api.id, () => listAuthorizers(client, api.id));
  return { ...api, resources, stages, authorizers };
}

/** embed=methods returns each method with its integration, so no GetMethod/GetIntegration per method. */
async function listResources(client: APIGatewayClient, restApiId: string): Promise<ApiResource[]> {
  const raw = await allItems(
    loopGuarded('GetResources', paginateGetResources({ client, pageSize: PAGE_SIZE }, { restApiId, embed: ['methods'] }), (page) => page.position),
    (page) => page.items,
  );
  return readAll('GetResources', raw, (r, i) => toResource(r, present(r.id, `resource #${i + 1} of REST API ${restApiId}`, 'id'))).sort(byKey((r) => r.path));
}

function toResource(resource: SdkResource, id: string): ApiResource {
  const methods = Object.entries(resource.resourceMethods ?? {}).map(([verb, method]) => toMethod(verb, method));
  return { id, path: resource.path ?? '', methods: methods.sort(byKey((m) => m.httpMethod)) };
}

function toMethod(verb: string, method: SdkMethod): Method {
  return {
    httpMethod: method.httpMethod ?? verb,
    // PutMethod requires authorizationType, so an absent one cannot be read as NONE or as protected.
    authorizationType: method.authorizationType ?? 'UNKNOWN',
    authorizerId: method.authorizerId,
    apiKeyRequired: method.apiKeyRequired ?? false,
    integration: method.methodIntegration && toIntegration(method.methodIntegration),
  };
}

function toIntegration(integration: SdkIntegration): Integration {
  return {
    type: integration.type ?? 'UNKNOWN',
    uri: integration.uri,
    httpMethod: integration.httpMethod,
    connectionType: integration.connectionType,
    connectionId: integration.connectionId,
    integrationTarget: integration.integrationTarget,
    insecureSkipVerification: integration.tlsConfig?.insecureSkipVerification,
  };
}

async function listStages(ctx: RegionalContext, client: APIGatewayClient, restApiId: string): Promise<Stage[]> {
  const out = await client.send(new GetStagesCommand({ restApiId }));
  return readAll('GetStages', out.item ?? [], (s, i) => toStage(ctx, restApiId, s, present(s.stageName, `stage #${i + 1} of REST API ${restApiId}`, 'stageName'))).sort(
    byKey((s) => s.stageName),
  );
}

function toStage(ctx: RegionalContext, restApiId: string, stage: SdkStage, stageName: string): Stage {
  return {
    accountId: ctx.accountId,
    region: ctx.region,
    arn: arns.stage(ctx.partition, ctx.region, restApiId, stageName),
    restApiId,
    stageName,
    deploymentId: stage.deploymentId,
    variables: stage.variables ?? {},
    methodSettings: Object.fromEntries(Object.entries(stage.methodSettings ?? {}).map(([key, s]) => [key, toMethodSetting(s)])),
    accessLogDestinationArn: stage.accessLogSettings?.destinationArn,
    tracingEnabled: stage.tracingEnabled ?? false,
    webAclArn: stage.webAclArn,
    cacheClusterEnabled: stage.cacheClusterEnabled ?? false,
    createdDate: stage.createdDate?.toISOString(),
    lastUpdatedDate: stage.lastUpdatedDate?.toISOString(),
  };
}

function toMethodSetting(s: SdkMethodSetting): MethodSetting {
  return {
    loggingLevel: s.loggingLevel,
    dataTraceEnabled: s.dataTraceEnabled,
    metricsEnabled: s.metricsEnabled,
    cachingEnabled: s.cachingEnabled,
    cacheDataEncrypted: s.cacheDataEncrypted,
  };
}

async function listAuthorizers(client: APIGatewayClient, restApiId: string): Promise<Authorizer[]> {
  const raw = await allItems(
    paginate(
      'GetAuthorizers',
      (position) => client.send(new GetAuthorizersCommand({ restApiId, limit: PAGE_SIZE, position })),
      (page) => page.position,
    ),
    (page) => page.items,
  );
  return readAll('GetAuthorizers', raw, (a, i) => toAuthorizer(a, present(a.id, `authorizer #${i + 1} of REST API ${restApiId}`, 'id'))).sort(byKey((a) => a.id));
}

function toAuthorizer(a: SdkAuthorizer, id: string): Authorizer {
  return { id, name: a.name ?? '', type: a.type ?? 'UNKNOWN', providerArns: a.providerARNs ?? [], authorizerUri: a.authorizerUri };
}

// ---------- VPC links (v1) ----------

/** Not a failure of the service: the APIs stand without links, and the recorded error tells checks the list is unknown. */
async function listVpcLinks(ctx: RegionalContext, client: APIGatewayClient): Promise<VpcLinkV1[]> {
  const raw = await ctx.recorder.attempt('GetVpcLinks', undefined, () =>
    allItems(loopGuarded('GetVpcLinks', paginateGetVpcLinks({ client, pageSize: PAGE_SIZE }, {}), (page) => page.position), (page) => page.items),
  );
  return ctx.recorder.readItems('GetVpcLinks', raw ?? [], (l, i) => toVpcLink(ctx, l, i), 'secondary').sort(byKey((l) => l.id));
}

function toVpcLink(ctx: RegionalContext, link: SdkVpcLink, index: number): VpcLinkV1 {
  const id = present(link.id, `VPC link #${index + 1}`, 'id');
  return {
    accountId: ctx.accountId,
    region: ctx.region,
    arn: arns.vpcLink(ctx.partition, ctx.region, id),
    id,
    name: link.name ?? '',
    // An absent status is not evidence of a healthy link, so it must not read as AVAILABLE.
    status: known(link.status, VpcLinkStatus, `VPC link ${id}`, 'status') ?? 'UNKNOWN',
    statusMessage: link.statusMessage,
    targetArns: link.targetArns ?? [],
    tags: link.tags ?? {},
  };
}

// ---------- Custom domain names ----------

async function listDomainNames(ctx: RegionalContext, client: APIGatewayClient): Promise<DomainName[]> {
  const domains: DomainName[] = [];
  for (const owner of OWNERS) {
    const raw = await ctx.recorder.attempt('GetDomainNames', `resourceOwner=${owner}`, () =>
      allItems(loopGuarded('GetDomainNames', paginateGetDomainNames({ client, pageSize: PAGE_SIZE }, { resourceOwner: owner }), (page) => page.position), (page) => page.items),
    );
    if (raw) domains.push(...ctx.recorder.readItems('GetDomainNames', raw, (d, i) => toDomainName(ctx, d, present(d.domainName, `domain name #${i + 1} (resourceOwner=${owner})`, 'domainName'), owner), 'secondary'));
  }
  // Only the owner can list mappings; a shared domain's mappings belong to the other account.
  const withMappings = await mapLimited(domains, 4, async (d) =>
    d.resourceOwner === 'SELF' ? { ...d, basePathMappings: await listBasePathMappings(ctx, client, d) } : d,
  );
  return withMappings.sort(byKey((d) => `${d.domainName}\0${d.domainNameId ?? ''}\0${d.resourceOwner}`));
}

function toDomainName(ctx: RegionalContext, d: SdkDomainName, domainName: string, owner: Owner): DomainName {
  return {
    accountId: ctx.accountId,
    region: ctx.region,
    arn: d.domainNameArn ?? arns.domainName(ctx.partition, ctx.region, domainName),
    domainName,
    domainNameId: d.domainNameId,
    resourceOwner: owner,
    endpointTypes: d.endpointConfiguration?.types ?? [],
    status: d.domainNameStatus,
    statusMessage: d.domainNameStatusMessage,
    certificateArn: d.certificateArn ?? d.regionalCertificateArn,
    securityPolicy: d.securityPolicy,
    endpointAccessMode: d.endpointAccessMode,
    policy: d.policy,
    managementPolicy: d.managementPolicy,
    tags: d.tags ?? {},
  };
}

async function listBasePathMappings(ctx: RegionalContext, client: APIGatewayClient, d: DomainName): Promise<DomainName['basePathMappings']> {
  // A private domain's name is not unique on its own; name+id is how API Gateway identifies it.
  const resource = d.domainNameId === undefined ? d.domainName : `${d.domainName}+${d.domainNameId}`;
  const input = d.domainNameId === undefined ? { domainName: d.domainName } : { domainName: d.domainName, domainNameId: d.domainNameId };
  // A mapping without its API leaves the domain's mappings unread, as a failed call does: part of them would read as "not mapped".
  const mappings = await ctx.recorder.attempt('GetBasePathMappings', resource, async () =>
    readAll(
      'GetBasePathMappings',
      await allItems(loopGuarded('GetBasePathMappings', paginateGetBasePathMappings({ client, pageSize: PAGE_SIZE }, input), (page) => page.position), (page) => page.items),
      // API Gateway spells the empty base path "(none)"; an absent one means the same.
      (m) => ({ basePath: m.basePath ?? '(none)', restApiId: present(m.restApiId, `base path mapping ${m.basePath ?? '(none)'}`, 'restApiId'), stage: m.stage }),
    ),
  );
  return mappings?.sort(byKey((m) => m.basePath));
}

async function listAccessAssociations(ctx: RegionalContext, client: APIGatewayClient): Promise<DomainNameAccessAssociation[]> {
  const associations: DomainNameAccessAssociation[] = [];
  for (const owner of OWNERS) {
    const raw = await ctx.recorder.attempt('GetDomainNameAccessAssociations', `resourceOwner=${owner}`, () =>
      allItems(
        paginate(
          'GetDomainNameAccessAssociations',
          (position) => client.send(new GetDomainNameAccessAssociationsCommand({ resourceOwner: owner, limit: PAGE_SIZE, position })),
          (page) => page.position,
        ),
        (page) => page.items,
      ),
    );
    if (raw) associations.push(...ctx.recorder.readItems('GetDomainNameAccessAssociations', raw, (a, i) => toAssociation(ctx, a, i, owner), 'secondary'));
  }
  return associations.sort(byKey((a) => a.arn));
}

function toAssociation(ctx: RegionalContext, a: SdkAssociation, index: number, owner: Owner): DomainNameAccessAssociation {
  const arn = present(a.domainNameAccessAssociationArn, `domain name access association #${index + 1} (resourceOwner=${owner})`, 'domainNameAccessAssociationArn');
  return {
    accountId: ctx.accountId,
    region: ctx.region,
    arn,
    domainNameArn: present(a.domainNameArn, `domain name access association ${arn}`, 'domainNameArn'),
    accessAssociationSourceType: a.accessAssociationSourceType ?? 'UNKNOWN',
    accessAssociationSource: present(a.accessAssociationSource, `domain name access association ${arn}`, 'accessAssociationSource'),
    resourceOwner: owner,
    tags: a.tags ?? {},
  };
}

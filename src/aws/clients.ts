import { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { Route53Client } from '@aws-sdk/client-route-53';
import { Route53ResolverClient } from '@aws-sdk/client-route53resolver';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { SFNClient } from '@aws-sdk/client-sfn';
import { STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentityProvider, FinalizeRequestMiddleware, HttpHandlerOptions, MiddlewareStack, RequestHandler } from '@smithy/types';
import type { HttpRequest, HttpResponse } from '@smithy/protocol-http';
import type { GlobalClients, RegionClients } from '../collectors/contract.js';
import type { Partition } from '../model/inventory.js';
import type { CallStats } from './call-stats.js';
import { CALLER_EXPIRED_HINT, isRoleCredentialProvider } from './credentials.js';
import { classifyError } from './errors.js';
import type { LimitedService, RateLimiters } from './rate-limit.js';

/**
 * Settings shared by every client privapi creates. `requestHandler` and `endpoint` exist for the
 * simulated organization; against AWS they stay unset and the SDK's own configuration chain
 * (AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_<SERVICE>, profiles, AWS_MAX_ATTEMPTS) applies.
 */
export interface ClientSettings {
  maxAttempts: number;
  retryMode: 'adaptive' | 'standard';
  /** Resolved once per run (see resolveSharedConfig) instead of by every client. */
  useFipsEndpoint?: boolean;
  useDualstackEndpoint?: boolean;
  requestHandler?: RequestHandler<HttpRequest, HttpResponse, HttpHandlerOptions>;
}

export interface ClientContext {
  settings: ClientSettings;
  limiters: RateLimiters;
  stats: CallStats;
}

export interface Destroyable {
  destroy(): void;
}

// The SDK's clients share this much shape; keeping it structural avoids a union of 8 classes.
interface AnyClient {
  destroy(): void;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each client types its stack by its own input/output unions
  middlewareStack: MiddlewareStack<any, any>;
}

/**
 * Paces and counts every attempt. Added in finalizeRequest at low priority, i.e. inside the
 * retry middleware, so each retry waits for a token too and throttled attempts are counted.
 */
export function instrument<T extends AnyClient>(client: T, service: LimitedService, accountId: string, region: string, ctx: ClientContext): T {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const operation = operationName(context.commandName);
      await ctx.limiters.acquire(service, operation, accountId, region);
      try {
        const out = await next(args);
        ctx.stats.attempt(service, operation, accountId, region);
        return out;
      } catch (err) {
        ctx.stats.attempt(service, operation, accountId, region, err);
        throw err;
      }
    },
    { step: 'finalizeRequest', priority: 'low', name: 'privapiRateLimit', override: true },
  );
  client.middlewareStack.add(
    (next, context) => async (args) => {
      try {
        return await next(args);
      } catch (err) {
        ctx.stats.failure(service, operationName(context.commandName), accountId, region);
        throw err;
      }
    },
    { step: 'initialize', priority: 'high', name: 'privapiCallOutcome', override: true },
  );
  return client;
}

/**
 * A call refused for expired credentials before their Expiration is repeated once, with the role
 * assumed again. It runs just before signing: inside the SDK's retry loop, and before the signer
 * reads the client's memoized credentials, which expire() has marked expired so the SDK asks the
 * broker again. Calls with the caller's own credentials cannot be helped that way; their error says so.
 */
export function renewExpiredCredentials<T extends AnyClient>(client: T, credentials: AwsCredentialIdentityProvider): T {
  const role = isRoleCredentialProvider(credentials) ? credentials : undefined;
  const renew: FinalizeRequestMiddleware<object, object> = (next) => async (args) => {
    const used = await role?.();
    try {
      return await next(args);
    } catch (err) {
      if (classifyError(err).kind !== 'expired-credentials') throw err;
      if (!role || !used) {
        if (err instanceof Error) err.message += CALLER_EXPIRED_HINT;
        throw err;
      }
      role.expire(used);
      return next(args);
    }
  };
  client.middlewareStack.addRelativeTo(renew, { relation: 'before', toMiddleware: 'httpSigningMiddleware', name: 'privapiRenewExpiredCredentials', override: true });
  return client;
}

function operationName(commandName: unknown): string {
  return String(commandName ?? 'Unknown').replace(/Command$/, '');
}

/** The region Route 53's global endpoint is signed for, per partition. */
export function globalRegionOf(partition: Partition): string {
  switch (partition) {
    case 'aws-cn': return 'cn-northwest-1';
    case 'aws-us-gov': return 'us-gov-west-1';
    case 'aws-iso': return 'us-iso-east-1';
    case 'aws-iso-b': return 'us-isob-east-1';
    case 'aws-iso-e': return 'eu-isoe-west-1';
    case 'aws-iso-f': return 'us-isof-south-1';
    case 'aws-eusc': return 'eusc-de-east-1';
    case 'aws': return 'us-east-1';
  }
}

export class ClientFactory {
  constructor(private readonly ctx: ClientContext) {}

  private config(region: string, credentials?: AwsCredentialIdentityProvider) {
    const { maxAttempts, retryMode, requestHandler, useFipsEndpoint, useDualstackEndpoint } = this.ctx.settings;
    return {
      region,
      maxAttempts,
      retryMode,
      ...(useFipsEndpoint === undefined ? {} : { useFipsEndpoint }),
      ...(useDualstackEndpoint === undefined ? {} : { useDualstackEndpoint }),
      ...(credentials ? { credentials } : {}),
      ...(requestHandler ? { requestHandler } : {}),
    };
  }

  /**
   * One account-region's clients, built on first use. `destroy` closes their sockets once the
   * region is collected: a run over hundreds of accounts would otherwise keep every account's
   * keep-alive connections open, against Lambda's 1,024 file descriptors.
   */
  regionClients(accountId: string, region: string, credentials: AwsCredentialIdentityProvider): RegionClients & Destroyable {
    const built: AnyClient[] = [];
    const make = <T extends AnyClient>(service: LimitedService, build: () => T) =>
      lazy(() => tracked(built, instrument(renewExpiredCredentials(build(), credentials), service, accountId, region, this.ctx)));
    const cfg = this.config(region, credentials);
    return {
      apigateway: make('apigateway', () => new APIGatewayClient(cfg)),
      apigatewayv2: make('apigateway', () => new ApiGatewayV2Client(cfg)),
      ec2: make('ec2', () => new EC2Client(cfg)),
      elbv2: make('elbv2', () => new ElasticLoadBalancingV2Client(cfg)),
      route53resolver: make('route53resolver', () => new Route53ResolverClient(cfg)),
      destroy: () => destroyAll(built),
    };
  }

  globalClients(accountId: string, partition: Partition, credentials: AwsCredentialIdentityProvider): GlobalClients & Destroyable {
    const region = globalRegionOf(partition);
    const built: AnyClient[] = [];
    return {
      route53: lazy(() => tracked(built, instrument(renewExpiredCredentials(new Route53Client(this.config(region, credentials)), credentials), 'route53', accountId, 'global', this.ctx))),
      destroy: () => destroyAll(built),
    };
  }

  ec2(accountId: string, region: string, credentials: AwsCredentialIdentityProvider): EC2Client {
    return instrument(renewExpiredCredentials(new EC2Client(this.config(region, credentials)), credentials), 'ec2', accountId, region, this.ctx);
  }

  /** Findings are imported from the account they belong to, with that account's credentials. */
  securityHub(accountId: string, region: string, credentials: AwsCredentialIdentityProvider): SecurityHubClient {
    return instrument(renewExpiredCredentials(new SecurityHubClient(this.config(region, credentials)), credentials), 'securityhub', accountId, region, this.ctx);
  }

  /**
   * The findings table lives in the hub account and is written with the caller's own credentials.
   * The simulated organization serves no DynamoDB, so its transport is not used here: the SDK's
   * own endpoint chain (AWS_ENDPOINT_URL_DYNAMODB included) decides where the table is.
   */
  dynamodb(region: string, credentials?: AwsCredentialIdentityProvider): DynamoDBClient {
    const { requestHandler: _simulation, ...config } = this.config(region, credentials);
    return new DynamoDBClient(config);
  }

  /** The hub's bucket of fan-out inventory parts, with the hub's own credentials. */
  s3(region: string, credentials?: AwsCredentialIdentityProvider): S3Client {
    return new S3Client(this.config(region, credentials));
  }

  /** `privapi invoke`: the deployed scheduled function, with the caller's credentials. */
  lambda(region: string, credentials?: AwsCredentialIdentityProvider): LambdaClient {
    return new LambdaClient(this.config(region, credentials));
  }

  /** The hub's state machine, with the hub's own credentials. */
  stepFunctions(region: string, credentials?: AwsCredentialIdentityProvider): SFNClient {
    return new SFNClient(this.config(region, credentials));
  }

  /** STS and Organizations run with the caller's own (base) credentials. */
  sts(region: string, credentials?: AwsCredentialIdentityProvider, accountId = 'caller'): STSClient {
    return instrument(new STSClient(this.config(region, credentials)), 'sts', accountId, region, this.ctx);
  }

  organizations(region: string, credentials?: AwsCredentialIdentityProvider, accountId = 'caller'): OrganizationsClient {
    return instrument(new OrganizationsClient(this.config(region, credentials)), 'organizations', accountId, region, this.ctx);
  }
}

function tracked<T extends AnyClient>(built: AnyClient[], client: T): T {
  built.push(client);
  return client;
}

function destroyAll(clients: AnyClient[]): void {
  for (const c of clients.splice(0)) c.destroy();
}

function lazy<T>(build: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= build());
}

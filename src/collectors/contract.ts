import type { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import type { ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Route53Client } from '@aws-sdk/client-route-53';
import type { Route53ResolverClient } from '@aws-sdk/client-route53resolver';
import type { Logger } from 'pino';
import { classifyError } from '../aws/errors.js';
import type { CollectionError, CollectionState, GlobalInventory, Partition, RegionalInventory, Service } from '../model/inventory.js';
import { MALFORMED_RESPONSE, mapReadable } from './listing.js';

/**
 * One SDK operation a collector may send, and the IAM action (with resources where the action
 * supports resource-level permissions) it needs. The member role's policy is generated from these.
 */
export interface DeclaredCall {
  /** The SDK command name without the "Command" suffix, e.g. "GetRestApis". */
  operation: string;
  action: string;
  /** Resource ARN patterns; `${Partition}` is replaced when the policy is rendered. Default "*". */
  resources?: readonly string[];
}

export interface RegionClients {
  apigateway(): APIGatewayClient;
  apigatewayv2(): ApiGatewayV2Client;
  ec2(): EC2Client;
  elbv2(): ElasticLoadBalancingV2Client;
  route53resolver(): Route53ResolverClient;
}

export interface GlobalClients {
  route53(): Route53Client;
}

/** Records what went wrong while collecting one service in one account/region. */
export class CollectionRecorder {
  readonly errors: CollectionError[] = [];
  private failed = false;

  constructor(readonly service: Service, private readonly log: Logger) {}

  /** The service's primary listing failed: nothing it would have produced can be trusted. */
  fail(operation: string, err: unknown, resource?: string): void {
    this.failed = true;
    this.record(operation, err, resource);
  }

  /** Runs a primary listing; on failure marks the service failed and returns undefined, never an empty list. */
  async primary<T>(operation: string, call: () => Promise<T>): Promise<T | undefined> {
    try {
      return await call();
    } catch (err) {
      this.fail(operation, err);
      return undefined;
    }
  }

  /** A secondary call failed: the rest of the service's data stands, marked partial. */
  error(operation: string, err: unknown, resource?: string): void {
    this.record(operation, err, resource);
  }

  /** Runs a secondary call; on failure records it and returns undefined so collection goes on. */
  async attempt<T>(operation: string, resource: string | undefined, call: () => Promise<T>): Promise<T | undefined> {
    try {
      return await call();
    } catch (err) {
      this.error(operation, err, resource);
      return undefined;
    }
  }

  /**
   * The listing's items that can be read; the others are left out and recorded as one error of the
   * listing (the service failed for a primary listing), since left out silently their findings
   * would resolve as if the resources were gone.
   */
  readItems<T, R>(operation: string, items: readonly T[], map: (item: T, index: number) => R, listing: 'primary' | 'secondary'): R[] {
    const { mapped, malformed } = mapReadable(operation, items, map);
    if (malformed && listing === 'primary') this.fail(operation, malformed);
    else if (malformed) this.error(operation, malformed);
    return mapped;
  }

  get state(): CollectionState {
    if (this.failed) return 'failed';
    return this.errors.length > 0 ? 'partial' : 'complete';
  }

  private record(operation: string, err: unknown, resource?: string): void {
    const { code, message } = describe(err);
    this.errors.push(resource === undefined ? { operation, code, message } : { operation, code, message, resource });
    this.log.warn({ service: this.service, operation, code, resource }, `${this.service} ${operation} failed: ${code}`);
  }
}

/**
 * The SDK reports a 2xx answer it could not parse as a plain Error or SyntaxError carrying that
 * status; named so, the cause is plain in the snapshot.
 */
function describe(err: unknown): { code: string; message: string } {
  const classified = classifyError(err);
  const status = (err as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
  return status !== undefined && status >= 200 && status < 300 ? { code: MALFORMED_RESPONSE, message: classified.message } : classified;
}

interface BaseContext {
  accountId: string;
  partition: Partition;
  log: Logger;
  recorder: CollectionRecorder;
}

export interface RegionalContext extends BaseContext {
  region: string;
  clients: RegionClients;
}

export interface GlobalContext extends BaseContext {
  clients: GlobalClients;
}

/**
 * A regional collector fills its part of the region's inventory. Collectors run in the order of
 * the registry, so a later one may read what an earlier one stored (e.g. EC2 reads the security
 * groups load balancers reference). A thrown error marks the service failed.
 */
export interface RegionalCollector {
  service: Service;
  declares: readonly DeclaredCall[];
  collect(ctx: RegionalContext, into: RegionalInventory): Promise<void>;
}

export interface GlobalCollector {
  service: Service;
  declares: readonly DeclaredCall[];
  collect(ctx: GlobalContext, into: GlobalInventory): Promise<void>;
}

import { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { Route53Client } from '@aws-sdk/client-route-53';
import { Route53ResolverClient } from '@aws-sdk/client-route53resolver';
import type { AwsStub } from 'aws-sdk-client-mock';
import type { MetadataBearer } from '@smithy/types';
import pino from 'pino';
import { expect } from 'vitest';
import type { DeclaredCall, GlobalContext, RegionalContext } from '../../src/collectors/contract.js';
import { CollectionRecorder } from '../../src/collectors/contract.js';
import type { Partition, Service } from '../../src/model/inventory.js';

export const ACCOUNT = '111111111111';
export const REGION = 'us-east-1';
const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };
export const silentLogger = pino({ level: 'silent' });

/** A context whose clients are real SDK clients; tests intercept them with mockClient(Class). */
export function regionalContext(service: Service, opts: { partition?: Partition; region?: string } = {}): RegionalContext {
  const region = opts.region ?? REGION;
  const config = { region, credentials, maxAttempts: 1 };
  return {
    accountId: ACCOUNT,
    region,
    partition: opts.partition ?? 'aws',
    log: silentLogger,
    recorder: new CollectionRecorder(service, silentLogger),
    clients: {
      apigateway: () => new APIGatewayClient(config),
      apigatewayv2: () => new ApiGatewayV2Client(config),
      ec2: () => new EC2Client(config),
      elbv2: () => new ElasticLoadBalancingV2Client(config),
      route53resolver: () => new Route53ResolverClient(config),
    },
  };
}

export function globalContext(service: Service, opts: { partition?: Partition } = {}): GlobalContext {
  return {
    accountId: ACCOUNT,
    partition: opts.partition ?? 'aws',
    log: silentLogger,
    recorder: new CollectionRecorder(service, silentLogger),
    clients: { route53: () => new Route53Client({ region: 'us-east-1', credentials, maxAttempts: 1 }) },
  };
}

/** Fails if any mocked client received a command its collector did not declare. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- stubs of different clients share no type
export function expectOnlyDeclaredCalls(declares: readonly DeclaredCall[], ...mocks: AwsStub<any, MetadataBearer, any>[]): void {
  const declared = new Set(declares.map((d) => `${d.operation}Command`));
  const sent = mocks.flatMap((m) => m.calls().map((c) => (c.args[0] as object).constructor.name));
  expect(sent.length).toBeGreaterThan(0);
  expect(sent.filter((name) => !declared.has(name))).toEqual([]);
}

export function accessDenied(message = 'User is not authorized to perform this operation'): Error {
  return Object.assign(new Error(message), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } });
}

export function throttled(name = 'ThrottlingException'): Error {
  return Object.assign(new Error('Rate exceeded'), { name, $metadata: { httpStatusCode: 400 } });
}

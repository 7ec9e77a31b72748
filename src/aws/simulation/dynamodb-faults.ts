import { Readable } from 'node:stream';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { HttpRequest, HttpResponse } from '@smithy/protocol-http';
import { DEFAULT_RETRY } from '../environment.js';
import { mulberry32 } from './random.js';

/**
 * Faults of the findings table, injected between the SDK and a real DynamoDB implementation
 * (dynalite): the SDK deserializes them and its retry strategy and privapi's store react as they
 * would to DynamoDB's own answers. dynalite does not check signatures, so a request body changed
 * after signing (for UnprocessedItems) is still served.
 */
export interface DynamoDbFaultPlan {
  /** A share (0..1) of requests answered ProvisionedThroughputExceededException, of some operations or all. */
  throttle?: { probability: number; operations?: readonly string[] };
  /** BatchWriteItem writes only the first part of each request (at least one item) and returns the rest, this share of it (0..1), as UnprocessedItems. */
  unprocessedShare?: number;
}

export interface DynamoDbFaultCounts {
  throttled: number;
  /** Items returned as UnprocessedItems. */
  unprocessed: number;
}

/**
 * A client for a DynamoDB endpoint whose answers the plan degrades, retrying as privapi's own
 * clients do (DEFAULT_RETRY); `counts` tallies what was injected.
 */
export function faultyDynamoDbClient(endpoint: string, plan: DynamoDbFaultPlan, seed = 1): { client: DynamoDBClient; counts: DynamoDbFaultCounts } {
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, ...DEFAULT_RETRY });
  const counts: DynamoDbFaultCounts = { throttled: 0, unprocessed: 0 };
  const random = mulberry32(seed);
  client.middlewareStack.add(
    (next) => async (args) => {
      const request = args.request;
      if (!HttpRequest.isInstance(request)) return next(args);
      const operation = String(request.headers['x-amz-target'] ?? '').split('.').pop() ?? '';
      const throttle = plan.throttle;
      if (throttle && (!throttle.operations || throttle.operations.includes(operation)) && random() < throttle.probability) {
        counts.throttled++;
        return { response: jsonResponse(400, { __type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException', message: 'The level of configured provisioned throughput for the table was exceeded.' }) };
      }
      if (operation !== 'BatchWriteItem' || !plan.unprocessedShare) return next(args);
      const body = JSON.parse(typeof request.body === 'string' ? request.body : new TextDecoder().decode(request.body as Uint8Array)) as { RequestItems: Record<string, unknown[]> };
      const kept: Record<string, unknown[]> = {};
      const returned: Record<string, unknown[]> = {};
      for (const [table, items] of Object.entries(body.RequestItems)) {
        // DynamoDB always makes some progress on a batch; a fault that wrote nothing would be an outage, not UnprocessedItems.
        const keep = Math.max(1, Math.floor(items.length * (1 - plan.unprocessedShare)));
        kept[table] = items.slice(0, keep);
        if (items.length > keep) returned[table] = items.slice(keep);
      }
      counts.unprocessed += Object.values(returned).reduce((n, items) => n + items.length, 0);
      const text = JSON.stringify({ ...body, RequestItems: kept });
      const forwarded = new HttpRequest({ ...request, body: text, headers: { ...request.headers, 'content-length': String(Buffer.byteLength(text)) } });
      const out = await next({ ...args, request: forwarded });
      const response = (out as { response: HttpResponse }).response;
      if (response.statusCode !== 200) return out;
      const answer = JSON.parse(await readBody(response)) as { UnprocessedItems?: Record<string, unknown[]> };
      const merged = { ...answer.UnprocessedItems };
      for (const [table, items] of Object.entries(returned)) merged[table] = [...(merged[table] ?? []), ...items];
      return { ...out, response: jsonResponse(200, { ...answer, UnprocessedItems: merged }) };
    },
    // Between the deserializer and the transport: the SDK parses the injected answer as DynamoDB's own.
    { step: 'deserialize', priority: 'low', name: 'simulatedDynamoDbFaults' },
  );
  return { client, counts };
}

function jsonResponse(statusCode: number, body: unknown): HttpResponse {
  const bytes = Buffer.from(JSON.stringify(body), 'utf8');
  return new HttpResponse({ statusCode, headers: { 'content-type': 'application/x-amz-json-1.0', 'content-length': String(bytes.length) }, body: Readable.from([bytes]) });
}

async function readBody(response: HttpResponse): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of response.body as AsyncIterable<Buffer | string>) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

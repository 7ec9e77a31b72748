import { JsonShapeSerializer, XmlShapeSerializer } from '@aws-sdk/core/protocols';
import type { HttpRequest } from '@smithy/protocol-http';

/**
 * The wire side of the simulated AWS: parses what the SDK sends and writes responses the way each
 * AWS protocol does. Output bodies are written by the SDK's own shape serializers from the
 * operation's published schema, so member names, list wrappers and timestamp formats are the
 * ones the real clients parse, not a hand-written imitation of them.
 */

export type Protocol = 'ec2Query' | 'awsQuery' | 'restXml' | 'restJson' | 'json1_1';

export interface ProtocolSpec {
  protocol: Protocol;
  xmlNamespace?: string;
  /** The SDK client module (its `<Operation>$` exports are the operation schemas); absent for clients without schemas. */
  schemas?: Readonly<Record<string, unknown>>;
  /** restXml errors as a bare `<Error>` root, as S3 writes them (Smithy's `noErrorWrapping` trait), not inside `<ErrorResponse>`. */
  noErrorWrapping?: boolean;
}

/** An AWS error as the service would return it. */
export class SimError extends Error {
  constructor(readonly code: string, readonly status: number, message: string) {
    super(message);
    this.name = code;
  }
}

export interface SimRequest {
  accountId: string;
  region: string;
  accessKeyId: string;
  /** From Action= (query protocols), X-Amz-Target (JSON RPC) or, for REST, the operation whose http trait matches method and path. */
  operation: string | undefined;
  method: string;
  path: string;
  query: Readonly<Record<string, string | string[] | null>>;
  /** Decoded form fields of a query-protocol request. */
  form: ReadonlyMap<string, string>;
  /** The parsed body of a JSON RPC or REST-JSON request. */
  json: Record<string, unknown>;
  /** The request's host name (S3 reads the bucket from it under virtual-hosted addressing). */
  hostname: string;
  /** The request's headers, names lower-cased. */
  headers: Readonly<Record<string, string>>;
  /** The raw request body (S3 object bodies are bytes, not a document). */
  body: Uint8Array;
}

export interface WireResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string | Uint8Array;
}

/** The request body as bytes, reading a stream body (the SDK sends a streaming PutObject body as one). */
export async function bodyBytes(request: HttpRequest): Promise<Uint8Array> {
  const body: unknown = request.body;
  if (body === undefined || body === null) return new Uint8Array();
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  if (typeof body === 'object' && Symbol.asyncIterator in body) {
    const chunks: Buffer[] = [];
    for await (const chunk of body as AsyncIterable<unknown>) {
      if (typeof chunk === 'string') chunks.push(Buffer.from(chunk, 'utf8'));
      else if (chunk instanceof Uint8Array) chunks.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      else throw new SimError('SerializationException', 400, 'the simulation only accepts string or byte chunks in a streaming request body');
    }
    return Buffer.concat(chunks);
  }
  throw new SimError('SerializationException', 400, 'the simulation only accepts string, byte or stream request bodies');
}

export function bodyText(request: HttpRequest): string {
  const body: unknown = request.body;
  if (body === undefined || body === null) return '';
  if (typeof body === 'string') return body;
  // Through the underlying buffer: the SDK's JSON bodies are Uint8Array subclasses whose valueOf() (which Buffer.from(view) calls) warns.
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
  throw new SimError('SerializationException', 400, 'the simulation only accepts string or byte request bodies');
}

export function parseForm(text: string): Map<string, string> {
  return new Map(new URLSearchParams(text).entries());
}

export function parseJson(text: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  try {
    const value: unknown = JSON.parse(text);
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through to the error AWS gives for an unreadable body
  }
  throw new SimError('SerializationException', 400, 'request body is not a JSON object');
}

/** Query-protocol list members: `Prefix.1`, `Prefix.2`… (EC2) or `Prefix.member.1`… (other query services). */
export function formList(form: ReadonlyMap<string, string>, prefix: string): string[] {
  const out: Array<[number, string]> = [];
  const pattern = new RegExp(`^${escapeRegExp(prefix)}\\.(?:member\\.)?(\\d+)$`);
  for (const [key, value] of form) {
    const m = pattern.exec(key);
    if (m) out.push([Number(m[1]), value]);
  }
  return out.sort((a, b) => a[0] - b[0]).map(([, v]) => v);
}

/** EC2 `Filter.N.Name` / `Filter.N.Value.M` as a name → values map. */
export function formFilters(form: ReadonlyMap<string, string>): Map<string, string[]> {
  const filters = new Map<string, string[]>();
  for (const [key, name] of form) {
    const m = /^Filter\.(\d+)\.Name$/.exec(key);
    if (m) filters.set(name, formList(form, `Filter.${m[1]}.Value`));
  }
  return filters;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

interface RestRoute {
  operation: string;
  method: string;
  path: RegExp;
  /** Literal query parameters of the pattern, e.g. `?mode=import`. */
  query: Array<[string, string]>;
  labels: number;
}

const restRoutes = new WeakMap<object, RestRoute[]>();

function routesOf(schemas: Readonly<Record<string, unknown>>): RestRoute[] {
  let routes = restRoutes.get(schemas);
  if (routes) return routes;
  routes = [];
  for (const [key, op] of Object.entries(schemas)) {
    const http: unknown = Array.isArray(op) && op[0] === 9 ? (op[3] as { http?: unknown } | null)?.http : undefined;
    if (!key.endsWith('$') || !Array.isArray(http)) continue;
    const [pattern = '', literals = ''] = String(http[1]).split('?');
    const path = pattern.split('/').map((seg) => (/^\{.+\+\}$/.test(seg) ? '.+' : /^\{.+\}$/.test(seg) ? '[^/]+' : escapeRegExp(seg))).join('/');
    const query = [...new URLSearchParams(literals).entries()];
    routes.push({ operation: key.slice(0, -1), method: String(http[0]), path: new RegExp(`^${path}/?$`), query, labels: (pattern.match(/\{/g) ?? []).length });
  }
  // The more specific pattern wins: query literals (`?mode=import`), then literal segments over labels.
  routes.sort((a, b) => b.query.length - a.query.length || a.labels - b.labels);
  restRoutes.set(schemas, routes);
  return routes;
}

/** The REST operation a request is for, from the SDK's published http traits (undefined without schemas). */
export function restOperation(spec: ProtocolSpec, method: string, path: string, query: SimRequest['query']): string | undefined {
  if (!spec.schemas) return undefined;
  // A literal must be present: S3's `?acl` (empty value) must not match a request without it.
  const hasLiteral = ([k, v]: [string, string]) => {
    if (!Object.hasOwn(query, k)) return false;
    const actual = query[k];
    return Array.isArray(actual) ? actual.includes(v) : (actual ?? '') === v;
  };
  return routesOf(spec.schemas).find((r) => r.method === method && r.path.test(path) && r.query.every(hasLiteral))?.operation;
}

const TIMESTAMP_DATE_TIME = 5;
const TIMESTAMP_EPOCH_SECONDS = 7;

function outputSchemaOf(spec: ProtocolSpec, operation: string): unknown {
  const op = spec.schemas?.[`${operation}$`];
  if (!Array.isArray(op)) return undefined;
  const output: unknown = op[5];
  return typeof output === 'function' ? (output as () => unknown)() : output;
}

export function serializeOutput(spec: ProtocolSpec, operation: string, output: object, requestId: string): WireResponse {
  const schema = outputSchemaOf(spec, operation);
  switch (spec.protocol) {
    case 'restJson':
    case 'json1_1': {
      const contentType = spec.protocol === 'restJson' ? 'application/json' : 'application/x-amz-json-1.1';
      return { statusCode: 200, headers: { 'content-type': contentType, 'x-amzn-requestid': requestId }, body: jsonBody(schema, output) };
    }
    case 'restXml':
    case 'awsQuery':
    case 'ec2Query': {
      if (schema === undefined) throw new Error(`no output schema for ${operation}`);
      const serializer = new XmlShapeSerializer({ serializeEmptyLists: true, timestampFormat: { useTrait: true, default: TIMESTAMP_DATE_TIME } } as never);
      serializer.write(schema as never, output);
      const inner = stripRoot(String(serializer.flush()));
      const ns = spec.xmlNamespace ? ` xmlns="${spec.xmlNamespace}"` : '';
      // restXml: the output's xmlName trait names the root when it has one (S3's ListBucketResult).
      const root = xmlNameOf(schema) ?? `${operation}Response`;
      const body =
        spec.protocol === 'ec2Query'
          ? `<${operation}Response${ns}><requestId>${requestId}</requestId>${inner}</${operation}Response>`
          : spec.protocol === 'awsQuery'
            ? `<${operation}Response${ns}><${operation}Result>${inner}</${operation}Result><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${operation}Response>`
            : `<?xml version="1.0" encoding="UTF-8"?>\n<${root}${ns}>${inner}</${root}>`;
      return { statusCode: 200, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId }, body };
    }
  }
}

function xmlNameOf(schema: unknown): string | undefined {
  const traits: unknown = Array.isArray(schema) ? schema[3] : undefined;
  const name: unknown = traits !== null && typeof traits === 'object' ? (traits as { xmlName?: unknown }).xmlName : undefined;
  return typeof name === 'string' ? name : undefined;
}

function jsonBody(schema: unknown, output: object): string {
  if (schema === undefined) return JSON.stringify(output, (_k, v: unknown) => (v instanceof Date ? v.getTime() / 1000 : v));
  const serializer = new JsonShapeSerializer({ timestampFormat: { useTrait: true, default: TIMESTAMP_EPOCH_SECONDS }, jsonName: true });
  serializer.write(schema as never, output);
  return serializer.flush();
}

/** The serializer writes the output structure as one element; the protocols want its children. */
function stripRoot(xml: string): string {
  const open = /^<[^>]*?(\/)?>/.exec(xml);
  if (!open) return xml;
  if (open[1]) return '';
  return xml.slice(open[0].length, xml.lastIndexOf('</'));
}

function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function serializeError(spec: ProtocolSpec, err: SimError, requestId: string): WireResponse {
  const message = xmlEscape(err.message);
  const type = err.status >= 500 ? 'Receiver' : 'Sender';
  switch (spec.protocol) {
    case 'ec2Query':
      return {
        statusCode: err.status,
        headers: { 'content-type': 'text/xml' },
        body: `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${err.code}</Code><Message>${message}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`,
      };
    case 'restXml':
    case 'awsQuery':
      if (spec.noErrorWrapping) {
        return {
          statusCode: err.status,
          headers: { 'content-type': 'application/xml', 'x-amz-request-id': requestId },
          body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${err.code}</Code><Message>${message}</Message><RequestId>${requestId}</RequestId></Error>`,
        };
      }
      return {
        statusCode: err.status,
        headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
        body: `<ErrorResponse${spec.xmlNamespace ? ` xmlns="${spec.xmlNamespace}"` : ''}><Error><Type>${type}</Type><Code>${err.code}</Code><Message>${message}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
      };
    case 'restJson':
      return {
        statusCode: err.status,
        headers: { 'content-type': 'application/json', 'x-amzn-errortype': err.code, 'x-amzn-requestid': requestId },
        body: JSON.stringify({ message: err.message }),
      };
    case 'json1_1':
      return {
        statusCode: err.status,
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': requestId },
        body: JSON.stringify({ __type: err.code, message: err.message }),
      };
  }
}

/** `AWS4-HMAC-SHA256 Credential=<key>/<date>/<region>/<service>/aws4_request, ...` */
export function credentialScope(request: HttpRequest): { accessKeyId: string; region: string; signingName: string } {
  const auth = request.headers['authorization'] ?? request.headers['Authorization'] ?? '';
  const m = /Credential=([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(auth);
  if (!m) throw new SimError('MissingAuthenticationToken', 403, 'request is not signed with SigV4');
  return { accessKeyId: m[1]!, region: m[2]!, signingName: m[3]! };
}

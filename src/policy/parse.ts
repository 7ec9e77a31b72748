/**
 * Parses IAM policy documents (API Gateway resource policies, private custom domain policies,
 * VPC endpoint policies) into a normalised, fully validated form. Never throws: anything malformed
 * or unsupported comes back as an error naming the JSON path of the offending element.
 */
import { parseCidr } from './ip.js';
import { parseConditionOperator, type ConditionOperator } from './operators.js';

export type Effect = 'Allow' | 'Deny';

/** The principals a Principal or NotPrincipal element names; `any` for "*" and {"AWS": "*"}. */
export interface PrincipalSet {
  any: boolean;
  aws: string[];
  service: string[];
  federated: string[];
  canonicalUser: string[];
}

export interface PrincipalElement {
  /** "none" when the statement has neither Principal nor NotPrincipal (identity-policy style). */
  kind: 'Principal' | 'NotPrincipal' | 'none';
  set: PrincipalSet;
}

export interface ActionElement {
  kind: 'Action' | 'NotAction';
  values: string[];
}

export interface ResourceElement {
  kind: 'Resource' | 'NotResource';
  values: string[];
}

/** One operator/key pair of a Condition block, its key lower-cased and its values as strings. */
export interface Condition {
  operator: ConditionOperator;
  key: string;
  values: string[];
}

export interface Statement {
  sid?: string;
  effect: Effect;
  principal: PrincipalElement;
  action: ActionElement;
  resource: ResourceElement;
  /** ANDed; empty when the statement has no Condition. */
  conditions: Condition[];
}

export interface PolicyDocument {
  version?: string;
  id?: string;
  statements: Statement[];
}

export interface PolicyError {
  message: string;
  /** JSON path of the offending element, e.g. `Statement[2].Condition.StringEqulas`; "" for the document. */
  path: string;
}

export type ParseResult = { ok: true; policy: PolicyDocument } | { ok: false; error: PolicyError };

const VERSIONS = new Set(['2012-10-17', '2008-10-17']);
const STATEMENT_KEYS = new Set(['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition']);
const PRINCIPAL_KEYS: Record<string, keyof Omit<PrincipalSet, 'any'>> = {
  AWS: 'aws',
  Service: 'service',
  Federated: 'federated',
  CanonicalUser: 'canonicalUser',
};

class PolicyParseError extends Error {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message);
  }
}

function fail(path: string, message: string): never {
  throw new PolicyParseError(message, path);
}

/** Parses policy text as services return it: plain JSON, or API Gateway's backslash-escaped JSON. */
export function parsePolicy(text: string | undefined): ParseResult {
  if (text === undefined || text.trim() === '') return { ok: false, error: { message: 'no policy text', path: '' } };
  const json = parseJsonText(text);
  if (!json.ok) return json;
  return parsePolicyValue(json.value);
}

/** Parses an already-decoded JSON value (e.g. a policy object built in code). */
export function parsePolicyValue(value: unknown): ParseResult {
  try {
    return { ok: true, policy: readDocument(value) };
  } catch (err) {
    if (err instanceof PolicyParseError) return { ok: false, error: { message: err.message, path: err.path } };
    // Defensive: parsing is pure and total, but a bug must not escape as a throw.
    return { ok: false, error: { message: `internal error: ${String(err)}`, path: '' } };
  }
}

function parseJsonText(text: string): { ok: true; value: unknown } | { ok: false; error: PolicyError } {
  const direct = tryJson(text);
  if (direct.ok) {
    // A policy stored as a JSON string literal (double-encoded): decode once more.
    if (typeof direct.value === 'string') {
      const inner = tryJson(direct.value);
      if (inner.ok) return inner;
    }
    return direct;
  }
  // API Gateway escapes every quote and slash: {\"Version\":\"2012-10-17\",...\"execute-api:\/*\"}
  if (text.includes('\\"')) {
    const unescaped = text.replaceAll('\\"', '"').replaceAll('\\\\/', '/').replaceAll('\\/', '/');
    const retried = tryJson(unescaped);
    if (retried.ok) return retried;
  }
  return { ok: false, error: { message: `not JSON: ${direct.message}`, path: '' } };
}

function tryJson(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (err) {
    return { ok: false, message: err instanceof Error ? err.message : String(err) };
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readDocument(value: unknown): PolicyDocument {
  if (!isRecord(value)) fail('', 'policy must be a JSON object');
  for (const key of Object.keys(value)) {
    if (key !== 'Version' && key !== 'Id' && key !== 'Statement') fail(key, `unknown policy element "${key}"`);
  }
  const doc: PolicyDocument = { statements: [] };
  if (value.Version !== undefined) {
    if (typeof value.Version !== 'string' || !VERSIONS.has(value.Version)) fail('Version', `unsupported Version ${JSON.stringify(value.Version)}`);
    doc.version = value.Version;
  }
  if (value.Id !== undefined) {
    if (typeof value.Id !== 'string') fail('Id', 'Id must be a string');
    doc.id = value.Id;
  }
  if (value.Statement === undefined) fail('Statement', 'Statement missing');
  const raw = Array.isArray(value.Statement) ? value.Statement : [value.Statement];
  if (raw.length === 0) fail('Statement', 'Statement is empty');
  doc.statements = raw.map((s, i) => readStatement(s, Array.isArray(value.Statement) ? `Statement[${i}]` : 'Statement'));
  return doc;
}

function readStatement(value: unknown, path: string): Statement {
  if (!isRecord(value)) fail(path, 'statement must be an object');
  for (const key of Object.keys(value)) {
    if (!STATEMENT_KEYS.has(key)) fail(`${path}.${key}`, `unknown statement element "${key}"`);
  }
  if (value.Effect !== 'Allow' && value.Effect !== 'Deny') fail(`${path}.Effect`, `Effect must be "Allow" or "Deny", got ${JSON.stringify(value.Effect)}`);
  const statement: Statement = {
    effect: value.Effect,
    principal: readPrincipalElement(value, path),
    action: readPair(value, path, 'Action', 'NotAction'),
    resource: readPair(value, path, 'Resource', 'NotResource'),
    conditions: value.Condition === undefined ? [] : readConditions(value.Condition, `${path}.Condition`),
  };
  if (value.Sid !== undefined) {
    if (typeof value.Sid !== 'string') fail(`${path}.Sid`, 'Sid must be a string');
    statement.sid = value.Sid;
  }
  return statement;
}

function readPrincipalElement(value: Record<string, unknown>, path: string): PrincipalElement {
  if (value.Principal !== undefined && value.NotPrincipal !== undefined) fail(path, 'statement has both Principal and NotPrincipal');
  if (value.Principal !== undefined) return { kind: 'Principal', set: readPrincipalSet(value.Principal, `${path}.Principal`) };
  if (value.NotPrincipal !== undefined) return { kind: 'NotPrincipal', set: readPrincipalSet(value.NotPrincipal, `${path}.NotPrincipal`) };
  return { kind: 'none', set: { any: false, aws: [], service: [], federated: [], canonicalUser: [] } };
}

function readPrincipalSet(value: unknown, path: string): PrincipalSet {
  const set: PrincipalSet = { any: false, aws: [], service: [], federated: [], canonicalUser: [] };
  if (value === '*') return { ...set, any: true };
  if (!isRecord(value)) fail(path, 'principal must be "*" or an object such as {"AWS": ...}');
  const keys = Object.keys(value);
  if (keys.length === 0) fail(path, 'principal object is empty');
  for (const key of keys) {
    const field = PRINCIPAL_KEYS[key];
    if (!field) fail(`${path}.${key}`, `unknown principal type "${key}"`);
    const values = stringList(value[key], `${path}.${key}`);
    if (field === 'aws' && values.includes('*')) set.any = true;
    set[field] = values.filter((v) => !(field === 'aws' && v === '*'));
  }
  return set;
}

function readPair<K extends 'Action' | 'Resource'>(
  value: Record<string, unknown>,
  path: string,
  positive: K,
  negative: `Not${K}`,
): { kind: K | `Not${K}`; values: string[] } {
  const pos = value[positive];
  const neg = value[negative];
  if (pos !== undefined && neg !== undefined) fail(path, `statement has both ${positive} and ${negative}`);
  if (pos === undefined && neg === undefined) fail(`${path}.${positive}`, `${positive} or ${negative} missing`);
  const kind = pos !== undefined ? positive : negative;
  return { kind, values: stringList(pos ?? neg, `${path}.${kind}`) };
}

function stringList(value: unknown, path: string): string[] {
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0) fail(path, 'empty list');
  return list.map((v, i) => {
    if (typeof v !== 'string' || v === '') fail(Array.isArray(value) ? `${path}[${i}]` : path, 'expected a non-empty string');
    return v;
  });
}

function readConditions(value: unknown, path: string): Condition[] {
  if (!isRecord(value)) fail(path, 'Condition must be an object of operator → {key: value(s)}');
  const conditions: Condition[] = [];
  for (const [name, block] of Object.entries(value)) {
    const opPath = `${path}.${name}`;
    const operator = parseConditionOperator(name);
    if (!operator) fail(opPath, `unknown condition operator "${name}"`);
    if (!isRecord(block)) fail(opPath, 'operator must map condition keys to values');
    if (Object.keys(block).length === 0) fail(opPath, 'operator has no condition keys');
    for (const [key, raw] of Object.entries(block)) {
      const keyPath = `${opPath}.${key}`;
      if (key === '') fail(keyPath, 'empty condition key');
      const list = Array.isArray(raw) ? raw : [raw];
      if (list.length === 0) fail(keyPath, 'condition has no values');
      const values = list.map((v, i) => {
        if (typeof v === 'string') return v;
        if (typeof v === 'number' || typeof v === 'boolean') return String(v);
        return fail(Array.isArray(raw) ? `${keyPath}[${i}]` : keyPath, 'condition values must be strings, numbers or booleans');
      });
      if (operator.base === 'Null') {
        for (const v of values) if (v.toLowerCase() !== 'true' && v.toLowerCase() !== 'false') fail(keyPath, 'Null takes "true" or "false"');
      }
      if (operator.base === 'Bool') {
        for (const v of values) if (v.toLowerCase() !== 'true' && v.toLowerCase() !== 'false') fail(keyPath, 'Bool takes "true" or "false"');
      }
      for (const v of values) {
        if (v.includes('${')) continue; // policy variables are resolved per request, not here
        if (operator.family === 'Ip' && !parseCidr(v)) fail(keyPath, `invalid IP address or CIDR "${v}"`);
        if (operator.family === 'Numeric' && (v.trim() === '' || !Number.isFinite(Number(v)))) fail(keyPath, `invalid number "${v}"`);
        if (operator.family === 'Date' && !/^\d+(\.\d+)?$/.test(v.trim()) && Number.isNaN(Date.parse(v))) fail(keyPath, `invalid date "${v}"`);
      }
      conditions.push({ operator, key: key.toLowerCase(), values });
    }
  }
  return conditions;
}

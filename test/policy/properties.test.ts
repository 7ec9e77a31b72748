import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { endpointPolicyProfile, invokeAccess } from '../../src/policy/analysis.js';
import { evaluate, type PolicyRequest, type RequestPrincipal } from '../../src/policy/evaluate.js';
import type { ApiRef } from '../../src/policy/execute-api.js';
import { parsePolicy, parsePolicyValue, type ParseResult } from '../../src/policy/parse.js';
import { PROPERTY_CASES, PROPERTY_TIMEOUT, runs, totalCases } from '../helpers/property-runs.js';
import { mustParse } from './helpers.js';

const SEED = 20261121;
const api: ApiRef = { partition: 'aws', region: 'us-east-1', accountId: '111122223333', apiId: 'abcde12345' };
const arn = (rest: string) => `arn:aws:execute-api:us-east-1:111122223333:abcde12345/${rest}`;

/** Each property's share of the policy engine's budget. */
const CASES = { strings: 2500, jsonText: 1500, shaped: 3000, hostileEvaluate: 1500, hostileAnalysis: 500, denyEvaluate: 2500, denyInvokeAccess: 500 };

it('spends the policy engine budget of at least 10,000 cases', () => {
  expect(PROPERTY_CASES.policy).toBeGreaterThanOrEqual(10_000);
  expect(totalCases(CASES)).toBe(PROPERTY_CASES.policy);
});

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const REQUIRED_ELEMENTS = new Set(['Statement', 'Effect', 'Action', 'Resource']);

/**
 * Whether an error path such as `Statement[0].Condition.StringEquals.aws:SourceVpce[1]` names an
 * element of `value`, or a required element missing from an object of it ("Action or NotAction
 * missing"). Keys may themselves hold "." or "[", so every key that fits is tried.
 */
function pointsInto(value: unknown, path: string, top = true): boolean {
  if (path === '') return true;
  const index = /^\[(\d+)\]/.exec(path);
  if (index && Array.isArray(value)) {
    const i = Number(index[1]);
    return i < value.length && pointsInto(value[i], path.slice(index[0].length), false);
  }
  if (!isRecord(value)) return false;
  const rest = top ? path : path.startsWith('.') ? path.slice(1) : undefined;
  if (rest === undefined) return false;
  if (REQUIRED_ELEMENTS.has(rest) && value[rest] === undefined) return true;
  return Object.keys(value).some((key) => rest.startsWith(key) && pointsInto(value[key], rest.slice(key.length), false));
}

/**
 * A failed parse names where: a path into the value. "" is the document, and only names it when
 * the document itself is wrong (not an object), or for its element "" (whose path is also "").
 */
function expectLocated(result: ParseResult, value: unknown): void {
  if (result.ok) return;
  expect(result.error.message).not.toMatch(/^internal error/);
  if (result.error.path === '') expect(!isRecord(value) || Object.hasOwn(value, '')).toBe(true);
  else expect(pointsInto(value, result.error.path)).toBe(true);
}

/** The value parsePolicy reads from text: JSON, a JSON string of JSON, or API Gateway's escaped JSON. */
function decoded(text: string): unknown {
  const tryJson = (t: string): { value: unknown } | undefined => {
    try {
      return { value: JSON.parse(t) as unknown };
    } catch {
      return undefined;
    }
  };
  const direct = tryJson(text);
  if (direct) return ((typeof direct.value === 'string' ? tryJson(direct.value) : undefined) ?? direct).value;
  if (!text.includes('\\"')) return undefined;
  return tryJson(text.replaceAll('\\"', '"').replaceAll('\\\\/', '/').replaceAll('\\/', '/'))?.value;
}

// Hostile policies: mostly well-formed, so parsing gets deep before it fails and many parse, with
// values chosen at the edges of what the engine reads (CIDRs, epoch seconds, far dates, variables).
const anyValue = fc.jsonValue({ maxDepth: 2 });
const hostileKey = fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('__proto__', 'constructor', 'toString', 'a.b', 'x[0]', ''));
const BASES = ['StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringLike', 'StringNotLike', 'NumericEquals', 'NumericLessThan', 'NumericGreaterThanEquals', 'DateEquals', 'DateLessThan', 'DateGreaterThan', 'DateNotEquals', 'Bool', 'BinaryEquals', 'IpAddress', 'NotIpAddress', 'ArnEquals', 'ArnLike', 'ArnNotLike', 'Null', 'StringEqulas'];
const operatorName = fc.oneof(
  { weight: 5, arbitrary: fc.tuple(fc.constantFrom('', '', 'ForAnyValue:', 'ForAllValues:', 'forallvalues:', 'Bogus:'), fc.constantFrom(...BASES), fc.constantFrom('', '', 'IfExists')).map((parts) => parts.join('')) },
  { weight: 1, arbitrary: fc.string({ maxLength: 10 }) },
);
const conditionKey = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('aws:SourceVpce', 'aws:SourceVpc', 'aws:VpcSourceIp', 'aws:SourceIp', 'aws:PrincipalAccount', 'aws:PrincipalArn', 'aws:PrincipalOrgID', 'aws:CurrentTime', 'aws:EpochTime', 'aws:SecureTransport', 'aws:VpceAccount') },
  { weight: 1, arbitrary: hostileKey },
);
const conditionValue = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('10.0.0.0/8', '2001:db8::/32', '::/0', '0.0.0.0/0', '1.2.3.4/33', '::ffff:1.2.3.4', '8640000000000', '99999999999999999', '2026-01-01T00:00:00Z', '+275760-09-13T00:00:00.000Z', '-271821-04-20T00:00:00.000Z', 'true', 'FALSE', '${aws:username}', 'vpce-1', 'vpce-*', 'vpc-1', '444455556666', 'arn:aws:iam::444455556666:root', '*', '?', '', ' ', '1e308', '-0', 'NaN') },
  { weight: 2, arbitrary: fc.stringMatching(/^\d{1,20}(\.\d{1,3})?$/) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: anyValue },
);
const conditionValues = fc.oneof(conditionValue, fc.array(conditionValue, { maxLength: 3 }));
const conditionBlock = fc.oneof(
  { weight: 6, arbitrary: fc.dictionary(operatorName, fc.oneof({ weight: 6, arbitrary: fc.dictionary(conditionKey, conditionValues, { minKeys: 1, maxKeys: 2 }) }, { weight: 1, arbitrary: anyValue }), { maxKeys: 2 }) },
  { weight: 1, arbitrary: anyValue },
);
const name = fc.oneof(
  fc.constantFrom('*', 'execute-api:Invoke', 'execute-api:*', 'execute-api:/*', 'execute-api:/prod/GET/*', arn('*'), arn('prod/*/pets'), 'arn:aws:execute-api:*:*:*', '444455556666', 'arn:aws:iam::444455556666:root'),
  fc.string({ maxLength: 12 }),
);
const names = fc.oneof({ weight: 6, arbitrary: fc.oneof(name, fc.array(name, { maxLength: 3 })) }, { weight: 1, arbitrary: anyValue });
const principal = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom<unknown>('*', { AWS: '*' }, { AWS: '444455556666' }, { AWS: ['arn:aws:iam::444455556666:root', '777788889999'] }, { Service: 'lambda.amazonaws.com' }, {}) },
  { weight: 2, arbitrary: fc.dictionary(fc.constantFrom('AWS', 'Service', 'Federated', 'CanonicalUser', 'Bogus'), names, { maxKeys: 2 }) },
  { weight: 1, arbitrary: anyValue },
);
const element = <T>(valid: fc.Arbitrary<T>) => fc.oneof({ weight: 6, arbitrary: valid }, { weight: 1, arbitrary: anyValue });
const withExtraKey = <T extends object>(base: fc.Arbitrary<T>) =>
  fc.tuple(base, fc.option(fc.tuple(hostileKey, anyValue), { freq: 6 })).map(([value, extra]) => (extra ? { ...value, [extra[0]]: extra[1] } : value));
const hostileStatement = withExtraKey(
  fc.record(
    {
      Sid: element(fc.string({ maxLength: 6 })),
      Effect: element(fc.constantFrom('Allow', 'Deny')),
      Principal: principal,
      NotPrincipal: principal,
      Action: names,
      NotAction: names,
      Resource: names,
      NotResource: names,
      Condition: conditionBlock,
    },
    { requiredKeys: [] },
  ),
);
const hostileDocument = fc.oneof(
  {
    weight: 8,
    arbitrary: withExtraKey(
      fc.record(
        {
          Version: element(fc.constantFrom('2012-10-17', '2008-10-17', '2012-10-18')),
          Id: element(fc.string({ maxLength: 6 })),
          Statement: fc.oneof({ weight: 2, arbitrary: hostileStatement }, { weight: 6, arbitrary: fc.array(hostileStatement, { maxLength: 3 }) }, { weight: 1, arbitrary: anyValue }),
        },
        { requiredKeys: [] },
      ),
    ),
  },
  { weight: 1, arbitrary: anyValue },
);
/** Valid values at the edges of each operator family, so the analysis' candidate values are pushed to theirs. */
const edgeValues: Record<string, fc.Arbitrary<string>> = {
  DateLessThan: fc.oneof(fc.stringMatching(/^\d{1,20}(\.\d{1,3})?$/), fc.constantFrom('+275760-09-13T00:00:00.000Z', '-271821-04-20T00:00:00.000Z', '2026-01-01T00:00:00Z'), fc.date({ noInvalidDate: true }).map((d) => d.toISOString())),
  NumericGreaterThan: fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }).map(String), fc.constantFrom('1e308', '-1e308', '5e-324', ' 7 ')),
  NotIpAddress: fc.constantFrom('0.0.0.0/0', '::/0', '255.255.255.255/32', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128', '::ffff:10.0.0.1/120', '10.0.0.0'),
  StringLike: fc.string({ unit: fc.constantFrom('a', '*', '?', ':', '/', '$', '{', '}'), maxLength: 8 }),
  ArnLike: fc.string({ unit: fc.constantFrom('arn', ':', '*', '?', 'aws', '/'), maxLength: 8 }),
  Null: fc.constantFrom('true', 'false', 'TRUE'),
};
const edgeConditions = fc
  .array(fc.tuple(fc.constantFrom('', 'ForAnyValue:', 'ForAllValues:'), fc.constantFrom(...Object.keys(edgeValues)), conditionKey.filter((k) => k !== ''), fc.constantFrom(1, 2)), { minLength: 1, maxLength: 2 })
  .chain((picks) => fc.tuple(...picks.map(([qualifier, base, key, n]) => fc.array(edgeValues[base]!, { minLength: n, maxLength: n }).map((values) => [`${base === 'Null' ? '' : qualifier}${base}`, key, values] as const))))
  .map((entries) => {
    const Condition: Record<string, Record<string, string[]>> = {};
    for (const [op, key, values] of entries) (Condition[op] ??= {})[key] = values;
    return Condition;
  });
/** Statements whose every element is valid, so parsing gets through to the conditions, where the edge values are. */
const parsableStatement = fc.record(
  { Effect: fc.constantFrom('Allow', 'Deny'), Principal: fc.constantFrom<unknown>('*', { AWS: '444455556666' }), Action: fc.constantFrom('*', 'execute-api:Invoke'), Resource: fc.constantFrom('*', 'execute-api:/*', arn('prod/*')), Condition: fc.oneof(edgeConditions, conditionBlock) },
  { requiredKeys: ['Effect', 'Principal', 'Action', 'Resource'] },
);
const parsableDocument = fc.array(parsableStatement, { minLength: 1, maxLength: 2 }).map((Statement) => ({ Version: '2012-10-17', Statement }));

const hostileRequest: fc.Arbitrary<PolicyRequest> = fc.record({
  principal: fc.oneof(
    fc.constant<RequestPrincipal>({ type: 'anonymous' }),
    fc.record({ type: fc.constant('aws' as const), accountId: fc.oneof(fc.constant('444455556666'), fc.string({ maxLength: 12 })), arn: fc.oneof(fc.constant('arn:aws:iam::444455556666:root'), fc.string({ maxLength: 16 })) }),
  ),
  action: fc.oneof(fc.constantFrom('execute-api:Invoke', 'EXECUTE-API:invoke'), fc.string({ maxLength: 12 })),
  resource: fc.oneof(fc.constantFrom(arn('prod/GET/pets'), arn('')), fc.string({ maxLength: 16 })),
  context: fc.dictionary(conditionKey, fc.oneof(fc.string({ maxLength: 12 }), fc.array(fc.string({ maxLength: 8 }), { maxLength: 2 }), fc.constant(undefined)), { maxKeys: 3 }),
});

describe('parsePolicy never throws and every error names its location', () => {
  it(
    'on arbitrary strings',
    () => {
      const text = fc.oneof(fc.string(), fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) }), fc.string({ unit: fc.constantFrom('{', '}', '[', ']', '"', '\\', '/', ':', ',', ' ', 'a', '1') }));
      fc.assert(
        fc.property(text, (t) => {
          const result = parsePolicy(t);
          expect(typeof result.ok).toBe('boolean');
          expectLocated(result, decoded(t));
        }),
        { seed: SEED, numRuns: runs(CASES.strings) },
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'on arbitrary JSON text, plain, API Gateway-escaped and double-encoded',
    () => {
      fc.assert(
        fc.property(fc.oneof(fc.json(), hostileDocument.map((d) => JSON.stringify(d))), (text) => {
          for (const variant of [text, text.replaceAll('"', '\\"').replaceAll('/', '\\/'), JSON.stringify(text)]) {
            const result = parsePolicy(variant);
            expect(typeof result.ok).toBe('boolean');
            expectLocated(result, decoded(variant));
          }
        }),
        { seed: SEED, numRuns: runs(CASES.jsonText) },
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'on values shaped like policies',
    () => {
      fc.assert(
        fc.property(fc.oneof(hostileDocument, parsableDocument), (doc) => {
          expectLocated(parsePolicyValue(doc), doc);
          // Text and value are read alike, but a string value is text to parsePolicy (double-encoded).
          if (isRecord(doc)) expect(parsePolicy(JSON.stringify(doc))).toEqual(parsePolicyValue(JSON.parse(JSON.stringify(doc)) as unknown));
        }),
        { seed: SEED, numRuns: runs(CASES.shaped) },
      );
    },
    PROPERTY_TIMEOUT,
  );
});

describe('the engine never throws on what parses', () => {
  it(
    'evaluate decides every request',
    () => {
      fc.assert(
        fc.property(fc.oneof(hostileDocument, parsableDocument), hostileRequest, (doc, request) => {
          const result = parsePolicyValue(doc);
          if (!result.ok) return;
          expect(['Allow', 'ExplicitDeny', 'ImplicitDeny']).toContain(evaluate(result.policy, request));
        }),
        { seed: SEED, numRuns: runs(CASES.hostileEvaluate) },
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'invokeAccess and endpointPolicyProfile answer for APIs and private custom domains',
    () => {
      fc.assert(
        fc.property(parsableDocument, (doc) => {
          const result = parsePolicyValue(doc);
          if (!result.ok) return;
          expect(typeof invokeAccess(result.policy, api).anyEndpoint).toBe('boolean');
          expect(typeof invokeAccess(result.policy, { executeArn: 'arn:aws:execute-api:us-east-1:111122223333:/domainnames/api.example.com+abc123' }).anyEndpoint).toBe('boolean');
          expect(typeof endpointPolicyProfile(result.policy).allowsInvoke(api)).toBe('boolean');
        }),
        { seed: SEED, numRuns: runs(CASES.hostileAnalysis) },
      );
    },
    PROPERTY_TIMEOUT,
  );
});

// A small grammar of policies and requests over shared vocabularies, so statements often apply.
const principals: RequestPrincipal[] = [
  { type: 'anonymous' },
  { type: 'aws', accountId: '444455556666', arn: 'arn:aws:iam::444455556666:role/dev' },
  { type: 'aws', accountId: '777788889999', arn: 'arn:aws:iam::777788889999:role/ops' },
];
const principalElement = fc.constantFrom<unknown>('*', { AWS: '*' }, { AWS: '444455556666' }, { AWS: 'arn:aws:iam::777788889999:role/ops' }, { AWS: ['444455556666', '777788889999'] });
const actions = fc.constantFrom('execute-api:Invoke', 'execute-api:*', '*', 'execute-api:ManageConnections');
const resources = fc.constantFrom('*', arn('*'), arn('prod/*'), arn('prod/GET/pets'), arn('*/POST/*'), arn('test/*'));
const vpces = ['vpce-1', 'vpce-2', 'vpce-3'];
const condition = fc.oneof(
  fc.record({ op: fc.constantFrom('StringEquals', 'StringNotEquals', 'StringLike', 'StringNotLike', 'StringEqualsIfExists', 'StringNotEqualsIfExists', 'ForAnyValue:StringEquals', 'ForAllValues:StringEquals'), key: fc.constant('aws:SourceVpce'), values: fc.subarray([...vpces, 'vpce-*'], { minLength: 1 }) }),
  fc.record({ op: fc.constantFrom('IpAddress', 'NotIpAddress', 'IpAddressIfExists'), key: fc.constant('aws:VpcSourceIp'), values: fc.subarray(['10.0.0.0/8', '10.1.0.0/16', '2001:db8::/32'], { minLength: 1 }) }),
  fc.record({ op: fc.constantFrom('Null'), key: fc.constant('aws:SourceVpc'), values: fc.subarray(['true', 'false'], { minLength: 1, maxLength: 1 }) }),
  fc.record({ op: fc.constantFrom('StringEquals', 'StringNotEquals'), key: fc.constant('aws:PrincipalAccount'), values: fc.subarray(['444455556666', '777788889999'], { minLength: 1 }) }),
);
const statement = fc
  .record({
    Effect: fc.constantFrom('Allow', 'Deny'),
    principal: fc.tuple(fc.constantFrom('Principal', 'NotPrincipal'), principalElement),
    action: fc.tuple(fc.constantFrom('Action', 'NotAction'), fc.array(actions, { minLength: 1, maxLength: 2 })),
    resource: fc.tuple(fc.constantFrom('Resource', 'NotResource'), fc.array(resources, { minLength: 1, maxLength: 2 })),
    conditions: fc.array(condition, { maxLength: 2 }),
  })
  .map((s) => {
    const Condition: Record<string, Record<string, string[]>> = {};
    for (const c of s.conditions) (Condition[c.op] ??= {})[c.key] = c.values;
    return {
      Effect: s.Effect,
      [s.principal[0]]: s.principal[1],
      [s.action[0]]: s.action[1],
      [s.resource[0]]: s.resource[1],
      ...(s.conditions.length > 0 && { Condition }),
    };
  });
const denyStatement = statement.map((s) => ({ ...s, Effect: 'Deny' }));
const request: fc.Arbitrary<PolicyRequest> = fc.record({
  principal: fc.constantFrom(...principals),
  action: fc.constantFrom('execute-api:Invoke', 'execute-api:ManageConnections'),
  resource: fc.constantFrom(arn('prod/GET/pets'), arn('prod/POST/pets'), arn('test/GET/x'), arn('dev/DELETE/y')),
  context: fc.record(
    {
      'aws:sourcevpce': fc.constantFrom(...vpces, 'vpce-9'),
      'aws:sourcevpc': fc.constantFrom('vpc-1', 'vpc-2'),
      'aws:vpcsourceip': fc.constantFrom('10.1.2.3', '10.200.0.1', '192.168.1.1', '2001:db8::5', 'fd00::1'),
    },
    { requiredKeys: [] },
  ),
});

describe('adding a Deny never grants access', () => {
  it('evaluate: a non-Allow decision stays non-Allow, an explicit deny stays explicit', () => {
    fc.assert(
      fc.property(fc.array(statement, { minLength: 1, maxLength: 4 }), denyStatement, request, (statements, deny, req) => {
        const before = evaluate(mustParse({ Version: '2012-10-17', Statement: statements }), req);
        const after = evaluate(mustParse({ Version: '2012-10-17', Statement: [...statements, deny] }), req);
        if (before !== 'Allow') expect(after).not.toBe('Allow');
        if (before === 'ExplicitDeny') expect(after).toBe('ExplicitDeny');
      }),
      { seed: SEED, numRuns: runs(CASES.denyEvaluate) },
    );
  }, PROPERTY_TIMEOUT);

  it('invokeAccess: a closed policy does not become open to any endpoint', () => {
    fc.assert(
      fc.property(fc.array(statement, { minLength: 1, maxLength: 3 }), denyStatement, (statements, deny) => {
        const before = invokeAccess(mustParse({ Statement: statements }), api);
        const after = invokeAccess(mustParse({ Statement: [...statements, deny] }), api);
        if (!before.anyEndpoint) expect(after.anyEndpoint).toBe(false);
        // allowedEndpoints lists ids the policy names: compare only ids the original policy names too.
        const named = JSON.stringify(statements);
        for (const e of after.allowedEndpoints) if (named.includes(`"${e}"`)) expect(before.allowedEndpoints).toContain(e);
      }),
      { seed: SEED, numRuns: runs(CASES.denyInvokeAccess) },
    );
  }, PROPERTY_TIMEOUT);
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { invokeAccess } from '../../src/policy/analysis.js';
import { evaluate, type PolicyRequest, type RequestPrincipal } from '../../src/policy/evaluate.js';
import type { ApiRef } from '../../src/policy/execute-api.js';
import { parsePolicy, parsePolicyValue } from '../../src/policy/parse.js';
import { mustParse } from './helpers.js';

const SEED = 20261121;
const api: ApiRef = { partition: 'aws', region: 'us-east-1', accountId: '111122223333', apiId: 'abcde12345' };
const arn = (rest: string) => `arn:aws:execute-api:us-east-1:111122223333:abcde12345/${rest}`;

describe('parsePolicy never throws', () => {
  it('on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const result = parsePolicy(text);
        expect(typeof result.ok).toBe('boolean');
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('on arbitrary JSON text, plain and API Gateway-escaped', () => {
    fc.assert(
      fc.property(fc.json(), (text) => {
        expect(typeof parsePolicy(text).ok).toBe('boolean');
        expect(typeof parsePolicy(text.replaceAll('"', '\\"').replaceAll('/', '\\/')).ok).toBe('boolean');
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('on arbitrary values shaped like policies', () => {
    const anyValue = fc.jsonValue({ maxDepth: 3 });
    const statement = fc.record(
      {
        Effect: fc.oneof(fc.constantFrom('Allow', 'Deny', 'Maybe'), anyValue),
        Principal: fc.oneof(fc.constant('*'), fc.record({ AWS: fc.oneof(fc.constant('*'), fc.array(fc.string())) }), anyValue),
        Action: fc.oneof(fc.constant('execute-api:Invoke'), anyValue),
        Resource: fc.oneof(fc.constant('*'), anyValue),
        Condition: fc.oneof(fc.dictionary(fc.constantFrom('StringEquals', 'IpAddress', 'NumericLessThan', 'DateLessThan', 'Null', 'ForAllValues:StringLike', 'Bogus'), fc.dictionary(fc.string(), anyValue)), anyValue),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.record({ Version: fc.oneof(fc.constant('2012-10-17'), anyValue), Statement: fc.oneof(statement, fc.array(statement, { maxLength: 3 }), anyValue) }, { requiredKeys: [] }), (doc) => {
        expect(typeof parsePolicyValue(doc).ok).toBe('boolean');
        expect(typeof parsePolicy(JSON.stringify(doc)).ok).toBe('boolean');
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
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
      { seed: SEED, numRuns: 1000 },
    );
  });

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
      { seed: SEED, numRuns: 100 },
    );
  });
});

import { describe, expect, it } from 'vitest';
import { parsePolicy, parsePolicyValue } from '../../src/policy/parse.js';
import { apiGatewayPolicyText, privateApiPolicy } from '../../src/aws/simulation/generator/apigateway/policies.js';

const base = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' }] };

describe('parsePolicy: accepted forms', () => {
  it('parses plain JSON with Statement as an object or a list, normalising to lists', () => {
    const one = parsePolicy(JSON.stringify({ ...base, Statement: base.Statement[0] }));
    const many = parsePolicy(JSON.stringify(base));
    expect(one).toEqual(many);
    expect(many.ok && many.policy.statements[0]).toMatchObject({
      effect: 'Allow',
      principal: { kind: 'Principal', set: { any: true } },
      action: { kind: 'Action', values: ['execute-api:Invoke'] },
      resource: { kind: 'Resource', values: ['execute-api:/*'] },
      conditions: [],
    });
  });

  it('un-escapes the backslash-escaped text API Gateway returns', () => {
    const doc = privateApiPolicy('arn:aws:execute-api:us-east-1:111122223333:abcde12345', ['vpce-0a1b2c3d4e5f60718']);
    const text = apiGatewayPolicyText(doc);
    expect(text.startsWith('{\\"Version\\"')).toBe(true);
    const result = parsePolicy(text);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.policy.statements[0]?.resource.values).toEqual(['arn:aws:execute-api:us-east-1:111122223333:abcde12345/*']);
    expect(result.policy.statements[1]?.conditions[0]).toMatchObject({ key: 'aws:sourcevpce', values: ['vpce-0a1b2c3d4e5f60718'] });
  });

  it('decodes a double-encoded policy (a JSON string holding the policy)', () => {
    expect(parsePolicy(JSON.stringify(JSON.stringify(base))).ok).toBe(true);
  });

  it.each([
    ['"*"', '*', { any: true, aws: [] }],
    ['{"AWS":"*"}', { AWS: '*' }, { any: true, aws: [] }],
    ['{"AWS": account id}', { AWS: '111122223333' }, { any: false, aws: ['111122223333'] }],
    ['{"AWS": [ARNs]}', { AWS: ['arn:aws:iam::111122223333:role/dev', 'arn:aws:iam::111122223333:root'] }, { any: false, aws: ['arn:aws:iam::111122223333:role/dev', 'arn:aws:iam::111122223333:root'] }],
    ['{"Service": ...}', { Service: 'lambda.amazonaws.com' }, { any: false, service: ['lambda.amazonaws.com'] }],
  ])('Principal %s', (_label, principal, expected) => {
    const result = parsePolicyValue({ Statement: { Effect: 'Allow', Principal: principal, Action: '*', Resource: '*' } });
    expect(result.ok && result.policy.statements[0]?.principal.set).toMatchObject(expected);
  });

  it('reads NotPrincipal, NotAction and NotResource', () => {
    const result = parsePolicyValue({
      Statement: { Effect: 'Deny', NotPrincipal: { AWS: '111122223333' }, NotAction: ['execute-api:Invoke'], NotResource: 'execute-api:/prod/*' },
    });
    expect(result.ok && result.policy.statements[0]).toMatchObject({
      principal: { kind: 'NotPrincipal', set: { aws: ['111122223333'] } },
      action: { kind: 'NotAction' },
      resource: { kind: 'NotResource', values: ['execute-api:/prod/*'] },
    });
  });

  it('normalises conditions: keys lower-cased, values as string lists, operators case-insensitive', () => {
    const result = parsePolicyValue({
      Statement: {
        Effect: 'Allow',
        Principal: '*',
        Action: '*',
        Resource: '*',
        Condition: { stringequals: { 'aws:sourceVpce': 'vpce-1' }, 'ForAnyValue:StringLikeIfExists': { 'aws:TagKeys': ['a*', 'b'] }, Bool: { 'aws:SecureTransport': true }, NumericLessThan: { 's3:max-keys': 10 } },
      },
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const conditions = result.policy.statements[0]?.conditions ?? [];
    expect(conditions.map((c) => [c.operator.base, c.operator.qualifier, c.operator.ifExists, c.key, c.values])).toEqual([
      ['StringEquals', undefined, false, 'aws:sourcevpce', ['vpce-1']],
      ['StringLike', 'ForAnyValue', true, 'aws:tagkeys', ['a*', 'b']],
      ['Bool', undefined, false, 'aws:securetransport', ['true']],
      ['NumericLessThan', undefined, false, 's3:max-keys', ['10']],
    ]);
  });
});

describe('parsePolicy: errors name the path', () => {
  const stmt = (extra: Record<string, unknown>) => ({ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: '*', ...extra });
  it.each([
    ['undefined text', undefined, ''],
    ['empty text', '  ', ''],
    ['not JSON', '{"Version": ', ''],
    ['a JSON array', '[]', ''],
    ['Statement missing', JSON.stringify({ Version: '2012-10-17' }), 'Statement'],
    ['empty Statement list', JSON.stringify({ Statement: [] }), 'Statement'],
    ['unknown Version', JSON.stringify({ Version: '2020-01-01', Statement: stmt({}) }), 'Version'],
    ['Effect "Maybe"', JSON.stringify({ Statement: [stmt({}), stmt({ Effect: 'Maybe' })] }), 'Statement[1].Effect'],
    ['unknown operator', JSON.stringify({ Statement: [stmt({}), stmt({}), stmt({ Condition: { StringEqulas: { 'aws:SourceVpce': 'vpce-1' } } })] }), 'Statement[2].Condition.StringEqulas'],
    ['unknown qualifier', JSON.stringify({ Statement: stmt({ Condition: { 'ForSomeValues:StringEquals': { k: 'v' } } }) }), 'Statement.Condition.ForSomeValues:StringEquals'],
    ['NullIfExists', JSON.stringify({ Statement: stmt({ Condition: { NullIfExists: { k: 'true' } } }) }), 'Statement.Condition.NullIfExists'],
    ['bad CIDR', JSON.stringify({ Statement: stmt({ Condition: { IpAddress: { 'aws:VpcSourceIp': '10.0.0.0/33' } } }) }), 'Statement.Condition.IpAddress.aws:VpcSourceIp'],
    ['bad number', JSON.stringify({ Statement: stmt({ Condition: { NumericEquals: { k: 'ten' } } }) }), 'Statement.Condition.NumericEquals.k'],
    ['object condition value', JSON.stringify({ Statement: stmt({ Condition: { StringEquals: { k: [{}] } } }) }), 'Statement.Condition.StringEquals.k[0]'],
    ['Action missing', JSON.stringify({ Statement: { Effect: 'Allow', Principal: '*', Resource: '*' } }), 'Statement.Action'],
    ['Resource and NotResource', JSON.stringify({ Statement: stmt({ NotResource: '*' }) }), 'Statement'],
    ['Principal and NotPrincipal', JSON.stringify({ Statement: stmt({ NotPrincipal: '*' }) }), 'Statement'],
    ['unknown principal type', JSON.stringify({ Statement: stmt({ Principal: { IAM: 'x' } }) }), 'Statement.Principal.IAM'],
    ['non-string action', JSON.stringify({ Statement: stmt({ Action: ['execute-api:Invoke', 3] }) }), 'Statement.Action[1]'],
    ['misspelt element', JSON.stringify({ Statement: stmt({ Efect: 'Allow' }) }), 'Statement.Efect'],
  ])('%s', (_label, text, path) => {
    const result = parsePolicy(text);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.path).toBe(path);
      expect(result.error.message).not.toBe('');
    }
  });
});

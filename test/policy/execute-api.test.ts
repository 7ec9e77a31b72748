import { describe, expect, it } from 'vitest';
import { apiArn, expandPolicyResources, expandShorthand, invokeArn, parseExecuteApiArn, type ApiRef } from '../../src/policy/execute-api.js';
import { mustParse } from './helpers.js';

const api: ApiRef = { partition: 'aws', region: 'us-west-2', accountId: '123456789012', apiId: 'aabbccddee' };
const base = 'arn:aws:execute-api:us-west-2:123456789012:aabbccddee';

describe('execute-api ARNs', () => {
  it('builds API and invoke ARNs', () => {
    expect(apiArn(api)).toBe(base);
    expect(invokeArn(api, 'stage-name', 'GET', '/pets')).toBe(`${base}/stage-name/GET/pets`);
    expect(invokeArn(api, 'prod', 'POST', 'pets/cats')).toBe(`${base}/prod/POST/pets/cats`);
    expect(invokeArn({ ...api, partition: 'aws-us-gov', region: 'us-gov-west-1' }, '*', '*', '*')).toBe('arn:aws-us-gov:execute-api:us-gov-west-1:123456789012:aabbccddee/*/*/*');
  });

  it.each([
    [`${base}/prod/GET/pets/cats`, { apiId: 'aabbccddee', stage: 'prod', method: 'GET', path: 'pets/cats' }],
    [`${base}/*`, { stage: '*', method: '', path: '' }],
    [base, { apiId: 'aabbccddee', stage: '', method: '' }],
    ['arn:aws:execute-api:us-west-2:*:*', { accountId: '*', apiId: '*' }],
  ])('parses %s', (arn, expected) => {
    expect(parseExecuteApiArn(arn)).toMatchObject(expected);
  });

  it('rejects non-execute-api ARNs', () => {
    expect(parseExecuteApiArn('arn:aws:apigateway:us-west-2::/restapis/aabbccddee')).toBeUndefined();
    expect(parseExecuteApiArn('*')).toBeUndefined();
  });

  it('expands the shorthand as API Gateway does when it stores a policy (documented example)', () => {
    expect(expandShorthand('execute-api:/stage-name/GET/pets', base)).toBe(`${base}/stage-name/GET/pets`);
    expect(expandShorthand('execute-api:/*', base)).toBe(`${base}/*`);
    expect(expandShorthand(`${base}/*`, base)).toBe(`${base}/*`);
    expect(expandShorthand('*', base)).toBe('*');
  });

  it('expands Resource and NotResource of a whole policy', () => {
    const policy = mustParse({
      Statement: [
        { Effect: 'Allow', Principal: '*', Action: '*', Resource: ['execute-api:/*', '*'] },
        { Effect: 'Deny', Principal: '*', Action: '*', NotResource: 'execute-api:/prod/GET/*' },
      ],
    });
    const expanded = expandPolicyResources(policy, api);
    expect(expanded.statements.map((s) => s.resource.values)).toEqual([[`${base}/*`, '*'], [`${base}/prod/GET/*`]]);
  });
});

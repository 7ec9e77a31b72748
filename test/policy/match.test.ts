import { describe, expect, it } from 'vitest';
import { actionMatches, arnLike, resourceMatches, wildcardMatch } from '../../src/policy/match.js';

describe('wildcardMatch', () => {
  it.each([
    ['*', '', true],
    ['*', 'anything', true],
    ['a?c', 'abc', true],
    ['a?c', 'ac', false],
    ['a*c', 'ac', true],
    ['a*c', 'abbbc', true],
    ['a*c', 'abbbd', false],
    ['*b*', 'abc', true],
    ['vpce-*', 'vpce-0abc', true],
    ['vpce-*', 'vpc-0abc', false],
    ['abc', 'abcd', false],
    ['a*b*c*d', 'aXbYcZd', true],
    ['a*b*c*d', 'aXbYcZ', false],
  ])('%s ~ %s = %s', (pattern, value, expected) => {
    expect(wildcardMatch(pattern, value)).toBe(expected);
  });
});

describe('actionMatches (case-insensitive)', () => {
  it.each([
    ['execute-api:Invoke', 'execute-api:Invoke', true],
    ['execute-api:invoke', 'execute-api:Invoke', true],
    ['EXECUTE-API:*', 'execute-api:Invoke', true],
    ['*', 'execute-api:Invoke', true],
    ['execute-api:ManageConnections', 'execute-api:Invoke', false],
    ['apigateway:*', 'execute-api:Invoke', false],
  ])('%s covers %s: %s', (pattern, action, expected) => {
    expect(actionMatches(pattern, action)).toBe(expected);
  });
});

describe('resourceMatches (case-sensitive)', () => {
  const arn = 'arn:aws:execute-api:us-east-1:111122223333:abcde12345/prod/GET/pets';
  it.each([
    ['arn:aws:execute-api:us-east-1:111122223333:abcde12345/*', true],
    ['arn:aws:execute-api:us-east-1:111122223333:abcde12345/*/GET/*', true],
    ['arn:aws:execute-api:us-east-1:111122223333:abcde12345/prod/POST/*', false],
    ['arn:aws:execute-api:us-east-1:111122223333:ABCDE12345/*', false],
    ['arn:aws:execute-api:*:*:*', true],
    ['*', true],
  ])('%s', (pattern, expected) => {
    expect(resourceMatches(pattern, arn)).toBe(expected);
  });
});

describe('arnLike (component-wise)', () => {
  it.each([
    ['arn:aws:iam::*:role/dev', 'arn:aws:iam::111122223333:role/dev', true],
    ['arn:aws:iam::111122223333:*', 'arn:aws:iam::111122223333:role/dev', true],
    // `*` in one component does not reach into the next
    ['arn:aws:iam::*', 'arn:aws:iam::111122223333:role/dev', false],
    ['*', 'not-even-an-arn', true],
    ['arn:aws:iam::111122223333:role/dev', 'not-an-arn', false],
  ])('%s ~ %s = %s', (pattern, arn, expected) => {
    expect(arnLike(pattern, arn)).toBe(expected);
  });
});

import { describe, expect, it } from 'vitest';
import { classifyError } from '../../src/aws/errors.js';

/** An error shaped like the SDK's service exceptions. */
function sdkError(name: string, message = `${name} happened`, httpStatusCode?: number): Error {
  return Object.assign(new Error(message), { name, $metadata: httpStatusCode === undefined ? {} : { httpStatusCode } });
}

describe('classifyError', () => {
  it.each(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'AuthFailure', 'ForbiddenException', 'OptInRequired', 'Route53AccessDeniedSomething'])(
    'classifies %s as access-denied',
    (name) => {
      // GIVEN an error with an access-denied code / WHEN classified / THEN it is access-denied with its code
      expect(classifyError(sdkError(name, 'not allowed', 400))).toEqual({ code: name, message: 'not allowed', kind: 'access-denied' });
    },
  );

  it('classifies an HTTP 403 with an unknown name as access-denied', () => {
    // GIVEN an unmodelled error name on a 403
    const result = classifyError(sdkError('SomethingWeird', 'no', 403));

    // THEN the status decides
    expect(result).toEqual({ code: 'SomethingWeird', message: 'no', kind: 'access-denied' });
  });

  it('leaves an unknown name on another status as other', () => {
    expect(classifyError(sdkError('SomethingWeird', 'no', 500)).kind).toBe('other');
  });

  it.each(['Throttling', 'ThrottlingException', 'TooManyRequestsException', 'RequestLimitExceeded', 'SlowDown', 'LimitExceededException'])('classifies %s as throttling', (name) => {
    expect(classifyError(sdkError(name, 'Rate exceeded', 400)).kind).toBe('throttling');
  });

  it.each(['ExpiredToken', 'ExpiredTokenException', 'RequestExpired', 'InvalidClientTokenId'])('classifies %s as expired-credentials', (name) => {
    // an expired token comes back as 400 or 403: the code must win over the status
    expect(classifyError(sdkError(name, 'The security token included in the request is expired', 403)).kind).toBe('expired-credentials');
  });

  it.each([
    { name: 'NotFoundException', status: 404 },
    { name: 'ResourceNotFoundException', status: 400 },
    { name: 'NoSuchHostedZone', status: 400 },
    { name: 'InvalidVpcID.NotFound', status: 400 },
    { name: 'UnknownError', status: 404 },
  ])('classifies $name ($status) as not-found', ({ name, status }) => {
    expect(classifyError(sdkError(name, 'gone', status)).kind).toBe('not-found');
  });

  it('classifies region-disabled errors by code and by message', () => {
    expect(classifyError(sdkError('RegionDisabledException', 'x')).kind).toBe('region-disabled');
    expect(classifyError(sdkError('InvalidRequest', 'The region ap-east-1 is not enabled for this account')).kind).toBe('region-disabled');
  });

  it('classifies network errors by their Node code', () => {
    const err = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    expect(classifyError(err)).toEqual({ code: 'ECONNRESET', message: 'socket hang up', kind: 'network' });
  });

  it('prefers Code over code over name', () => {
    expect(classifyError({ Code: 'AccessDenied', code: 'ECONNRESET', name: 'Error', message: 'm' }).code).toBe('AccessDenied');
    expect(classifyError({ code: 'ECONNRESET', name: 'Error', message: 'm' }).code).toBe('ECONNRESET');
  });

  it.each([undefined, null, 'boom', 42])('copes with the non-error %s', (value) => {
    const result = classifyError(value);
    expect(result.kind).toBe('other');
    expect(typeof result.code).toBe('string');
    expect(result.message.length).toBeGreaterThan(0);
  });

  it('falls back to the code when there is no message', () => {
    expect(classifyError({ name: 'ThrottlingException', message: '' })).toEqual({ code: 'ThrottlingException', message: 'ThrottlingException', kind: 'throttling' });
  });

  describe('message flattening', () => {
    it('puts a multi-line message on one line', () => {
      // GIVEN a message with newlines, tabs and runs of spaces
      const result = classifyError(sdkError('AccessDenied', '  User is not authorized\r\n\tto perform:\n\n  ec2:DescribeVpcs  '));

      // THEN it is one trimmed line with single spaces
      expect(result.message).toBe('User is not authorized to perform: ec2:DescribeVpcs');
    });

    it('removes control characters so no escape reaches a terminal', () => {
      // GIVEN a remote message carrying ANSI colour escapes and other control characters
      const result = classifyError(sdkError('Other', '\u001b[31mred\u001b[0m alert\u0007\u009b2J done'));

      // THEN no control character (C0, DEL or C1) is left
      const controls = [...result.message].filter((c) => {
        const n = c.codePointAt(0) ?? 0;
        return n <= 0x1f || (n >= 0x7f && n <= 0x9f);
      });
      expect(controls).toEqual([]);
      expect(result.message).toMatch(/red/);
      expect(result.message).toMatch(/done$/);
    });

    it('removes whole ANSI escape sequences, not just their ESC byte', () => {
      // GIVEN a message coloured with "\u001b[31m" ... "\u001b[0m"
      const result = classifyError(sdkError('Other', '\u001b[31mboom\u001b[0m failed'));

      // THEN the sequences disappear entirely
      // (fails today: only the ESC byte is replaced, leaving "[31mboom [0m failed")
      expect(result.message).toBe('boom failed');
    });

    it('truncates long messages to 500 characters with an ellipsis', () => {
      // GIVEN a 600-character message
      const result = classifyError(sdkError('Other', 'x'.repeat(600)));

      // THEN 497 characters and "..." remain
      expect(result.message).toHaveLength(500);
      expect(result.message).toBe(`${'x'.repeat(497)}...`);
    });

    it('keeps a message of exactly 500 characters whole', () => {
      const text = 'y'.repeat(500);
      expect(classifyError(sdkError('Other', text)).message).toBe(text);
    });

    it('measures the length after flattening', () => {
      // GIVEN 300 lines of "a" (599 characters once flattened)
      const result = classifyError(sdkError('Other', 'a\n'.repeat(300)));

      // THEN the flattened text is truncated
      expect(result.message).toHaveLength(500);
      expect(result.message.startsWith('a a a')).toBe(true);
      expect(result.message.endsWith('...')).toBe(true);
    });
  });
});

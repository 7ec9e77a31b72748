import { describe, expect, it } from 'vitest';
import { evaluateConditions, type RequestContext } from '../../src/policy/conditions.js';
import { mustParse } from './helpers.js';

/** Conditions of a one-statement policy with the given Condition block. */
function conditions(block: Record<string, Record<string, unknown>>) {
  return mustParse({ Statement: { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*', Condition: block } }).statements[0]?.conditions ?? [];
}

type Row = [label: string, block: Record<string, Record<string, unknown>>, context: RequestContext, expected: boolean];

const rows: Row[] = [
  // String family
  ['StringEquals hit', { StringEquals: { 'aws:SourceVpce': 'vpce-1' } }, { 'aws:sourcevpce': 'vpce-1' }, true],
  ['StringEquals is case-sensitive', { StringEquals: { 'aws:SourceVpce': 'vpce-1' } }, { 'aws:sourcevpce': 'VPCE-1' }, false],
  ['StringEquals values are ORed', { StringEquals: { 'aws:SourceVpce': ['vpce-1', 'vpce-2'] } }, { 'aws:sourcevpce': 'vpce-2' }, true],
  ['StringEquals missing key', { StringEquals: { 'aws:SourceVpce': 'vpce-1' } }, {}, false],
  ['context keys match case-insensitively', { StringEquals: { 'aws:SourceVpce': 'vpce-1' } }, { 'aws:SourceVPCE': 'vpce-1' }, true],
  ['StringNotEquals miss', { StringNotEquals: { 'aws:SourceVpce': 'vpce-1' } }, { 'aws:sourcevpce': 'vpce-9' }, true],
  ['StringNotEquals hit', { StringNotEquals: { 'aws:SourceVpce': 'vpce-1' } }, { 'aws:sourcevpce': 'vpce-1' }, false],
  ['StringNotEquals values are NORed', { StringNotEquals: { 'aws:SourceVpce': ['vpce-1', 'vpce-2'] } }, { 'aws:sourcevpce': 'vpce-2' }, false],
  ['StringNotEquals missing key is true', { StringNotEquals: { 'aws:SourceVpce': 'vpce-1' } }, {}, true],
  ['StringEqualsIgnoreCase', { StringEqualsIgnoreCase: { 'aws:SourceVpce': 'VPCE-1' } }, { 'aws:sourcevpce': 'vpce-1' }, true],
  ['StringNotEqualsIgnoreCase', { StringNotEqualsIgnoreCase: { 'aws:SourceVpce': 'VPCE-1' } }, { 'aws:sourcevpce': 'vpce-1' }, false],
  ['StringLike wildcard', { StringLike: { 'aws:SourceVpce': 'vpce-*' } }, { 'aws:sourcevpce': 'vpce-anything' }, true],
  ['StringLike ?', { StringLike: { 'aws:SourceVpce': 'vpce-?' } }, { 'aws:sourcevpce': 'vpce-12' }, false],
  ['StringNotLike', { StringNotLike: { 'aws:SourceVpce': 'vpce-*' } }, { 'aws:sourcevpce': 'vpce-1' }, false],
  ['StringNotLike missing key is true', { StringNotLike: { 'aws:SourceVpce': 'vpce-*' } }, {}, true],
  // IfExists
  ['StringEqualsIfExists missing key', { StringEqualsIfExists: { 'aws:SourceVpce': 'vpce-1' } }, {}, true],
  ['StringEqualsIfExists present mismatch', { StringEqualsIfExists: { 'aws:SourceVpce': 'vpce-1' } }, { 'aws:sourcevpce': 'vpce-2' }, false],
  ['StringNotEqualsIfExists present hit', { StringNotEqualsIfExists: { 'aws:SourceVpce': 'vpce-1' } }, { 'aws:sourcevpce': 'vpce-1' }, false],
  // ARN family
  ['ArnEquals', { ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/dev' } }, { 'aws:principalarn': 'arn:aws:iam::111122223333:role/dev' }, true],
  ['ArnLike', { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/dev*' } }, { 'aws:principalarn': 'arn:aws:iam::111122223333:role/developer' }, true],
  ['ArnNotEquals', { ArnNotEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/dev' } }, { 'aws:principalarn': 'arn:aws:iam::111122223333:role/ops' }, true],
  ['ArnNotLike hit', { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:*' } }, { 'aws:principalarn': 'arn:aws:iam::111122223333:role/ops' }, false],
  ['ArnNotLike missing key is true', { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:*' } }, {}, true],
  ['ArnLike missing key', { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:*' } }, {}, false],
  // IP family
  ['IpAddress IPv4 CIDR', { IpAddress: { 'aws:VpcSourceIp': '10.0.0.0/8' } }, { 'aws:vpcsourceip': '10.20.30.40' }, true],
  ['IpAddress IPv4 outside', { IpAddress: { 'aws:VpcSourceIp': '10.0.0.0/8' } }, { 'aws:vpcsourceip': '11.0.0.1' }, false],
  ['IpAddress bare address', { IpAddress: { 'aws:VpcSourceIp': '192.0.2.1' } }, { 'aws:vpcsourceip': '192.0.2.1' }, true],
  ['IpAddress IPv6 CIDR', { IpAddress: { 'aws:VpcSourceIp': '2001:db8::/32' } }, { 'aws:vpcsourceip': '2001:db8:1234::1' }, true],
  ['IpAddress IPv6 outside', { IpAddress: { 'aws:VpcSourceIp': '2001:db8::/32' } }, { 'aws:vpcsourceip': '2001:db9::1' }, false],
  ['IpAddress IPv4 rule vs IPv6 caller', { IpAddress: { 'aws:VpcSourceIp': '0.0.0.0/0' } }, { 'aws:vpcsourceip': '2001:db8::1' }, false],
  ['IpAddress mixed list', { IpAddress: { 'aws:VpcSourceIp': ['10.0.0.0/8', '2001:db8::/32'] } }, { 'aws:vpcsourceip': '2001:db8::1' }, true],
  ['NotIpAddress', { NotIpAddress: { 'aws:VpcSourceIp': '10.0.0.0/8' } }, { 'aws:vpcsourceip': '172.16.0.1' }, true],
  ['NotIpAddress missing key is true', { NotIpAddress: { 'aws:VpcSourceIp': '10.0.0.0/8' } }, {}, true],
  ['IpAddress malformed caller address', { IpAddress: { 'aws:VpcSourceIp': '10.0.0.0/8' } }, { 'aws:vpcsourceip': 'not-an-ip' }, false],
  // Bool, Null
  ['Bool true', { Bool: { 'aws:SecureTransport': 'true' } }, { 'aws:securetransport': 'true' }, true],
  ['Bool false vs true', { Bool: { 'aws:SecureTransport': 'false' } }, { 'aws:securetransport': 'true' }, false],
  ['Bool missing key', { Bool: { 'aws:SecureTransport': 'false' } }, {}, false],
  ['BoolIfExists missing key', { BoolIfExists: { 'aws:SecureTransport': 'false' } }, {}, true],
  ['Null true on missing key', { Null: { 'aws:SourceVpce': 'true' } }, {}, true],
  ['Null true on present key', { Null: { 'aws:SourceVpce': 'true' } }, { 'aws:sourcevpce': 'vpce-1' }, false],
  ['Null false on present key', { Null: { 'aws:SourceVpce': 'false' } }, { 'aws:sourcevpce': 'vpce-1' }, true],
  // Numeric, Date, Binary
  ['NumericEquals', { NumericEquals: { n: '10' } }, { n: '10.0' }, true],
  ['NumericNotEquals', { NumericNotEquals: { n: '10' } }, { n: '11' }, true],
  ['NumericNotEquals missing key is true', { NumericNotEquals: { n: '10' } }, {}, true],
  ['NumericLessThan', { NumericLessThan: { n: '10' } }, { n: '9' }, true],
  ['NumericLessThanEquals', { NumericLessThanEquals: { n: '10' } }, { n: '10' }, true],
  ['NumericGreaterThan', { NumericGreaterThan: { n: '10' } }, { n: '10' }, false],
  ['NumericGreaterThanEquals', { NumericGreaterThanEquals: { n: '10' } }, { n: '10' }, true],
  ['Numeric non-number context value', { NumericLessThan: { n: '10' } }, { n: 'x' }, false],
  ['DateLessThan', { DateLessThan: { 'aws:CurrentTime': '2026-12-31T00:00:00Z' } }, { 'aws:currenttime': '2026-06-01T00:00:00Z' }, true],
  ['DateGreaterThan epoch', { DateGreaterThan: { 'aws:EpochTime': '1700000000' } }, { 'aws:epochtime': '1800000000' }, true],
  ['DateEquals', { DateEquals: { t: '2026-01-01T00:00:00Z' } }, { t: '2026-01-01T00:00:00.000Z' }, true],
  ['DateNotEquals', { DateNotEquals: { t: '2026-01-01T00:00:00Z' } }, { t: '2026-01-02T00:00:00Z' }, true],
  ['DateLessThanEquals', { DateLessThanEquals: { t: '2026-01-01T00:00:00Z' } }, { t: '2026-01-01T00:00:00Z' }, true],
  ['DateGreaterThanEquals', { DateGreaterThanEquals: { t: '2026-01-01T00:00:00Z' } }, { t: '2025-01-01T00:00:00Z' }, false],
  ['BinaryEquals', { BinaryEquals: { b: 'QmluYXJ5' } }, { b: 'QmluYXJ5' }, true],
  // Set qualifiers
  ['ForAnyValue: one of several', { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['a', 'b'] } }, { 'aws:tagkeys': ['z', 'b'] }, true],
  ['ForAnyValue: none', { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['a', 'b'] } }, { 'aws:tagkeys': ['z'] }, false],
  ['ForAnyValue: missing key is false', { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['a'] } }, {}, false],
  ['ForAnyValue:StringNotEquals: missing key is false', { 'ForAnyValue:StringNotEquals': { 'aws:TagKeys': ['a'] } }, {}, false],
  ['ForAnyValue:StringNotEquals: one value outside', { 'ForAnyValue:StringNotEquals': { 'aws:TagKeys': ['a'] } }, { 'aws:tagkeys': ['a', 'b'] }, true],
  ['ForAllValues: all inside', { 'ForAllValues:StringLike': { 'aws:TagKeys': ['a*', 'b'] } }, { 'aws:tagkeys': ['ab', 'b'] }, true],
  ['ForAllValues: one outside', { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['a', 'b'] } }, { 'aws:tagkeys': ['a', 'c'] }, false],
  ['ForAllValues: missing key is true', { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['a'] } }, {}, true],
  ['ForAllValues: empty list is true', { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['a'] } }, { 'aws:tagkeys': [] }, true],
  ['ForAllValues:StringNotEquals: none listed', { 'ForAllValues:StringNotEquals': { 'aws:TagKeys': ['a'] } }, { 'aws:tagkeys': ['b', 'c'] }, true],
  ['ForAnyValue:StringEqualsIfExists missing key', { 'ForAnyValue:StringEqualsIfExists': { 'aws:TagKeys': ['a'] } }, {}, true],
  ['unqualified positive on multi-valued key', { StringEquals: { 'aws:TagKeys': 'a' } }, { 'aws:tagkeys': ['b', 'a'] }, true],
  ['unqualified negated on multi-valued key', { StringNotEquals: { 'aws:TagKeys': 'a' } }, { 'aws:tagkeys': ['b', 'a'] }, false],
  // AND across keys and operators
  ['keys ANDed: both hold', { StringEquals: { 'aws:SourceVpce': 'vpce-1', 'aws:SourceVpc': 'vpc-1' } }, { 'aws:sourcevpce': 'vpce-1', 'aws:sourcevpc': 'vpc-1' }, true],
  ['keys ANDed: one fails', { StringEquals: { 'aws:SourceVpce': 'vpce-1', 'aws:SourceVpc': 'vpc-1' } }, { 'aws:sourcevpce': 'vpce-1', 'aws:sourcevpc': 'vpc-2' }, false],
  ['operators ANDed', { StringEquals: { 'aws:SourceVpce': 'vpce-1' }, IpAddress: { 'aws:VpcSourceIp': '10.0.0.0/8' } }, { 'aws:sourcevpce': 'vpce-1', 'aws:vpcsourceip': '192.168.0.1' }, false],
];

describe('evaluateConditions', () => {
  it.each(rows)('%s', (_label, block, context, expected) => {
    expect(evaluateConditions(conditions(block), context)).toBe(expected);
  });

  it('an empty condition list holds', () => {
    expect(evaluateConditions([], {})).toBe(true);
  });
});

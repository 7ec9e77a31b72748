/**
 * Condition evaluation against a request context, following the IAM condition operator reference:
 * - several operators, and several keys under one operator, are ANDed; several values for one key
 *   are ORed (NOR for negated operators such as StringNotEquals);
 * - a key absent from the context makes the condition false, except: `...IfExists` → true,
 *   negated operators (StringNotEquals, StringNotLike, ArnNotEquals, ArnNotLike, NotIpAddress,
 *   NumericNotEquals, DateNotEquals, StringNotEqualsIgnoreCase) → true, `Null` tests absence itself;
 * - `ForAllValues:` is true when every context value satisfies the operator (and when the key is
 *   absent or empty); `ForAnyValue:` when at least one does (false when absent, unless IfExists);
 * - without a qualifier, a multi-valued context key behaves as ForAnyValue for positive operators
 *   and as "no value matches" for negated ones.
 */
import { cidrContains, parseCidr, parseIp } from './ip.js';
import { arnLike, wildcardMatch } from './match.js';
import { POSITIVE_OF, type BaseOperator } from './operators.js';
import type { Condition } from './parse.js';

/** Request context keyed by lower-cased condition key (e.g. `aws:sourcevpce`). */
export type RequestContext = Record<string, string | string[] | undefined>;

export function contextValues(context: RequestContext, key: string): string[] | undefined {
  const lower = key.toLowerCase();
  let value = context[lower];
  if (value === undefined) {
    for (const [k, v] of Object.entries(context)) {
      if (k.toLowerCase() === lower) {
        value = v;
        break;
      }
    }
  }
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value : [value];
}

export function evaluateConditions(conditions: readonly Condition[], context: RequestContext): boolean {
  return conditions.every((c) => evaluateCondition(c, context));
}

export function evaluateCondition(condition: Condition, context: RequestContext): boolean {
  const { operator, values } = condition;
  const present = contextValues(context, condition.key);
  const missing = present === undefined || present.length === 0;

  if (operator.base === 'Null') {
    // "true": the key must be absent; "false": present. Several values are ORed.
    return values.some((v) => (v.toLowerCase() === 'true' ? missing : !missing));
  }

  if (operator.qualifier === 'ForAllValues') {
    if (missing) return true;
    return present.every((v) => matchesOne(operator.base, operator.negated, v, values));
  }
  if (missing) {
    if (operator.ifExists) return true;
    if (operator.qualifier === 'ForAnyValue') return false;
    return operator.negated;
  }
  if (operator.qualifier === 'ForAnyValue') {
    return present.some((v) => matchesOne(operator.base, operator.negated, v, values));
  }
  if (operator.negated) {
    const positive = POSITIVE_OF[operator.base] ?? operator.base;
    return !present.some((v) => values.some((p) => matchValue(positive, v, p)));
  }
  return present.some((v) => values.some((p) => matchValue(operator.base, v, p)));
}

/** One context value against the policy values: OR for positive operators, NOR for negated ones. */
function matchesOne(base: BaseOperator, negated: boolean, value: string, policyValues: readonly string[]): boolean {
  if (negated) {
    const positive = POSITIVE_OF[base] ?? base;
    return !policyValues.some((p) => matchValue(positive, value, p));
  }
  return policyValues.some((p) => matchValue(base, value, p));
}

function toNumber(text: string): number | undefined {
  if (text.trim() === '') return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

function toTime(text: string): number | undefined {
  // Epoch seconds or ISO 8601.
  if (/^\d+(\.\d+)?$/.test(text.trim())) return Number(text) * 1000;
  const t = Date.parse(text);
  return Number.isNaN(t) ? undefined : t;
}

function compare(a: number | undefined, b: number | undefined, test: (x: number, y: number) => boolean): boolean {
  return a !== undefined && b !== undefined && test(a, b);
}

/** Positive matching of one context value against one policy value. */
export function matchValue(base: BaseOperator, value: string, policyValue: string): boolean {
  switch (base) {
    case 'StringEquals':
      return value === policyValue;
    case 'StringEqualsIgnoreCase':
      return value.toLowerCase() === policyValue.toLowerCase();
    case 'StringLike':
      return wildcardMatch(policyValue, value);
    case 'NumericEquals':
      return compare(toNumber(value), toNumber(policyValue), (x, y) => x === y);
    case 'NumericLessThan':
      return compare(toNumber(value), toNumber(policyValue), (x, y) => x < y);
    case 'NumericLessThanEquals':
      return compare(toNumber(value), toNumber(policyValue), (x, y) => x <= y);
    case 'NumericGreaterThan':
      return compare(toNumber(value), toNumber(policyValue), (x, y) => x > y);
    case 'NumericGreaterThanEquals':
      return compare(toNumber(value), toNumber(policyValue), (x, y) => x >= y);
    case 'DateEquals':
      return compare(toTime(value), toTime(policyValue), (x, y) => x === y);
    case 'DateLessThan':
      return compare(toTime(value), toTime(policyValue), (x, y) => x < y);
    case 'DateLessThanEquals':
      return compare(toTime(value), toTime(policyValue), (x, y) => x <= y);
    case 'DateGreaterThan':
      return compare(toTime(value), toTime(policyValue), (x, y) => x > y);
    case 'DateGreaterThanEquals':
      return compare(toTime(value), toTime(policyValue), (x, y) => x >= y);
    case 'Bool':
      return value.toLowerCase() === policyValue.toLowerCase();
    case 'BinaryEquals':
      return value === policyValue;
    case 'IpAddress': {
      const cidr = parseCidr(policyValue);
      const ip = parseIp(value);
      return cidr !== undefined && ip !== undefined && cidrContains(cidr, ip);
    }
    case 'ArnEquals':
    case 'ArnLike':
      return arnLike(policyValue, value);
    default: {
      // Negated and Null operators are handled by the caller.
      const positive = POSITIVE_OF[base];
      return positive ? !matchValue(positive, value, policyValue) : false;
    }
  }
}

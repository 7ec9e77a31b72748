/** The IAM condition operator grammar: base operators, the IfExists suffix and set qualifiers. */

export type OperatorFamily = 'String' | 'Numeric' | 'Date' | 'Bool' | 'Binary' | 'Ip' | 'Arn' | 'Null';

export type BaseOperator =
  | 'StringEquals'
  | 'StringNotEquals'
  | 'StringEqualsIgnoreCase'
  | 'StringNotEqualsIgnoreCase'
  | 'StringLike'
  | 'StringNotLike'
  | 'NumericEquals'
  | 'NumericNotEquals'
  | 'NumericLessThan'
  | 'NumericLessThanEquals'
  | 'NumericGreaterThan'
  | 'NumericGreaterThanEquals'
  | 'DateEquals'
  | 'DateNotEquals'
  | 'DateLessThan'
  | 'DateLessThanEquals'
  | 'DateGreaterThan'
  | 'DateGreaterThanEquals'
  | 'Bool'
  | 'BinaryEquals'
  | 'IpAddress'
  | 'NotIpAddress'
  | 'ArnEquals'
  | 'ArnNotEquals'
  | 'ArnLike'
  | 'ArnNotLike'
  | 'Null';

export type SetQualifier = 'ForAnyValue' | 'ForAllValues';

export interface ConditionOperator {
  /** As written in the policy. */
  name: string;
  base: BaseOperator;
  family: OperatorFamily;
  /** Negated matching (StringNotEquals, NotIpAddress, ...): true when the key is absent, NOR over values. */
  negated: boolean;
  ifExists: boolean;
  qualifier?: SetQualifier;
}

const BASES: Record<BaseOperator, { family: OperatorFamily; negated: boolean }> = {
  StringEquals: { family: 'String', negated: false },
  StringNotEquals: { family: 'String', negated: true },
  StringEqualsIgnoreCase: { family: 'String', negated: false },
  StringNotEqualsIgnoreCase: { family: 'String', negated: true },
  StringLike: { family: 'String', negated: false },
  StringNotLike: { family: 'String', negated: true },
  NumericEquals: { family: 'Numeric', negated: false },
  NumericNotEquals: { family: 'Numeric', negated: true },
  NumericLessThan: { family: 'Numeric', negated: false },
  NumericLessThanEquals: { family: 'Numeric', negated: false },
  NumericGreaterThan: { family: 'Numeric', negated: false },
  NumericGreaterThanEquals: { family: 'Numeric', negated: false },
  DateEquals: { family: 'Date', negated: false },
  DateNotEquals: { family: 'Date', negated: true },
  DateLessThan: { family: 'Date', negated: false },
  DateLessThanEquals: { family: 'Date', negated: false },
  DateGreaterThan: { family: 'Date', negated: false },
  DateGreaterThanEquals: { family: 'Date', negated: false },
  Bool: { family: 'Bool', negated: false },
  BinaryEquals: { family: 'Binary', negated: false },
  IpAddress: { family: 'Ip', negated: false },
  NotIpAddress: { family: 'Ip', negated: true },
  ArnEquals: { family: 'Arn', negated: false },
  ArnNotEquals: { family: 'Arn', negated: true },
  ArnLike: { family: 'Arn', negated: false },
  ArnNotLike: { family: 'Arn', negated: true },
  Null: { family: 'Null', negated: false },
};

const BY_LOWER = new Map<string, BaseOperator>(Object.keys(BASES).map((k) => [k.toLowerCase(), k as BaseOperator]));

/** The positive operator a negated one negates (StringNotEquals → StringEquals). */
export const POSITIVE_OF: Partial<Record<BaseOperator, BaseOperator>> = {
  StringNotEquals: 'StringEquals',
  StringNotEqualsIgnoreCase: 'StringEqualsIgnoreCase',
  StringNotLike: 'StringLike',
  NumericNotEquals: 'NumericEquals',
  DateNotEquals: 'DateEquals',
  NotIpAddress: 'IpAddress',
  ArnNotEquals: 'ArnEquals',
  ArnNotLike: 'ArnLike',
};

/**
 * Reads an operator name such as `ForAnyValue:StringLikeIfExists`. Matching is case-insensitive
 * (as the catalog's normalisation requires). Returns undefined for anything not in IAM's grammar.
 */
export function parseConditionOperator(name: string): ConditionOperator | undefined {
  let rest = name;
  let qualifier: SetQualifier | undefined;
  const colon = rest.indexOf(':');
  if (colon >= 0) {
    const prefix = rest.slice(0, colon).toLowerCase();
    if (prefix === 'foranyvalue') qualifier = 'ForAnyValue';
    else if (prefix === 'forallvalues') qualifier = 'ForAllValues';
    else return undefined;
    rest = rest.slice(colon + 1);
  }
  let ifExists = false;
  if (rest.toLowerCase().endsWith('ifexists')) {
    ifExists = true;
    rest = rest.slice(0, -'ifexists'.length);
  }
  const base = BY_LOWER.get(rest.toLowerCase());
  if (!base) return undefined;
  // Null tests existence itself: NullIfExists is meaningless and IAM rejects it.
  if (base === 'Null' && ifExists) return undefined;
  const { family, negated } = BASES[base];
  return { name, base, family, negated, ifExists, ...(qualifier && { qualifier }) };
}

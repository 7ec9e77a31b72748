/** IAM wildcard matching: `*` (any run, including empty) and `?` (exactly one character). */

/**
 * Matches `value` against an IAM pattern. Iterative with single-star backtracking: linear in
 * practice, no regular expressions built from policy text.
 */
export function wildcardMatch(pattern: string, value: string, ignoreCase = false): boolean {
  const p = ignoreCase ? pattern.toLowerCase() : pattern;
  const v = ignoreCase ? value.toLowerCase() : value;
  let pi = 0;
  let vi = 0;
  let star = -1;
  let mark = 0;
  while (vi < v.length) {
    const pc = p[pi];
    if (pc !== undefined && (pc === '?' || (pc !== '*' && pc === v[vi]))) {
      pi++;
      vi++;
    } else if (pc === '*') {
      star = pi++;
      mark = vi;
    } else if (star >= 0) {
      pi = star + 1;
      vi = ++mark;
    } else {
      return false;
    }
  }
  while (p[pi] === '*') pi++;
  return pi === p.length;
}

/** Actions are case-insensitive: `execute-api:invoke` = `execute-api:Invoke`; `*` and `execute-api:*` cover it. */
export function actionMatches(pattern: string, action: string): boolean {
  return wildcardMatch(pattern, action, true);
}

/** Resources (ARNs) are case-sensitive. */
export function resourceMatches(pattern: string, resource: string): boolean {
  return wildcardMatch(pattern, resource, false);
}

/** Splits an ARN into its six colon-delimited components (the last keeps any further colons). */
export function splitArn(arn: string): string[] | undefined {
  const parts: string[] = [];
  let rest = arn;
  for (let i = 0; i < 5; i++) {
    const at = rest.indexOf(':');
    if (at < 0) return undefined;
    parts.push(rest.slice(0, at));
    rest = rest.slice(at + 1);
  }
  parts.push(rest);
  return parts;
}

/**
 * ArnEquals/ArnLike: each of the six colon-delimited components is matched separately, each may
 * hold `*` and `?`. A pattern of just "*" matches any ARN.
 */
export function arnLike(pattern: string, arn: string): boolean {
  if (pattern === '*') return true;
  const p = splitArn(pattern);
  const a = splitArn(arn);
  if (!p || !a) return false;
  return p.every((part, i) => wildcardMatch(part, a[i] ?? '', false));
}

/** Replaces wildcards to produce one concrete string the pattern matches. */
export function wildcardWitness(pattern: string, fill = 'x'): string {
  return pattern.replaceAll('*', fill).replaceAll('?', fill.slice(0, 1) || 'x');
}

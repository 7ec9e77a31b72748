/**
 * Single-policy evaluation: an explicit Deny in any applicable statement wins, else an applicable
 * Allow allows, else the request is implicitly denied. A statement applies when its principal,
 * action, resource and all its conditions match.
 *
 * This evaluates one policy on its own: whether API Gateway finally admits a request also depends
 * on the method's authorization type and (for IAM callers) their identity policies.
 */
import { evaluateConditions, type RequestContext } from './conditions.js';
import { actionMatches, resourceMatches } from './match.js';
import type { PolicyDocument, PrincipalElement, PrincipalSet, Statement } from './parse.js';

export type RequestPrincipal = { type: 'anonymous' } | { type: 'aws'; accountId: string; arn: string };

export interface PolicyRequest {
  principal: RequestPrincipal;
  action: string;
  resource: string;
  context?: RequestContext;
}

export type Decision = 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';

export function evaluate(policy: PolicyDocument, request: PolicyRequest): Decision {
  const context = withPrincipalKeys(request);
  let allowed = false;
  for (const statement of policy.statements) {
    if (!statementApplies(statement, request, context)) continue;
    if (statement.effect === 'Deny') return 'ExplicitDeny';
    allowed = true;
  }
  return allowed ? 'Allow' : 'ImplicitDeny';
}

/** Adds aws:PrincipalAccount / aws:PrincipalArn for AWS callers unless the context already sets them. */
function withPrincipalKeys(request: PolicyRequest): RequestContext {
  const context = request.context ?? {};
  if (request.principal.type !== 'aws') return context;
  return {
    'aws:principalaccount': request.principal.accountId,
    'aws:principalarn': request.principal.arn,
    ...context,
  };
}

export function statementApplies(statement: Statement, request: PolicyRequest, context: RequestContext = withPrincipalKeys(request)): boolean {
  if (!principalApplies(statement.principal, request.principal)) return false;
  const actionHit = statement.action.values.some((a) => actionMatches(a, request.action));
  if (statement.action.kind === 'Action' ? !actionHit : actionHit) return false;
  const resourceHit = statement.resource.values.some((r) => resourceMatches(r, request.resource));
  if (statement.resource.kind === 'Resource' ? !resourceHit : resourceHit) return false;
  return evaluateConditions(statement.conditions, context);
}

function principalApplies(element: PrincipalElement, principal: RequestPrincipal): boolean {
  if (element.kind === 'none') return true;
  const inSet = principalInSet(element.set, principal);
  return element.kind === 'Principal' ? inSet : !inSet;
}

/**
 * "*" and {"AWS": "*"} match everyone, anonymous callers included. An account id or
 * `arn:<partition>:iam::<account>:root` matches every principal of that account; any other ARN
 * matches exactly (IAM allows no wildcards in principal ARNs). Service, Federated and
 * CanonicalUser principals never match the two request principal types modelled here.
 */
export function principalInSet(set: PrincipalSet, principal: RequestPrincipal): boolean {
  if (set.any) return true;
  if (principal.type !== 'aws') return false;
  return set.aws.some((p) => p === principal.accountId || p === principal.arn || rootAccount(p) === principal.accountId);
}

/** The account of `arn:<partition>:iam::<account>:root`, else undefined. */
export function rootAccount(principal: string): string | undefined {
  return /^arn:[^:]+:iam::(\d{12}):root$/.exec(principal)?.[1];
}

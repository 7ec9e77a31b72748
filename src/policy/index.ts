/** The IAM policy engine for API Gateway resource, private custom domain and VPC endpoint policies. */
export { parsePolicy, parsePolicyValue } from './parse.js';
export type { Condition, Effect, ParseResult, PolicyDocument, PolicyError, PrincipalSet, Statement } from './parse.js';
export { parseConditionOperator } from './operators.js';
export type { BaseOperator, ConditionOperator, OperatorFamily, SetQualifier } from './operators.js';
export { actionMatches, arnLike, resourceMatches, wildcardMatch } from './match.js';
export { evaluateCondition, evaluateConditions } from './conditions.js';
export type { RequestContext } from './conditions.js';
export { apiArn, expandPolicyResources, expandShorthand, invokeArn, parseExecuteApiArn } from './execute-api.js';
export type { ApiRef, ExecuteApiArn } from './execute-api.js';
export { evaluate, statementApplies } from './evaluate.js';
export type { Decision, PolicyRequest, RequestPrincipal } from './evaluate.js';
export { endpointPolicyProfile, invokeAccess } from './analysis.js';
export type { DomainTarget, EndpointPolicyProfile, InvokeAccess } from './analysis.js';

/** IAM policy documents as the services return them. */

type ConditionBlock = Record<string, Record<string, string | string[]>>;

export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal: '*' | { AWS: string | string[] };
  Action: string | string[];
  Resource: string | string[];
  Condition?: ConditionBlock;
}

export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: PolicyStatement[];
}

export function policy(...statements: PolicyStatement[]): PolicyDocument {
  return { Version: '2012-10-17', Statement: statements };
}

/**
 * API Gateway returns resource policies (REST APIs and domain names alike) as JSON with every
 * quote and slash backslash-escaped: checks must un-escape before parsing, so the world does too.
 */
export function apiGatewayPolicyText(doc: PolicyDocument): string {
  return JSON.stringify(doc).replaceAll('"', '\\"').replaceAll('/', '\\/');
}

/** EC2 returns endpoint policies as indented JSON. */
function endpointPolicyText(doc: PolicyDocument): string {
  return JSON.stringify(doc, null, 2);
}

export function allowInvoke(resource: string | string[], condition?: ConditionBlock): PolicyStatement {
  return { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: resource, ...(condition && { Condition: condition }) };
}

export function denyUnlessSourceVpce(resource: string | string[], vpceIds: string[]): PolicyStatement {
  return {
    Effect: 'Deny',
    Principal: '*',
    Action: 'execute-api:Invoke',
    Resource: resource,
    Condition: { StringNotEquals: { 'aws:SourceVpce': single(vpceIds) } },
  };
}

/** One value is written as a string, several as a list: both forms occur in real policies. */
function single(values: string[]): string | string[] {
  return values.length === 1 ? (values[0] ?? '') : values;
}

/** The documented private API policy: allow invoke, deny unless the request came through one of the endpoints. */
export function privateApiPolicy(executeArn: string, vpceIds: string[]): PolicyDocument {
  const resource = `${executeArn}/*`;
  return policy(allowInvoke(resource), denyUnlessSourceVpce(resource, vpceIds));
}

/** An endpoint policy that lets anyone through the endpoint invoke only the listed APIs. */
export function endpointPolicyFor(resources: string[], condition?: ConditionBlock): string {
  return endpointPolicyText(policy(allowInvoke(resources, condition)));
}

/** The policy EC2 attaches when none is given. */
export const FULL_ACCESS_ENDPOINT_POLICY = JSON.stringify(
  { Statement: [{ Action: '*', Effect: 'Allow', Principal: '*', Resource: '*' }] },
  null,
  2,
);

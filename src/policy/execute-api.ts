/**
 * execute-api resource ARNs: `arn:<partition>:execute-api:<region>:<account>:<apiId>/<stage>/<METHOD>/<path>`,
 * and the `execute-api:/...` shorthand API Gateway expands when it stores a policy.
 */
import type { PolicyDocument } from './parse.js';

export interface ApiRef {
  partition: string;
  region: string;
  accountId: string;
  apiId: string;
}

export interface ExecuteApiArn extends ApiRef {
  /** Empty strings when the ARN stops early (e.g. just the API). */
  stage: string;
  method: string;
  /** Without the leading slash ("pets/cats"); "" for the root resource. */
  path: string;
}

/** `arn:aws:execute-api:us-east-1:111122223333:a1b2c3d4e5` */
export function apiArn(api: ApiRef): string {
  return `arn:${api.partition}:execute-api:${api.region}:${api.accountId}:${api.apiId}`;
}

/** The invoke ARN of one method: `…:<apiId>/<stage>/<METHOD>/<path>`; path given with or without a leading slash. */
export function invokeArn(api: ApiRef, stage: string, method: string, path: string): string {
  return `${apiArn(api)}/${stage}/${method}/${path.replace(/^\/+/, '')}`;
}

export function parseExecuteApiArn(arn: string): ExecuteApiArn | undefined {
  const m = /^arn:([^:]+):execute-api:([^:]*):([^:]*):([^/]+)(?:\/(.*))?$/.exec(arn);
  if (!m) return undefined;
  const [, partition = '', region = '', accountId = '', apiId = '', rest] = m;
  const [stage = '', method = '', ...path] = rest === undefined ? [] : rest.split('/');
  return { partition, region, accountId, apiId, stage, method, path: path.join('/') };
}

/** True for `execute-api:/...` shorthand resources. */
export function isShorthand(resource: string): boolean {
  return resource.startsWith('execute-api:/');
}

/**
 * Expands `execute-api:/stage/METHOD/path` (and `execute-api:/*`) against the ARN of the API (or
 * private custom domain) the policy is attached to: `execute-api:/*` → `<base>/*`. Other resources
 * come back unchanged.
 */
export function expandShorthand(resource: string, base: string): string {
  if (!isShorthand(resource)) return resource;
  return `${base}/${resource.slice('execute-api:/'.length)}`;
}

/** The policy with every Resource/NotResource shorthand expanded against `base` (an API ARN or a domain's execute ARN). */
export function expandPolicyResources(policy: PolicyDocument, base: string | ApiRef): PolicyDocument {
  const arn = typeof base === 'string' ? base : apiArn(base);
  return {
    ...policy,
    statements: policy.statements.map((s) => ({
      ...s,
      resource: { kind: s.resource.kind, values: s.resource.values.map((r) => expandShorthand(r, arn)) },
    })),
  };
}

import type { DeclaredCall } from '../collectors/contract.js';

/**
 * The calls the sinks make, declared like the collectors' so `privapi permissions` (and the
 * deployed roles) grant exactly these.
 */

/**
 * In each member account: importing its own findings, and setting the workflow of muted ones
 * (BatchImportFindings cannot change Workflow once a finding exists). The import is limited to
 * the account's own default product; `${aws:PrincipalAccount}` is an IAM policy variable.
 */
export const securityHubMemberCalls: readonly DeclaredCall[] = [
  {
    operation: 'BatchImportFindings',
    action: 'securityhub:BatchImportFindings',
    resources: ['arn:${Partition}:securityhub:*:${aws:PrincipalAccount}:product/${aws:PrincipalAccount}/default'],
  },
  // The Service Authorization Reference lists no resource type we could verify for this action; unscoped.
  { operation: 'BatchUpdateFindings', action: 'securityhub:BatchUpdateFindings' },
];

/** In the hub: the findings table and its index, nothing else. */
export function stateTableCalls(tableName: string): DeclaredCall[] {
  const table = `arn:\${Partition}:dynamodb:*:*:table/${tableName}`;
  const resources = [table, `${table}/index/*`];
  return ['Query', 'Scan', 'GetItem', 'PutItem', 'BatchWriteItem', 'DescribeTable'].map((operation) => ({ operation, action: `dynamodb:${operation}`, resources }));
}

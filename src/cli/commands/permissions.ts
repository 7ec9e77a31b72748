import type { Command } from 'commander';
import { hubPolicy, memberRolePolicy } from '../../collectors/permissions.js';
import { Partition } from '../../model/inventory.js';
import { UsageError } from '../errors.js';
import { DEFAULT_ROLE_NAME, type CommandIo } from './collect.js';

export interface PermissionsFlags {
  hub?: boolean;
  partition: string;
  roleName: string;
  rolePath: string;
  dynamodbTable?: string;
}

/** Prints the least-privilege policy generated from the collectors' declared calls. */
export function runPermissions(flags: PermissionsFlags, io: Pick<CommandIo, 'stdout'>): number {
  const parsed = Partition.safeParse(flags.partition);
  if (!parsed.success) throw new UsageError(`unknown partition "${flags.partition}" (one of ${Partition.options.join(', ')})`);
  if (flags.dynamodbTable && !flags.hub) throw new UsageError('--dynamodb-table belongs to the hub policy: add --hub');
  const policy = flags.hub ? hubPolicy(parsed.data, flags.roleName, flags.rolePath, flags.dynamodbTable) : memberRolePolicy(parsed.data);
  io.stdout(`${JSON.stringify(policy, null, 2)}\n`);
  return 0;
}

export function registerPermissions(program: Command, io: () => CommandIo, done: (code: number) => void): void {
  program
    .command('permissions')
    .description('print the least-privilege IAM policy for the member-account role: read-only plus its own Security Hub import (or, with --hub, for the account privapi runs in)')
    .option('--hub', 'the policy of the identity that runs privapi: organization discovery and AssumeRole')
    .option('--partition <partition>', 'partition the ARNs are rendered for', 'aws')
    .option('--role-name <name>', 'with --hub: the member role it may assume', DEFAULT_ROLE_NAME)
    .option('--role-path <path>', 'with --hub: that role\'s IAM path', '/')
    .option('--dynamodb-table <name>', 'with --hub: the findings table privapi audit --dynamodb-table writes')
    .addHelpText('after', '\nExamples:\n  privapi permissions > member-role-policy.json\n  privapi permissions --hub --partition aws-us-gov\n  privapi permissions --hub --dynamodb-table privapi-findings')
    .action((flags: PermissionsFlags) => done(runPermissions(flags, io())));
}

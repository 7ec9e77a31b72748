import type { Command } from 'commander';
import { checks as catalog } from '../../checks/index.js';
import { globPattern } from '../engine/mutelist.js';
import type { CheckDefinition } from '../model/check.js';
import type { PrivapiConfig } from './config-file.js';
import { UsageError } from './errors.js';

/**
 * Flags override the config file, and the file overrides the flags' defaults. Commander records
 * where each option value came from, so a value is taken from the file only when the flag was
 * not given on the command line.
 */

type FromConfig = (config: PrivapiConfig) => unknown;

/** Where each flag (by commander's attribute name) lives in the config file. */
const FROM_CONFIG: Readonly<Record<string, FromConfig>> = {
  org: (c) => (c.accounts?.mode === 'organization' ? true : undefined),
  account: (c) => (c.accounts?.mode === 'account' ? (c.accounts.include ?? true) : undefined),
  includeAccounts: (c) => (c.accounts?.mode === 'account' ? undefined : c.accounts?.include),
  excludeAccounts: (c) => c.accounts?.exclude,
  ou: (c) => c.accounts?.ous,
  regions: (c) => c.regions,
  region: (c) => c.homeRegion,
  profile: (c) => c.profile,
  roleName: (c) => c.role?.name,
  rolePath: (c) => c.role?.path,
  externalId: (c) => c.role?.externalId,
  callerUsesRole: (c) => c.role?.assumeInCallerAccount,
  accountConcurrency: (c) => c.collection?.accountConcurrency,
  maxAttempts: (c) => c.collection?.maxAttempts,
  quota: (c) => c.collection?.quotas,
  checks: (c) => c.checks?.include,
  excludeChecks: (c) => c.checks?.exclude,
  failOn: (c) => c.failOn,
  securityhub: (c) => c.securityHub,
  dynamodbTable: (c) => c.state?.dynamodbTable,
  dynamodbRegion: (c) => c.state?.dynamodbRegion,
  createTable: (c) => c.state?.createTable,
  stateFile: (c) => (c.state?.file === false ? undefined : c.state?.file),
  state: (c) => (c.state?.file === false ? false : undefined),
  retentionDays: (c) => c.state?.retentionDays,
  format: (c) => c.outputs?.formats,
  outputDir: (c) => c.outputs?.dir,
};

/** Choosing organization or account mode on the command line replaces the file's whole account selection. */
const ACCOUNT_SELECTION = ['org', 'account', 'includeAccounts', 'excludeAccounts', 'ou'];

export function withConfig<T extends object>(flags: T, cmd: Command, config: PrivapiConfig): T {
  const merged: Record<string, unknown> = { ...(flags as Record<string, unknown>) };
  const own = new Set(cmd.options.map((o) => o.attributeName()));
  const fromCli = (key: string) => cmd.getOptionValueSource(key) === 'cli';
  const modeOnCli = fromCli('org') || fromCli('account');
  for (const [key, from] of Object.entries(FROM_CONFIG)) {
    if (!own.has(key) || fromCli(key)) continue;
    if (modeOnCli && ACCOUNT_SELECTION.includes(key)) continue;
    const value = from(config);
    if (value !== undefined) merged[key] = value;
  }
  return merged as T;
}

/** The checks to run: all, or those matching `include` (ids or * patterns), minus those matching `exclude`. */
export function selectChecks(include: readonly string[] | undefined, exclude: readonly string[] = []): CheckDefinition[] {
  const unknown = [...(include ?? []), ...exclude].filter((p) => !catalog.some((c) => globPattern(p.toUpperCase()).test(c.id)));
  if (unknown.length) throw new UsageError(`check id(s) or pattern(s) matching no check: ${unknown.join(', ')} (see privapi checks list)`);
  const matches = (patterns: readonly string[], id: string) => patterns.some((p) => globPattern(p.toUpperCase()).test(id));
  const selected = catalog.filter((c) => (include?.length ? matches(include, c.id) : true) && !matches(exclude, c.id));
  if (selected.length === 0) throw new UsageError('the check selection is empty: --checks/--exclude-checks (or checks.include/exclude in the config file) leave no check to run');
  return selected;
}

import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { checks } from '../../../checks/index.js';
import { runCatalog } from '../../engine/run-checks.js';
import { SEVERITIES, type CheckResult, type Severity } from '../../model/check.js';
import { parseSnapshotText } from '../../model/snapshot.js';
import { EXIT, UsageError } from '../errors.js';
import type { CommandIo } from './collect.js';

export interface CheckFlags {
  snapshot: string;
  json?: boolean;
  failOn: string;
}

const rank = (s: Severity) => SEVERITIES.indexOf(s);

/** Counts by status, then every FAIL and ERROR by severity. */
export function formatResults(results: readonly CheckResult[]): string {
  const fails = results.filter((r) => r.status === 'FAIL' || r.status === 'ERROR').sort((a, b) => rank(b.severity) - rank(a.severity) || a.checkId.localeCompare(b.checkId) || a.accountId.localeCompare(b.accountId));
  const count = (s: CheckResult['status']) => results.filter((r) => r.status === s).length;
  return [
    `${count('FAIL')} failed, ${count('PASS')} passed, ${count('NOT_APPLICABLE')} not applicable, ${count('ERROR')} could not be evaluated`,
    '',
    `${'SEVERITY'.padEnd(15)}${'STATUS'.padEnd(8)}${'CHECK'.padEnd(11)}${'ACCOUNT'.padEnd(14)}${'REGION'.padEnd(16)}MESSAGE`,
    ...fails.map((r) => `${r.severity.padEnd(15)}${(r.status === 'FAIL' ? 'FAIL' : 'ERROR').padEnd(8)}${r.checkId.padEnd(11)}${r.accountId.padEnd(14)}${r.region.padEnd(16)}${r.message}`),
  ].join('\n');
}

/** Runs the catalog on a saved snapshot, offline. */
export async function runCheckCommand(flags: CheckFlags, io: Pick<CommandIo, 'stdout'>): Promise<number> {
  const failOn = flags.failOn.toUpperCase() as Severity;
  if (!SEVERITIES.includes(failOn)) throw new UsageError(`--fail-on must be one of ${SEVERITIES.join(', ')}, got "${flags.failOn}"`);
  let text: string;
  try {
    text = await readFile(flags.snapshot, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read snapshot ${flags.snapshot}: ${(err as Error).message}`);
  }
  const { results } = runCatalog(checks, parseSnapshotText(text, flags.snapshot));
  io.stdout(flags.json ? `${JSON.stringify(results, null, 2)}\n` : `${formatResults(results)}\n`);
  if (results.some((r) => r.status === 'FAIL' && rank(r.severity) >= rank(failOn))) return EXIT.findings;
  return results.some((r) => r.status === 'ERROR') ? EXIT.incomplete : EXIT.ok;
}

export function registerCheck(program: Command, io: () => CommandIo, done: (code: number) => void): void {
  program
    .command('check')
    .description('run every check on a saved snapshot, offline, and print the findings')
    .requiredOption('--snapshot <file>', 'a snapshot written by privapi collect')
    .option('--json', 'print every result (PASS, FAIL, NOT_APPLICABLE, ERROR) as JSON')
    .option('--fail-on <severity>', `exit 1 when a finding is at or above this severity (${SEVERITIES.join(', ')})`, 'LOW')
    .addHelpText('after', '\nExamples:\n  privapi collect --demo --out s.json && privapi check --snapshot s.json\n  privapi check --snapshot s.json --fail-on HIGH --json > results.json\n\nExit codes: 0 no finding at or above --fail-on, 1 findings, 2 usage error, 3 some results could not be evaluated (inventory missing).')
    .action(async (flags: CheckFlags) => done(await runCheckCommand(flags, io())));
}

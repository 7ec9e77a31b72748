import type { Command } from 'commander';
import { SEVERITIES } from '../../model/check.js';
import { EXIT } from '../errors.js';
import { list } from '../options.js';
import { addOutputOptions } from '../outputs.js';
import { failOnSeverity, hasFailingFinding } from './audit.js';
import type { CommandIo } from './collect.js';
import { emitOfflineReport, type ReportFlags } from './report.js';

export interface CheckFlags extends Omit<ReportFlags, 'findings' | 'jsonSchema'> {
  snapshot: string;
  failOn: string;
}

/** Runs the checks on a saved snapshot, offline; exits like audit does, so a pipeline can gate on it. */
export async function runCheckCommand(given: CheckFlags, cmd: Command, io: CommandIo): Promise<number> {
  failOnSeverity(given.failOn);
  const { flags, report } = await emitOfflineReport(given, cmd, io);
  if (hasFailingFinding(report.findings, failOnSeverity(flags.failOn))) return EXIT.findings;
  return report.results?.some((r) => r.status === 'ERROR') ? EXIT.incomplete : EXIT.ok;
}

export function registerCheck(program: Command, io: () => CommandIo, done: (code: number) => void): void {
  const cmd = program
    .command('check')
    .description('run the checks on a saved snapshot, offline, and report the findings')
    .requiredOption('--snapshot <file>', 'a snapshot written by privapi collect')
    .option('--config <file>', 'config file: its checks, failOn, outputs and mutelist apply')
    .option('--checks <ids...>', 'run only these checks (ids or patterns such as POLICY-*)', list)
    .option('--exclude-checks <ids...>', 'do not run these checks', list)
    .option('--fail-on <severity>', `exit 1 when an unmuted finding is at or above this severity (${SEVERITIES.join(', ')})`, 'LOW');
  addOutputOptions(cmd)
    .addHelpText(
      'after',
      `
Examples:
  privapi collect --demo --out s.json && privapi check --snapshot s.json
  privapi check --snapshot s.json --fail-on HIGH --format json > report.json
  privapi check --snapshot s.json --checks 'VPCE-*' -f csv html --output-dir out

Exit codes: 0 no finding at or above --fail-on, 1 findings, 2 usage error, 3 some results could not be evaluated (inventory missing).`,
    )
    .action(async (flags: CheckFlags, command: Command) => done(await runCheckCommand(flags, command, io())));
}

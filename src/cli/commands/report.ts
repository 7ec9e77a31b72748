import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { checks as catalog } from '../../../checks/index.js';
import { unknownCheckPatterns } from '../../engine/mutelist.js';
import { parseSnapshotText } from '../../model/snapshot.js';
import { reportFromSnapshot } from '../../report/build.js';
import { parseReportDocument, reportJsonSchema } from '../../report/json.js';
import type { Report } from '../../report/model.js';
import { ConfigError, loadConfig, locatedMutelist, type LoadedConfig } from '../config-file.js';
import { EXIT, UsageError } from '../errors.js';
import { list, region } from '../options.js';
import { addOutputOptions, chosenFormats, emitReport, onPremisesOf, type OutputFlags } from '../outputs.js';
import { selectChecks, withConfig } from '../settings.js';
import { colourFor } from '../terminal.js';
import type { CommandIo } from './collect.js';

export interface ReportFlags extends OutputFlags {
  snapshot?: string;
  findings?: string;
  config?: string;
  checks?: string[];
  excludeChecks?: string[];
  jsonSchema?: boolean;
  homeRegion?: string;
}

async function readInput(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${what} ${file}: ${(err as Error).message}`);
  }
}

/**
 * The report of saved inputs, without AWS calls: a snapshot evaluated offline (every failing
 * result a NEW finding, the config's mutelist applied), or a JSON report read back, with the
 * snapshot beside it for the diagrams.
 */
export async function offlineReport(flags: ReportFlags, loaded: LoadedConfig, now: () => Date = () => new Date()): Promise<Report> {
  if (!flags.snapshot && !flags.findings) throw new UsageError('give --snapshot FILE (evaluate a saved inventory) or --findings FILE (re-render a JSON report), or both');
  const snapshot = flags.snapshot ? parseSnapshotText(await readInput(flags.snapshot, 'snapshot'), flags.snapshot) : undefined;
  if (flags.findings) {
    const report = parseReportDocument(await readInput(flags.findings, 'findings'), flags.findings);
    return snapshot ? { ...report, snapshot } : report;
  }
  const mutelist = locatedMutelist(loaded);
  const typos = unknownCheckPatterns(mutelist, catalog.map((c) => c.id));
  if (typos.length) throw new ConfigError(typos.map((t) => `${t.where}: check "${t.entry.check}" matches no check (see privapi checks list)`).join('\n'));
  const generatedAt = now().toISOString();
  return reportFromSnapshot(snapshot!, {
    file: flags.snapshot!,
    checks: selectChecks(flags.checks, flags.excludeChecks),
    mutelist,
    // Only where Route 53 (global) findings are filed in ASFF and OCSF; a snapshot does not record it.
    homeRegion: flags.homeRegion ?? process.env.AWS_REGION ?? snapshot!.regions.find((r) => r !== 'global') ?? 'us-east-1',
    generatedAt,
    runId: `offline-${generatedAt}`,
  });
}

/**
 * What `report` and `check` share: the config merged under the flags, the formats checked before
 * any file is read, the offline report built and written.
 */
export async function emitOfflineReport<F extends ReportFlags>(given: F, cmd: Command, io: CommandIo): Promise<{ flags: F; report: Report }> {
  const loaded = await loadConfig({ ...(given.config ? { path: given.config } : {}), cwd: process.cwd() });
  const flags = withConfig(given, cmd, loaded.config);
  chosenFormats(flags);
  const report = await offlineReport(flags, loaded);
  await emitReport(report, flags, { stdout: io.stdout, colour: colourFor(io.terminal.stdoutIsTTY, io.terminal.env) }, onPremisesOf(loaded.config));
  return { flags, report };
}

export async function runReport(given: ReportFlags, cmd: Command, io: CommandIo): Promise<number> {
  if (given.jsonSchema) {
    io.stdout(`${JSON.stringify(reportJsonSchema(), null, 2)}\n`);
    return EXIT.ok;
  }
  await emitOfflineReport(given, cmd, io);
  return EXIT.ok;
}

export function registerReport(program: Command, io: () => CommandIo, done: (code: number) => void): void {
  const cmd = program
    .command('report')
    .description('render a report from saved files, without AWS calls: a snapshot (evaluated offline) or a JSON report (re-rendered in any format)')
    .option('--snapshot <file>', 'a snapshot written by privapi collect (or collect --demo); with --findings, used for the diagrams')
    .option('--findings <file>', 'a JSON report written by privapi audit --format json')
    .option('--config <file>', 'config file: its mutelist, checks and outputs apply (default: privapi.config.* in the working directory)')
    .option('--checks <ids...>', 'with --snapshot alone: run only these checks (ids or patterns)', list)
    .option('--exclude-checks <ids...>', 'with --snapshot alone: skip these checks', list)
    .option('--home-region <region>', 'with --snapshot alone: the region Route 53 (global) findings are filed under in ASFF and OCSF (default: AWS_REGION, else the snapshot\'s first region)', region)
    .option('--json-schema', 'print the JSON Schema of the JSON report and exit');
  addOutputOptions(cmd)
    .addHelpText(
      'after',
      `
Examples:
  privapi collect --demo --out snapshot.json && privapi report --snapshot snapshot.json -f html --output-dir out
  privapi audit --format json > run.json && privapi report --findings run.json --format csv > findings.csv
  privapi report --findings run.json --snapshot snapshot.json --format html --output-dir out
  privapi report --json-schema > privapi-report.schema.json

Exit codes: 0 rendered, 2 usage error or unreadable input (the message names the file and the field).`,
    )
    .action(async (flags: ReportFlags, command: Command) => done(await runReport(flags, command, io())));
}

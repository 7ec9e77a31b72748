import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Command } from 'commander';
import { checks as catalog } from '../../../checks/index.js';
import { audit, type AuditResult } from '../../audit.js';
import type { AwsEnvironment } from '../../aws/environment.js';
import { unknownCheckPatterns } from '../../engine/mutelist.js';
import { SEVERITIES, type Severity } from '../../model/check.js';
import type { Finding } from '../../model/finding.js';
import { reportFromAudit } from '../../report/build.js';
import { severityRank } from '../../report/model.js';
import { toAsff } from '../../sinks/asff.js';
import { createTableIfMissing, DynamoDbStateStore } from '../../sinks/dynamodb-store.js';
import { DEFAULT_STATE_FILE, FileStateStore } from '../../sinks/state-file.js';
import type { StateStore } from '../../sinks/state-store.js';
import { PRIVAPI_VERSION } from '../../version.js';
import { ConfigError, loadConfig, locatedMutelist } from '../config-file.js';
import { EXIT, UsageError } from '../errors.js';
import { list, positiveInt } from '../options.js';
import { addOutputOptions, chosenFormats, emitReport, onPremisesOf, type OutputFlags } from '../outputs.js';
import { selectChecks, withConfig } from '../settings.js';
import { formatCollectionSummary } from '../summary.js';
import { colourFor } from '../terminal.js';
import { addScopeOptions, collectOptionsFrom, environmentFor, progressFor, type CollectFlags, type CommandIo } from './collect.js';

export interface AuditFlags extends Omit<CollectFlags, 'out'>, OutputFlags {
  checks?: string[];
  excludeChecks?: string[];
  securityhub?: boolean;
  dynamodbTable?: string;
  dynamodbRegion?: string;
  createTable?: boolean;
  /** commander's --no-state gives false; a path otherwise. */
  stateFile: string | false;
  state: boolean;
  retentionDays: number;
  asffFile?: string;
  failOn: string;
}

/** --fail-on as a severity; a bad value is a usage error that lists the valid ones. */
export function failOnSeverity(value: string): Severity {
  const failOn = value.toUpperCase() as Severity;
  if (!SEVERITIES.includes(failOn)) throw new UsageError(`--fail-on must be one of ${SEVERITIES.join(', ')}, got "${value}"`);
  return failOn;
}

/** Exit 1 when an open finding (not muted, and re-evaluated this run) is at or above the threshold. */
export function hasFailingFinding(findings: readonly Finding[], failOn: Severity): boolean {
  return findings.some((f) => f.state === 'ACTIVE' && f.lifecycle !== 'UNKNOWN' && !f.muted && severityRank(f.severity) >= severityRank(failOn));
}

async function storeFor(flags: AuditFlags, env: AwsEnvironment, io: CommandIo): Promise<StateStore | undefined> {
  if (flags.createTable && !flags.dynamodbTable) throw new UsageError('--create-table needs --dynamodb-table NAME');
  if (flags.dynamodbTable) {
    const client = env.factory.dynamodb(flags.dynamodbRegion ?? env.homeRegion, env.baseCredentials);
    if (flags.createTable) await createTableIfMissing(client, flags.dynamodbTable, { log: io.log });
    return new DynamoDbStateStore({ client, tableName: flags.dynamodbTable, retentionDays: flags.retentionDays, log: io.log });
  }
  if (flags.state === false || flags.stateFile === false) return undefined;
  return new FileStateStore({ path: flags.stateFile, retentionDays: flags.retentionDays });
}

/** The lifecycle line: what changed since the previous run, and what the sinks did. */
export function formatAuditSummary(result: AuditResult, store: StateStore | undefined): string {
  const { counts, securityHub } = result.run;
  const lines = [
    store
      ? `Findings since the previous run (${store.description}): ${counts.byLifecycle.NEW} new, ${counts.byLifecycle.STILL_FAILING} still failing, ${counts.byLifecycle.RESOLVED} resolved, ${counts.byLifecycle.UNKNOWN} not re-evaluated (inventory incomplete, left open); ${counts.muted} muted.`
      : `No previous state (--no-state): every finding is reported as new and nothing can be resolved; ${counts.muted} muted.`,
  ];
  if (securityHub) {
    lines.push(`Security Hub: ${securityHub.sent} imported (${securityHub.archived} archived as resolved), ${securityHub.failed} failed and kept for the next run${securityHub.retriedFromEarlierRuns ? `, ${securityHub.retriedFromEarlierRuns} re-sent from earlier runs` : ''}.`);
    for (const f of result.securityHub?.failed.slice(0, 5) ?? []) lines.push(`  ${f.accountId} ${f.region} ${f.findingId}: ${f.code}: ${f.message}`);
  }
  for (const m of result.run.expiredMutes) lines.push(`Mutelist: ${m}.`);
  for (const m of result.mutesExpiringSoon) lines.push(`Mutelist: ${m}.`);
  for (const p of result.run.problems) lines.push(`Problem: ${p}`);
  lines.push(`Run ${result.run.runId}: ${result.run.status}, ${((result.run.durationMs ?? 0) / 1000).toFixed(1)} s.`);
  return lines.join('\n');
}

export async function runAudit(given: AuditFlags, cmd: Command, io: CommandIo): Promise<number> {
  const loaded = await loadConfig({ ...(given.config ? { path: given.config } : {}), cwd: process.cwd() });
  const flags = withConfig(given, cmd, loaded.config);
  const failOn = failOnSeverity(flags.failOn);
  const selected = selectChecks(flags.checks, flags.excludeChecks);
  const formats = chosenFormats(flags);
  const mutelist = locatedMutelist(loaded);
  const typos = unknownCheckPatterns(mutelist, catalog.map((c) => c.id));
  if (typos.length) throw new ConfigError(typos.map((t) => `${t.where}: check "${t.entry.check}" matches no check (see privapi checks list)`).join('\n'));

  const env = await environmentFor(flags, io);
  const store = await storeFor(flags, env, io);
  if (flags.securityhub && !store) throw new UsageError('--securityhub needs the previous state to archive resolved findings: drop --no-state, or give --dynamodb-table');
  const progress = progressFor(io, env, 'auditing');
  let result: AuditResult;
  try {
    result = await audit(
      { collect: collectOptionsFrom(flags, env.homeRegion), checks: selected, mutelist, ...(store ? { store } : {}), securityHub: Boolean(flags.securityhub) },
      { env, log: io.log, ...(progress ? { progress: { onPlanned: progress.onPlanned, onAccountDone: progress.onAccountDone } } : {}) },
    );
  } finally {
    progress?.stop();
    await store?.close?.();
  }

  if (flags.asffFile) {
    const asff = result.exported.map((f) => toAsff(f, { partition: result.snapshot.partition, runId: result.run.runId, version: PRIVAPI_VERSION, now: result.run.finishedAt ?? result.run.startedAt, homeRegion: env.homeRegion }));
    await mkdir(dirname(flags.asffFile), { recursive: true });
    await writeFile(flags.asffFile, `${JSON.stringify({ Findings: asff }, null, 2)}\n`, 'utf8');
  }
  const report = reportFromAudit(result, { homeRegion: env.homeRegion, generatedAt: result.run.finishedAt ?? result.run.startedAt });
  const colour = colourFor(io.terminal.stdoutIsTTY, io.terminal.env);
  // A machine-readable format owns standard output; the run summary then goes to stderr.
  const human = flags.outputDir !== undefined || formats[0] === 'table';
  const summaryOut = human ? io.stdout : io.stderr;
  if (human) io.stdout(`${formatCollectionSummary(result.snapshot, result.skipped)}\n\n`);
  await emitReport(report, flags, { stdout: io.stdout, colour }, onPremisesOf(loaded.config));
  summaryOut(`\n${formatAuditSummary(result, store)}\n`);
  if (flags.asffFile) summaryOut(`ASFF of the ${result.exported.length} finding(s) ${flags.securityhub ? 'sent' : 'that --securityhub would send'} written to ${flags.asffFile}\n`);

  if (hasFailingFinding(result.findings, failOn)) return EXIT.findings;
  return result.run.status === 'COMPLETE' && result.run.counts.unevaluated === 0 ? EXIT.ok : EXIT.incomplete;
}

export function registerAudit(program: Command, io: () => CommandIo, done: (code: number) => void): void {
  const cmd = addScopeOptions(program.command('audit').description('collect, run the checks, compare with the previous run, report, and record the findings (Security Hub, DynamoDB, state file)'))
    .option('--checks <ids...>', 'run only these checks (ids or patterns such as POLICY-*); findings of other checks are left untouched', list)
    .option('--exclude-checks <ids...>', 'do not run these checks (ids or patterns)', list)
    .option('--securityhub', 'import findings into Security Hub, each from its own account and region')
    .option('--dynamodb-table <name>', 'keep findings, history and runs in this DynamoDB table (instead of the state file)')
    .option('--dynamodb-region <region>', 'region of that table (default: the home region)')
    .option('--create-table', 'create the --dynamodb-table table (on-demand, with its index and TTL) if it does not exist')
    .option('--state-file <path>', 'where findings are kept between runs without a table', DEFAULT_STATE_FILE)
    .option('--no-state', 'keep no state: every finding is new, nothing resolves')
    .option('--retention-days <n>', 'how long resolved findings, history and runs are kept', positiveInt, 90)
    .option('--asff-file <path>', 'write the ASFF findings sent (or that --securityhub would send) to this file')
    .option('--fail-on <severity>', `exit 1 when an unmuted finding is at or above this severity (${SEVERITIES.join(', ')})`, 'LOW');
  addOutputOptions(cmd)
    .addHelpText(
      'after',
      `
Examples:
  privapi audit --demo                                           # the simulated organization, state in ${DEFAULT_STATE_FILE}
  privapi audit --demo -f table json csv html --output-dir report  # every format at once
  privapi audit --securityhub --dynamodb-table privapi-findings   # whole organization, findings to Security Hub and DynamoDB
  privapi audit --account --checks 'POLICY-*' --fail-on HIGH      # the caller's account, policy checks only
  privapi audit --ou ou-ab12-cdef3456 --regions eu-west-1 --format ocsf > findings.ocsf.json
  privapi audit --config ci/privapi.yaml --fail-on CRITICAL       # settings from a file, one flag overridden

Settings can live in privapi.config.yaml (accounts, regions, role, checks, failOn, state,
securityHub, outputs, mutelist): flags given on the command line override the file.

Exit codes: 0 no unmuted finding at or above --fail-on, 1 findings, 2 usage or config error,
3 the audit was incomplete (collection errors or checks that could not evaluate).`,
    )
    .action(async (flags: AuditFlags, command: Command) => done(await runAudit(flags, command, io())));
}

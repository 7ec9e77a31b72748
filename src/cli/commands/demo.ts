import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { DEMO, demoOrganization } from '../../aws/simulation/organization.js';
import type { SimWorld } from '../../aws/simulation/world.js';
import { serializeSnapshot } from '../../model/snapshot.js';
import { checks } from '../../../checks/index.js';
import type { CheckResult } from '../../model/check.js';
import { EXIT } from '../errors.js';
import { reportFromAudit } from '../../report/build.js';
import { renderTable } from '../../report/table.js';
import { colourFor } from '../terminal.js';
import { formatCollectionSummary, isIncomplete } from '../summary.js';
import { nonNegativeNumber, positiveInt } from '../options.js';
import { collectOptionsFrom, DEFAULT_ROLE_NAME, type CommandIo } from './collect.js';
import { audit } from '../../audit.js';
import { createAwsEnvironment } from '../../aws/environment.js';
import type { LocatedEntry } from '../../engine/mutelist.js';
import type { Finding } from '../../model/finding.js';
import { toAsff } from '../../sinks/asff.js';
import { createTableIfMissing, DynamoDbStateStore } from '../../sinks/dynamodb-store.js';
import { startLocalDynamoDb } from '../../sinks/local-dynamodb.js';
import { PRIVAPI_VERSION } from '../../version.js';
import { formatAuditSummary } from './audit.js';

export interface DemoFlags {
  out?: string;
  asffFile: string;
  seed: number;
  accounts: number;
  latency: number;
}

export function describeWorld(world: SimWorld): string {
  const broken = world.architectures.filter((a) => a.variant !== 'correct');
  const checks = new Set(world.answerKey.map((f) => f.checkId));
  const suspended = world.accounts.filter((a) => a.status !== 'ACTIVE').length;
  const regions = world.regions.filter((r) => !r.optIn).map((r) => r.name);
  return [
    `Simulated organization (seed ${world.seed}): ${world.accounts.length} accounts (${suspended} suspended) in ${world.organizationalUnits.length} OUs, regions ${regions.join(', ')}.`,
    `${world.architectures.length} whitepaper architectures deployed: ${world.architectures.length - broken.length} correct, ${broken.length} broken on purpose; ${world.answerKey.length} expected findings across ${checks.size} checks.`,
  ].join('\n');
}

/** How the findings compare with what the generator broke on purpose. */
export function answerKeyLine(world: SimWorld, results: readonly CheckResult[]): string {
  const found = new Set(results.filter((r) => r.status === 'FAIL').map((r) => `${r.checkId}|${r.resource.arn}`));
  const errored = new Set(results.filter((r) => r.status === 'ERROR').map((r) => `${r.checkId}|${r.accountId}`));
  let hits = 0;
  let unevaluated = 0;
  for (const f of world.answerKey) {
    if (found.has(`${f.checkId}|${f.resource}`)) hits++;
    else if (errored.has(`${f.checkId}|${f.accountId}`)) unevaluated++;
  }
  const missed = world.answerKey.length - hits - unevaluated;
  return `Answer key: of the ${world.answerKey.length} problems the generator planted, ${hits} were found, ${unevaluated} could not be evaluated (their inventory was not collected) and ${missed} were missed.`;
}

const DEMO_TABLE = 'privapi-demo';

/** A team fixes one planted problem between the demo's two runs: the API is deleted. */
function fixOneProblem(world: SimWorld, findings: readonly Finding[]): Finding | undefined {
  const target = findings.find((f) => f.state === 'ACTIVE' && f.checkId === 'POLICY-002' && !f.muted);
  if (!target) return undefined;
  const state = world.accounts.find((a) => a.id === target.accountId)?.regions[target.region];
  const apiId = target.resource.arn.split('/restapis/')[1];
  if (!state || !apiId) return undefined;
  state.apigateway.restApis = state.apigateway.restApis.filter((a) => a.api.id !== apiId);
  return target;
}

/** One accepted risk, so the demo shows a muted finding exported as SUPPRESSED. */
function demoMutelist(world: SimWorld): LocatedEntry[] {
  const planted = world.answerKey.find((f) => f.checkId === 'OPS-001') ?? world.answerKey[0];
  if (!planted) return [];
  return [{ where: 'demo mutelist[0]', entry: { check: planted.checkId, accounts: [planted.accountId], reason: 'accepted for the demo: logging is being rolled out', owner: 'platform-team@example.com', expires: '2099-12-31' } }];
}

export async function runDemo(flags: DemoFlags, io: CommandIo): Promise<number> {
  const org = demoOrganization({ seed: flags.seed, accounts: flags.accounts, latencyScale: flags.latency });
  io.stdout(`privapi demo: a full audit of a simulated AWS organization, through the real AWS SDK clients. No AWS account or network is used.\n${describeWorld(org.world)}\n\n`);
  const local = await startLocalDynamoDb();
  try {
    await createTableIfMissing(local.client, DEMO_TABLE, { log: io.log });
    const store = new DynamoDbStateStore({ client: local.client, tableName: DEMO_TABLE, retentionDays: 90, log: io.log });
    const env = await createAwsEnvironment({ ...org.aws, maxAttempts: 8 });
    const options = { collect: collectOptionsFrom({ roleName: DEFAULT_ROLE_NAME, accountConcurrency: 8, maxAttempts: 8 }, env.homeRegion), checks, mutelist: demoMutelist(org.world), store, securityHub: true };

    const started = performance.now();
    const first = await audit(options, { env, log: io.log });
    const seconds = (performance.now() - started) / 1000;
    const m = org.sim.metrics;
    io.stdout(`${formatCollectionSummary(first.snapshot, first.skipped)}\n\n`);
    io.stdout(`${m.requests} AWS API calls in ${seconds.toFixed(1)} s (${m.throttled} throttled and retried), Security Hub imports included.\n\n`);
    const firstReport = reportFromAudit(first, { homeRegion: env.homeRegion, generatedAt: first.run.finishedAt ?? first.run.startedAt });
    io.stdout(`${renderTable(firstReport, { colour: colourFor(io.terminal.stdoutIsTTY, io.terminal.env), maxPerSeverity: 12 })}\n\n${answerKeyLine(org.world, first.results)}\n\n`);
    io.stdout(`Run 1. ${formatAuditSummary(first, store)}\n\n`);

    const fixed = fixOneProblem(org.world, first.findings);
    if (fixed) io.stdout(`Between the runs a team deletes the API of ${fixed.checkId} finding ${fixed.id} (${fixed.resource.arn}).\n`);
    const second = await audit(options, { env, log: io.log });
    io.stdout(`Run 2. ${formatAuditSummary(second, store)}\n\n`);

    const runs = await store.listRuns(5);
    io.stdout(`DynamoDB (table ${DEMO_TABLE}, in-process): ${runs.length} run records; ${second.findings.length} finding records written by run 2.\n`);
    if (fixed) {
      const history = await store.findingHistory(fixed.id);
      io.stdout(`  history of ${fixed.id}: ${history.map((t) => `${t.from} -> ${t.to} at ${t.at}`).join('; ')}\n`);
    }
    const asff = second.exported.map((f) => toAsff(f, { partition: second.snapshot.partition, runId: second.run.runId, version: PRIVAPI_VERSION, now: second.run.finishedAt ?? second.run.startedAt, homeRegion: env.homeRegion }));
    await writeFile(flags.asffFile, `${JSON.stringify({ Findings: asff }, null, 2)}\n`, 'utf8');
    io.stdout(`ASFF of the ${asff.length} finding(s) run 2 imported into the simulated Security Hub (${asff.filter((f) => f.RecordState === 'ARCHIVED').length} archived) written to ${flags.asffFile}\n`);
    if (flags.out) {
      await writeFile(flags.out, serializeSnapshot(second.snapshot), 'utf8');
      io.stdout(`Snapshot written to ${flags.out}\n`);
    }
    if (isIncomplete(second.snapshot)) io.stdout(`A real run would exit ${EXIT.incomplete} here: the collection was incomplete (see the failed rows above).\n`);
    else if (second.findings.some((f) => f.state === 'ACTIVE' && !f.muted)) io.stdout(`A real run would exit ${EXIT.findings} here: there are findings.\n`);
  } finally {
    await local.close();
  }
  return EXIT.ok;
}

export function registerDemo(program: Command, io: () => CommandIo, done: (code: number) => void): void {
  program
    .command('demo')
    .description('audit a built-in simulated organization (a dozen accounts, two regions) twice, with Security Hub and DynamoDB simulated in-process: no AWS account needed')
    .option('-o, --out <file>', 'also write the snapshot JSON here')
    .option('--asff-file <file>', 'where to write the ASFF findings sent to the simulated Security Hub', 'privapi-demo.asff.json')
    .option('--seed <n>', 'seed of the generated organization', positiveInt, DEMO.seed)
    .option('--accounts <n>', 'accounts in the organization', positiveInt, DEMO.accounts)
    .option('--latency <scale>', 'multiplier of realistic AWS latency (0 = none)', nonNegativeNumber, 1)
    .addHelpText('after', '\nExamples:\n  privapi demo\n  privapi demo --accounts 50 --out demo-snapshot.json\n  privapi collect --demo --out snapshot.json   # the same organization, through the collect command')
    .action(async (flags: DemoFlags) => done(await runDemo(flags, io())));
}

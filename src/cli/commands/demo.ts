import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { DEMO, demoOrganization } from '../../aws/simulation/organization.js';
import type { SimWorld } from '../../aws/simulation/world.js';
import { serializeSnapshot } from '../../model/snapshot.js';
import { checks } from '../../../checks/index.js';
import { runCatalog } from '../../engine/run-checks.js';
import type { CheckResult } from '../../model/check.js';
import { EXIT } from '../errors.js';
import { formatResults } from './check.js';
import { formatCollectionSummary, isIncomplete } from '../summary.js';
import { nonNegativeNumber, positiveInt } from '../options.js';
import { collect, DEFAULT_ROLE_NAME, type CommandIo } from './collect.js';

export interface DemoFlags {
  out?: string;
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

export async function runDemo(flags: DemoFlags, io: CommandIo): Promise<number> {
  const org = demoOrganization({ seed: flags.seed, accounts: flags.accounts, latencyScale: flags.latency });
  io.stdout(`privapi demo: a full collection run against a simulated AWS organization, through the real AWS SDK clients. No AWS account or network is used.\n${describeWorld(org.world)}\n\n`);
  const started = performance.now();
  const result = await collect(
    { roleName: DEFAULT_ROLE_NAME, accountConcurrency: 8, maxAttempts: 8 },
    { ...io, aws: { ...io.aws, ...org.aws } },
  );
  const seconds = (performance.now() - started) / 1000;
  const m = org.sim.metrics;
  io.stdout(`${formatCollectionSummary(result.snapshot, result.skipped)}\n\n`);
  io.stdout(`${m.requests} AWS API calls in ${seconds.toFixed(1)} s (${m.throttled} throttled and retried).\n\n`);
  const { results } = runCatalog(checks, result.snapshot);
  io.stdout(`${formatResults(results)}\n\n${answerKeyLine(org.world, results)}\n`);
  if (flags.out) {
    await writeFile(flags.out, serializeSnapshot(result.snapshot), 'utf8');
    io.stdout(`Snapshot written to ${flags.out}\n`);
  }
  if (isIncomplete(result.snapshot)) io.stdout(`A real run would exit ${EXIT.incomplete} here: the collection was incomplete (see the failed rows above).\n`);
  else if (results.some((r) => r.status === 'FAIL')) io.stdout(`A real run would exit ${EXIT.findings} here: there are findings.\n`);
  return EXIT.ok;
}

export function registerDemo(program: Command, io: () => CommandIo, done: (code: number) => void): void {
  program
    .command('demo')
    .description('audit a built-in simulated organization (a dozen accounts, two regions): no AWS account needed')
    .option('-o, --out <file>', 'also write the snapshot JSON here')
    .option('--seed <n>', 'seed of the generated organization', positiveInt, DEMO.seed)
    .option('--accounts <n>', 'accounts in the organization', positiveInt, DEMO.accounts)
    .option('--latency <scale>', 'multiplier of realistic AWS latency (0 = none)', nonNegativeNumber, 1)
    .addHelpText('after', '\nExamples:\n  privapi demo\n  privapi demo --accounts 50 --out demo-snapshot.json\n  privapi collect --demo --out snapshot.json   # the same organization, through the collect command')
    .action(async (flags: DemoFlags) => done(await runDemo(flags, io())));
}

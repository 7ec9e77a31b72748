import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { DEMO, demoOrganization } from '../../aws/simulation/organization.js';
import type { SimWorld } from '../../aws/simulation/world.js';
import { serializeSnapshot } from '../../model/snapshot.js';
import { EXIT } from '../errors.js';
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
  io.stdout(`${m.requests} AWS API calls in ${seconds.toFixed(1)} s (${m.throttled} throttled and retried).\n`);
  if (flags.out) {
    await writeFile(flags.out, serializeSnapshot(result.snapshot), 'utf8');
    io.stdout(`Snapshot written to ${flags.out}\n`);
  }
  if (isIncomplete(result.snapshot)) io.stdout(`A real run would exit ${EXIT.incomplete} here: the collection was incomplete (see the failed rows above).\n`);
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

import { parseArgs } from 'node:util';
import pino from 'pino';
import { startLocalDynamoDb } from '../sinks/local-dynamodb.js';
import { DEFAULT_CHAOS, runScenario, type ChaosOptions } from './harness.js';
import { chaosScenarios } from './scenarios.js';
import { renderChaosTable, rowPasses, type ChaosRow } from './table.js';

/**
 * `npm run chaos [-- --only id,id --accounts N --storm-seconds S --json]`: every fault scenario
 * against the simulated organization, one table. Exits 1 when any scenario lost, wrongly
 * resolved or wrongly created a finding, or misreported its run.
 */

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    accounts: { type: 'string', default: String(DEFAULT_CHAOS.accounts) },
    seed: { type: 'string', default: String(DEFAULT_CHAOS.seed) },
    'storm-seconds': { type: 'string', default: String(DEFAULT_CHAOS.stormMs / 1000) },
    json: { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
  },
});

function whole(name: string, value: string | undefined, min: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be a whole number ≥ ${min}, got ${value}`);
  return n;
}

const options: ChaosOptions = {
  ...DEFAULT_CHAOS,
  seed: whole('seed', values.seed, 0),
  accounts: whole('accounts', values.accounts, 3),
  stormMs: whole('storm-seconds', values['storm-seconds'], 0) * 1000,
  ...(values.verbose ? { log: pino({ level: 'warn' }, pino.destination(2)) } : {}),
};
const wanted = values.only?.split(',').map((s) => s.trim()).filter(Boolean);
const unknown = wanted?.filter((id) => !chaosScenarios.some((s) => s.id === id)) ?? [];
if (unknown.length) {
  process.stderr.write(`unknown scenario(s): ${unknown.join(', ')}; known: ${chaosScenarios.map((s) => s.id).join(', ')}\n`);
  process.exit(2);
}
const selected = wanted ? chaosScenarios.filter((s) => wanted.includes(s.id)) : chaosScenarios;

const local = await startLocalDynamoDb();
const rows: ChaosRow[] = [];
try {
  for (const [i, scenario] of selected.entries()) {
    process.stderr.write(`chaos: ${scenario.id} (${i + 1}/${selected.length})…\n`);
    rows.push(await runScenario(scenario, local, options, `privapi-chaos-${i}`));
  }
} finally {
  await local.close();
}
process.stdout.write(values.json ? `${JSON.stringify({ options: { ...options, log: undefined }, rows }, null, 2)}\n` : `${renderChaosTable(rows)}\n`);
for (const row of rows.filter((r) => r.notes.length)) process.stdout.write(`${row.scenario}: ${row.notes.join('; ')}\n`);
const failed = rows.filter((r) => !rowPasses(r));
process.stdout.write(`\n${rows.length - failed.length}/${rows.length} scenarios lost, wrongly resolved and wrongly created nothing and reported the run status they must (seed ${options.seed}, ${options.accounts} accounts × ${options.regions.length} regions, storms of ${options.stormMs / 1000} s)\n`);
process.exit(failed.length ? 1 : 0);

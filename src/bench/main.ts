import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { benchCollect, type CollectBenchOptions, type CollectBenchResult } from './collect-run.js';
import { DYNALITE_NOTE, type FindingsBenchResult } from './findings-run.js';
import { round } from './measure.js';
import type { ReportBenchResult } from './report-run.js';
import { runSizeCase, SIZE_CASES, type SizeCaseName, type SizeCaseResult } from './size-run.js';

/**
 * `npm run bench [-- --accounts N --json]`: collection of a simulated organization at scale;
 * `-- --sizes`: AWS's size maximums (issue 9) instead. Each size runs in its own process so peak
 * RSS belongs to that size alone.
 */

const REGIONS = ['us-east-1', 'eu-west-1', 'us-west-2', 'ap-southeast-2'];
const TARGETS = { callRatio: 1.05, timeRatio: 1.3, peakRssMb: 512, checkSeconds: 5 };
/** Findings stage: each figure is a ratio against a bound measured in the same run. */
const FINDINGS_TARGETS = {
  // The diff hashes every result once, as the bound does; the rest is per finding (hundreds, not 82,510).
  diffRatio: 2,
  // The export builds each finding's ASFF and serialises it twice (validation, batch sizing); 10 single serialisations is ample.
  asffRatio: 10,
  // Conditional PutItem per finding is required (a later run's write wins); the history and run record need not cost more.
  dynamoSaveRatio: 3,
  // Reading the previous state should cost about what reading the table costs, not a request per account.
  dynamoLoadRatio: 3,
  // Every BatchImportFindings carries as many findings as the API allows.
  securityHubCallRatio: 1,
  // With DEFAULT_EXPORT_CONCURRENCY pairs at once and each pair serial, only the pairs' own round trips and quota should count.
  securityHubScheduleRatio: 1.5,
  peakRssMb: 512,
};
/**
 * Output formats: each against pretty-printed JSON of the records it lists (the least a readable
 * listing costs). ASFF and OCSF events carry 2.5-3x the bytes of the findings they map, hence 15.
 */
const REPORT_TARGETS = { machineFormatRatio: 15 };
/** Issue 8: the reachability of 1,000 accounts x 4 regions in under 10 s on this machine. */
const REACH_TARGET_SECONDS = 10;
/**
 * Size limits: the cost per character, resource or record at AWS's maximum against the same at a
 * small size, same run. Linear work keeps the ratio near 1 or below (the small run also carries
 * the fixed cost of a run); 2 leaves room for noise, not for a quadratic step.
 */
const SIZE_TARGETS = { perUnitRatio: 2, peakRssMb: 512 };
const SIZE_PAIRS: ReadonlyArray<readonly [small: SizeCaseName, large: SizeCaseName, what: string]> = [
  ['policy-one-statement', 'policy-max', 'resource policy: parse + invoke analysis'],
  ['api-30', 'api-3000', 'REST API resources: collect + all checks'],
  ['zone-100', 'zone-10000', 'private hosted zone records: collect + all checks'],
];

const { values } = parseArgs({
  options: {
    accounts: { type: 'string', default: '1000' },
    regions: { type: 'string', default: String(REGIONS.length) },
    seed: { type: 'string', default: '1' },
    latency: { type: 'string', default: '1' },
    concurrency: { type: 'string', default: '64' },
    'heap-mb': { type: 'string', default: '400' },
    json: { type: 'boolean', default: false },
    'no-scaling': { type: 'boolean', default: false },
    'no-findings': { type: 'boolean', default: false },
    child: { type: 'boolean', default: false },
    sizes: { type: 'boolean', default: false },
    'size-case': { type: 'string' },
  },
});

function positive(name: string, value: string | undefined): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number, got ${value}`);
  return n;
}

const accounts = Math.round(positive('accounts', values.accounts));
const regionCount = Math.round(positive('regions', values.regions));
if (regionCount > REGIONS.length) throw new Error(`--regions is at most ${REGIONS.length}`);
const options: CollectBenchOptions = {
  seed: Math.round(positive('seed', values.seed)),
  accounts,
  regions: REGIONS.slice(0, regionCount),
  latencyScale: Number(values.latency),
  accountConcurrency: Math.round(positive('concurrency', values.concurrency)),
  findings: !values['no-findings'],
};

async function runChild<T>(childArgs: string[]): Promise<T> {
  // A heap cap makes V8 collect instead of growing into free memory, so peak RSS shows what the
  // run needs rather than what the machine had spare; a run that needs more fails loudly.
  const heap = `--max-old-space-size=${Math.round(positive('heap-mb', values['heap-mb']))}`;
  const args = [...process.execArgv, heap, fileURLToPath(import.meta.url), ...childArgs];
  const { stdout } = await promisify(execFile)(process.execPath, args, { maxBuffer: 16 * 1024 * 1024, env: { ...process.env, NODE_NO_WARNINGS: '1' } });
  return JSON.parse(stdout) as T;
}

function inChild(size: number): Promise<CollectBenchResult> {
  return runChild(['--child', '--accounts', String(size), '--regions', String(regionCount), '--seed', String(options.seed), '--latency', String(options.latencyScale), '--concurrency', String(options.accountConcurrency), ...(options.findings ? [] : ['--no-findings'])]);
}

function sizeCaseName(value: string): SizeCaseName {
  if (!(value in SIZE_CASES)) throw new Error(`--size-case must be one of ${Object.keys(SIZE_CASES).join(', ')}, got ${value}`);
  return value as SizeCaseName;
}

function sizesReport(results: ReadonlyMap<SizeCaseName, SizeCaseResult>): string {
  const lines = [`Size limits (AWS maximums vs a small size, each case in its own process, fastest of 3; V8 heap capped at ${values['heap-mb']} MB)`];
  lines.push(`  ${'what'.padEnd(50)}${'small'.padEnd(30)}${'large'.padEnd(30)}${'per-unit ratio'.padEnd(30)}peak RSS MB (small / large)`);
  for (const [smallName, largeName, what] of SIZE_PAIRS) {
    const small = results.get(smallName)!;
    const large = results.get(largeName)!;
    const ratio = round(large.msPerUnit / small.msPerUnit, 2);
    const figure = (r: SizeCaseResult) => `${r.size} ${r.unit}s ${r.ms} ms`;
    lines.push(
      `  ${what.padEnd(50)}${figure(small).padEnd(30)}${figure(large).padEnd(30)}${`${ratio}  ${verdict(ratio, SIZE_TARGETS.perUnitRatio)}`.padEnd(30)}${small.peakRssMb} / ${large.peakRssMb}  ${verdict(large.peakRssMb, SIZE_TARGETS.peakRssMb)}`,
    );
  }
  const produced = [...results.values()].map((r) => `${r.name} ${r.produced}`).join(', ');
  lines.push(`  produced (endpoints the policy admits; resources or records collected): ${produced}`);
  return lines.join('\n');
}

function verdict(value: number, bound: number): string {
  return value <= bound ? `ok (target <= ${bound})` : `OVER target <= ${bound}`;
}

function report(main: CollectBenchResult, scaling: CollectBenchResult[]): string {
  const lines = [
    `Collection of a simulated organization: ${main.accounts} accounts x ${main.regions} regions (${main.accountRegions} account-regions), realistic latency x${options.latencyScale}, AWS quotas enforced, ${options.accountConcurrency} accounts at once, V8 heap capped at ${values['heap-mb']} MB`,
    `  calls            ${main.calls} (${main.callsPerAccountRegion} per account-region)`,
    `  minimal calls    ${main.minimalCalls}   callRatio ${main.callRatio}  ${verdict(main.callRatio, TARGETS.callRatio)}`,
    `  wall time        ${main.wallSeconds} s (CPU ${main.cpuSeconds} s: ${((1000 * main.cpuSeconds) / main.calls).toFixed(2)} ms per call, simulation included)`,
    `  bound            ${main.boundSeconds} s (busiest account ${main.busiestAccount} collected alone; its quotas alone need ${main.rateBoundSeconds} s)   timeRatio ${main.timeRatio}  ${verdict(main.timeRatio, TARGETS.timeRatio)}`,
    `  peak RSS         ${main.peakRssMb} MB  ${verdict(main.peakRssMb, TARGETS.peakRssMb)}`,
    `  throttled        ${main.throttled} (retried)   failed calls ${main.failedCalls}   incomplete collections ${main.incompleteCollections}`,
    `  checks           ${main.checks.count} checks, ${main.checks.results} results in ${main.checks.seconds} s  ${verdict(main.checks.seconds, TARGETS.checkSeconds)}`,
  ];
  if (main.findings) lines.push('', ...findingsReport(main.findings));
  if (main.reports) lines.push('', ...reportsReport(main.reports));
  if (scaling.length > 1) {
    lines.push('', 'Scaling', `  ${'accounts'.padEnd(10)}${'calls'.padEnd(10)}${'calls/acct-region'.padEnd(19)}${'wall s'.padEnd(9)}${'CPU s'.padEnd(9)}${'bound s'.padEnd(9)}${'timeRatio'.padEnd(11)}${'peak RSS MB'.padEnd(13)}checks s`);
    for (const r of scaling) {
      lines.push(`  ${String(r.accounts).padEnd(10)}${String(r.calls).padEnd(10)}${String(r.callsPerAccountRegion).padEnd(19)}${String(r.wallSeconds).padEnd(9)}${String(r.cpuSeconds).padEnd(9)}${String(r.boundSeconds).padEnd(9)}${String(r.timeRatio).padEnd(11)}${String(r.peakRssMb).padEnd(13)}${r.checks.seconds}`);
    }
  }
  return lines.join('\n');
}

function reportsReport(r: ReportBenchResult): string[] {
  const lines = [`Output formats: ${r.findings} findings, ${r.results} results, ${r.privateApis} private APIs; bound pretty JSON of the findings ${r.boundMs} ms, of findings and unevaluated results (json) ${r.boundWithResultsMs} ms (fastest of 3; html once)`];
  for (const f of r.formats) {
    const target = f.format === 'html' || f.format === 'table' ? '' : `  ${verdict(f.ratio, REPORT_TARGETS.machineFormatRatio)}`;
    lines.push(`  ${f.format.padEnd(6)} ${String(f.ms).padStart(8)} ms ${String(f.kb).padStart(7)} KB   ratio ${f.ratio}${target}`);
  }
  lines.push(`  topology of every private API ${r.topologies.ms} ms (${r.topologies.perApiMs} ms each); the page draws ${r.diagrams} diagrams (--max-diagrams), the rest are listed`);
  lines.push(`  reachability     ${r.reach.apis} private APIs x ${r.reach.clients} clients: ${r.reach.reachablePairs} reachable pairs, ${r.reach.intendedPairs} intended pairs evaluated, in ${(r.reach.ms / 1000).toFixed(2)} s  ${verdict(r.reach.ms / 1000, REACH_TARGET_SECONDS)}`);
  lines.push(`  peak RSS ${r.peakRssMb} MB`);
  return lines;
}

function findingsReport(f: FindingsBenchResult): string[] {
  const T = FINDINGS_TARGETS;
  const { allNew, stillFailing, resolved } = f.diff;
  const sh = f.securityHub;
  const { save, load } = f.dynamodb;
  const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;
  return [
    `Findings pipeline: ${f.results} check results, ${f.findings} findings (fastest of 3 for the in-memory steps)`,
    `  lifecycle diff   bound: a Map of the ${f.results} results keyed by findingId, ${f.diff.boundMs} ms`,
    `    all NEW        ${allNew.ms} ms   ratio ${allNew.ratio}  ${verdict(allNew.ratio, T.diffRatio)}   ${allNew.new} NEW, ${allNew.transitions} transitions`,
    `    STILL_FAILING  ${stillFailing.ms} ms   ratio ${stillFailing.ratio}  ${verdict(stillFailing.ratio, T.diffRatio)}   ${stillFailing.stillFailing} STILL_FAILING, ${stillFailing.transitions} transitions`,
    `    RESOLVED       ${resolved.ms} ms   ratio ${resolved.ratio} (bound ${resolved.boundMs} ms over ${resolved.results} results)  ${verdict(resolved.ratio, T.diffRatio)}   ${resolved.removedResources} failing resources removed: ${resolved.resolved} RESOLVED, ${resolved.transitions} transitions`,
    `  ASFF             toAsff + asffProblems + asffSize ${f.asff.ms} ms, bound JSON.stringify of the findings ${f.asff.boundMs} ms   ratio ${f.asff.ratio}  ${verdict(f.asff.ratio, T.asffRatio)}`,
    `                   ${f.asff.findings} findings, ${kb(f.asff.bytes)} of ASFF (findings as JSON: ${kb(f.asff.boundBytes)}), largest ${kb(f.asff.largestBytes)} of ${kb(f.asff.limitBytes)} allowed, ${f.asff.invalid} invalid`,
    `  DynamoDB save    beginRun + saveRun: ${save.items} items in ${save.ms} ms (${save.itemsPerSecond}/s); bound unconditional BatchWriteItem x25, ${save.concurrency} at once: ${save.boundMs} ms (${save.boundItemsPerSecond}/s)   ratio ${save.ratio}  ${verdict(save.ratio, T.dynamoSaveRatio)}`,
    `  DynamoDB load    loadFindings: ${load.items} findings of ${load.accounts} accounts (${load.method}) in ${load.ms} ms (${load.itemsPerSecond}/s); bound one paginated Scan: ${load.scannedItems} items in ${load.boundMs} ms (${load.boundItemsPerSecond}/s)   ratio ${load.ratio}  ${verdict(load.ratio, T.dynamoLoadRatio)}`,
    `                   (${DYNALITE_NOTE})`,
    `  Security Hub     ${sh.findings} findings to ${sh.pairs} (account, region) pairs: ${sh.calls} BatchImportFindings, minimal ${sh.minimalCalls}   callRatio ${sh.callRatio}  ${verdict(sh.callRatio, T.securityHubCallRatio)}`,
    `                   wall ${sh.wallSeconds} s; bound ${sh.boundSeconds} s (busiest pair ${sh.busiestPair}: ${sh.busiestPairCalls} requests paced at the quota, one latency each, serially)   timeRatio ${sh.timeRatio ?? 'n/a (bound 0 s)'} (no target: with few findings per pair the time is the number of pairs over the export's concurrency, see next line)`,
    `                   ${sh.concurrency} pairs at once (the export's default), each serially, cannot beat ${sh.scheduleBoundSeconds} s   scheduleRatio ${sh.scheduleRatio ?? 'n/a (bound 0 s)'}${sh.scheduleRatio === null ? '' : `  ${verdict(sh.scheduleRatio, T.securityHubScheduleRatio)}`}`,
    `                   throttled ${sh.throttled}   failed ${sh.failed}`,
    `  stage            ${f.seconds} s, peak RSS during the stage ${f.peakRssMb} MB  ${verdict(f.peakRssMb, T.peakRssMb)}, RSS after ${f.rssAfterMb} MB`,
  ];
}

if (values['size-case'] !== undefined) {
  process.stdout.write(JSON.stringify(await runSizeCase(sizeCaseName(values['size-case']))));
} else if (values.sizes) {
  const results = new Map<SizeCaseName, SizeCaseResult>();
  for (const name of Object.keys(SIZE_CASES) as SizeCaseName[]) {
    if (!values.json) process.stderr.write(`running ${name}...\n`);
    results.set(name, await runChild<SizeCaseResult>(['--size-case', name]));
  }
  process.stdout.write(values.json ? `${JSON.stringify([...results.values()], null, 2)}\n` : `${sizesReport(results)}\n`);
} else if (values.child) {
  process.stdout.write(JSON.stringify(await benchCollect(options)));
} else {
  const sizes = values['no-scaling'] ? [accounts] : [...new Set([Math.max(3, Math.round(accounts / 4)), Math.max(3, Math.round(accounts / 2)), accounts])];
  const scaling: CollectBenchResult[] = [];
  for (const size of sizes) {
    if (!values.json) process.stderr.write(`running ${size} accounts...\n`);
    scaling.push(await inChild(size));
  }
  const main = scaling.at(-1)!;
  process.stdout.write(values.json ? `${JSON.stringify({ ...main, scaling }, null, 2)}\n` : `${report(main, scaling)}\n`);
}

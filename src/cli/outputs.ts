import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import type { OnPremisesNetwork } from '../reach/model.js';
import { DEFAULT_MAX_DIAGRAMS, type HtmlOptions } from '../report/html.js';
import { OUTPUT_FORMATS, type OutputFormat, type Report } from '../report/model.js';
import { renderReport } from '../report/render.js';
import { renderTable } from '../report/table.js';
import type { PrivapiConfig } from './config-file.js';
import { UsageError } from './errors.js';
import { list, positiveInt } from './options.js';

/** File names under --output-dir: fixed, so pipelines and dashboards can pick them up. */
export const OUTPUT_FILES: Readonly<Record<OutputFormat, string>> = {
  table: 'privapi-report.txt',
  json: 'privapi-report.json',
  asff: 'privapi-findings.asff.json',
  ocsf: 'privapi-findings.ocsf.json',
  csv: 'privapi-findings.csv',
  html: 'privapi-report.html',
};

export interface OutputFlags {
  format?: OutputFormat[];
  outputDir?: string;
  /** Shorthand for --format json. */
  json?: boolean;
  maxDiagrams?: number;
}

export function formats(value: string, previous: OutputFormat[] = []): OutputFormat[] {
  const names = list(value.toLowerCase());
  const bad = names.filter((n) => !(OUTPUT_FORMATS as readonly string[]).includes(n));
  if (bad.length) throw new InvalidArgumentError(`unknown format(s) ${bad.join(', ')}; expected ${OUTPUT_FORMATS.join(', ')}`);
  return [...new Set([...previous, ...(names as OutputFormat[])])];
}

export function addOutputOptions(cmd: Command): Command {
  return cmd
    .option('-f, --format <formats...>', `output formats: ${OUTPUT_FORMATS.join(', ')} (several need --output-dir)`, formats)
    .option('--output-dir <dir>', `write every --format to this directory (${Object.values(OUTPUT_FILES).join(', ')})`)
    .option('--json', 'same as --format json')
    .option('--max-diagrams <n>', `html: private APIs drawn as diagrams, broken ones first; the rest are listed (default ${DEFAULT_MAX_DIAGRAMS})`, positiveInt);
}

export function chosenFormats(flags: OutputFlags): OutputFormat[] {
  const chosen = formats([...(flags.format ?? []), ...(flags.json ? ['json'] : [])].join(',') || 'table');
  if (chosen.length > 1 && !flags.outputDir) throw new UsageError(`${chosen.length} formats (${chosen.join(', ')}) need --output-dir: only one can go to standard output`);
  return chosen;
}

/** The config file's on-premises networks, as the reachability engine takes them. */
export function onPremisesOf(config: PrivapiConfig): OnPremisesNetwork[] {
  return (config.onPremises ?? []).map((n) => ({ label: n.label, cidrs: n.cidrs, ...(n.resolverEndpoints ? { resolverEndpointIds: n.resolverEndpoints } : {}) }));
}

/**
 * Writes the report: one format to standard output, or every format to its file under
 * --output-dir, with the terminal summary on standard output so a person still sees the result.
 * Files are written to a temporary name and renamed, so a reader never sees half a report.
 */
export async function emitReport(report: Report, flags: OutputFlags, io: { stdout: (text: string) => void; colour: boolean }, onPremises: OnPremisesNetwork[] = []): Promise<string[]> {
  const chosen = chosenFormats(flags);
  const html: HtmlOptions = { ...(flags.maxDiagrams ? { maxDiagrams: flags.maxDiagrams } : {}), ...(onPremises.length > 0 ? { onPremises } : {}) };
  if (!flags.outputDir) {
    io.stdout(renderReport(chosen[0]!, report, { colour: io.colour, ...html }));
    return [];
  }
  const dir = flags.outputDir;
  try {
    await mkdir(dir, { recursive: true });
  } catch (err) {
    throw new UsageError(`cannot create --output-dir ${dir}: ${(err as Error).message}`);
  }
  const written: string[] = [];
  for (const format of chosen) {
    const path = join(dir, OUTPUT_FILES[format]);
    await writeFile(`${path}.tmp`, renderReport(format, report, { colour: false, ...html }), 'utf8');
    await rename(`${path}.tmp`, path);
    written.push(path);
  }
  io.stdout(`${renderTable(report, { colour: io.colour, maxPerSeverity: 20 })}\n\nWritten: ${written.join(', ')}\n`);
  return written;
}

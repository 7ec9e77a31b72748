import type { CheckDefinition } from '../model/check.js';
import type { Snapshot } from '../model/inventory.js';
import { reportFromSnapshot } from '../report/build.js';
import { DEFAULT_MAX_DIAGRAMS } from '../report/html.js';
import { OUTPUT_FORMATS, type OutputFormat } from '../report/model.js';
import { renderReport } from '../report/render.js';
import { apiTopologies } from '../report/topology.js';
import { best, round } from './measure.js';

/**
 * Rendering every output format at the benchmark's size. The bound of each is one
 * JSON.stringify of the same findings (the least any format that lists them must do); HTML is
 * also split into building every private API's topology and the page with its capped diagrams.
 */

export interface ReportBenchResult {
  findings: number;
  results: number;
  privateApis: number;
  boundMs: number;
  formats: Array<{ format: OutputFormat; ms: number; kb: number; ratio: number }>;
  topologies: { ms: number; perApiMs: number };
  diagrams: number;
  peakRssMb: number;
}

export function benchReports(snapshot: Snapshot, checks: readonly CheckDefinition[]): ReportBenchResult {
  let peakRss = process.memoryUsage().rss;
  const sample = () => (peakRss = Math.max(peakRss, process.memoryUsage().rss));
  const report = reportFromSnapshot(snapshot, { file: 'bench', checks, homeRegion: 'us-east-1', generatedAt: '2026-11-21T00:00:00.000Z', runId: 'bench-report' });
  const boundMs = best(() => JSON.stringify(report.findings)).ms;
  const formats = OUTPUT_FORMATS.map((format) => {
    const { ms, value } = best(() => renderReport(format, report, { colour: false }), format === 'html' ? 1 : 3);
    sample();
    return { format, ms: round(ms, 1), kb: Math.round(Buffer.byteLength(value) / 1024), ratio: round(ms / Math.max(boundMs, 0.01), 1) };
  });
  const topo = best(() => apiTopologies(snapshot, report.findings));
  sample();
  const privateApis = topo.value.length;
  return {
    findings: report.findings.length,
    results: report.results?.length ?? 0,
    privateApis,
    boundMs: round(boundMs, 1),
    formats,
    topologies: { ms: round(topo.ms, 1), perApiMs: round(topo.ms / Math.max(privateApis, 1), 3) },
    diagrams: Math.min(privateApis, DEFAULT_MAX_DIAGRAMS),
    peakRssMb: Math.round(peakRss / 1024 / 1024),
  };
}


import type { CheckDefinition } from '../model/check.js';
import type { Snapshot } from '../model/inventory.js';
import { reportFromSnapshot } from '../report/build.js';
import { DEFAULT_MAX_DIAGRAMS } from '../report/html.js';
import { OUTPUT_FORMATS, type OutputFormat } from '../report/model.js';
import { renderReport } from '../report/render.js';
import { apiTopologies } from '../report/topology.js';
import { reachability } from '../reach/evaluate.js';
import { best, round } from './measure.js';

/**
 * Rendering every output format at the benchmark's size. The bound of each is one pretty-printed
 * JSON.stringify of the records it lists (the findings; for json also the unevaluated results): the least
 * any readable listing of them must do. HTML has no bound (its cost is the diagrams' layout); its
 * topology building for every private API is measured apart.
 */

export interface ReportBenchResult {
  findings: number;
  results: number;
  privateApis: number;
  /** Pretty JSON of the findings, and of the findings and the ERROR results (the json format's lists). */
  boundMs: number;
  boundWithResultsMs: number;
  formats: Array<{ format: OutputFormat; ms: number; kb: number; ratio: number }>;
  topologies: { ms: number; perApiMs: number };
  diagrams: number;
  /** Reachability of every private API (issue 8's target: under 10 s at 1,000 accounts x 4 regions). */
  reach: { ms: number; apis: number; clients: number; reachablePairs: number; intendedPairs: number };
  peakRssMb: number;
}

export function benchReports(snapshot: Snapshot, checks: readonly CheckDefinition[]): ReportBenchResult {
  let peakRss = process.memoryUsage().rss;
  const sample = () => (peakRss = Math.max(peakRss, process.memoryUsage().rss));
  const report = reportFromSnapshot(snapshot, { file: 'bench', checks, homeRegion: 'us-east-1', generatedAt: '2026-11-21T00:00:00.000Z', runId: 'bench-report' });
  const boundMs = best(() => JSON.stringify(report.findings, null, 2)).ms;
  const unevaluated = (report.results ?? []).filter((r) => r.status === 'ERROR');
  const boundWithResultsMs = best(() => JSON.stringify({ findings: report.findings, unevaluated }, null, 2)).ms;
  const formats = OUTPUT_FORMATS.map((format) => {
    const { ms, value } = best(() => renderReport(format, report, { colour: false }), format === 'html' ? 1 : 3);
    sample();
    const bound = format === 'json' ? boundWithResultsMs : boundMs;
    return { format, ms: round(ms, 1), kb: Math.round(Buffer.byteLength(value) / 1024), ratio: round(ms / Math.max(bound, 0.01), 1) };
  });
  const topo = best(() => apiTopologies(snapshot, report.findings));
  sample();
  const privateApis = topo.value.length;
  const reach = best(() => reachability(snapshot), 1);
  sample();
  return {
    findings: report.findings.length,
    results: report.results?.length ?? 0,
    privateApis,
    boundMs: round(boundMs, 1),
    boundWithResultsMs: round(boundWithResultsMs, 1),
    formats,
    topologies: { ms: round(topo.ms, 1), perApiMs: round(topo.ms / Math.max(privateApis, 1), 3) },
    diagrams: Math.min(privateApis, DEFAULT_MAX_DIAGRAMS),
    reach: {
      ms: round(reach.ms, 1),
      apis: reach.value.apis.length,
      clients: reach.value.clients.length,
      reachablePairs: reach.value.apis.reduce((n, a) => n + a.reachableBy.length, 0),
      intendedPairs: reach.value.apis.reduce((n, a) => n + a.intended.length, 0),
    },
    peakRssMb: Math.round(peakRss / 1024 / 1024),
  };
}


import { toAsff } from '../sinks/asff.js';
import { renderCsv } from './csv.js';
import { renderHtml, type HtmlOptions } from './html.js';
import { renderJson } from './json.js';
import { compareFindings, type OutputFormat, type Report } from './model.js';
import { renderOcsf } from './ocsf.js';
import { renderTable } from './table.js';

/** The ASFF a Security Hub import of these findings would carry, as BatchImportFindings' request body. */
export function renderAsff(report: Report): string {
  const ctx = { partition: report.partition, runId: report.run?.runId ?? report.source.kind, version: report.privapiVersion, now: report.generatedAt, homeRegion: report.homeRegion };
  return `${JSON.stringify({ Findings: [...report.findings].sort(compareFindings).map((f) => toAsff(f, ctx)) }, null, 2)}\n`;
}

export function renderReport(format: OutputFormat, report: Report, opts: { colour: boolean } & HtmlOptions): string {
  switch (format) {
    case 'table':
      return `${renderTable(report, { colour: opts.colour })}\n`;
    case 'json':
      return renderJson(report);
    case 'asff':
      return renderAsff(report);
    case 'ocsf':
      return renderOcsf(report);
    case 'csv':
      return renderCsv(report);
    case 'html':
      return renderHtml(report, opts);
  }
}

import { describe, expect, it } from 'vitest';
import { parseReportDocument, renderJson, ReportFileError } from '../../src/report/json.js';
import { summarizeReport } from '../../src/report/model.js';
import { renderTable } from '../../src/report/table.js';
import { demoReport } from '../helpers/demo-report.js';

describe('JSON report', () => {
  it('reads back what it writes, without the inventory: results as counts plus the unevaluated ones', async () => {
    const report = await demoReport();
    const back = parseReportDocument(renderJson(report), 'r.json');
    const { snapshot: _snapshot, results, ...rest } = report;
    const errors = results!.filter((r) => r.status === 'ERROR');
    expect(errors.length).toBeGreaterThan(0);
    expect(back).toEqual({ ...rest, results: errors, resultCounts: summarizeReport(report).byStatus });
    // Everything a format shows survives the round trip.
    expect(summarizeReport(back)).toEqual(summarizeReport(report));
    expect(renderTable(back, { colour: false })).toBe(renderTable({ ...report, snapshot: undefined }, { colour: false }));
  });

  it('names the file and each invalid field', async () => {
    const read = (text: string) => {
      try {
        parseReportDocument(text, 'r.json');
      } catch (err) {
        expect(err).toBeInstanceOf(ReportFileError);
        return (err as Error).message;
      }
      throw new Error('expected an error');
    };
    expect(read('{')).toMatch(/^r\.json is not a privapi JSON report .*\n {2}not JSON: /);
    expect(read('{"kind":"other"}')).toContain('kind: expected "privapi-report", got "other"');
    const doc = JSON.parse(renderJson(await demoReport())) as { findings: Array<Record<string, unknown>> };
    doc.findings[2]!.severity = 'SEVERE';
    delete doc.findings[4]!.resource;
    const message = read(JSON.stringify(doc));
    expect(message).toContain('findings[2].severity: ');
    expect(message).toContain('findings[4].resource: ');
  });
});

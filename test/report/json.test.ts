import { describe, expect, it } from 'vitest';
import { parseReportDocument, renderJson, ReportFileError } from '../../src/report/json.js';
import { demoReport } from '../helpers/demo-report.js';

describe('JSON report', () => {
  it('reads back what it writes, without the inventory', async () => {
    const report = await demoReport();
    const back = parseReportDocument(renderJson(report), 'r.json');
    const { snapshot: _snapshot, ...rest } = report;
    expect(back).toEqual(rest);
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

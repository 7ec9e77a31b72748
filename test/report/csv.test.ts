import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { CSV_HEADERS, renderCsv } from '../../src/report/csv.js';
import { compareFindings } from '../../src/report/model.js';
import { demoReport } from '../helpers/demo-report.js';
import { hasControl, makeFinding, reportOf } from '../helpers/findings.js';

const HEADERS = [
  'id', 'severity', 'state', 'lifecycle', 'check_id', 'title', 'account_id', 'region', 'resource_arn', 'resource_type', 'related_arns',
  'message', 'remediation', 'remediation_url', 'first_observed_at', 'last_observed_at', 'resolved_at', 'muted_by', 'mute_owner', 'mute_reason', 'mute_expires',
];


const rowsOf = (csv: string): string[][] => parse(csv, { relax_column_count: false }) as string[][];
const recordsOf = (csv: string): Array<Record<string, string>> => parse(csv, { columns: true }) as Array<Record<string, string>>;

describe('renderCsv on the demo organization', () => {
  it('parses back to a header and one row per finding, every row as wide as the header', async () => {
    const report = await demoReport();
    const csv = renderCsv(report);
    const rows = rowsOf(csv);
    expect(rows).toHaveLength(report.findings.length + 1);
    expect(rows[0]).toEqual(HEADERS);
    expect(CSV_HEADERS).toEqual(HEADERS);
    expect(rows.every((r) => r.length === HEADERS.length)).toBe(true);
  });

  it('lists findings in report order with their values', async () => {
    const report = await demoReport();
    const records = recordsOf(renderCsv(report));
    const sorted = [...report.findings].sort(compareFindings);
    expect(records.map((r) => r.id)).toEqual(sorted.map((f) => f.id));
    expect(records.map((r) => r.severity)).toEqual(sorted.map((f) => f.severity));
    expect(records.map((r) => r.resource_arn)).toEqual(sorted.map((f) => f.resource.arn));
    expect(records.map((r) => r.related_arns)).toEqual(sorted.map((f) => f.related.map((x) => x.arn).join(' ')));
  });

  it('ends every line with CRLF', async () => {
    const csv = renderCsv(await demoReport());
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.split('\r\n')[0]).toBe(HEADERS.join(','));
  });
});

describe('renderCsv', () => {
  it('round-trips commas, quotes and line breaks', () => {
    const message = 'Allows "any" principal, from any VPC endpoint;\nsee line 2, and "3"';
    const csv = renderCsv(reportOf([makeFinding({ message })]));
    expect(csv).toContain('"Allows ""any"" principal, from any VPC endpoint;\nsee line 2, and ""3"""');
    const [record] = recordsOf(csv);
    expect(record?.message).toBe(message);
    expect(record?.check_id).toBe('POLICY-002');
  });

  it('fills the mute and resolution columns and leaves them empty otherwise', () => {
    const muted = makeFinding({ checkId: 'VPCE-002', muted: { entry: 'privapi.config.yaml:14 mutelist[2]', reason: 'accepted, for now', owner: 'platform-team', expires: '2027-01-31' } });
    const resolved = makeFinding({ checkId: 'OPS-001', state: 'RESOLVED', lifecycle: 'RESOLVED', resolvedAt: '2026-03-15T00:00:00.000Z' });
    const records = recordsOf(renderCsv(reportOf([muted, resolved])));
    const byCheck = Object.fromEntries(records.map((r) => [r.check_id, r]));
    expect(byCheck['VPCE-002']).toMatchObject({ muted_by: 'privapi.config.yaml:14 mutelist[2]', mute_owner: 'platform-team', mute_reason: 'accepted, for now', mute_expires: '2027-01-31', resolved_at: '' });
    expect(byCheck['OPS-001']).toMatchObject({ state: 'RESOLVED', lifecycle: 'RESOLVED', resolved_at: '2026-03-15T00:00:00.000Z', muted_by: '' });
  });

  it.each(['=1+1', '+x', '-x', '@SUM(A1)', '\tx', '=HYPERLINK("http://evil.example","click")'])('makes a cell starting %j inert', (text) => {
    const [record] = recordsOf(renderCsv(reportOf([makeFinding({ title: text, message: text })])));
    expect(record?.message).toBe(`'${text}`);
    // Titles are one line: a tab there becomes a space, which no spreadsheet runs.
    expect(record?.title).toBe(text.startsWith('\t') ? ' x' : `'${text}`);
  });

  it('checks for formulas after removing control characters', () => {
    const [record] = recordsOf(renderCsv(reportOf([makeFinding({ message: '\u001b[31m=1+1', title: '\r=cmd' })])));
    expect(record?.message).toBe("'=1+1");
    expect(record?.title).toBe("'=cmd");
  });

  it('leaves ordinary text alone', () => {
    const [record] = recordsOf(renderCsv(reportOf([makeFinding({ message: 'a = b - c' })])));
    expect(record?.message).toBe('a = b - c');
  });

  it('removes ANSI escape sequences and other controls', () => {
    const f = makeFinding({
      title: 'T\u001b]0;pwned\u0007itle',
      message: 'Name \u001b[31mred\u001b[0m\u202e\u0000 <script>',
      resource: { arn: 'arn:aws:apigateway:us-east-1::/restapis/\u001b[2Jx', type: 'AwsApiGatewayRestApi' },
    });
    const csv = renderCsv(reportOf([f]));
    expect(hasControl(csv)).toBe(false);
    const [record] = recordsOf(csv);
    expect(record).toMatchObject({ title: 'Title', message: 'Name red <script>', resource_arn: 'arn:aws:apigateway:us-east-1::/restapis/x' });
  });
});

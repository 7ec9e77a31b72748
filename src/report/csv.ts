import type { Finding } from '../model/finding.js';
import { compareFindings, type Report } from './model.js';
import { oneLine, stripControl } from './text.js';

/** Findings as RFC 4180 CSV (https://www.rfc-editor.org/rfc/rfc4180), one row per finding, for spreadsheets. */

const COLUMNS: ReadonlyArray<readonly [header: string, value: (f: Finding) => string]> = [
  ['id', (f) => oneLine(f.id)],
  ['severity', (f) => f.severity],
  ['state', (f) => f.state],
  ['lifecycle', (f) => f.lifecycle],
  ['check_id', (f) => oneLine(f.checkId)],
  ['title', (f) => oneLine(f.title)],
  ['account_id', (f) => oneLine(f.accountId)],
  ['region', (f) => oneLine(f.region)],
  ['resource_arn', (f) => oneLine(f.resource.arn)],
  ['resource_type', (f) => oneLine(f.resource.type)],
  ['related_arns', (f) => f.related.map((r) => oneLine(r.arn)).join(' ')],
  ['message', (f) => stripControl(f.message)],
  ['remediation', (f) => stripControl(f.remediation.text)],
  ['remediation_url', (f) => oneLine(f.remediation.url)],
  ['first_observed_at', (f) => f.firstObservedAt],
  ['last_observed_at', (f) => f.lastObservedAt],
  ['resolved_at', (f) => f.resolvedAt ?? ''],
  ['muted_by', (f) => oneLine(f.muted?.entry ?? '')],
  ['mute_owner', (f) => oneLine(f.muted?.owner ?? '')],
  ['mute_reason', (f) => stripControl(f.muted?.reason ?? '')],
  ['mute_expires', (f) => oneLine(f.muted?.expires ?? '')],
];

export const CSV_HEADERS: readonly string[] = COLUMNS.map(([header]) => header);

// Spreadsheets run a cell that starts with one of these as a formula (CSV injection), and names,
// messages and tags come from member accounts. A leading quote makes the cell text:
// https://owasp.org/www-community/attacks/CSV_Injection
const FORMULA_START = /^[=+\-@\t\r]/;

function cell(value: string): string {
  const inert = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(inert) ? `"${inert.replace(/"/g, '""')}"` : inert;
}

const row = (values: readonly string[]): string => values.map(cell).join(',') + '\r\n';

export function renderCsv(report: Report): string {
  const findings = [...report.findings].sort(compareFindings);
  return row(CSV_HEADERS) + findings.map((f) => row(COLUMNS.map(([, value]) => value(f)))).join('');
}

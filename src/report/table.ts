import { SEVERITIES, type Severity } from '../model/check.js';
import type { Finding } from '../model/finding.js';
import { compareFindings, summarizeReport, type Report } from './model.js';
import { oneLine } from './text.js';

/**
 * The terminal report: open findings grouped by severity, then account, one line each, and what
 * could not be evaluated. Colour is a parameter: the CLI turns it on for a TTY only and never
 * when NO_COLOR is set, so piped output and CI logs carry no escape codes.
 */

export interface TableOptions {
  colour: boolean;
  /** Findings listed per severity before the rest are counted (the other formats list them all). */
  maxPerSeverity?: number;
}

const SGR: Record<Severity, string> = { CRITICAL: '1;97;41', HIGH: '1;31', MEDIUM: '33', LOW: '36', INFORMATIONAL: '2' };

function painter(on: boolean) {
  return (codes: string, text: string) => (on ? `\u001b[${codes}m${text}\u001b[0m` : text);
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function lifecycleTag(f: Finding): string {
  if (f.lifecycle === 'NEW') return 'new';
  if (f.lifecycle === 'UNKNOWN') return 'not re-evaluated';
  return '';
}

export function renderTable(report: Report, opts: TableOptions): string {
  const paint = painter(opts.colour);
  const summary = summarizeReport(report);
  const names = new Map(report.snapshot?.accounts.map((a) => [a.id, a.name]) ?? []);
  const open = report.findings.filter((f) => f.state === 'ACTIVE' && !f.muted).sort(compareFindings);
  const lines: string[] = [];

  const severityCounts = [...SEVERITIES].reverse().filter((s) => summary.bySeverity[s] > 0).map((s) => paint(SGR[s], `${summary.bySeverity[s]} ${s}`));
  lines.push(
    paint('1', `${plural(summary.open, 'open finding')}`) +
      (severityCounts.length ? ` (${severityCounts.join(', ')})` : '') +
      `; ${summary.muted} muted, ${summary.resolved} resolved this run.`,
  );
  if (summary.byStatus) {
    const s = summary.byStatus;
    lines.push(`Checks: ${s.FAIL} failed, ${s.PASS} passed, ${s.NOT_APPLICABLE} not applicable, ${s.ERROR} could not be evaluated.`);
  }

  const max = opts.maxPerSeverity ?? Number.POSITIVE_INFINITY;
  for (const severity of [...SEVERITIES].reverse()) {
    const group = open.filter((f) => f.severity === severity).sort((a, b) => a.accountId.localeCompare(b.accountId) || compareFindings(a, b));
    if (group.length === 0) continue;
    lines.push('', paint(SGR[severity], `${severity} (${group.length})`));
    const shown = group.slice(0, max);
    let account = '';
    for (const f of shown) {
      if (f.accountId !== account) {
        account = f.accountId;
        const name = names.get(account);
        const count = group.filter((g) => g.accountId === account).length;
        lines.push(`  ${paint('1', account)}${name && name !== account ? ` ${oneLine(name)}` : ''} (${count})`);
      }
      const tag = lifecycleTag(f);
      lines.push(`    ${f.checkId.padEnd(11)}${f.region.padEnd(15)}${oneLine(f.message)}${tag ? ` ${paint('2', `[${tag}]`)}` : ''}`);
    }
    if (group.length > shown.length) lines.push(`    … ${group.length - shown.length} more ${severity} finding(s): see --format json, csv or html`);
  }

  const errors = (report.results ?? []).filter((r) => r.status === 'ERROR');
  if (errors.length) {
    // One line per account-region: a missing collection there is usually the one cause of all its ERRORs.
    const byScope = new Map<string, { checks: Set<string>; example: string }>();
    for (const r of errors) {
      const key = `${r.accountId} ${r.region}`;
      const entry = byScope.get(key) ?? { checks: new Set<string>(), example: r.message };
      entry.checks.add(r.checkId);
      byScope.set(key, entry);
    }
    const scopes = [...byScope].sort(([a, x], [b, y]) => y.checks.size - x.checks.size || a.localeCompare(b));
    lines.push('', paint('1', `Could not evaluate (${errors.length} results): the inventory these checks need was not collected`));
    for (const [scope, { checks, example }] of scopes.slice(0, 10)) lines.push(`    ${scope.padEnd(26)}${plural(checks.size, 'check')}, e.g. ${oneLine(example)}`);
    if (scopes.length > 10) lines.push(`    … ${scopes.length - 10} more account-regions: see --format json or html`);
  }
  return lines.join('\n');
}

import { SEVERITIES, type ResourceRef, type Severity } from '../model/check.js';
import type { Finding } from '../model/finding.js';
import { InventoryIndex } from '../model/inventory-index.js';
import { reachability } from '../reach/evaluate.js';
import type { OnPremisesNetwork, Reachability } from '../reach/model.js';
import { count, Html, html, scrollRegion } from './html-markup.js';
import { DEFAULT_MATRIX_APIS, DEFAULT_MATRIX_CLIENTS, renderReachability } from './html-reach.js';
import { HTML_SCRIPT } from './html-script.js';
import { HTML_STYLE } from './html-style.js';
import { compareFindings, severityRank, summarizeReport, type CollectionRow, type Report, type ReportSummary } from './model.js';
import { apiTopologies } from './topology.js';
import type { ApiTopology, FirstBrokenHop, TopologyNode } from './topology-model.js';
import { FIRST_BROKEN_MARK, FIRST_BROKEN_STYLE, renderTopologySvg } from './topology-svg.js';

/**
 * The HTML report: one file that opens offline, from a mail attachment or an artifact store,
 * without fetching anything. Most of its text comes from AWS (resource names, tags, policy text
 * quoted in messages), so it is treated as hostile: the `html` template escapes every
 * interpolated value, and only the constant style, script and the topology SVG (which escapes its
 * own labels) are inserted as they are.
 */

const SEVERITY_WORD: Record<Severity, string> = { CRITICAL: 'Critical', HIGH: 'High', MEDIUM: 'Medium', LOW: 'Low', INFORMATIONAL: 'Informational' };
const SEVERITIES_DESC = [...SEVERITIES].reverse();

type RowState = 'open' | 'unknown' | 'muted' | 'resolved';
const ROW_STATES: readonly RowState[] = ['open', 'unknown', 'muted', 'resolved'];
const STATE_HELP: Record<RowState, string> = {
  open: 'active and not muted',
  unknown: 'active, but its check could not re-evaluate it this run',
  muted: 'accepted in the mutelist',
  resolved: 'no longer failing',
};

function rowState(f: Finding): RowState {
  if (f.state === 'RESOLVED') return 'resolved';
  if (f.muted) return 'muted';
  return f.lifecycle === 'UNKNOWN' ? 'unknown' : 'open';
}

/** ISO timestamps shown the same way wherever the report is opened (no viewer time zone). */
function when(iso: string): Html {
  const shown = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(iso) ? `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC` : iso;
  return html`<time datetime="${iso}">${shown}</time>`;
}

function isHttps(url: string): boolean {
  try {
    return new URL(url).protocol === 'https:';
  } catch {
    return false;
  }
}

/** Only https links are clickable; anything else (javascript:, data:, http:) stays visible as text. */
function link(url: string, text: string): Html {
  return isHttps(url) ? html`<a href="${url}" rel="noopener noreferrer">${text}</a>` : html`<span class="url">${url}</span>`;
}

/** The resource part of an ARN ("vpc-endpoint/vpce-0abc"), which is what tells rows apart. */
function shortResource(arn: string): string {
  const parts = arn.split(':');
  return parts.length >= 6 && parts[0] === 'arn' ? parts.slice(5).join(':').replace(/^\//, '') : arn;
}

const severityBadge = (s: Severity): Html => html`<span class="sev sev-${s.toLowerCase()}">${SEVERITY_WORD[s]}</span>`;

const apiKey = (accountId: string, arn: string): string => `${accountId}|${arn}`;
const anchorFor = (t: ApiTopology): string => `api-${t.accountId}-${t.region}-${t.apiId}`.replace(/[^A-Za-z0-9_-]/g, '_');

interface Context {
  report: Report;
  summary: ReportSummary;
  findings: Finding[];
  accountNames: Map<string, string>;
  /** Anchor of each private API's diagram, by account and API ARN. */
  diagrams: Map<string, string>;
  findingsById: Map<string, Finding>;
  topologies?: ApiTopology[];
  reach?: Reachability;
  maxDiagrams: number;
  maxMatrixApis: number;
  maxMatrixClients: number;
}

/**
 * Diagrams drawn per page. An organization can have thousands of private APIs; each diagram is a
 * dagre layout (~10 ms) and ~9 KB of SVG, and a page of thousands is neither fast to write nor
 * usable. The rest, broken ones never before healthy ones, are listed in a table.
 */
export const DEFAULT_MAX_DIAGRAMS = 150;

export interface HtmlOptions {
  maxDiagrams?: number;
  /** The configuration's on-premises networks, so the reachability matrix includes them. */
  onPremises?: OnPremisesNetwork[];
  /** Reachability the caller already computed for this report's snapshot (onPremises is then ignored). */
  reachability?: Reachability;
  maxMatrixApis?: number;
  maxMatrixClients?: number;
}

export function renderHtml(report: Report, opts: HtmlOptions = {}): string {
  // One index for both readers of the snapshot: building it is the costly part of each.
  const index = report.snapshot ? new InventoryIndex(report.snapshot) : undefined;
  const reach = opts.reachability ?? (index ? reachability(index, opts.onPremises ? { onPremises: opts.onPremises } : {}) : undefined);
  const topologies = index ? sortTopologies(apiTopologies(index, report.findings, reach)) : undefined;
  const ctx: Context = {
    report,
    summary: summarizeReport(report),
    findings: [...report.findings].sort(compareFindings),
    accountNames: new Map((report.snapshot?.accounts ?? []).map((a) => [a.id, a.name])),
    diagrams: new Map((topologies ?? []).map((t) => [apiKey(t.accountId, t.apiArn), anchorFor(t)])),
    findingsById: new Map(report.findings.map((f) => [f.id, f])),
    ...(topologies ? { topologies } : {}),
    ...(reach ? { reach } : {}),
    maxDiagrams: opts.maxDiagrams ?? DEFAULT_MAX_DIAGRAMS,
    maxMatrixApis: opts.maxMatrixApis ?? DEFAULT_MATRIX_APIS,
    maxMatrixClients: opts.maxMatrixClients ?? DEFAULT_MATRIX_CLIENTS,
  };
  const page = html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="privapi ${report.privapiVersion}">
<title>privapi report – ${report.generatedAt.slice(0, 10)}</title>
<style>${new Html(HTML_STYLE)}</style>
</head>
<body>
<a class="skip" href="#findings">Skip to findings</a>
${renderHeader(ctx)}
<nav class="toc" aria-label="Sections"><ul>
<li><a href="#summary">Summary</a></li>
<li><a href="#findings">Findings</a></li>
<li><a href="#reachability">Reachability</a></li>
<li><a href="#topology">Private API topology</a></li>
</ul></nav>
<main>
${renderSummary(ctx)}
${renderFindings(ctx)}
${renderReachability(ctx.reach, {
  maxApis: ctx.maxMatrixApis,
  maxClients: ctx.maxMatrixClients,
  accountName: (id) => ctx.accountNames.get(id),
  diagramAnchor: (accountId, arn) => ctx.diagrams.get(apiKey(accountId, arn)),
})}
${renderTopology(ctx)}
</main>
<footer class="foot"><p>Generated by privapi ${report.privapiVersion} for partition ${report.partition}; Security Hub home region ${report.homeRegion}.</p></footer>
<script>${new Html(HTML_SCRIPT)}</script>
</body>
</html>
`;
  return page.value;
}

function sourceText(report: Report): Html {
  const s = report.source;
  if (s.kind === 'audit') return html`Audit run <code>${s.runId}</code>${report.run ? html`, <span class="run-status run-${report.run.status.toLowerCase()}">${report.run.status}</span>` : ''}`;
  if (s.kind === 'snapshot') return html`Snapshot file <code>${s.file}</code>, evaluated offline`;
  return html`Findings file <code>${s.file}</code>`;
}

function scopeText(report: Report): Html | undefined {
  const run = report.run;
  if (run) {
    return html`${run.scope.mode}, ${count(run.scope.accounts.length, 'account')}, ${count(run.scope.regions.length, 'region')} (${run.scope.regions.join(', ')}), ${count(run.scope.checks.length, 'check')}
<details class="inline"><summary>Checks run</summary><p>${run.scope.checks.join(', ')}</p></details>`;
  }
  const snap = report.snapshot;
  if (snap) return html`${snap.mode}, ${count(snap.accounts.length, 'account')}, ${count(snap.regions.length, 'region')} (${snap.regions.join(', ')}), collected ${when(snap.startedAt)}`;
  return undefined;
}

function renderHeader(ctx: Context): Html {
  const { report } = ctx;
  const scope = scopeText(report);
  return html`<header class="masthead">
<div class="wrap">
<p class="brand">API Gateway private API audit</p>
<h1>privapi report</h1>
<dl class="meta">
<div><dt>Generated</dt><dd>${when(report.generatedAt)}</dd></div>
<div><dt>Source</dt><dd>${sourceText(report)}</dd></div>
${report.run ? html`<div><dt>Run</dt><dd>started ${when(report.run.startedAt)}${report.run.finishedAt ? html`, finished ${when(report.run.finishedAt)}` : ''}</dd></div>` : ''}
${scope ? html`<div><dt>Scope</dt><dd>${scope}</dd></div>` : ''}
</dl>
</div>
</header>
${renderIncomplete(ctx)}`;
}

const problemRows = (report: Report): CollectionRow[] => (report.collection ?? []).filter((r) => r.state !== 'complete');

/** An audit that missed accounts or regions says so before anything else: its zero counts may be false. */
function renderIncomplete(ctx: Context): Html {
  const { report, summary } = ctx;
  const rows = problemRows(report);
  const errors = summary.byStatus?.ERROR ?? 0;
  const runStatus = report.run && report.run.status !== 'COMPLETE' ? report.run.status : undefined;
  const runProblems = report.run?.problems.length ?? 0;
  if (rows.length === 0 && errors === 0 && !runStatus && runProblems === 0) return html``;
  const byState = (['failed', 'partial', 'skipped'] as const).map((s) => [s, rows.filter((r) => r.state === s).length] as const).filter(([, n]) => n > 0);
  const headline = runStatus ? `Audit ${runStatus.toLowerCase()}` : rows.length > 0 || errors > 0 ? 'Incomplete audit' : 'Audit problems';
  return html`<div class="banner" role="note">
<div class="wrap">
<p><strong>${headline}:</strong>
${rows.length > 0 ? html` ${count(rows.length, 'account-region')} not fully collected (${byState.map(([s, n]) => `${n} ${s}`).join(', ')}); findings there may be missing.` : ''}
${errors > 0 ? html` ${count(errors, 'result')} could not be evaluated (ERROR).` : ''}
${runProblems > 0 ? html` ${count(runProblems, 'run problem')} reported.` : ''}
<a href="#collection">See collection problems</a></p>
</div>
</div>`;
}

function renderSummary(ctx: Context): Html {
  const { summary, report } = ctx;
  return html`<section id="summary" aria-labelledby="summary-h">
<h2 id="summary-h">Summary</h2>
<ul class="cards" aria-label="Open findings by severity">
<li class="card card-total"><span class="num">${summary.open}</span><span class="word">Open findings</span></li>
${SEVERITIES_DESC.map((s) => html`<li class="card card-${s.toLowerCase()}"><span class="num">${summary.bySeverity[s]}</span><span class="word">${severityBadge(s)}</span></li>`)}
</ul>
<dl class="stats">
<div><dt>Open</dt><dd>${summary.open}</dd></div>
<div><dt>of which unknown</dt><dd>${summary.unknown}</dd></div>
<div><dt>Muted</dt><dd>${summary.muted}</dd></div>
<div><dt>Resolved</dt><dd>${summary.resolved}</dd></div>
${summary.byStatus ? (['PASS', 'FAIL', 'NOT_APPLICABLE', 'ERROR'] as const).map((s) => html`<div class="result result-${s.toLowerCase()}"><dt>Results ${s.replaceAll('_', ' ').toLowerCase()}</dt><dd>${summary.byStatus?.[s] ?? 0}</dd></div>`) : ''}
</dl>
<div class="split">
<div>
<h3 id="by-account">Open findings by account</h3>
${summary.byAccount.length === 0 ? html`<p>No open findings.</p>` : renderByAccount(ctx)}
</div>
<div>
<h3 id="by-check">Open findings by check</h3>
${summary.byCheck.length === 0 ? html`<p>No open findings.</p>` : renderByCheck(ctx)}
</div>
</div>
${renderCollection(report)}
</section>`;
}

function accountCell(ctx: Context, accountId: string): Html {
  const name = ctx.accountNames.get(accountId);
  return html`<span class="mono">${accountId}</span>${name ? html`<span class="sub">${name}</span>` : ''}`;
}

function renderByAccount(ctx: Context): Html {
  return scrollRegion('by-account', html`<table class="grid">
<caption class="sr-only">Open findings per account and severity</caption>
<thead><tr><th scope="col">Account</th>${SEVERITIES_DESC.map((s) => html`<th scope="col" class="n">${s === 'INFORMATIONAL' ? html`<span aria-hidden="true">Info</span><span class="sr-only">Informational</span>` : SEVERITY_WORD[s]}</th>`)}<th scope="col" class="n">Open</th></tr></thead>
<tbody>
${ctx.summary.byAccount.map(
  (a) => html`<tr><th scope="row" class="nowrap">${accountCell(ctx, a.accountId)}</th>${SEVERITIES_DESC.map((s) => html`<td class="n${a.bySeverity[s] === 0 ? ' zero' : ''}">${a.bySeverity[s]}</td>`)}<td class="n total">${a.open}</td></tr>
`,
)}</tbody>
</table>`);
}

function renderByCheck(ctx: Context): Html {
  return scrollRegion('by-check', html`<table class="grid">
<caption class="sr-only">Open findings per check</caption>
<thead><tr><th scope="col">Check</th><th scope="col">Title</th><th scope="col">Severity</th><th scope="col" class="n">Open</th></tr></thead>
<tbody>
${ctx.summary.byCheck.map((c) => html`<tr><th scope="row" class="mono nowrap">${c.checkId}</th><td>${c.title}</td><td>${severityBadge(c.severity)}</td><td class="n total">${c.open}</td></tr>
`)}</tbody>
</table>`);
}

const regionText = (region: string): string => (region === '*' ? 'all regions' : region === '-' ? 'not collected' : region);

function renderCollection(report: Report): Html {
  const rows = problemRows(report);
  const runProblems = report.run?.problems ?? [];
  const total = report.collection?.length;
  return html`<h3 id="collection">Collection</h3>
${
  total === undefined
    ? html`<p>This report carries no collection status (re-rendered from findings alone).</p>`
    : rows.length === 0
      ? html`<p class="ok-note">All ${count(total, 'account-region')} collected completely.</p>`
      : html`<p>${count(rows.length, 'account-region')} of ${total} not fully collected. Checks that needed the missing inventory report ERROR rather than PASS.</p>
${scrollRegion('collection', html`<table class="grid problems">
<caption class="sr-only">Account-regions not fully collected, with their problems</caption>
<thead><tr><th scope="col">Account</th><th scope="col">Region</th><th scope="col">State</th><th scope="col">Problems</th></tr></thead>
<tbody>
${rows.map((r) => html`<tr><td class="mono">${r.accountId}</td><td>${regionText(r.region)}</td><td><span class="coll coll-${r.state}">${r.state}</span></td><td><ul class="plain">${r.problems.map((p) => html`<li>${p}</li>`)}</ul></td></tr>
`)}</tbody>
</table>`)}`
}
${runProblems.length > 0 ? html`<h4>Run problems</h4><ul>${runProblems.map((p) => html`<li>${p}</li>`)}</ul>` : ''}`;
}

const SORTABLE = ['Severity', 'State', 'Check', 'Account', 'Region', 'Resource'] as const;

function renderFindings(ctx: Context): Html {
  const { findings } = ctx;
  const accounts = [...new Set(findings.map((f) => f.accountId))].sort();
  const checks = new Map<string, string>();
  for (const f of [...findings].sort((a, b) => a.checkId.localeCompare(b.checkId))) if (!checks.has(f.checkId)) checks.set(f.checkId, f.title);
  const total = findings.length;
  return html`<section id="findings" aria-labelledby="findings-h">
<h2 id="findings-h">Findings</h2>
<form id="filters" class="filters" role="search" aria-label="Filter findings">
<div class="field grow"><label for="f-q">Search</label><input id="f-q" name="q" type="search" autocomplete="off" spellcheck="false" placeholder="Check, account, region, resource or message" aria-describedby="f-q-help"><span id="f-q-help" class="sr-only">Filters the table as you type.</span></div>
<div class="field"><label for="f-sev">Minimum severity</label><select id="f-sev" name="severity"><option value="0">Any severity</option>${SEVERITIES_DESC.slice(0, -1).map(
    (s) => html`<option value="${severityRank(s)}">${SEVERITY_WORD[s]}${s === 'CRITICAL' ? '' : ' or above'}</option>`,
  )}</select></div>
<div class="field"><label for="f-account">Account</label><select id="f-account" name="account"><option value="">All accounts</option>${accounts.map((a) => {
    const name = ctx.accountNames.get(a);
    return html`<option value="${a}">${a}${name ? ` (${name})` : ''}</option>`;
  })}</select></div>
<div class="field"><label for="f-check">Check</label><select id="f-check" name="check"><option value="">All checks</option>${[...checks].map(([id, title]) => html`<option value="${id}">${id}: ${title}</option>`)}</select></div>
<div class="field"><label for="f-state">State</label><select id="f-state" name="state"><option value="">All states</option>${ROW_STATES.map((s) => html`<option value="${s}">${s}</option>`)}</select></div>
<div class="field"><button type="reset" class="btn">Clear filters</button></div>
</form>
<p id="findings-status" class="status" role="status" aria-live="polite">Showing ${total} of ${total} findings</p>
<div class="scroll">
<table id="findings-table" class="grid findings">
<caption>${count(total, 'finding')}, most severe first. Column headers with buttons sort the table; expand a finding for its resources, remediation and history.</caption>
<thead><tr>
${SORTABLE.map((label, i) => html`<th scope="col" aria-sort="${i === 0 ? 'descending' : 'none'}" class="c-${label.toLowerCase()}"><button type="button" data-col="${i}">${label}<span class="arrow" aria-hidden="true"></span></button></th>`)}
<th scope="col" class="c-finding">Finding</th>
</tr></thead>
<tbody>
${findings.map((f) => renderFindingRow(ctx, f))}</tbody>
</table>
</div>
<p id="findings-empty" class="empty" hidden>No findings match these filters.</p>
${total === 0 ? html`<p>This report has no findings.</p>` : ''}
</section>`;
}

function arnItem(ref: ResourceRef): Html {
  return html`<li><code class="arn">${ref.arn}</code> <span class="sub-inline">${ref.type}</span></li>`;
}

function renderFindingRow(ctx: Context, f: Finding): Html {
  const state = rowState(f);
  const anchor = ctx.diagrams.get(apiKey(f.accountId, f.resource.arn));
  // Long resource names wrap after a slash rather than mid-word.
  const breakable = shortResource(f.resource.arn)
    .split('/')
    .map((segment, i) => html`${i > 0 ? html`/<wbr>` : ''}${segment}`);
  const name = ctx.accountNames.get(f.accountId);
  return html`<tr data-sev="${severityRank(f.severity)}" data-state="${state}" data-check="${f.checkId}" data-account="${f.accountId}">
<td data-key="${severityRank(f.severity)}">${severityBadge(f.severity)}</td>
<td data-key="${ROW_STATES.indexOf(state)}"><span class="state state-${state}">${state}</span></td>
<td class="q mono nowrap">${f.checkId}</td>
<td><span class="q mono">${f.accountId}</span>${name ? html`<span class="sub q">${name}</span>` : ''}</td>
<td class="q nowrap">${f.region}</td>
<td class="c-resource">${anchor ? html`<a class="q res" href="#${anchor}" title="Diagram of this API">${breakable}</a>` : html`<span class="q res">${breakable}</span>`}<span class="q" hidden>${f.resource.arn}</span></td>
<td class="c-finding"><details><summary><span class="q title">${f.title}</span> <span class="q msg">${f.message}</span></summary>
<dl class="detail">
<dt>Check</dt><dd><span class="mono">${f.checkId}</span>: ${f.title}</dd>
<dt>Resource</dt><dd><ul class="plain">${arnItem(f.resource)}</ul></dd>
${f.related.length > 0 ? html`<dt>Related</dt><dd><ul class="plain">${f.related.map(arnItem)}</ul></dd>` : ''}
<dt>Remediation</dt><dd>${f.remediation.text}${f.remediation.url ? html` ${link(f.remediation.url, 'Documentation')}` : ''}</dd>
<dt>Observed</dt><dd>first ${when(f.firstObservedAt)}, last ${when(f.lastObservedAt)}</dd>
<dt>Lifecycle</dt><dd>${f.lifecycle}${f.resolvedAt ? html`, resolved ${when(f.resolvedAt)}${f.resolution ? ` (${f.resolution.toLowerCase().replaceAll('_', ' ')})` : ''}` : ''}; ${STATE_HELP[state]}</dd>
${f.muted ? html`<dt>Muted</dt><dd>by <strong>${f.muted.owner}</strong> until ${f.muted.expires}: ${f.muted.reason} <span class="sub-inline">(${f.muted.entry})</span></dd>` : ''}
${f.exportPending ? html`<dt>Security Hub</dt><dd>not accepted since ${when(f.exportPending.since)}: ${f.exportPending.error}</dd>` : ''}
<dt>Finding id</dt><dd><code>${f.id}</code></dd>
</dl></details></td>
</tr>
`;
}

const STATUS_RANK = { broken: 0, unknown: 1, ok: 2 } as const;

function topologyStatus(t: ApiTopology): keyof typeof STATUS_RANK {
  if (t.firstBroken.length > 0 || t.nodes.some((n) => n.status === 'broken')) return 'broken';
  return t.nodes.some((n) => n.status === 'unknown') ? 'unknown' : 'ok';
}

/** Broken APIs first, so the diagrams that matter are at the top of a long page. */
function sortTopologies(topologies: ApiTopology[]): ApiTopology[] {
  return [...topologies].sort(
    (a, b) =>
      STATUS_RANK[topologyStatus(a)] - STATUS_RANK[topologyStatus(b)] ||
      a.accountId.localeCompare(b.accountId) ||
      a.region.localeCompare(b.region) ||
      a.name.localeCompare(b.name) ||
      a.apiId.localeCompare(b.apiId),
  );
}

function renderTopology(ctx: Context): Html {
  const { topologies } = ctx;
  const intro = html`<h2 id="topology-h">Private API topology</h2>`;
  if (!topologies) {
    return html`<section id="topology" aria-labelledby="topology-h">${intro}
<p class="note">Diagrams need the inventory: this report was rendered without a snapshot. Render it again with <code>--snapshot</code> to draw each private API's request path.</p>
</section>`;
  }
  const broken = topologies.filter((t) => topologyStatus(t) === 'broken').length;
  return html`<section id="topology" aria-labelledby="topology-h">${intro}
<p>${count(topologies.length, 'private API')}; ${count(broken, 'API')} with broken hops or unreachable intended clients ${broken === 1 ? 'is' : 'are'} expanded. Each diagram follows a request from its clients through DNS and VPC endpoints to the API and its private integrations.</p>
<div class="legend" role="group" aria-labelledby="legend-h">
<span class="legend-title" id="legend-h">Legend</span>
<span class="legend-item">${swatch('#ffffff', '#4a5568', 1.5)}OK: nothing wrong found</span>
<span class="legend-item">${swatch('#fde8e8', '#9b1c1c', 3, '7 4', '\u2715')}Broken (\u2715): an open finding names this hop</span>
<span class="legend-item">${swatch('#f1f5f9', '#475569', 2, '2 3', '?')}Unknown (?): the inventory to judge it was not collected</span>
<span class="legend-item">${firstBrokenSwatch()}First broken hop (▲): where an intended client's path first breaks, per the reachability analysis</span>
<span class="legend-item">Arrows follow the request; a dashed red arrow leads into a broken hop.</span>
</div>
<p class="toolbar"><button type="button" class="btn" data-details="open">Expand all diagrams</button> <button type="button" class="btn" data-details="close">Collapse all diagrams</button></p>
${topologies.length === 0 ? html`<p>The snapshot has no private APIs.</p>` : topologies.slice(0, ctx.maxDiagrams).map((t) => renderApi(ctx, t))}
${topologies.length > ctx.maxDiagrams ? renderUndrawn(ctx, topologies.slice(ctx.maxDiagrams)) : ''}
</section>`;
}

function renderUndrawn(ctx: Context, rest: ApiTopology[]): Html {
  return html`<h3 id="undrawn-h">${count(rest.length, 'more private API')} without a diagram</h3>
<p>Diagrams are drawn for the first ${ctx.maxDiagrams} (broken first); raise <code>--max-diagrams</code>, or render a report of fewer accounts, to draw these.</p>
${scrollRegion('undrawn-h', html`<table class="grid">
<caption class="sr-only">Private APIs without a diagram</caption>
<thead><tr><th scope="col">API</th><th scope="col">Account</th><th scope="col">Region</th><th scope="col">Status</th><th scope="col">Broken hops</th></tr></thead>
<tbody>${rest.map((t) => {
    const broken = [...t.nodes.filter((n) => n.status === 'broken').map((n) => n.label), ...t.firstBroken.map((b) => `${b.hop} (first broken hop from ${b.clientId})`)];
    return html`<tr id="${anchorFor(t)}"><td>${t.name} <code>${t.apiId}</code></td><td>${t.accountId}</td><td>${t.region}</td><td>${topologyStatus(t)}</td><td>${broken.join(', ') || '-'}</td></tr>`;
  })}</tbody>
</table>`)}`;
}

/** A legend box drawn with the same border, dash and fill as topology-svg.ts draws hops. */
function swatch(fill: string, stroke: string, width: number, dash?: string, mark?: string): Html {
  return html`<svg class="swatch" aria-hidden="true" width="40" height="24" viewBox="0 0 40 24"><rect x="2" y="2" width="36" height="20" rx="4" fill="${fill}" stroke="${stroke}" stroke-width="${width}"${dash ? html` stroke-dasharray="${dash}"` : ''}/>${mark ? html`<text x="20" y="16.5" text-anchor="middle" font-size="12" font-weight="700" fill="${stroke}">${mark}</text>` : ''}</svg>`;
}

/** The legend's picture of the ring topology-svg.ts draws around a first broken hop. */
function firstBrokenSwatch(): Html {
  const { stroke, width } = FIRST_BROKEN_STYLE;
  return html`<svg class="swatch" aria-hidden="true" width="40" height="24" viewBox="0 0 40 24"><rect x="1.5" y="1.5" width="37" height="21" rx="6" fill="none" stroke="${stroke}" stroke-width="${width}"/><rect x="6" y="6" width="28" height="12" rx="3" fill="#ffffff" stroke="#4a5568" stroke-width="1.5"/></svg>`;
}

function firstBrokenItem(t: ApiTopology, b: FirstBrokenHop): Html {
  const node = b.nodeId === undefined ? undefined : t.nodes.find((n) => n.id === b.nodeId);
  return html`<li><code>${b.clientId}</code>: <strong>${b.hop}</strong>${node ? html`, drawn at ${node.label}` : ' (not drawn)'}: ${b.reason} <span class="sub-inline">Fix <code class="arn">${b.arn}</code></span></li>`;
}

function hopItem(node: TopologyNode, titles: string[]): Html {
  return html`<li><strong>${node.label}</strong> <span class="sub-inline">(${node.kind.replaceAll('-', ' ')})</span>${titles.length > 0 ? html`: ${titles.join('; ')}` : ''}</li>`;
}

function renderApi(ctx: Context, t: ApiTopology): Html {
  const anchor = anchorFor(t);
  const status = topologyStatus(t);
  const titlesOf = (n: TopologyNode): string[] => [...new Set(n.findingIds.map((id) => ctx.findingsById.get(id)?.title).filter((x): x is string => x !== undefined))];
  const brokenNodes = t.nodes.filter((n) => n.status === 'broken');
  const unknownNodes = t.nodes.filter((n) => n.status === 'unknown');
  const name = ctx.accountNames.get(t.accountId);
  const brokenWords = [...(brokenNodes.length > 0 ? [count(brokenNodes.length, 'broken hop')] : []), ...(t.firstBroken.length > 0 ? [count(t.firstBroken.length, 'unreachable client')] : [])];
  const pill =
    status === 'broken'
      ? html`<span class="pill pill-broken">${brokenWords.join(', ')}</span>`
      : status === 'unknown'
        ? html`<span class="pill pill-unknown">${count(unknownNodes.length, 'unknown hop')}</span>`
        : html`<span class="pill pill-ok">no broken hops</span>`;
  return html`<section class="api api-${status}" id="${anchor}" aria-labelledby="${anchor}-h">
<h3 id="${anchor}-h"><span class="api-name">${t.name}</span> <code>${t.apiId}</code> <span class="api-where">account ${t.accountId}${name ? ` (${name})` : ''}, ${t.region}</span> ${pill}</h3>
<details${status === 'broken' ? html` open` : ''}><summary>Diagram and hops</summary>
<figure data-api-id="${t.apiId}">
<div class="diagram">${new Html(renderTopologySvg(t))}</div>
<figcaption>Request path of private API ${t.name} (${t.apiId}) in account ${t.accountId}, ${t.region}: ${count(t.nodes.length, 'hop')}, ${brokenNodes.length} broken, ${unknownNodes.length} unknown, ${count(t.firstBroken.length, 'intended client')} unreachable. The lists below describe the same problems in text.</figcaption>
</figure>
<div class="hops">
<h4>Broken hops</h4>
${brokenNodes.length === 0 ? html`<p>None.</p>` : html`<ul>${brokenNodes.map((n) => hopItem(n, titlesOf(n)))}</ul>`}
${t.firstBroken.length > 0 ? html`<h4>First broken hop of each unreachable intended client</h4><p class="sub-inline">Marked ${FIRST_BROKEN_MARK} in the diagram.</p><ul>${t.firstBroken.map((b) => firstBrokenItem(t, b))}</ul>` : ''}
${unknownNodes.length > 0 ? html`<h4>Unknown hops</h4><ul>${unknownNodes.map((n) => hopItem(n, []))}</ul>` : ''}
${t.notes.length > 0 ? html`<h4>Notes</h4><ul>${t.notes.map((n) => html`<li>${n}</li>`)}</ul>` : ''}
</div>
</details>
</section>
`;
}

/**
 * The report's stylesheet, inlined so the file needs nothing from the network. Every text and
 * badge colour pair has a contrast ratio of at least 4.5:1, and severity is always written out,
 * never told by colour alone.
 */
export const HTML_STYLE = `
:root {
  --text: #1b1f24; --muted: #57606a; --line: #d0d7de; --soft: #f6f8fa; --accent: #0b5cad; --focus: #1a56db;
  --critical: #9f1239; --high: #c2410c; --medium-bg: #fde68a; --medium-text: #422006; --low: #1d4ed8; --info: #4b5563;
  --ok: #166534; --warn-bg: #fff7ed; --warn-line: #c2410c; --warn-text: #7c2d12;
  --mono: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; color: var(--text); background: #fff; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
a { color: var(--accent); }
a:hover { text-decoration-thickness: 2px; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; border-radius: 2px; }
code, .mono { font-family: var(--mono); font-size: 0.92em; }
h2 { font-size: 1.45rem; margin: 2.2rem 0 0.8rem; padding-bottom: 0.35rem; border-bottom: 1px solid var(--line); letter-spacing: -0.01em; }
h3 { font-size: 1.1rem; margin: 1.6rem 0 0.6rem; }
h4 { font-size: 0.95rem; margin: 1rem 0 0.4rem; }
.wrap, main, .toc ul, .foot { max-width: 1360px; margin: 0 auto; padding: 0 24px; }
.sr-only { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
.skip { position: absolute; left: 8px; top: -48px; background: #fff; color: var(--accent); padding: 8px 12px; z-index: 10; border-radius: 4px; }
.skip:focus { top: 8px; }

.masthead { background: #0f172a; color: #e2e8f0; padding: 20px 0 18px; }
.masthead a { color: #bfdbfe; }
.brand { margin: 0; font: 600 0.75rem/1 var(--mono); letter-spacing: 0.18em; text-transform: uppercase; color: #cbd5e1; }
.masthead h1 { margin: 6px 0 12px; font-size: 1.9rem; color: #fff; letter-spacing: -0.02em; }
.meta { display: flex; flex-wrap: wrap; gap: 6px 32px; margin: 0; font-size: 0.9rem; }
.meta div { display: flex; gap: 8px; align-items: baseline; }
.meta dt { color: #cbd5e1; font-weight: 600; }
.meta dd { margin: 0; color: #f8fafc; }
.meta code { color: #f8fafc; }
.meta details.inline { display: inline-block; margin-left: 6px; }
.meta details.inline summary { cursor: pointer; color: #bfdbfe; }
.meta details.inline p { margin: 4px 0 0; max-width: 60ch; }
.run-status { font-weight: 700; padding: 1px 6px; border-radius: 3px; background: #1e293b; }
.run-incomplete, .run-failed { background: var(--warn-bg); color: var(--warn-text); }

.banner { background: var(--warn-bg); border-bottom: 1px solid var(--warn-line); border-top: 4px solid var(--warn-line); color: var(--warn-text); padding: 10px 0; }
.banner p { margin: 0; }
.banner a { color: var(--warn-text); font-weight: 600; margin-left: 6px; }

.toc { border-bottom: 1px solid var(--line); background: var(--soft); }
.toc ul { display: flex; gap: 4px; list-style: none; }
.toc a { display: inline-block; padding: 10px 12px; font-weight: 600; text-decoration: none; color: var(--text); }
.toc a:hover { color: var(--accent); }

.cards { display: grid; grid-template-columns: repeat(6, minmax(120px, 1fr)); gap: 12px; list-style: none; padding: 0; margin: 0 0 16px; }
.card { border: 1px solid var(--line); border-top-width: 5px; border-radius: 6px; padding: 12px 14px 14px; display: flex; flex-direction: column; gap: 8px; background: #fff; }
.card .num { font-size: 2rem; font-weight: 700; line-height: 1; font-variant-numeric: tabular-nums; }
.card .word { font-size: 0.85rem; font-weight: 600; color: var(--muted); }
.card-total { border-top-color: var(--text); background: var(--soft); }
.card-critical { border-top-color: var(--critical); }
.card-high { border-top-color: var(--high); }
.card-medium { border-top-color: #d97706; }
.card-low { border-top-color: var(--low); }
.card-informational { border-top-color: var(--info); }

.sev { display: inline-block; min-width: 7.2em; text-align: center; padding: 2px 8px; border-radius: 999px; font-size: 0.74rem; font-weight: 700; letter-spacing: 0.04em; text-transform: uppercase; color: #fff; white-space: nowrap; }
.sev-critical { background: var(--critical); }
.sev-high { background: var(--high); }
.sev-medium { background: var(--medium-bg); color: var(--medium-text); }
.sev-low { background: var(--low); }
.sev-informational { background: var(--info); }

.stats { display: flex; flex-wrap: wrap; gap: 8px; margin: 0 0 8px; }
.stats div { display: flex; gap: 8px; align-items: baseline; border: 1px solid var(--line); border-radius: 999px; padding: 3px 12px; font-size: 0.88rem; }
.stats dt { color: var(--muted); }
.stats dd { margin: 0; font-weight: 700; font-variant-numeric: tabular-nums; }
.stats .result-error { border-color: var(--warn-line); background: var(--warn-bg); }
.stats .result-error dt { color: var(--warn-text); }
.ok-note { color: var(--ok); }

.split { display: grid; grid-template-columns: minmax(0, 5fr) minmax(0, 6fr); gap: 32px; }
.scroll { overflow-x: auto; }
table.grid { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
.grid th, .grid td { text-align: left; vertical-align: top; padding: 7px 10px; border-bottom: 1px solid var(--line); }
.grid td { overflow-wrap: anywhere; }
.grid thead th { background: var(--soft); font-size: 0.8rem; text-transform: uppercase; letter-spacing: 0.04em; color: var(--muted); border-bottom: 2px solid var(--line); white-space: nowrap; }
.grid tbody th { font-weight: 600; }
.grid .n { text-align: right; font-variant-numeric: tabular-nums; }
.grid .zero { color: var(--muted); }
.grid .total { font-weight: 700; }
.nowrap { white-space: nowrap; }
.sub { display: block; color: var(--muted); font-size: 0.82rem; font-weight: 400; }
.sub-inline { color: var(--muted); font-size: 0.85em; }
ul.plain { list-style: none; margin: 0; padding: 0; }
.problems td:last-child { font-size: 0.85rem; }
.coll { font-weight: 700; text-transform: uppercase; font-size: 0.75rem; letter-spacing: 0.04em; padding: 1px 6px; border-radius: 3px; border: 1px solid currentColor; }
.coll-failed { color: var(--critical); }
.coll-partial { color: var(--warn-text); }
.coll-skipped { color: var(--muted); }

.filters { display: flex; flex-wrap: wrap; gap: 12px; align-items: flex-end; padding: 14px; background: var(--soft); border: 1px solid var(--line); border-radius: 6px; }
.field { display: flex; flex-direction: column; gap: 4px; min-width: 0; }
.field.grow { flex: 1 1 260px; }
.field label { font-size: 0.8rem; font-weight: 600; }
input, select, button { font: inherit; font-size: 0.9rem; color: var(--text); }
input[type=search], select { border: 1px solid #6e7781; border-radius: 4px; padding: 6px 8px; background: #fff; max-width: 15rem; }
input[type=search] { width: 100%; max-width: none; }
.btn { border: 1px solid #6e7781; background: #fff; border-radius: 4px; padding: 6px 12px; cursor: pointer; }
.btn:hover { background: #eef1f4; }
.status { margin: 10px 0 6px; font-weight: 600; color: var(--muted); }
.empty { padding: 16px; border: 1px dashed var(--line); text-align: center; color: var(--muted); }

.findings caption { caption-side: top; text-align: left; color: var(--muted); font-size: 0.85rem; padding-bottom: 6px; }
.findings thead th { padding: 0; }
.findings thead th.c-finding { padding: 7px 10px; }
.findings thead button { all: unset; box-sizing: border-box; display: flex; align-items: center; gap: 6px; width: 100%; padding: 7px 10px; cursor: pointer; }
.findings thead button:hover { color: var(--text); }
.findings thead button:focus-visible { outline: 3px solid var(--focus); outline-offset: -3px; }
.arrow::after { content: "\\2195"; opacity: 0.55; }
[aria-sort=ascending] .arrow::after { content: "\\25B2"; opacity: 1; }
[aria-sort=descending] .arrow::after { content: "\\25BC"; opacity: 1; }
.findings tbody tr:hover { background: #f8fafc; }
.findings { table-layout: fixed; min-width: 980px; }
.findings .c-severity { width: 124px; }
.findings .c-state { width: 96px; }
.findings .c-check { width: 112px; }
.findings .c-account { width: 132px; }
.findings .c-region { width: 108px; }
.findings .c-resource { width: 210px; }
td.c-resource { overflow-wrap: anywhere; }
.res { font-family: var(--mono); font-size: 0.82rem; }
.findings .title { font-weight: 600; }
.findings .msg { display: block; margin: 2px 0 0 1.1em; color: var(--muted); }
.findings summary { cursor: pointer; overflow-wrap: anywhere; }
.findings summary::marker { color: var(--muted); }
.detail { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 4px 14px; margin: 10px 0 4px; padding: 10px 12px; background: var(--soft); border-left: 3px solid var(--line); font-size: 0.86rem; }
.detail dt { font-weight: 600; color: var(--muted); }
.detail dd { margin: 0; overflow-wrap: anywhere; }
.arn { font-size: 0.82rem; }
.url { font-family: var(--mono); overflow-wrap: anywhere; }
.state { font-size: 0.78rem; font-weight: 700; text-transform: uppercase; letter-spacing: 0.04em; white-space: nowrap; }
.state-open { color: var(--critical); }
.state-unknown { color: var(--warn-text); }
.state-muted, .state-resolved { color: var(--muted); }
.state-resolved::before { content: "\\2713  "; }

.note { padding: 12px 14px; background: var(--soft); border-left: 4px solid var(--accent); }
.legend { display: flex; flex-wrap: wrap; gap: 8px 22px; align-items: center; padding: 10px 14px; border: 1px solid var(--line); border-radius: 6px; font-size: 0.88rem; }
.legend-title { font-weight: 700; }
.legend-item { display: inline-flex; gap: 8px; align-items: center; }
.swatch { flex: none; }
.toolbar { margin: 12px 0; }
.api { border: 1px solid var(--line); border-radius: 6px; margin: 12px 0; padding: 0 16px; }
.api-broken { border-left: 5px solid #b42318; }
.api-unknown { border-left: 5px dashed #6e7781; }
.api h3 { display: flex; flex-wrap: wrap; gap: 6px 12px; align-items: baseline; margin: 12px 0 4px; font-size: 1rem; }
.api-name { font-weight: 700; }
.api-where { color: var(--muted); font-weight: 400; font-size: 0.88rem; }
.pill { margin-left: auto; font-size: 0.75rem; font-weight: 700; padding: 2px 10px; border-radius: 999px; border: 1px solid currentColor; white-space: nowrap; }
.pill-broken { color: #b42318; background: #fef3f2; }
.pill-unknown { color: #57606a; }
.pill-ok { color: var(--ok); }
.api details { margin: 0 0 12px; }
.api summary { cursor: pointer; color: var(--accent); font-size: 0.88rem; font-weight: 600; }
.api figure { margin: 10px 0 0; }
.diagram { overflow-x: auto; border: 1px solid var(--line); border-radius: 4px; background: #fcfcfd; padding: 8px; }
.diagram svg { display: block; max-width: 100%; height: auto; margin: 0 auto; }
figcaption { color: var(--muted); font-size: 0.85rem; margin-top: 6px; }
.hops { font-size: 0.9rem; }
.hops ul { margin: 0; padding-left: 20px; }
.hops p { margin: 0; }
.foot { color: var(--muted); font-size: 0.82rem; margin-top: 40px; padding-bottom: 32px; }

.reach-matrix caption { caption-side: top; text-align: left; color: var(--muted); font-size: 0.85rem; padding-bottom: 6px; }
.reach-matrix thead th { text-transform: none; letter-spacing: 0; }
.reach-matrix tbody th { white-space: nowrap; }
.reach-matrix td.cell, .reach-matrix td.cell-none { white-space: nowrap; }
.reach-matrix td.cell a { display: block; text-decoration: none; font-weight: 600; color: inherit; }
.reach-matrix td.cell a:hover { text-decoration: underline; }
.cell-reachable, .reach-reachable { color: var(--ok); }
.cell-unreachable { background: #fde8e8; color: #7f1d1d; }
.reach-unreachable { color: #7f1d1d; }
.cell-unknown { background: #f1f5f9; color: #1e293b; }
.reach-unknown { color: #1e293b; }
.reach { font-weight: 700; white-space: nowrap; }
.reach-api { border-left: 3px solid var(--line); margin: 12px 0; padding: 2px 0 2px 14px; font-size: 0.9rem; }
.reach-api h4 { display: flex; flex-wrap: wrap; gap: 6px 12px; align-items: baseline; margin: 4px 0; }
.reach-api p { margin: 4px 0; }
.pairs { margin: 4px 0; padding-left: 20px; }
.pairs li { margin: 3px 0; overflow-wrap: anywhere; }
.flag { font-weight: 600; color: var(--warn-text); }
:target { scroll-margin-top: 12px; outline: 2px solid var(--focus); outline-offset: 2px; }

@media (max-width: 900px) {
  .cards { grid-template-columns: repeat(3, 1fr); }
  .split { grid-template-columns: 1fr; }
}
@media (prefers-reduced-motion: reduce) {
  * { scroll-behavior: auto !important; }
}
@media print {
  body { font-size: 11px; }
  .skip, .toc, .filters, .status, .toolbar, .findings thead .arrow, .empty { display: none !important; }
  .masthead, .banner { background: none; color: #000; border-color: #000; }
  .masthead h1, .meta dt, .meta dd, .meta code, .brand { color: #000; }
  .findings thead button { padding: 4px; }
  .sev, .card, .pill, .diagram svg { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .cards { grid-template-columns: repeat(6, 1fr); }
  tr, .card, figure { break-inside: avoid; }
  .api { break-inside: avoid-page; }
  a { color: #000; }
}
`;

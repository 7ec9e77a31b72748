import type { ApiReach, Client, ClientResult, EndpointlessGroup, IntendedClient, Reachability, ReachStatus } from '../reach/model.js';
import { count, html, scrollRegion, type Html } from './html-markup.js';

/**
 * The HTML report's reachability section: a matrix of private APIs (rows) by the clients their
 * policies intend (columns), each cell naming the hop where the path first breaks, then each API's
 * intended clients in words, then the VPCs that hold no execute-api endpoint, grouped by region.
 * Every string in it comes from AWS or the configuration and goes through the `html` template.
 */

/**
 * Matrix bounds. The benchmark organization has 2,135 private APIs and ~1,400 clients: a full
 * matrix is three million cells. A hundred rows (broken first) by twenty columns stays a table a
 * reader can scan, about as large as the diagrams' default; the rest are counted, and
 * `privapi reach --api/--from` answers any of them in full.
 */
export const DEFAULT_MATRIX_APIS = 100;
export const DEFAULT_MATRIX_CLIENTS = 20;
/** Intended clients described per API under the matrix (an API admitting any endpoint intends every client of its region). */
export const MAX_LISTED_CLIENTS = 10;
/** DNS names, unintended reachers and endpointless VPC ids named in one line before "+N more". */
const MAX_NAMED = 5;

export interface ReachSectionOptions {
  maxApis: number;
  maxClients: number;
  accountName: (accountId: string) => string | undefined;
  /** The anchor of the API's diagram, when it has one on the page. */
  diagramAnchor: (accountId: string, apiArn: string) => string | undefined;
}

const STATUS_RANK: Record<ReachStatus, number> = { unreachable: 0, unknown: 1, reachable: 2 };
const STATUS_MARK: Record<ReachStatus, string> = { reachable: '✓', unreachable: '✕', unknown: '?' };

const worst = (api: ApiReach): number => Math.min(STATUS_RANK.reachable, ...api.intended.map((i) => STATUS_RANK[i.result.status]));
const tally = (api: ApiReach, status: ReachStatus): number => api.intended.filter((i) => i.result.status === status).length;

function capped(items: readonly string[], max = MAX_NAMED): string {
  return items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')} +${items.length - max} more`;
}

/** On-premises networks first (few, and configured on purpose), then the clients with the most broken pairs among the rows shown. */
function chooseColumns(rows: readonly ApiReach[], clients: ReadonlyMap<string, Client>): string[] {
  const score = new Map<string, { broken: number; unknown: number; cells: number }>();
  for (const api of rows) {
    for (const { clientId, result } of api.intended) {
      const s = score.get(clientId) ?? { broken: 0, unknown: 0, cells: 0 };
      s.cells += 1;
      if (result.status === 'unreachable') s.broken += 1;
      if (result.status === 'unknown') s.unknown += 1;
      score.set(clientId, s);
    }
  }
  const onPrem = (id: string) => (clients.get(id)?.kind === 'onprem' ? 0 : 1);
  return [...score]
    .sort(([a, x], [b, y]) => onPrem(a) - onPrem(b) || y.broken - x.broken || y.unknown - x.unknown || y.cells - x.cells || (a < b ? -1 : a > b ? 1 : 0))
    .map(([id]) => id);
}

interface Row {
  api: ApiReach;
  /** Anchor of the API's block under the matrix. */
  anchor: string;
  /** Anchor of each listed intended client's item, by client id; clients not listed link to the block. */
  pairs: Map<string, string>;
  listed: IntendedClient[];
}

function rowOf(api: ApiReach, i: number, shownColumns: ReadonlySet<string>): Row {
  const anchor = `reach-r${i}`;
  const listed = api.intended
    .map((c, j) => ({ c, j }))
    .sort((a, b) => STATUS_RANK[a.c.result.status] - STATUS_RANK[b.c.result.status] || Number(!shownColumns.has(a.c.clientId)) - Number(!shownColumns.has(b.c.clientId)) || a.j - b.j)
    .slice(0, MAX_LISTED_CLIENTS);
  return { api, anchor, pairs: new Map(listed.map(({ c, j }) => [c.clientId, `${anchor}-c${j}`])), listed: listed.map(({ c }) => c) };
}

const statusWord = (status: ReachStatus): Html => html`<span aria-hidden="true">${STATUS_MARK[status]}</span> ${status}`;

function cellTitle(clientId: string, api: ApiReach, r: ClientResult): string {
  const pair = `${clientId} → ${api.name} (${api.apiId})`;
  if (r.status === 'reachable') return `${pair}: reachable via ${r.endpointIds.join(', ')}`;
  if (r.status === 'unreachable') return `${pair}: unreachable, first broken hop ${r.broken?.hop ?? '?'}: ${r.broken?.reason ?? ''}`;
  return `${pair}: unknown at ${r.unknown?.hop ?? '?'}: ${r.unknown?.missing ?? ''}`;
}

function cell(row: Row, clientId: string): Html {
  const intended = row.api.intended.find((c) => c.clientId === clientId);
  if (!intended) return html`<td class="cell-none"><span class="sr-only">not intended</span></td>`;
  const r = intended.result;
  const text =
    r.status === 'unreachable'
      ? html`<span aria-hidden="true">${STATUS_MARK.unreachable}</span><span class="sr-only">unreachable at</span> ${r.broken?.hop ?? 'unknown hop'}`
      : statusWord(r.status);
  return html`<td class="cell cell-${r.status}"><a href="#${row.pairs.get(clientId) ?? row.anchor}" title="${cellTitle(clientId, row.api, r)}">${text}</a></td>`;
}

function columnHeader(id: string, clients: ReadonlyMap<string, Client>): Html {
  const c = clients.get(id);
  if (!c) return html`<th scope="col"><span class="mono">${id}</span><span class="sub">not in the inventory</span></th>`;
  if (c.kind === 'onprem') return html`<th scope="col">${c.label}<span class="sub">on-premises</span></th>`;
  return html`<th scope="col"><span class="mono">${c.id}</span><span class="sub">${c.accountId} ${c.region}</span></th>`;
}

function renderMatrix(rows: readonly Row[], columns: readonly string[], clients: ReadonlyMap<string, Client>, totals: { apis: number; clients: number }): Html {
  return scrollRegion(
    'reach-matrix-h',
    html`<table class="grid reach-matrix">
<caption>Private APIs (rows, ${rows.length} of ${totals.apis}, those with unreachable intended clients first) by the clients their policies intend (columns, ${columns.length} of ${totals.clients}). A cell says reachable, the hop where the path first breaks, or unknown; a blank cell means the API does not intend that client. Each cell links to its description below.</caption>
<thead><tr><th scope="col">Private API</th>${columns.map((id) => columnHeader(id, clients))}<th scope="col" class="n">Intended</th><th scope="col" class="n">Can reach it</th><th scope="col" class="n">Not intended</th></tr></thead>
<tbody>
${rows.map(
  (row) => html`<tr><th scope="row"><a href="#${row.anchor}">${row.api.name}</a> <code>${row.api.apiId}</code><span class="sub">${row.api.accountId} ${row.api.region}</span></th>${columns.map((id) => cell(row, id))}<td class="n">${row.api.intended.length}</td><td class="n">${row.api.reachableBy.length}</td><td class="n${row.api.unintended.length > 0 ? ' total' : ''}">${row.api.unintended.length}</td></tr>
`,
)}</tbody>
</table>`,
  );
}

function namesText(r: ClientResult): Html {
  if (r.dnsNames.length === 0) return html``;
  const shown = r.dnsNames.slice(0, MAX_NAMED);
  return html` Names: ${shown.map((n, i) => html`${i > 0 ? ', ' : ''}<code>${n.name}</code>${n.needsHostHeader ? html` <span class="flag">(needs a Host or x-apigw-api-id header)</span>` : ''}`)}${r.dnsNames.length > shown.length ? ` +${r.dnsNames.length - shown.length} more` : ''}.`;
}

function pairItem(row: Row, c: IntendedClient): Html {
  const r = c.result;
  const head = html`<span class="reach reach-${r.status}">${statusWord(r.status)}</span> <code>${c.clientId}</code> <span class="sub-inline">(${c.intendedBy.join('; ')})</span>`;
  let body: Html;
  if (r.status === 'reachable') {
    body = html`: through ${r.endpointIds.join(', ')}.${namesText(r)}${r.needsHostHeader ? ' Every working name needs the Host or x-apigw-api-id header, which a browser cannot send on a CORS preflight.' : ''}`;
  } else if (r.status === 'unreachable') {
    body = html`: first broken hop <strong>${r.broken?.hop ?? 'unknown'}</strong>: ${r.broken?.reason ?? ''}${r.broken ? html` Fix <code class="arn">${r.broken.arn}</code>.` : ''}`;
  } else {
    body = html`: cannot tell at <strong>${r.unknown?.hop ?? 'unknown'}</strong>, missing ${r.unknown?.missing ?? 'inventory'}${r.unknown?.arn ? html` (<code class="arn">${r.unknown.arn}</code>)` : ''}.`;
  }
  return html`<li id="${row.pairs.get(c.clientId) ?? ''}">${head}${body}</li>`;
}

function renderApiBlock(row: Row, opts: ReachSectionOptions): Html {
  const { api } = row;
  const name = opts.accountName(api.accountId);
  const diagram = opts.diagramAnchor(api.accountId, api.apiArn);
  const rest = api.intended.length - row.listed.length;
  const restBroken = tally(api, 'unreachable') - row.listed.filter((c) => c.result.status === 'unreachable').length;
  return html`<div class="reach-api" id="${row.anchor}">
<h4><span class="api-name">${api.name}</span> <code>${api.apiId}</code> <span class="api-where">account ${api.accountId}${name ? ` (${name})` : ''}, ${api.region}</span></h4>
<p>${count(api.intended.length, 'intended client')}: ${tally(api, 'reachable')} reachable, ${tally(api, 'unreachable')} unreachable, ${tally(api, 'unknown')} unknown; ${count(api.reachableBy.length, 'client')} can reach it, ${api.unintended.length} not intended.${api.anyEndpoint ? ' The resource policy admits any VPC endpoint, so every client of the region is intended.' : ''}${diagram ? html` <a href="#${diagram}">Diagram of this API</a>` : ''}</p>
${row.listed.length > 0 ? html`<ul class="pairs">${row.listed.map((c) => pairItem(row, c))}</ul>` : html`<p>No client is intended: the policy names no VPC endpoint or VPC.</p>`}
${rest > 0 ? html`<p class="sub-inline">${count(rest, 'more intended client')} not listed${restBroken > 0 ? `, ${restBroken} of them unreachable` : ''}; <code>privapi reach --api ${api.apiId}</code> lists them all.</p>` : ''}
${api.unintended.length > 0 ? html`<p><strong>Reachable but not intended:</strong> ${capped(api.unintended.map((u) => `${u.clientId} via ${u.endpointIds.join(', ')}`))}</p>` : ''}
${api.notes.length > 0 ? html`<ul class="notes">${api.notes.map((n) => html`<li>${n}</li>`)}</ul>` : ''}
</div>
`;
}

function renderEndpointless(groups: readonly EndpointlessGroup[]): Html {
  if (groups.length === 0) return html``;
  const total = groups.reduce((n, g) => n + g.vpcIds.length, 0);
  return html`<h3 id="reach-endpointless-h">VPCs without an execute-api endpoint</h3>
<p>${count(total, 'VPC')} hold no execute-api VPC endpoint: the same answer holds for every private API of their region, so they are grouped here rather than drawn as columns.</p>
${scrollRegion(
  'reach-endpointless-h',
  html`<table class="grid">
<caption class="sr-only">VPCs without an execute-api endpoint, by region</caption>
<thead><tr><th scope="col">Region</th><th scope="col">Status</th><th scope="col" class="n">VPCs</th><th scope="col">Which</th><th scope="col">Why</th></tr></thead>
<tbody>${groups.map(
    (g) => html`<tr><th scope="row">${g.region}</th><td><span class="reach reach-${g.status}">${statusWord(g.status)}</span> at ${g.hop}</td><td class="n">${g.vpcIds.length}</td><td class="mono">${capped(g.vpcIds)}</td><td>${g.reason}</td></tr>`,
  )}</tbody>
</table>`,
)}`;
}

function omitted(rows: number, apis: readonly ApiReach[], columns: number, totalClients: number): Html {
  const apisLeft = apis.length - rows;
  const clientsLeft = totalClients - columns;
  if (apisLeft <= 0 && clientsLeft <= 0) return html``;
  const brokenLeft = apis.slice(rows).filter((a) => tally(a, 'unreachable') > 0).length;
  return html`<p class="note" id="reach-omitted">Left out of the matrix: ${apisLeft > 0 ? html`${count(apisLeft, 'private API')}${brokenLeft > 0 ? ` (${brokenLeft} with unreachable intended clients)` : ''}` : ''}${apisLeft > 0 && clientsLeft > 0 ? ' and ' : ''}${clientsLeft > 0 ? count(clientsLeft, 'intended client') : ''}. The matrix shows the first ${rows} APIs, those with unreachable intended clients first, and ${columns} clients, on-premises networks first, then those with the most unreachable pairs. <code>privapi reach --api ID</code> or <code>--from CLIENT</code> answers any of them in full.</p>`;
}

export function renderReachability(reach: Reachability | undefined, opts: ReachSectionOptions): Html {
  const intro = html`<h2 id="reach-h">Reachability</h2>`;
  if (!reach) {
    return html`<section id="reachability" aria-labelledby="reach-h">${intro}
<p class="note">Reachability needs the inventory: this report was rendered without a snapshot. Render it again with <code>--snapshot</code> to see which clients can invoke each private API.</p>
</section>`;
  }
  const clients = new Map(reach.clients.map((c) => [c.id, c]));
  const sorted = reach.apis.map((api, i) => ({ api, i })).sort((a, b) => worst(a.api) - worst(b.api) || a.i - b.i).map(({ api }) => api);
  const shownApis = sorted.slice(0, opts.maxApis);
  const allClients = new Set(reach.apis.flatMap((a) => a.intended.map((c) => c.clientId)));
  const columns = chooseColumns(shownApis, clients).slice(0, opts.maxClients);
  const shownColumns = new Set(columns);
  const rows = shownApis.map((api, i) => rowOf(api, i, shownColumns));
  const pairs = reach.apis.flatMap((a) => a.intended);
  const byStatus = (s: ReachStatus) => pairs.filter((c) => c.result.status === s).length;
  const onPrem = reach.clients.filter((c) => c.kind === 'onprem').length;
  return html`<section id="reachability" aria-labelledby="reach-h">${intro}
<p>${count(reach.apis.length, 'private API')}, ${count(pairs.length, 'intended API–client pair')}: ${byStatus('reachable')} reachable, ${byStatus('unreachable')} unreachable, ${byStatus('unknown')} unknown. ${onPrem > 0 ? `${count(onPrem, 'on-premises network')} from the configuration ${onPrem === 1 ? 'is' : 'are'} included.` : html`No on-premises network is configured (<code>onPremises</code> in the config file).`} A request follows the hops dns, endpoint, security-group, endpoint-policy, resource-policy, authorization and integration; an unreachable pair names the first that breaks.</p>
${reach.apis.length === 0 ? html`<p>The snapshot has no private APIs.</p>` : html`<h3 id="reach-matrix-h">Matrix of intended clients</h3>
${omitted(rows.length, sorted, columns.length, allClients.size)}
${columns.length === 0 ? html`<p>No private API intends any client.</p>` : renderMatrix(rows, columns, clients, { apis: reach.apis.length, clients: allClients.size })}
<h3 id="reach-pairs-h">Intended clients of each API</h3>
${rows.map((row) => renderApiBlock(row, opts))}`}
${renderEndpointless(reach.withoutEndpoint)}
</section>`;
}

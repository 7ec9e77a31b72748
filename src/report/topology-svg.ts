import { graphlib, layout, type EdgeLabel, type GraphLabel, type NodeLabel, type Point } from '@dagrejs/dagre';
import { escapeMarkup } from './text.js';
import { TOPOLOGY_NODE_KINDS, type ApiTopology, type HopStatus, type TopologyNode, type TopologyNodeKind } from './topology-model.js';

/**
 * One API's topology as a standalone, accessible SVG: laid out left to right by dagre, styled with
 * presentation attributes (so it looks the same without the page's CSS), status shown by border
 * pattern and words as well as colour, every AWS-supplied string escaped.
 */

const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
const FONT_SIZE = 12;
const EDGE_FONT_SIZE = 10;
const LINE_HEIGHT = 16;
const PAD_X = 10;
const PAD_Y = 8;
// Generous per-character widths: boxes must hold their text in any sans-serif font without measuring it.
const CHAR_WIDTH = 0.62 * FONT_SIZE;
const EDGE_CHAR_WIDTH = 0.62 * EDGE_FONT_SIZE;
/** Longer lines are cut with "…"; the node's <title> keeps the full text. */
const MAX_CHARS = 56;

const TEXT = '#1a202c';
const KIND_FILL: Record<TopologyNodeKind, string> = {
  'client-vpc': '#e8f1fb',
  onprem: '#f3eefc',
  dns: '#eef7ee',
  'vpc-endpoint': '#e6f4f1',
  'security-group': '#fff6e0',
  domain: '#eef2ff',
  api: '#fff1e6',
  authorizer: '#f5f5f5',
  'vpc-link': '#eaf6fb',
  'load-balancer': '#f0f4e8',
  'target-group': '#f7f0f7',
};

/** Pattern and width carry the status as much as colour does (WCAG 1.4.1). */
const STATUS_STYLE: Record<HopStatus, { stroke: string; width: number; dash?: string; fill?: string; text: string }> = {
  ok: { stroke: '#4a5568', width: 1.5, text: TEXT },
  broken: { stroke: '#9b1c1c', width: 3, dash: '7 4', fill: '#fde8e8', text: '#7f1d1d' },
  unknown: { stroke: '#475569', width: 2, dash: '2 3', fill: '#f1f5f9', text: '#1e293b' },
};

const STATUS_MARK: Record<HopStatus, string> = { ok: '', broken: '✕ broken', unknown: '? unknown' };

/**
 * The first broken hop of an intended client: a solid ring outside the box and a line of words,
 * so it reads apart from the dashed border of a hop an open finding names, and without colour.
 */
export const FIRST_BROKEN_STYLE = { stroke: '#6b21a8', width: 3, gap: 5 } as const;
export const FIRST_BROKEN_MARK = '▲ first broken hop from';
/** Client ids named on the ring's line; the node's <title> and the text under the diagram name them all. */
const FIRST_BROKEN_SHOWN = 2;

const KIND_NAME: Record<TopologyNodeKind, string> = {
  'client-vpc': 'client VPC',
  onprem: 'on-premises network',
  dns: 'DNS name',
  'vpc-endpoint': 'VPC endpoint',
  'security-group': 'security group',
  domain: 'private custom domain',
  api: 'API',
  authorizer: 'authorizer',
  'vpc-link': 'VPC link',
  'load-balancer': 'load balancer',
  'target-group': 'target group',
};

const cut = (s: string): string => (s.length > MAX_CHARS ? `${s.slice(0, MAX_CHARS - 1)}…` : s);

/** Coordinates rounded so the output is stable and compact; anything non-finite becomes 0, never NaN. */
const num = (n: number | undefined): string => {
  const v = n !== undefined && Number.isFinite(n) ? Math.round(n * 10) / 10 : 0;
  return String(Object.is(v, -0) ? 0 : v);
};

function statusLine(node: TopologyNode): string | undefined {
  if (node.status === 'ok') return undefined;
  const count = node.findingIds.length;
  return node.status === 'broken' && count > 0 ? `${STATUS_MARK.broken}: ${count} open finding${count === 1 ? '' : 's'}` : STATUS_MARK[node.status];
}

interface Box {
  node: TopologyNode;
  lines: string[];
  width: number;
  height: number;
}

function firstBrokenLine(node: TopologyNode, max = Infinity): string | undefined {
  const from = node.firstBrokenFrom ?? [];
  if (from.length === 0) return undefined;
  const shown = from.length <= max ? from.join(', ') : `${from.slice(0, max).join(', ')} +${from.length - max} more`;
  return `${FIRST_BROKEN_MARK} ${shown}`;
}

/** The space a first-broken ring takes around its box, so dagre keeps neighbours clear of it. */
const ringOf = (node: TopologyNode): number => (node.firstBrokenFrom?.length ? FIRST_BROKEN_STYLE.gap + FIRST_BROKEN_STYLE.width : 0);

function box(node: TopologyNode): Box {
  const lines = [node.label, statusLine(node), firstBrokenLine(node, FIRST_BROKEN_SHOWN), ...node.detail].filter((l) => l !== undefined).map(cut);
  const width = Math.ceil(Math.max(...lines.map((l) => l.length)) * CHAR_WIDTH) + 2 * PAD_X;
  return { node, lines, width: Math.max(width, 80), height: lines.length * LINE_HEIGHT + 2 * PAD_Y };
}

/** Unique per API across one page: account, region and id together name exactly one API. */
function idPrefix(t: ApiTopology): string {
  return `topo-${t.accountId}-${t.region}-${t.apiId}`.replace(/[^A-Za-z0-9_-]/g, '_');
}

function describe(t: ApiTopology): string {
  const counts = TOPOLOGY_NODE_KINDS.flatMap((kind) => {
    const n = t.nodes.filter((x) => x.kind === kind).length;
    return n === 0 ? [] : [kind === 'api' ? `the API` : `${n} ${KIND_NAME[kind]}${n === 1 ? '' : 's'}`];
  });
  const named = (status: HopStatus) => t.nodes.filter((n) => n.status === status).map((n) => `${KIND_NAME[n.kind]} ${n.label}`);
  const parts = [`Private API ${t.name} (${t.apiId}) in account ${t.accountId}, ${t.region}.`, `Path: ${counts.join(', ')}.`];
  const broken = named('broken');
  const unknown = named('unknown');
  parts.push(broken.length > 0 ? `Broken: ${broken.join('; ')}.` : 'No hop has an open finding.');
  const first = t.nodes.filter((n) => n.firstBrokenFrom?.length).map((n) => `${KIND_NAME[n.kind]} ${n.label} (from ${n.firstBrokenFrom?.join(', ') ?? ''})`);
  if (first.length > 0) parts.push(`First broken hop of intended clients: ${first.join('; ')}.`);
  if (unknown.length > 0) parts.push(`Unknown (not collected): ${unknown.join('; ')}.`);
  if (t.notes.length > 0) parts.push(`Notes: ${t.notes.join(' ')}`);
  return parts.join(' ');
}

function renderNode(b: Box, x: number, y: number): string {
  const { node } = b;
  const style = STATUS_STYLE[node.status];
  const fill = style.fill ?? KIND_FILL[node.kind];
  const left = x - b.width / 2;
  const top = y - b.height / 2;
  const dash = style.dash === undefined ? '' : ` stroke-dasharray="${style.dash}"`;
  const full = [node.label, statusLine(node), firstBrokenLine(node), ...node.detail].filter((l) => l !== undefined).join('\n');
  const ring = ringOf(node);
  const ringRect =
    ring === 0
      ? ''
      : `<rect class="first-broken" x="${num(left - ring)}" y="${num(top - ring)}" width="${num(b.width + 2 * ring)}" height="${num(b.height + 2 * ring)}" rx="9" fill="none" stroke="${FIRST_BROKEN_STYLE.stroke}" stroke-width="${FIRST_BROKEN_STYLE.width}"/>`;
  const text = b.lines
    .map((line, i) => {
      const weight = i === 0 ? ' font-weight="700"' : '';
      return `<tspan x="${num(left + PAD_X)}" y="${num(top + PAD_Y + (i + 1) * LINE_HEIGHT - 4)}"${weight}>${escapeMarkup(line)}</tspan>`;
    })
    .join('');
  return (
    `<g class="node" data-id="${escapeMarkup(node.id)}" data-kind="${node.kind}" data-status="${node.status}"${ring === 0 ? '' : ' data-first-broken="true"'}>` +
    `<title>${escapeMarkup(full)}</title>` +
    ringRect +
    `<rect x="${num(left)}" y="${num(top)}" width="${num(b.width)}" height="${num(b.height)}" rx="6" fill="${fill}" stroke="${style.stroke}" stroke-width="${style.width}"${dash}/>` +
    `<text font-family="${FONT}" font-size="${FONT_SIZE}" fill="${style.text}">${text}</text>` +
    '</g>'
  );
}

export function renderTopologySvg(topology: ApiTopology): string {
  const prefix = idPrefix(topology);
  const g = new graphlib.Graph<GraphLabel, NodeLabel, EdgeLabel>();
  g.setGraph({ rankdir: 'LR', nodesep: 18, ranksep: 56, edgesep: 12, marginx: 12, marginy: 12 });
  g.setDefaultEdgeLabel(() => ({}));
  const boxes = new Map(topology.nodes.map((n) => [n.id, box(n)] as const));
  for (const [id, b] of boxes) g.setNode(id, { width: b.width + 2 * ringOf(b.node), height: b.height + 2 * ringOf(b.node) });
  // An edge to a node that is not drawn would make dagre invent a zero-sized node.
  const edges = topology.edges.filter((e) => boxes.has(e.from) && boxes.has(e.to) && e.from !== e.to);
  for (const e of edges) {
    const label = e.label === undefined ? undefined : cut(e.label);
    g.setEdge(e.from, e.to, label === undefined ? {} : { width: Math.ceil(label.length * EDGE_CHAR_WIDTH), height: EDGE_FONT_SIZE + 4, labelpos: 'c' });
  }
  layout(g);
  const graph = g.graph();
  const width = Math.max(graph.width ?? 0, 1);
  const height = Math.max(graph.height ?? 0, 1);

  const markers = (['ok', 'broken', 'unknown'] as const)
    .map(
      (s) =>
        `<marker id="${prefix}-arrow-${s}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">` +
        `<path d="M0,0 L10,5 L0,10 z" fill="${STATUS_STYLE[s].stroke}"/></marker>`,
    )
    .join('');

  const edgeSvg = edges.map((e) => {
    const laid = g.edge(e.from, e.to);
    const points = laid.points ?? [];
    const d = points.map((p: Point, i: number) => `${i === 0 ? 'M' : 'L'}${num(p.x)},${num(p.y)}`).join(' ');
    const style = STATUS_STYLE[e.status];
    const dash = style.dash === undefined ? '' : ` stroke-dasharray="${style.dash}"`;
    const path =
      `<path class="edge" data-from="${escapeMarkup(e.from)}" data-to="${escapeMarkup(e.to)}" data-status="${e.status}" d="${d}" fill="none" ` +
      `stroke="${style.stroke}" stroke-width="${e.status === 'ok' ? 1.5 : 2.5}"${dash} marker-end="url(#${prefix}-arrow-${e.status})"/>`;
    if (e.label === undefined) return path;
    return (
      path +
      `<text class="edge-label" x="${num(laid.x)}" y="${num((laid.y ?? 0) + EDGE_FONT_SIZE / 2 - 1)}" text-anchor="middle" font-family="${FONT}" font-size="${EDGE_FONT_SIZE}" ` +
      `fill="#334155" stroke="#ffffff" stroke-width="3" paint-order="stroke">${escapeMarkup(cut(e.label))}</text>`
    );
  });

  const nodeSvg = [...boxes].map(([id, b]) => {
    const laid = g.node(id);
    return renderNode(b, laid.x ?? 0, laid.y ?? 0);
  });

  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="topology" id="${prefix}" role="img" aria-labelledby="${prefix}-title ${prefix}-desc" ` +
    `viewBox="0 0 ${num(width)} ${num(height)}" width="${num(width)}" height="${num(height)}">` +
    `<title id="${prefix}-title">${escapeMarkup(topology.name)}</title>` +
    `<desc id="${prefix}-desc">${escapeMarkup(describe(topology))}</desc>` +
    `<defs>${markers}</defs>` +
    `<g class="edges">${edgeSvg.join('')}</g>` +
    `<g class="nodes">${nodeSvg.join('')}</g>` +
    '</svg>'
  );
}

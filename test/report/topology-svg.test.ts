import { describe, expect, it } from 'vitest';
import type { ApiTopology, HopStatus, TopologyNode } from '../../src/report/topology-model.js';
import { apiTopologies } from '../../src/report/topology.js';
import { renderTopologySvg } from '../../src/report/topology-svg.js';
import { demoReport } from '../helpers/demo-report.js';

const HOSTILE = `<script>alert("x")</script> & 'quoted'`;

function n(id: string, kind: TopologyNode['kind'], status: HopStatus = 'ok', label = id, detail: string[] = []): TopologyNode {
  return { id, kind, label, detail, status, findingIds: status === 'broken' ? ['privapi/VPCE-001/abc'] : [] };
}

function topology(overrides: Partial<ApiTopology> = {}): ApiTopology {
  return {
    apiArn: 'arn:aws:apigateway:us-east-1::/restapis/a1',
    apiId: 'a1',
    name: 'orders',
    accountId: '111111111111',
    region: 'us-east-1',
    nodes: [
      n('vpc-1', 'client-vpc', 'ok', 'VPC vpc-1', ['DNS support on, hostnames on']),
      n('dns:private:vpc-1', 'dns', 'ok', 'a1.execute-api.us-east-1.amazonaws.com'),
      n('vpce-1', 'vpc-endpoint', 'broken', 'vpce-1', ['state available']),
      n('sg-1', 'security-group', 'unknown', 'SG sg-1'),
      n('a1', 'api', 'ok', HOSTILE, ['policy allows vpce-1']),
    ],
    edges: [
      { from: 'vpc-1', to: 'dns:private:vpc-1', status: 'ok' },
      { from: 'dns:private:vpc-1', to: 'vpce-1', status: 'broken' },
      { from: 'sg-1', to: 'vpce-1', label: 'guards', status: 'broken' },
      { from: 'vpce-1', to: 'a1', label: HOSTILE, status: 'ok' },
    ],
    notes: [],
    firstBroken: [],
    ...overrides,
  };
}

const count = (svg: string, needle: string) => svg.split(needle).length - 1;

/** WCAG relative luminance contrast of two #rrggbb colours. */
function contrast(a: string, b: string): number {
  const lum = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map((i) => {
      const c = parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

describe('renderTopologySvg', () => {
  it('draws one node group per node and one edge path per edge, with no NaN', () => {
    const t = topology();
    const svg = renderTopologySvg(t);
    expect(count(svg, '<g class="node"')).toBe(t.nodes.length);
    expect(count(svg, '<path class="edge"')).toBe(t.edges.length);
    expect(svg).not.toContain('NaN');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]* role="img"/);
    expect(svg).toMatch(/viewBox="0 0 \d+(\.\d)? \d+(\.\d)?"/);
    expect(svg).toContain('data-id="vpce-1" data-kind="vpc-endpoint" data-status="broken"');
  });

  it('labels itself with its own title and description, which name the broken hops', () => {
    const svg = renderTopologySvg(topology());
    const prefix = 'topo-111111111111-us-east-1-a1';
    expect(svg).toContain(`aria-labelledby="${prefix}-title ${prefix}-desc"`);
    expect(svg).toContain(`<title id="${prefix}-title">orders</title>`);
    const desc = /<desc id="[^"]+">([^<]*)<\/desc>/.exec(svg)?.[1] ?? '';
    expect(desc).toContain('Broken: VPC endpoint vpce-1');
    expect(desc).toContain('Unknown (not collected): security group SG sg-1');
  });

  it('escapes every AWS-supplied string', () => {
    const svg = renderTopologySvg(topology({ name: HOSTILE, apiId: 'a"><x' }));
    expect(svg).not.toContain('<script>');
    expect(svg).not.toContain('"x")');
    expect(svg).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quoted&#39;');
    expect(svg).not.toContain('a"><x');
  });

  it('shows status by border pattern and words, not colour alone, in colours with readable contrast', () => {
    const svg = renderTopologySvg(topology());
    const group = (id: string) => new RegExp(`<g class="node" data-id="${id}"[^>]*>[\\s\\S]*?</g>`).exec(svg)?.[0] ?? '';
    expect(group('vpce-1')).toContain('stroke-dasharray');
    expect(group('vpce-1')).toContain('✕ broken');
    expect(group('sg-1')).toContain('stroke-dasharray');
    expect(group('sg-1')).toContain('? unknown');
    expect(group('vpc-1')).not.toContain('stroke-dasharray');
    const pairs = [...svg.matchAll(/<rect [^>]*fill="(#[0-9a-f]{6})"[^>]*\/><text [^>]*fill="(#[0-9a-f]{6})"/g)];
    expect(pairs).toHaveLength(5);
    for (const m of pairs) {
      expect(contrast(m[1]!, m[2]!), `${m[2]} on ${m[1]}`).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('rings the first broken hop of an intended client and says so in words, apart from the dashed finding border', () => {
    const t = topology();
    const svg = renderTopologySvg({ ...t, nodes: t.nodes.map((x) => (x.id === 'sg-1' ? { ...x, firstBrokenFrom: ['vpc-1', 'vpc-2', 'onprem:dc1'] } : x)) });
    const group = (id: string) => new RegExp(`<g class="node" data-id="${id}"[^>]*>[\\s\\S]*?</g>`).exec(svg)?.[0] ?? '';
    expect(group('sg-1')).toContain('data-first-broken="true"');
    expect(group('sg-1')).toMatch(/<rect class="first-broken" [^>]*fill="none" stroke="#6b21a8" stroke-width="3"\/>/);
    expect(group('sg-1')).toContain('▲ first broken hop from vpc-1, vpc-2 +1 more');
    // The node's title names every client.
    expect(group('sg-1')).toContain('▲ first broken hop from vpc-1, vpc-2, onprem:dc1');
    expect(group('vpce-1')).not.toContain('first-broken');
    expect(/<desc id="[^"]+">([^<]*)<\/desc>/.exec(svg)?.[1]).toContain('First broken hop of intended clients: security group SG sg-1 (from vpc-1, vpc-2, onprem:dc1).');
    // The ring reads against the page's white as a graphical object (WCAG 1.4.11).
    expect(contrast('#6b21a8', '#ffffff')).toBeGreaterThanOrEqual(3);
  });

  it('is deterministic, and ids differ between APIs so many SVGs can share a page', () => {
    const t = topology();
    expect(renderTopologySvg(t)).toBe(renderTopologySvg(structuredClone(t)));
    const ids = (svg: string) => [...svg.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
    const one = ids(renderTopologySvg(t));
    const two = ids(renderTopologySvg(topology({ apiId: 'b2', apiArn: 'arn:aws:apigateway:us-east-1::/restapis/b2' })));
    expect(new Set(one).size).toBe(one.length);
    expect(one.filter((id) => two.includes(id))).toEqual([]);
  });

  it('renders every demo topology', async () => {
    const report = await demoReport();
    const topologies = apiTopologies(report.snapshot!, report.findings);
    const svgs = topologies.map(renderTopologySvg);
    svgs.forEach((svg, i) => {
      expect(count(svg, '<g class="node"')).toBe(topologies[i]!.nodes.length);
      expect(svg).not.toContain('NaN');
    });
    const allIds = svgs.flatMap((svg) => [...svg.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]));
    expect(new Set(allIds).size).toBe(allIds.length);
  });
});

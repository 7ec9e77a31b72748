import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RegionalInventory, Snapshot } from '../../src/model/inventory.js';
import { reachability } from '../../src/reach/evaluate.js';
import type { OnPremisesNetwork } from '../../src/reach/model.js';
import { renderHtml, type HtmlOptions } from '../../src/report/html.js';
import type { Report } from '../../src/report/model.js';
import { allowOnly, endpoint, group, network, resolverEndpoint, rule, vpc, world } from '../checks/network/fixtures.js';
import { runCli } from '../helpers/cli.js';
import { api } from '../reach/helpers.js';

const SCRIPT = '<script>alert(1)</script>';
const ATTR = '" onmouseover="x';
const DC1: OnPremisesNetwork = { label: 'dc1', cidrs: ['10.20.0.0/16'] };

function reportOf(snapshot: Snapshot): Report {
  return { generatedAt: '2026-11-21T09:00:00.000Z', privapiVersion: 'test', source: { kind: 'snapshot', file: 'snapshot.json' }, partition: 'aws', homeRegion: 'us-east-1', findings: [], snapshot };
}

const page = (r: RegionalInventory, opts: HtmlOptions = {}): string => renderHtml(reportOf(world(r)), opts);

/** The reachability section alone, so assertions about it cannot be satisfied by the diagrams. */
function section(html: string): string {
  const start = html.indexOf('<section id="reachability"');
  expect(start).toBeGreaterThan(0);
  return html.slice(start, html.indexOf('<section id="topology"'));
}

function matrix(html: string): { headers: string[]; rows: string[] } {
  const s = section(html);
  const table = s.slice(s.indexOf('<table class="grid reach-matrix">'), s.indexOf('</table>', s.indexOf('reach-matrix')));
  const thead = table.slice(table.indexOf('<thead>'), table.indexOf('</thead>'));
  const tbody = table.slice(table.indexOf('<tbody>'), table.indexOf('</tbody>'));
  return { headers: [...thead.matchAll(/<th scope="col"[^>]*>(.*?)<\/th>/g)].map((m) => m[1]!), rows: tbody.match(/<tr>.*?<\/tr>/g) ?? [] };
}

/** One SVG node group of the page, by its node id. */
const nodeGroup = (html: string, id: string): string => new RegExp(`<g class="node" data-id="${id}"[^>]*>[\\s\\S]*?</g>`).exec(html)?.[0] ?? '';

/** The security group of vpce-1 admits only HTTP, so VPC vpc-1 cannot reach API a1 on 443. */
const closedGroup = (): RegionalInventory => network({ restApis: [api()], securityGroups: [group('sg-1', [rule({ fromPort: 80, toPort: 80 })])] });

describe('HTML reachability section', () => {
  it('is in the navigation and, for a healthy path, says reachable with the working name and highlights no hop', () => {
    const html = page(network({ restApis: [api()] }));
    expect(html).toContain('<li><a href="#reachability">Reachability</a></li>');
    const { headers, rows } = matrix(html);
    expect(headers[1]).toContain('vpc-1');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatch(/<th scope="row">.*api-a1.*<\/th><td class="cell cell-reachable"><a href="#reach-r0-c0" title="vpc-1 → api-a1 \(a1\): reachable via vpce-1"><span aria-hidden="true">✓<\/span> reachable<\/a><\/td>/);
    expect(section(html)).toContain('<code>a1.execute-api.us-east-1.amazonaws.com</code>');
    expect(html).not.toContain('data-first-broken');
    expect(html).not.toContain('First broken hop of each unreachable intended client');
  });

  it('flags names that need the Host or x-apigw-api-id header', () => {
    const html = page(network({ restApis: [api()], vpcEndpoints: [endpoint('vpce-1', { privateDnsEnabled: false, dnsEntries: [{ dnsName: 'vpce-1-abcd.execute-api.us-east-1.vpce.amazonaws.com' }] })] }));
    expect(section(html)).toContain('<code>vpce-1-abcd.execute-api.us-east-1.vpce.amazonaws.com</code> <span class="flag">(needs a Host or x-apigw-api-id header)</span>');
  });

  it('names the security group as the first broken hop in the cell and its description, and rings the group in the diagram', () => {
    const html = page(closedGroup());
    const { rows } = matrix(html);
    expect(rows[0]).toContain('<td class="cell cell-unreachable">');
    expect(rows[0]).toMatch(/<span class="sr-only">unreachable at<\/span> security-group<\/a>/);
    expect(section(html)).toMatch(/<li id="reach-r0-c0"><span class="reach reach-unreachable">.*first broken hop <strong>security-group<\/strong>: .*Fix <code class="arn">arn:aws:ec2:us-east-1:111111111111:security-group\/sg-1<\/code>/);

    const sg = nodeGroup(html, 'sg-1');
    expect(sg).toContain('data-first-broken="true"');
    expect(sg).toContain('▲ first broken hop from vpc-1');
    expect(sg).toContain('<rect class="first-broken"');
    // No open finding names the group: the finding-based marking stays off.
    expect(sg).toContain('data-status="ok"');
    expect(nodeGroup(html, 'vpce-1')).not.toContain('data-first-broken');
    expect(html).toMatch(/<h4>First broken hop of each unreachable intended client<\/h4>.*<li><code>vpc-1<\/code>: <strong>security-group<\/strong>, drawn at SG sg-1: /s);
    // The API counts as broken for the diagrams' order and expansion, though no finding names it.
    expect(html).toMatch(/<section class="api api-broken"[^>]*>\s*<h3[^>]*>.*1 unreachable client<\/span><\/h3>\s*<details open>/);
  });

  it('puts a configured on-premises network in the matrix, and only when configured', () => {
    const r = network({ restApis: [api()], resolverEndpoints: [resolverEndpoint('rslvr-in-1')] });
    const without = matrix(page(r));
    expect(without.headers.some((h) => h.includes('dc1'))).toBe(false);

    const html = page(r, { onPremises: [DC1] });
    const { headers, rows } = matrix(html);
    // On-premises networks come first among the clients.
    expect(headers[1]).toBe('dc1<span class="sub">on-premises</span>');
    // The group admits the VPC's range only, so the data centre's 10.20.0.0/16 is turned away.
    expect(rows[0]).toMatch(/<th scope="row">.*<\/th><td class="cell cell-unreachable"><a [^>]*title="onprem:dc1 → api-a1 \(a1\): unreachable, first broken hop security-group: [^"]*"><span aria-hidden="true">✕<\/span><span class="sr-only">unreachable at<\/span> security-group/);
    expect(section(html)).toContain('1 on-premises network from the configuration is included.');
    expect(nodeGroup(html, 'sg-1')).toContain('▲ first broken hop from onprem:dc1');
  });

  it('uses a reachability the caller computed rather than computing its own', () => {
    const snapshot = world(network({ restApis: [api()], resolverEndpoints: [resolverEndpoint('rslvr-in-1')] }));
    const html = renderHtml(reportOf(snapshot), { reachability: reachability(snapshot, { onPremises: [DC1] }) });
    expect(matrix(html).headers[1]).toContain('dc1');
  });

  it('caps rows and columns, keeps APIs with unreachable clients first, and says how many were left out', () => {
    const three = allowOnly('vpce-1', 'vpce-2', 'vpce-3');
    const r = network({
      vpcs: [1, 2, 3].map((i) => vpc(`vpc-${i}`, { cidrBlocks: [`10.${i}.0.0/16`] })),
      securityGroups: [group('sg-1', [rule({ cidrIpv4: '10.0.0.0/8' })])],
      vpcEndpoints: [1, 2, 3].map((i) => endpoint(`vpce-${i}`, { vpcId: `vpc-${i}` })),
      // Sorted last by name, and unreachable from every client: the cap must not hide it.
      restApis: [...['a1', 'a2', 'a3'].map((id) => api({ id, name: `api-${id}`, policy: three })), api({ id: 'a9', name: 'zz-default-endpoint-off', policy: three, disableExecuteApiEndpoint: true })],
    });
    const html = page(r, { maxMatrixApis: 2, maxMatrixClients: 1 });
    const { headers, rows } = matrix(html);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain('zz-default-endpoint-off');
    expect(rows[0]).toContain('cell-unreachable');
    // The API column, one client, and the three counts.
    expect(headers).toHaveLength(5);
    expect(section(html)).toContain('Left out of the matrix: 2 private APIs and 2 intended clients.');
    expect(section(html)).toContain('(rows, 2 of 4, those with unreachable intended clients first)');

    const full = matrix(page(r));
    expect(full.rows).toHaveLength(4);
    expect(full.headers).toHaveLength(7);
    expect(section(page(r))).not.toContain('Left out of the matrix');
  });

  it('caps the intended clients described per API and points to privapi reach for the rest', () => {
    const ids = Array.from({ length: 12 }, (_, i) => `vpce-${i + 10}`);
    const r = network({
      vpcs: ids.map((_, i) => vpc(`vpc-${i + 10}`, { cidrBlocks: [`10.${i + 10}.0.0/16`] })),
      securityGroups: [group('sg-1', [rule({ cidrIpv4: '10.0.0.0/8' })])],
      vpcEndpoints: ids.map((id, i) => endpoint(id, { vpcId: `vpc-${i + 10}` })),
      restApis: [api({ policy: allowOnly(...ids) })],
    });
    const s = section(page(r));
    expect(s.match(/<li id="reach-r0-c\d+">/g)).toHaveLength(10);
    expect(s).toContain('2 more intended clients not listed; <code>privapi reach --api a1</code> lists them all.');
  });

  it('groups the VPCs without an execute-api endpoint by region instead of drawing them as columns', () => {
    const html = page(network({ restApis: [api()], vpcs: [vpc('vpc-1'), vpc('vpc-lonely', { cidrBlocks: ['10.7.0.0/16'] })] }));
    const s = section(html);
    expect(s).toContain('<h3 id="reach-endpointless-h">VPCs without an execute-api endpoint</h3>');
    expect(s).toMatch(/<tr><th scope="row">us-east-1<\/th><td><span class="reach reach-unreachable">.*<\/span> at endpoint<\/td><td class="n">1<\/td><td class="mono">vpc-lonely<\/td>/);
    expect(matrix(html).headers.some((h) => h.includes('vpc-lonely'))).toBe(false);
  });

  it('escapes hostile names and labels in cells, titles, descriptions and headers', () => {
    const hostile = `${SCRIPT}${ATTR}`;
    const html = page(network({ restApis: [api({ name: hostile, policy: undefined })], resolverEndpoints: [resolverEndpoint('rslvr-in-1')] }), { onPremises: [{ label: `dc${SCRIPT}${ATTR}`, cidrs: ['10.1.0.0/16'] }] });
    const s = section(html);
    // The missing resource policy is the first broken hop, and its reason quotes the API's name.
    expect(s).toContain('resource-policy');
    expect(html).not.toContain(SCRIPT);
    expect(html).not.toContain(ATTR);
    expect(s).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&quot; onmouseover=&quot;x');
    for (const tag of s.match(/<[a-zA-Z][^>]*>/g) ?? []) expect(tag).not.toMatch(/\son\w+=/i);
  });

  it('says it needs the inventory when the report has no snapshot', () => {
    const { snapshot: _, ...bare } = reportOf(world(network({ restApis: [api()] })));
    const html = renderHtml(bare);
    expect(section(html)).toContain('Reachability needs the inventory');
    expect(html).not.toContain('<table class="grid reach-matrix"');
  });
});

describe('on-premises networks from the config file', () => {
  it('reach the HTML report of privapi report and check', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'privapi-reach-html-'));
    try {
      const snapshot = join(dir, 'snapshot.json');
      await writeFile(snapshot, JSON.stringify(world(network({ restApis: [api()], resolverEndpoints: [resolverEndpoint('rslvr-in-1')] }))));
      const config = join(dir, 'privapi.config.yaml');
      await writeFile(config, 'onPremises:\n  - label: dc1\n    cidrs: [10.20.0.0/16]\n');
      for (const command of ['report', 'check']) {
        const { out } = await runCli([command, '--snapshot', snapshot, '--config', config, '--format', 'html']);
        expect(matrix(out).headers[1], command).toBe('dc1<span class="sub">on-premises</span>');
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/report/html.js';
import type { RunRecord } from '../../src/model/finding.js';
import type { Report } from '../../src/report/model.js';
import { demoReport } from '../helpers/demo-report.js';
import { makeFinding } from '../helpers/findings.js';

const SCRIPT = '<script>alert(1)</script>';
const ATTR = '" onmouseover="x';
const ANSI = '\u001b[31mred\u001b[0m\u001b]8;;https://evil.example/\u0007';

function hostileFinding(): ReturnType<typeof makeFinding> {
  return makeFinding({
    checkId: 'POLICY-002',
    title: `Title ${SCRIPT}`,
    message: `Message ${SCRIPT} ${ATTR} ${ANSI}`,
    resource: { arn: `arn:aws:apigateway:us-east-1::/restapis/${SCRIPT}${ATTR}`, type: 'AwsApiGatewayRestApi' },
    related: [{ arn: `arn:aws:ec2:us-east-1:111111111111:vpc-endpoint/${ATTR}`, type: `Other${SCRIPT}` }],
    remediation: { text: `Fix ${SCRIPT}`, url: 'javascript:alert(1)' },
    muted: { entry: `cfg:1 ${ATTR}`, reason: `because ${SCRIPT}`, owner: `team ${ANSI}`, expires: '2099-01-01' },
  });
}

function minimalReport(findings = [makeFinding()]): Report {
  return { generatedAt: '2026-11-21T09:00:00.000Z', privapiVersion: 'test', source: { kind: 'findings', file: 'findings.json' }, partition: 'aws', homeRegion: 'us-east-1', findings };
}

let demoPage: Promise<{ report: Report; page: string }> | undefined;
/** The demo report and its page, rendered once per file: laying out ~78 diagrams takes a while. */
const rendered = () => (demoPage ??= demoReport().then((report) => ({ report, page: renderHtml(report) })));

/** The start tags of a page, so attribute checks do not trip over escaped text. */
const startTags = (page: string): string[] => page.match(/<[a-zA-Z][^>]*>/g) ?? [];

describe('renderHtml', () => {
  it('renders the header, summary, findings and a diagram per private API for the demo organization', async () => {
    const { report, page } = await rendered();
    expect(page.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(page).toContain('<html lang="en">');
    expect(page.match(/<h1[\s>]/g)).toHaveLength(1);
    for (const id of ['summary', 'collection', 'findings', 'topology', 'findings-table', 'filters', 'findings-status']) expect(page).toContain(`id="${id}"`);
    expect(page).toContain('role="search"');
    expect(page).toContain(`Showing ${report.findings.length} of ${report.findings.length} findings`);
    // The demo organization has an account whose collection failed: the banner says so up top.
    expect(page.indexOf('Incomplete audit')).toBeGreaterThan(0);
    expect(page.indexOf('Incomplete audit')).toBeLessThan(page.indexOf('id="summary"'));
    expect(page).toContain('289871239539');

    const tbody = page.slice(page.indexOf('<tbody>', page.indexOf('id="findings-table"')), page.indexOf('</tbody>', page.indexOf('id="findings-table"')));
    expect(tbody.match(/<tr /g)).toHaveLength(report.findings.length);
    for (const f of report.findings) expect(tbody).toContain(f.id);

    const privateApis = report.snapshot!.regional.flatMap((r) => r.restApis).filter((a) => a.endpointConfiguration.types.includes('PRIVATE'));
    expect(page.match(/<figure data-api-id=/g)).toHaveLength(privateApis.length);
    expect(page.match(/<figure data-api-id="[^"]*">\s*<div class="diagram"><svg/g)).toHaveLength(privateApis.length);
    expect(page).toContain('Legend');
  });

  it('lists findings in the default order and links rows about a private API to its diagram', async () => {
    const { report, page } = await rendered();
    const shown = [...page.matchAll(/<dt>Finding id<\/dt><dd><code>([^<]+)<\/code>/g)].map((m) => m[1]);
    const byId = new Map(report.findings.map((f) => [f.id, f]));
    const severities = shown.map((id) => byId.get(id!)!.severity);
    expect(severities).toEqual(report.findings.map((f) => f.severity).sort((a, b) => ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'].indexOf(b) - ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'].indexOf(a)));
    const links = [...page.matchAll(/<a class="q res" href="#([^"]+)"/g)].map((m) => m[1]);
    expect(links.length).toBeGreaterThan(0);
    for (const anchor of links) expect(page).toContain(`id="${anchor}"`);
  });

  it('never lets hostile text from a finding through as markup, attributes, links or escape sequences', () => {
    const page = renderHtml(minimalReport([hostileFinding(), makeFinding()]));
    expect(page).not.toContain(SCRIPT);
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).not.toContain(ATTR);
    expect(page).not.toContain('\u001b');
    expect(page).not.toContain('\u0007');
    expect(page).not.toMatch(/href="javascript:/i);
    expect(page).toContain('javascript:alert(1)');
    for (const tag of startTags(page)) expect(tag).not.toMatch(/\son\w+=/i);
    // The only scripts are the page's own one.
    expect(page.match(/<script>/g)).toHaveLength(1);
    expect(page).toContain('cfg:1 &quot; onmouseover=&quot;x');
  });

  it('links remediation only over https', () => {
    const links = (url: string) => renderHtml(minimalReport([makeFinding({ remediation: { text: 'x', url } })]));
    expect(links('https://docs.aws.amazon.com/x')).toContain('<a href="https://docs.aws.amazon.com/x" rel="noopener noreferrer">');
    for (const url of ['http://docs.aws.amazon.com/x', 'data:text/html,hi', 'not a url']) {
      expect(links(url)).not.toContain(`href="${url}"`);
      expect(links(url)).toContain(`<span class="url">${url}</span>`);
    }
  });

  it('loads nothing from the network: no external scripts, styles, images or fonts', async () => {
    const { page } = await rendered();
    expect(page).toContain(`http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:`);
    for (const tag of startTags(page)) {
      expect(tag).not.toMatch(/\ssrc=/i);
      if (/^<link/i.test(tag)) throw new Error(`unexpected ${tag}`);
      // Links to documentation are fine; anything else naming a URL (xmlns excepted) would be loaded.
      if (!/^<a\s/i.test(tag)) expect(tag.replace(/xmlns(:\w+)?="[^"]*"/g, '')).not.toMatch(/https?:\/\//i);
    }
    expect(page).not.toMatch(/url\(\s*['"]?https?:/i);
    expect(page).not.toMatch(/@import/i);
  });

  it('names the audit run, its status and scope, and warns when it is incomplete', () => {
    const run: RunRecord = {
      runId: 'run-42',
      startedAt: '2026-11-21T09:00:00.000Z',
      finishedAt: '2026-11-21T09:04:00.000Z',
      status: 'INCOMPLETE',
      privapiVersion: 'test',
      scope: { mode: 'organization', accounts: ['111111111111', '222222222222'], regions: ['us-east-1'], checks: ['POLICY-002', 'VPCE-001'] },
      accounts: { complete: ['111111111111'], partial: [], failed: ['222222222222'] },
      regions: { complete: 1, partial: 0, failed: 1 },
      counts: { bySeverity: { INFORMATIONAL: 0, LOW: 0, MEDIUM: 0, HIGH: 1, CRITICAL: 0 }, byLifecycle: { NEW: 1, STILL_FAILING: 0, RESOLVED: 0, UNKNOWN: 0 }, muted: 0, unevaluated: 0 },
      expiredMutes: [],
      problems: ['Security Hub BatchImportFindings throttled'],
    };
    const page = renderHtml({
      ...minimalReport(),
      source: { kind: 'audit', runId: 'run-42' },
      run,
      collection: [
        { accountId: '111111111111', region: 'us-east-1', state: 'complete', problems: [] },
        { accountId: '222222222222', region: '*', state: 'failed', problems: ['sts AssumeRole: AccessDenied'] },
      ],
    });
    expect(page).toContain('Audit run <code>run-42</code>');
    expect(page).toContain('INCOMPLETE');
    expect(page).toContain('organization, 2 accounts, 1 region (us-east-1), 2 checks');
    expect(page).toContain('Audit incomplete:');
    expect(page).toContain('1 account-region not fully collected (1 failed)');
    expect(page).toContain('sts AssumeRole: AccessDenied');
    expect(page).toContain('Security Hub BatchImportFindings throttled');
  });

  it('says diagrams need a snapshot when the report has none', () => {
    const page = renderHtml(minimalReport());
    expect(page).toContain('Diagrams need the inventory');
    expect(page).toContain('<code>--snapshot</code>');
    expect(page).not.toContain('<figure');
    expect(page).toContain('carries no collection status');
  });

  it('renders the same page for the same report', async () => {
    const { report, page } = await rendered();
    expect(renderHtml(structuredClone(report))).toBe(page);
  });

  it('draws at most --max-diagrams diagrams, broken first, and lists the other APIs with an anchor each', async () => {
    const { report } = await rendered();
    const page = renderHtml(report, { maxDiagrams: 5 });
    expect(page.match(/<figure data-api-id=/g)).toHaveLength(5);
    const privateApis = report.snapshot!.regional.flatMap((r) => r.restApis).filter((a) => a.endpointConfiguration.types.includes('PRIVATE')).length;
    expect(page).toContain(`${privateApis - 5} more private APIs without a diagram`);
    // The five drawn are broken ones: the cap never hides a broken API behind a healthy one.
    const drawn = page.match(/<section class="api api-(\w+)"/g) ?? [];
    expect(drawn.every((d) => d.includes('api-broken'))).toBe(true);
    for (const anchor of page.match(/href="#(api-[^"]+)"/g) ?? []) expect(page).toContain(`id="${anchor.slice(7, -1)}"`);
  });
});

import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/report/html.js';
import type { Report } from '../../src/report/model.js';
import { demoReport } from '../helpers/demo-report.js';
import { makeFinding } from '../helpers/findings.js';

/**
 * The HTML report in a real browser: it must work from a file with no network, stay inert with
 * hostile text in it, be usable from the keyboard and pass axe's WCAG 2 A/AA rules.
 */

const CHROMIUM = process.env.PRIVAPI_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const ARTIFACTS = join(process.cwd(), 'test-results');

let browser: Browser;
let page: Page;
let report: Report;
let dir: string;
const requests: string[] = [];
const errors: string[] = [];
const dialogs: string[] = [];

const bodyRows = () => page.locator('#findings-table tbody tr');
const visibleRows = () => page.locator('#findings-table tbody tr:not([hidden])');
const status = () => page.locator('#findings-status').textContent();

const openAll = (selector: string) => page.locator(selector).evaluateAll((elements) => elements.forEach((d) => d.setAttribute('open', '')));

interface Axe {
  run(context: unknown, options: object): Promise<{ violations: Array<{ id: string; nodes: Array<{ target: unknown[] }> }> }>;
}

async function tabTo(selector: string): Promise<void> {
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    if (await page.locator(selector).evaluate((el) => el === el.ownerDocument.activeElement)) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: apt-get install chromium (or set PRIVAPI_CHROMIUM to a Chromium binary).`);
  const demo = await demoReport();
  const hostile = makeFinding({
    accountId: demo.findings[0]!.accountId,
    title: 'Hostile <script>alert(1)</script>',
    message: '<img src=x onerror=alert(2)> " onmouseover="alert(3) \u001b[31m',
    resource: { arn: 'arn:aws:apigateway:us-east-1::/restapis/<script>alert(4)</script>', type: 'AwsApiGatewayRestApi' },
    remediation: { text: '<b onclick=alert(5)>fix</b>', url: 'javascript:alert(6)' },
    muted: { entry: 'cfg:1', reason: '<script>alert(7)</script>', owner: '" autofocus onfocus="alert(8)', expires: '2099-12-31' },
  });
  report = { ...demo, findings: [...demo.findings, hostile] };
  dir = await mkdtemp(join(tmpdir(), 'privapi-html-'));
  const file = join(dir, 'report.html');
  await writeFile(file, renderHtml(report));
  await mkdir(ARTIFACTS, { recursive: true });

  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('request', (r) => {
    if (r.url() !== pathToFileURL(file).href) requests.push(r.url());
  });
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('HTML report in Chromium', { timeout: 90_000 }, () => {
  it('has one row per finding and saves a screenshot of the top of the page', async () => {
    expect(await bodyRows().count()).toBe(report.findings.length);
    expect(await status()).toBe(`Showing ${report.findings.length} of ${report.findings.length} findings`);
    await page.screenshot({ path: join(ARTIFACTS, 'html-report.png') });
  });

  it('filters by search text typed from the keyboard, by minimum severity, and clears', async () => {
    const total = report.findings.length;
    // A check with several findings, so the filter visibly keeps more than one row.
    const perCheck = new Map<string, number>();
    for (const f of report.findings) perCheck.set(f.checkId, (perCheck.get(f.checkId) ?? 0) + 1);
    const [checkId, expected] = [...perCheck].sort(([a], [b]) => a.localeCompare(b)).find(([, n]) => n > 1) ?? ['', 0];
    expect(expected).toBeGreaterThan(1);

    await page.locator('body').focus();
    await tabTo('#f-q');
    await page.keyboard.type(checkId);
    await expect.poll(() => visibleRows().count()).toBe(expected);
    expect(await visibleRows().evaluateAll((rows) => rows.map((r) => r.getAttribute('data-check')))).toEqual(Array(expected).fill(checkId));
    expect(await status()).toBe(`Showing ${expected} of ${total} findings`);

    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
    await expect.poll(status).toBe(`Showing ${total} of ${total} findings`);

    // Minimum severity: the first option below "Any" is Critical, the next High or above.
    await tabTo('#f-sev');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await page.locator('#f-sev').inputValue()).toBe('3');
    const highOrAbove = report.findings.filter((f) => f.severity === 'HIGH' || f.severity === 'CRITICAL').length;
    await expect.poll(() => visibleRows().count()).toBe(highOrAbove);
    expect(await status()).toBe(`Showing ${highOrAbove} of ${total} findings`);

    await page.keyboard.press('Home');
    await expect.poll(() => visibleRows().count()).toBe(total);

    await page.locator('#f-state').selectOption('muted');
    await expect.poll(() => visibleRows().count()).toBe(1);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(status).toBe(`Showing ${total} of ${total} findings`);
  });

  it('sorts by a column when its header button is pressed and says so with aria-sort', async () => {
    const header = page.locator('#findings-table thead th', { has: page.getByRole('button', { name: 'Check' }) });
    const checks = () => bodyRows().evaluateAll((rows) => rows.map((r) => r.getAttribute('data-check') ?? ''));
    const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
    const sorted = [...(await checks())].sort(collator.compare);

    await header.getByRole('button').click();
    expect(await header.getAttribute('aria-sort')).toBe('ascending');
    expect(await page.locator('#findings-table thead th.c-severity').getAttribute('aria-sort')).toBe('none');
    expect(await checks()).toEqual(sorted);

    await header.getByRole('button').press('Enter');
    expect(await header.getAttribute('aria-sort')).toBe('descending');
    expect(await checks()).toEqual([...sorted].reverse());

    await page.locator('#findings-table thead th.c-severity button').click();
    await page.locator('#findings-table thead th.c-severity button').click();
    expect(await page.locator('#findings-table thead th.c-severity').getAttribute('aria-sort')).toBe('descending');
  });

  it('shows the reachability matrix, links each cell to its description, and rings first broken hops in the diagrams', async () => {
    const rows = page.locator('#reachability table.reach-matrix tbody tr');
    expect(await rows.count()).toBeGreaterThan(0);
    expect(await page.locator('nav.toc a[href="#reachability"]').count()).toBe(1);
    const matrix = page.locator('#reachability table.reach-matrix').locator('xpath=..');
    await matrix.scrollIntoViewIfNeeded();
    await matrix.screenshot({ path: join(ARTIFACTS, 'html-report-reachability.png') });

    const cell = page.locator('#reachability td.cell a').first();
    const target = (await cell.getAttribute('href'))!.slice(1);
    await cell.click();
    await expect.poll(() => new URL(page.url()).hash).toBe(`#${target}`);
    expect(await page.locator(`[id="${target}"]`).isVisible()).toBe(true);

    const ringed = page.locator('section.api details[open] g.node[data-first-broken="true"]').first();
    expect(await ringed.count()).toBe(1);
    expect(await ringed.textContent()).toContain('first broken hop from');
    const figure = ringed.locator('xpath=ancestor::figure');
    await figure.scrollIntoViewIfNeeded();
    await figure.screenshot({ path: join(ARTIFACTS, 'html-report-first-broken.png') });
  });

  it('passes axe-core WCAG 2 A and AA rules', async () => {
    // The page as it opens (diagrams of broken APIs expanded), plus every finding's details. Expanding
    // the other diagrams too doubles axe's time for more of the same markup.
    await openAll('#findings-table details');
    await page.addScriptTag({ path: createRequire(import.meta.url).resolve('axe-core') });
    const violations = await page.locator('html').evaluate(async (root) => {
      const axe = (root.ownerDocument.defaultView as unknown as { axe: Axe }).axe;
      const result = await axe.run(root.ownerDocument, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] }, resultTypes: ['violations'] });
      return result.violations.map((v) => `${v.id}: ${v.nodes.slice(0, 5).map((n) => JSON.stringify(n.target)).join(', ')}${v.nodes.length > 5 ? ` (+${v.nodes.length - 5})` : ''}`);
    });
    expect(violations).toEqual([]);
  });

  it('draws a diagram with visible nodes for every private API', async () => {
    const privateApis = report.snapshot!.regional.flatMap((r) => r.restApis).filter((a) => a.endpointConfiguration.types.includes('PRIVATE')).length;
    await openAll('details');
    expect(await page.locator('figure[data-api-id] svg').count()).toBe(privateApis);
    const empty = await page.locator('figure[data-api-id]').evaluateAll((figures) =>
      figures
        .filter((f) => ![...f.querySelectorAll('svg g.node')].some((g) => {
          const box = g.getBoundingClientRect();
          return box.width > 0 && box.height > 0;
        }))
        .map((f) => f.getAttribute('data-api-id')),
    );
    expect(empty).toEqual([]);

    const broken = page.locator('section.api-broken').first();
    await broken.scrollIntoViewIfNeeded();
    await broken.screenshot({ path: join(ARTIFACTS, 'html-report-topology.png') });
  });

  it('made no network request, logged no error and opened no dialog, hostile rows included', () => {
    expect(requests).toEqual([]);
    expect(errors).toEqual([]);
    expect(dialogs).toEqual([]);
  });
});

import { existsSync } from 'node:fs';
import { UNLIMITED_QUOTAS } from '../../src/aws/simulation/organization.js';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'csv-parse/sync';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiGatewayPolicyText, type PolicyDocument } from '../../src/aws/simulation/generator/apigateway/policies.js';
import { generateWorld } from '../../src/aws/simulation/generator/index.js';
import { serveWorld } from '../../src/aws/simulation/organization.js';
import type { SimRestApi, SimWorld } from '../../src/aws/simulation/world.js';
import { main } from '../../src/cli/main.js';
import { OUTPUT_FILES } from '../../src/cli/outputs.js';
import type { Terminal } from '../../src/cli/terminal.js';
import { silentLogger } from '../helpers/collector-context.js';

/**
 * Issue 9, output escaping, end to end: a simulated organization whose names, tags, descriptions
 * and policy text carry markup, terminal escapes and spreadsheet formulas is audited by the CLI
 * itself, and every output it writes is checked for what a reader's browser, terminal or
 * spreadsheet would do with it. The renderers' unit tests prove each escape; this proves that no
 * path from AWS to a report skips them.
 */

const MARKUP = ['<script>window.__pwned=1</script>', '<img src=x onerror="window.__pwned=1">', '"><svg onload=window.__pwned=1>'];
const ESCAPES = ['\u001b[31m', '\u001b]8;;http://evil\u0007', '\u001b[2J'];
const FORMULAS = ['=HYPERLINK("http://evil")', '+1+1', '-2+3', '@SUM(A1)', '\t=1+1', '\r@SUM(A2)', '\t-3+4', '\r+5+5'];
/** A vpce- id the policy check quotes as "found in no account of the organization". */
const HOSTILE_VPCE = `vpce-0${MARKUP[2]}`;
/** A condition operator nobody defines: the policy checks quote its JSON path as unreadable. */
const HOSTILE_OPERATOR = `StringEquals${MARKUP[1]}`;

const CHROMIUM = process.env.PRIVAPI_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_EXCEPT_TAB_NEWLINE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
// eslint-disable-next-line no-control-regex -- finding escape sequences is the point
const SGR = /\u001b\[([0-9;]*)m/g;
/** Every SGR parameter list src/report/table.ts paints with (severities, bold, dim, reset). */
const TABLE_SGR = new Set(['1;97;41', '1;31', '33', '36', '2', '1', '0']);

/** The generator's policies as a document (API Gateway escapes quotes and slashes); undefined for its deliberately malformed ones. */
function readPolicy(text: string): { Statement: Array<Record<string, unknown>> } | undefined {
  try {
    return JSON.parse(text.replaceAll('\\"', '"').replaceAll('\\/', '/')) as { Statement: Array<Record<string, unknown>> };
  } catch {
    return undefined;
  }
}

const pick = <T>(list: readonly T[], i: number): T => list[i % list.length]!;

/** Every name, tag, description and policy a member account controls, made hostile. */
function poison(world: SimWorld): void {
  let i = 0;
  let replacedPolicy = false;
  let brokePolicy = false;
  for (const account of world.accounts) {
    for (const region of Object.values(account.regions)) {
      for (const { api } of region.apigateway.restApis) {
        const n = i++;
        api.name = `${api.name}${pick(MARKUP, n)}${pick(ESCAPES, n)}${pick(FORMULAS, n)}`;
        api.description = `${pick(FORMULAS, n + 1)}${pick(MARKUP, n + 1)}`;
        api.tags = { ...api.tags, Owner: `${pick(FORMULAS, n + 2)}${pick(ESCAPES, n + 2)}` };
        // Not a name AWS would accept, but privapi quotes whatever GetRestApis returns.
        api.securityPolicy = pick(FORMULAS, n) as SimRestApi['api']['securityPolicy'];
        if (!api.policy || !api.endpointConfiguration?.types?.includes('PRIVATE')) continue;
        const policy = readPolicy(api.policy);
        if (!policy) continue;
        if (!replacedPolicy) {
          replacedPolicy = true;
          policy.Statement = [{ Sid: pick(MARKUP, n), Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*', Condition: { StringEquals: { 'aws:SourceVpce': HOSTILE_VPCE } } }];
        } else if (!brokePolicy) {
          brokePolicy = true;
          policy.Statement = [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*', Condition: { [HOSTILE_OPERATOR]: { 'aws:SourceVpce': 'vpce-0abc' } } }];
        } else {
          policy.Statement.forEach((s, k) => (s.Sid = `${pick(MARKUP, n + k)}${pick(ESCAPES, n + k)}`));
        }
        api.policy = apiGatewayPolicyText(policy as unknown as PolicyDocument);
      }
      region.ec2.vpcs.forEach(({ vpc }, k) => {
        vpc.Tags = [...(vpc.Tags ?? []).filter((t) => t.Key !== 'Name'), { Key: 'Name', Value: `${pick(MARKUP, k)}${pick(ESCAPES, k)}${pick(FORMULAS, k)}` }];
      });
      region.elbv2.loadBalancers.forEach((lb, k) => (lb.LoadBalancerName = `${lb.LoadBalancerName}${pick(MARKUP, k)}${pick(ESCAPES, k + 1)}`));
      region.elbv2.targetGroups.forEach((tg, k) => (tg.TargetGroupName = `${tg.TargetGroupName}${pick(MARKUP, k + 1)}${pick(ESCAPES, k)}`));
    }
  }
  expect(replacedPolicy && brokePolicy, 'the world needs two private APIs with policies').toBe(true);
}

/** The mutelist is the one place a finding's cell can start with text someone else wrote. */
const MUTELIST = [{ check: 'OPS-*', reason: `${FORMULAS[0]} ${MARKUP[0]}`, owner: FORMULAS[3], expires: '2099-12-31' }];

let dir = '';
let world: SimWorld;
const outputs: Record<string, string> = {};
const stdout: Record<'colour' | 'noColour' | 'tableColour', string> = { colour: '', noColour: '', tableColour: '' };

/** `privapi audit` as a person runs it, against the hostile organization. */
async function audit(args: string[], terminal: Terminal): Promise<string> {
  let out = '';
  const org = serveWorld(world, { quotas: UNLIMITED_QUOTAS });
  await main(['node', 'privapi', 'audit', '--no-state', '--config', join(dir, 'privapi.config.json'), ...args], {
    stdout: (t) => void (out += t),
    stderr: () => {},
    log: silentLogger,
    terminal,
    aws: { ...org.aws, maxAttempts: 2, quotas: UNLIMITED_QUOTAS },
  });
  return out;
}

beforeAll(async () => {
  world = generateWorld({ seed: 11, accounts: 5, regions: ['us-east-1', 'eu-west-1'] });
  poison(world);
  dir = await mkdtemp(join(tmpdir(), 'privapi-hostile-'));
  await writeFile(join(dir, 'privapi.config.json'), JSON.stringify({ mutelist: MUTELIST }));
  const tty = (env: Terminal['env']): Terminal => ({ stdoutIsTTY: true, stderrIsTTY: false, env });
  stdout.colour = await audit(['-f', 'table', 'json', 'csv', 'html', '--output-dir', join(dir, 'out')], tty({}));
  stdout.noColour = await audit(['-f', 'table'], tty({ NO_COLOR: '1' }));
  stdout.tableColour = await audit(['-f', 'table'], tty({}));
  for (const format of ['table', 'json', 'csv', 'html'] as const) outputs[format] = await readFile(join(dir, 'out', OUTPUT_FILES[format]), 'utf8');
}, 120_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

interface JsonFinding {
  checkId: string;
  message: string;
  muted?: { reason: string; owner: string };
}

const findings = (): JsonFinding[] => (JSON.parse(outputs.json!) as { findings: JsonFinding[] }).findings;

describe('hostile AWS data through a real audit', () => {
  it('reaches FAIL findings and unevaluated results that quote it (so the outputs below are tested on it)', () => {
    const messages = findings().map((f) => f.message);
    for (const payload of [...MARKUP, ...ESCAPES]) expect(messages.some((m) => m.includes(payload)), JSON.stringify(payload)).toBe(true);
    expect(findings().some((f) => f.checkId === 'POLICY-003' && f.message.includes(HOSTILE_VPCE))).toBe(true);
    expect(findings().some((f) => f.checkId === 'EP-001' && f.message.includes(FORMULAS[0]!))).toBe(true);
    expect(outputs.json).toContain(JSON.stringify(HOSTILE_OPERATOR).slice(1, -1));
    expect(findings().some((f) => f.muted?.owner === FORMULAS[3])).toBe(true);
  });

  it('json: valid JSON carrying every payload verbatim (it is data; escaping is the reader’s job)', () => {
    const text = JSON.stringify(JSON.parse(outputs.json!));
    for (const payload of [...MARKUP, ...ESCAPES, FORMULAS[0]!, HOSTILE_VPCE]) expect(text).toContain(JSON.stringify(payload).slice(1, -1));
    // JSON.stringify writes control characters as \u escapes: the file itself is safe to cat.
    expect(outputs.json).not.toMatch(CONTROL_EXCEPT_TAB_NEWLINE);
  });

  it('table: no escape sequence or control character from the data, coloured or not', () => {
    for (const [label, text] of [
      ['report file', outputs.table!],
      ['stdout, NO_COLOR', stdout.noColour],
    ] as const) {
      expect(text, label).not.toContain('\u001b');
      expect(text, label).not.toMatch(CONTROL_EXCEPT_TAB_NEWLINE);
    }
    for (const [label, text] of [
      ['stdout with --output-dir', stdout.colour],
      ['stdout -f table', stdout.tableColour],
    ] as const) {
      const codes = new Set([...text.matchAll(SGR)].map((m) => m[1]!));
      expect(codes.size, `${label} is coloured`).toBeGreaterThan(1);
      expect([...codes].filter((c) => !TABLE_SGR.has(c)), label).toEqual([]);
      const plain = text.replace(SGR, '');
      expect(plain, label).not.toContain('\u001b');
      expect(plain, label).not.toMatch(CONTROL_EXCEPT_TAB_NEWLINE);
      expect(plain, label).not.toContain(']8;;');
    }
    // The text around the escapes survives, markup included: a terminal shows it as it is.
    for (const text of [outputs.table!, stdout.noColour, stdout.tableColour]) {
      expect(text).toContain(HOSTILE_VPCE);
      expect(text).toContain(FORMULAS[0]);
      for (const payload of MARKUP) expect(text).toContain(payload);
    }
  });

  it('csv: every cell starting with = + - @ tab or CR is prefixed with a quote, and the text is kept', () => {
    const rows = parse(outputs.csv!) as string[][];
    const cells = rows.flat();
    expect(cells.filter((c) => /^[=+\-@\t\r]/.test(c))).toEqual([]);
    // Cells that would have started a formula (the mutelist's reason and owner) are the quoted ones.
    expect(cells).toContain(`'${FORMULAS[3]}`);
    expect(cells).toContain(`'${MUTELIST[0]!.reason}`);
    const all = cells.join('\n');
    for (const payload of [FORMULAS[0]!, HOSTILE_VPCE, ...MARKUP]) expect(all).toContain(payload);
    expect(all).not.toContain('\u001b');
    expect(all).not.toContain(']8;;');
  });

  it('html: opened in Chromium, no payload runs or becomes an element, and every payload is there as text', async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: apt-get install chromium (or set PRIVAPI_CHROMIUM to a Chromium binary).`);
    expect(outputs.html).not.toContain('\u001b');
    const file = join(dir, 'out', OUTPUT_FILES.html);
    let browser: Browser | undefined;
    try {
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
      const page = await browser.newPage();
      const dialogs: string[] = [];
      const errors: string[] = [];
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      // Opening every <details> renders everything a reader could reveal; the report's own script runs on it.
      await page.locator('details').evaluateAll((all) => all.forEach((d) => d.setAttribute('open', '')));
      // A string, not a function: the tests compile without the DOM library.
      const seen = await page.evaluate<{ pwned: unknown; injected: number; scripts: number; text: string }>(`({
        pwned: window.__pwned,
        injected: document.querySelectorAll('img[src="x"], img[onerror], svg[onload], [onload], [onerror]').length,
        scripts: document.scripts.length,
        text: document.body.textContent ?? '',
      })`);
      expect(seen.pwned).toBeUndefined();
      expect(seen.injected).toBe(0);
      expect(seen.scripts).toBe(1);
      expect(dialogs).toEqual([]);
      expect(errors).toEqual([]);
      for (const payload of [...MARKUP, HOSTILE_VPCE, FORMULAS[0]!]) expect(seen.text, payload).toContain(payload);
    } finally {
      await browser?.close();
    }
  }, 60_000);
});

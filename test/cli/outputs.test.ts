import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Terminal } from '../../src/cli/terminal.js';
import { reportJsonSchema, type ReportDocument } from '../../src/report/json.js';
import { ocsfProblems } from '../../src/report/ocsf.js';
import { asffProblems } from '../../src/sinks/asff.js';
import { runCli } from '../helpers/cli.js';

const run = runCli;

let dir: string;
/** One audit of the demo organization with every format, shared by the format assertions. */
let all: { code: number; out: string; err: string };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'privapi-outputs-'));
  all = await run(['audit', '--demo', '--no-state', '--format', 'table,json,asff,ocsf,csv', '-f', 'html', '--output-dir', join(dir, 'all')]);
}, 60_000);

const readJson = async <T>(name: string): Promise<T> => JSON.parse(await readFile(join(dir, 'all', name), 'utf8')) as T;

describe('privapi audit --output-dir: every format at once', () => {
  it('writes one file per format and still shows the summary on stdout', async () => {
    expect(all.code).toBe(1);
    for (const name of ['privapi-report.txt', 'privapi-report.json', 'privapi-findings.asff.json', 'privapi-findings.ocsf.json', 'privapi-findings.csv', 'privapi-report.html']) {
      expect(all.out).toContain(join(dir, 'all', name));
    }
    expect(all.out).toMatch(/^Collected 11 account\(s\)/);
    expect(all.out).toMatch(/\n\d+ open findings \(/);
    expect(all.out).toMatch(/Run [0-9a-f-]{36}: INCOMPLETE/);
  });

  it('JSON: valid against the published JSON Schema, with its summary matching its findings', async () => {
    const doc = await readJson<ReportDocument>('privapi-report.json');
    const validate = new Ajv2020({ allErrors: true, strict: false }).compile(reportJsonSchema() as object);
    expect(validate(doc), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    expect(doc.kind).toBe('privapi-report');
    expect(doc.findings.length).toBeGreaterThan(20);
    expect(doc.summary.open).toBe(doc.findings.filter((f) => f.state === 'ACTIVE' && !f.muted).length);
    expect(doc.run?.status).toBe('INCOMPLETE');
    // The schema is not vacuous: a finding without an id fails it.
    const broken = structuredClone(doc) as unknown as { findings: Array<Record<string, unknown>> };
    delete broken.findings[0]!.id;
    expect(validate(broken)).toBe(false);
  });

  it('ASFF: every finding has the fields Security Hub requires, within its limits', async () => {
    const doc = await readJson<ReportDocument>('privapi-report.json');
    const { Findings } = await readJson<{ Findings: AwsSecurityFinding[] }>('privapi-findings.asff.json');
    expect(Findings).toHaveLength(doc.findings.length);
    for (const f of Findings) {
      expect(asffProblems(f), f.Id).toEqual([]);
      for (const field of ['SchemaVersion', 'Id', 'ProductArn', 'GeneratorId', 'AwsAccountId', 'Types', 'CreatedAt', 'UpdatedAt', 'Severity', 'Title', 'Description', 'Resources'] as const) expect(f[field], field).toBeDefined();
    }
  });

  it('OCSF: every Detection Finding has the attributes its class and objects require', async () => {
    const events = await readJson<Array<Record<string, unknown>>>('privapi-findings.ocsf.json');
    expect(events.length).toBeGreaterThan(20);
    for (const e of events) expect(ocsfProblems(e)).toEqual([]);
    expect(new Set(events.map((e) => e.class_uid))).toEqual(new Set([2004]));
  });

  it('CSV: parses with a real CSV parser, one record per finding with the same columns', async () => {
    const doc = await readJson<ReportDocument>('privapi-report.json');
    const rows = parse(await readFile(join(dir, 'all', 'privapi-findings.csv'), 'utf8'), { columns: true }) as Array<Record<string, string>>;
    expect(rows).toHaveLength(doc.findings.length);
    expect(new Set(rows.map((r) => r.id))).toEqual(new Set(doc.findings.map((f) => f.id)));
  });

  it('table and HTML: the text report has no colour codes in a file, the HTML is one self-contained page', async () => {
    const text = await readFile(join(dir, 'all', 'privapi-report.txt'), 'utf8');
    expect(text).not.toContain('\u001b[');
    const html = await readFile(join(dir, 'all', 'privapi-report.html'), 'utf8');
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)="https?:/i);
  });
});

describe('standard output: one format, no noise', () => {
  it('several formats without --output-dir, or an unknown format, are usage errors (exit 2)', async () => {
    const several = await run(['check', '--snapshot', 'x.json', '-f', 'json', 'csv']);
    expect(several.code).toBe(2);
    expect(several.err).toContain('2 formats (json, csv) need --output-dir');
    const unknown = await run(['audit', '--demo', '--format', 'pdf']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('unknown format(s) pdf; expected table, json, asff, ocsf, csv, html');
  });

  it('a machine-readable format owns stdout: the run summary goes to stderr, and no progress when stderr is not a terminal', async () => {
    const { code, out, err } = await run(['audit', '--demo', '--no-state', '--checks', 'POLICY-*', '--format', 'ocsf']);
    expect(code).toBe(1);
    const events = JSON.parse(out) as unknown[];
    expect(events.length).toBeGreaterThan(0);
    expect(err).toMatch(/No previous state \(--no-state\)/);
    for (const noise of ['\r', '\u001b', 'accounts ·']) expect(err).not.toContain(noise);
  });
});

describe('colour and progress: only for a person at a terminal', () => {
  const tty = (env: Record<string, string>): Terminal => ({ stdoutIsTTY: true, stderrIsTTY: true, env });

  it('colours the table on a TTY, and never with NO_COLOR', async () => {
    const coloured = await run(['audit', '--demo', '--no-state', '--checks', 'LB-003', '--regions', 'us-east-1'], tty({}));
    expect(coloured.out).toContain('\u001b[1;97;41m');
    const plain = await run(['audit', '--demo', '--no-state', '--checks', 'LB-003', '--regions', 'us-east-1'], tty({ NO_COLOR: '1' }));
    expect(plain.out).not.toContain('\u001b[');
    expect(plain.out).toContain('CRITICAL (1)');
  });

  it('draws the progress line on an interactive stderr and clears it; none in CI', async () => {
    const interactive = await run(['audit', '--demo', '--no-state', '--checks', 'LB-003', '--regions', 'us-east-1'], tty({ NO_COLOR: '1' }));
    expect(interactive.err).toContain('\r\u001b[2Kauditing: ');
    expect(interactive.err).toMatch(/auditing: \d+\/11 accounts · \d+ calls · \d+ throttled · \d+ with errors · \d+s elapsed/);
    expect(interactive.err.endsWith('\r\u001b[2K')).toBe(true);
    const ci = await run(['audit', '--demo', '--no-state', '--checks', 'LB-003', '--regions', 'us-east-1'], tty({ CI: 'true' }));
    expect(ci.err).not.toContain('accounts ·');
  });
});

describe('config file: every setting, flags win', () => {
  it('takes checks, fail-on and outputs from the file; a flag overrides one of them', async () => {
    const config = join(dir, 'privapi.config.yaml');
    await writeFile(config, ['checks:', '  include: [POLICY-002]', 'failOn: critical', 'regions: [eu-west-1]', 'outputs:', '  formats: [json]', 'state:', '  file: false', ''].join('\n'));
    const fromFile = await run(['audit', '--demo', '--config', config]);
    const doc = JSON.parse(fromFile.out) as ReportDocument;
    expect(doc.run?.scope.checks).toEqual(['POLICY-002']);
    expect(doc.run?.scope.regions).toEqual(['eu-west-1']);
    expect(doc.findings.length).toBeGreaterThan(0);
    // POLICY-002 findings are HIGH: below the file's CRITICAL threshold, so the exit code is the incomplete run's.
    expect(fromFile.code).toBe(3);
    const overridden = await run(['audit', '--demo', '--config', config, '--fail-on', 'HIGH', '--format', 'table']);
    expect(overridden.code).toBe(1);
    expect(overridden.out).toMatch(/HIGH \(\d+\)/);
  });

  it('a bad value or unknown key names the file, line, column and path (exit 2), before any AWS call', async () => {
    const config = join(dir, 'bad.yaml');
    await writeFile(config, ['regions: [us-east-1, Europe]', 'role:', '  name: Auditor', '  trust: everyone', 'outputs:', '  formats: [pdf]', ''].join('\n'));
    const { code, err } = await run(['audit', '--demo', '--config', config]);
    expect(code).toBe(2);
    expect(err).toContain('bad.yaml:1:22: regions[1]: expected a region name such as eu-west-1');
    expect(err).toContain('bad.yaml:4:3: role.trust: unknown key; expected name, path, externalId, assumeInCallerAccount');
    expect(err).toContain('bad.yaml:6:13: outputs.formats[0]: expected one of table, json, asff, ocsf, csv, html');
  });
});

describe('privapi report: re-render without AWS calls', () => {
  it('re-renders a JSON report as CSV, and with the snapshot as HTML with diagrams', async () => {
    const snapshot = join(dir, 'snapshot.json');
    expect((await run(['collect', '--demo', '--regions', 'us-east-1', '--out', snapshot])).code).toBe(3);
    const json = join(dir, 'offline.json');
    const offline = await run(['report', '--snapshot', snapshot, '--format', 'json']);
    expect(offline.code).toBe(0);
    await writeFile(json, offline.out);
    const doc = JSON.parse(offline.out) as ReportDocument;
    expect(doc.source).toEqual({ kind: 'snapshot', file: snapshot });

    const csv = await run(['report', '--findings', json, '--format', 'csv']);
    expect(csv.code).toBe(0);
    expect(parse(csv.out, { columns: true })).toHaveLength(doc.findings.length);

    const noDiagrams = await run(['report', '--findings', json, '--format', 'html']);
    expect(noDiagrams.out).toContain('--snapshot');
    const withDiagrams = await run(['report', '--findings', json, '--snapshot', snapshot, '--format', 'html']);
    expect(withDiagrams.out).toContain('<svg');
  });

  it('names what is wrong with an input file (exit 2)', async () => {
    const bad = join(dir, 'bad-report.json');
    await writeFile(bad, JSON.stringify({ kind: 'privapi-report', schemaVersion: 1, findings: [{ id: 1 }] }));
    const { code, err } = await run(['report', '--findings', bad]);
    expect(code).toBe(2);
    expect(err).toContain(`${bad} is not a privapi JSON report`);
    expect(err).toMatch(/findings\[0\]\.id: /);
    expect((await run(['report'])).err).toContain('give --snapshot FILE');
  });

  it('prints the JSON Schema of the JSON report', async () => {
    const { code, out } = await run(['report', '--json-schema']);
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ type: 'object', required: expect.arrayContaining(['kind', 'findings', 'summary']) });
  });
});

describe('--help', () => {
  it('every command documents itself with examples', async () => {
    for (const command of ['audit', 'collect', 'check', 'report', 'reach', 'permissions', 'invoke', 'demo']) {
      const { code, out } = await run([command, '--help']);
      expect(code, command).toBe(0);
      expect(out, command).toMatch(/Examples?:\n {2}privapi /);
    }
    expect((await run(['checks', 'list', '--help'])).out).toContain('privapi checks list --json');
    expect((await run(['checks', 'show', '--help'])).out).toContain('privapi checks show POLICY-002');
  });
});

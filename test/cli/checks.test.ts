import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checks } from '../../checks/index.js';
import { checkDoc } from '../../src/cli/commands/checks.js';
import { serializeSnapshot } from '../../src/model/snapshot.js';
import { simulatedSnapshot } from '../helpers/simulated-snapshot.js';
import { snapshotWith } from '../helpers/snapshot-builder.js';
import { runCli } from '../helpers/cli.js';

const run = (...args: string[]) => runCli(args);

async function saved(snapshot: Parameters<typeof serializeSnapshot>[0]): Promise<string> {
  const file = join(await mkdtemp(join(tmpdir(), 'privapi-check-')), 'snapshot.json');
  await writeFile(file, serializeSnapshot(snapshot), 'utf8');
  return file;
}

describe('privapi checks', () => {
  it('lists every registered check, as a table and as JSON', async () => {
    const table = await run('checks', 'list');
    expect(table.code).toBe(0);
    for (const c of checks) expect(table.out).toContain(`${c.id.padEnd(12)}${c.severity.padEnd(15)}${c.title}`);
    const json = await run('checks', 'list', '--json');
    expect((JSON.parse(json.out) as Array<{ id: string }>).map((c) => c.id)).toEqual(checks.map((c) => c.id));
  });

  it('shows a check\'s documentation, generated from its metadata (every message, the remediation link)', async () => {
    for (const c of checks) {
      const doc = checkDoc(c);
      for (const [id, text] of Object.entries<string>(c.messages)) expect(doc).toContain(`- ${id}: ${text}`);
      expect(doc).toContain(c.remediation.url);
    }
    const { code, out } = await run('checks', 'show', checks[0]!.id.toLowerCase());
    expect(code).toBe(0);
    expect(out).toBe(`${checkDoc(checks[0]!)}\n`);
    expect((await run('checks', 'show', 'NOPE-999')).code).toBe(2);
  });
});

describe('privapi check --snapshot', () => {
  it('runs the catalog offline on the simulated organization and exits 1 on findings', async () => {
    const { snapshot } = await simulatedSnapshot();
    const { code, out } = await run('check', '--snapshot', await saved(snapshot));
    expect(code).toBe(1);
    expect(out).toMatch(/^\d+ open findings \(.*\); 0 muted, 0 resolved this run\.\nChecks: \d+ failed, \d+ passed, \d+ not applicable, \d+ could not be evaluated\./);
    expect(out).toMatch(/\n {4}POLICY-001 +us-east-1 +/);
  });

  it('exits 0 when nothing reaches --fail-on, and 2 on a bad severity or file', async () => {
    const file = await saved(snapshotWith());
    expect((await run('check', '--snapshot', file, '--fail-on', 'critical')).code).toBe(0);
    expect((await run('check', '--snapshot', file, '--fail-on', 'severe')).code).toBe(2);
    expect((await run('check', '--snapshot', '/nonexistent/s.json')).code).toBe(2);
  });

  it('prints the JSON report: the findings, and every result counted', async () => {
    const { snapshot } = await simulatedSnapshot();
    const { out } = await run('check', '--snapshot', await saved(snapshot), '--json');
    const { resultCounts, unevaluated, findings } = JSON.parse(out) as { resultCounts: Record<string, number>; unevaluated: unknown[]; findings: unknown[] };
    expect(resultCounts.PASS).toBeGreaterThan(0);
    expect(resultCounts.NOT_APPLICABLE).toBeGreaterThan(0);
    expect(resultCounts.FAIL).toBe(findings.length);
    // Only reachability answers that rest on behaviour AWS does not document (aws:VpceOrgID in execute-api requests, NLB groups on V1 PrivateLink traffic).
    expect((unevaluated as Array<{ checkId: string; message: string }>).filter((u) => !/^REACH-00[13]$/.test(u.checkId) || !/does not document|not documented/.test(u.message))).toEqual([]);
  });
});

describe('check documentation notes', () => {
  it('renders what AWS leaves undocumented in the check\'s page', () => {
    const documented = checks.filter((c) => c.notes?.length);
    expect(documented.map((c) => c.id)).toEqual(expect.arrayContaining(['EP-001', 'EP-002', 'POLICY-008', 'LB-004', 'CDN-006']));
    for (const c of documented) for (const n of c.notes ?? []) expect(checkDoc(c)).toContain(`- ${n}`);
  });
});

import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding, RunRecord } from '../../src/model/finding.js';
import { asffProblems } from '../../src/sinks/asff.js';
import { startLocalDynamoDb, type LocalDynamo } from '../../src/sinks/local-dynamodb.js';
import { runCli } from '../helpers/cli.js';

const run = (...args: string[]) => runCli(args);

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'privapi-audit-cli-'));
});

describe('privapi audit', () => {
  it('keeps state between runs in the state file: the second run reports what is still failing', async () => {
    const state = join(dir, 'state.json');
    const first = await run('audit', '--demo', '--state-file', state);
    expect(first.code).toBe(1);
    const fresh = /Findings since the previous run \(state file [^)]+\): (\d+) new, 0 still failing, 0 resolved, 0 not re-evaluated/.exec(first.out);
    expect(fresh, first.out.slice(-800)).not.toBeNull();
    const second = await run('audit', '--demo', '--state-file', state);
    expect(second.out).toContain(`0 new, ${fresh![1]} still failing, 0 resolved, 0 not re-evaluated`);
    expect(second.out).toMatch(/Run [0-9a-f-]{36}: INCOMPLETE, [\d.]+ s\./);
    const saved = JSON.parse(await readFile(state, 'utf8')) as { findings: Finding[]; runs: RunRecord[] };
    expect(saved.runs).toHaveLength(2);
    expect(saved.findings).toHaveLength(Number(fresh![1]));
  });

  it('--checks restricts the run; --json prints the run record, findings and what could not be evaluated', async () => {
    const { code, out } = await run('audit', '--demo', '--no-state', '--checks', 'POLICY-002,AUTH-001', '--json');
    expect(code).toBe(1);
    const parsed = JSON.parse(out) as { run: RunRecord; findings: Finding[]; unevaluated: Array<{ checkId: string }> };
    expect(parsed.run.scope.checks).toEqual(['POLICY-002', 'AUTH-001']);
    expect(new Set([...parsed.findings, ...parsed.unevaluated].map((r) => r.checkId))).toEqual(new Set(['POLICY-002', 'AUTH-001']));
    expect(parsed.findings.every((f) => f.lifecycle === 'NEW')).toBe(true);
    expect(parsed.run.status).toBe('INCOMPLETE');
  });

  it('a muted finding does not fail the pipeline', async () => {
    const config = join(dir, 'mute-all.yaml');
    await writeFile(config, 'mutelist:\n  - check: "*"\n    reason: everything accepted for this test\n    owner: test@example.com\n    expires: "2099-01-01"\n');
    const { code, out } = await run('audit', '--demo', '--no-state', '--config', config);
    expect(out).toMatch(/; (\d+) muted\./);
    expect(code).toBe(3);
  });

  it('writes the ASFF that --securityhub would send, valid per the ASFF limits', async () => {
    const file = join(dir, 'out', 'findings.asff.json');
    const { out } = await run('audit', '--demo', '--no-state', '--asff-file', file);
    const { Findings } = JSON.parse(await readFile(file, 'utf8')) as { Findings: AwsSecurityFinding[] };
    expect(out).toContain(`ASFF of the ${Findings.length} finding(s) that --securityhub would send written to ${file}`);
    expect(Findings.length).toBeGreaterThan(10);
    for (const f of Findings) expect(asffProblems(f)).toEqual([]);
  });

  it('--securityhub imports into the (simulated) Security Hub of each account', async () => {
    const { out } = await run('audit', '--demo', '--state-file', join(dir, 'sh.json'), '--securityhub');
    const m = /Security Hub: (\d+) imported \(0 archived as resolved\), 0 failed and kept for the next run\./.exec(out);
    expect(m).not.toBeNull();
    expect(Number(m![1])).toBeGreaterThan(10);
  });
});

describe('privapi audit --dynamodb-table', () => {
  let local: LocalDynamo;
  const saved = process.env.AWS_ENDPOINT_URL_DYNAMODB;
  beforeAll(async () => {
    local = await startLocalDynamoDb();
    // The SDK's own endpoint setting: the table is wherever AWS_ENDPOINT_URL_DYNAMODB says.
    process.env.AWS_ENDPOINT_URL_DYNAMODB = local.endpoint;
  });
  afterAll(async () => {
    if (saved === undefined) delete process.env.AWS_ENDPOINT_URL_DYNAMODB;
    else process.env.AWS_ENDPOINT_URL_DYNAMODB = saved;
    await local.close();
  });

  it('says exactly what is wrong when the table does not exist, and creates it when asked', async () => {
    const missing = await run('audit', '--demo', '--dynamodb-table', 'privapi-missing');
    expect(missing.code).toBe(3);
    expect(missing.err).toContain('privapi-missing');
    expect(missing.err).toContain('privapi audit --create-table');

    const created = await run('audit', '--demo', '--dynamodb-table', 'privapi-cli', '--create-table', '--checks', 'POLICY-002');
    expect(created.out).toMatch(/Findings since the previous run \(DynamoDB table privapi-cli\): [1-9]\d* new/);
    const again = await run('audit', '--demo', '--dynamodb-table', 'privapi-cli', '--checks', 'POLICY-002');
    expect(again.out).toMatch(/Findings since the previous run \(DynamoDB table privapi-cli\): 0 new, [1-9]\d* still failing/);
  });
});

describe('privapi audit: usage and config errors exit 2', () => {
  it('rejects unknown check ids', async () => {
    const { code, err } = await run('audit', '--demo', '--checks', 'POLICY-999');
    expect(code).toBe(2);
    expect(err).toContain('check id(s) or pattern(s) matching no check: POLICY-999');
  });

  it('refuses --securityhub without state: resolved findings could never be archived', async () => {
    const { code, err } = await run('audit', '--demo', '--no-state', '--securityhub');
    expect(code).toBe(2);
    expect(err).toContain('--securityhub needs the previous state');
  });

  it('names the file, line and path of an invalid mutelist entry', async () => {
    const config = join(dir, 'bad.yaml');
    await writeFile(config, 'mutelist:\n  - check: POLICY-002\n    reason: r\n    owner: o\n    expires: 2026-13-01\n');
    const { code, err } = await run('audit', '--demo', '--config', config);
    expect(code).toBe(2);
    expect(err).toMatch(/bad\.yaml:5:\d+: mutelist\[0\]\.expires/);
  });

  it('rejects a mutelist entry whose check pattern matches no check', async () => {
    const config = join(dir, 'typo.json');
    await writeFile(config, JSON.stringify({ mutelist: [{ check: 'POLICY-99*', reason: 'r', owner: 'o', expires: '2099-01-01' }] }, null, 2));
    const { code, err } = await run('audit', '--demo', '--config', config);
    expect(code).toBe(2);
    expect(err).toContain('check "POLICY-99*" matches no check');
  });
});

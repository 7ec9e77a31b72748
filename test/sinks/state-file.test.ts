import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileStateStore, KEPT_RUNS, type StateFileContent } from '../../src/sinks/state-file.js';
import { RunConflictError, StateStoreError } from '../../src/sinks/state-store.js';
import { ACCOUNT_A, ACCOUNT_B, T0, T1, T2, finished, makeFinding, makeRun, resolved, transitionOf } from './fixtures.js';

const NOW = new Date('2026-03-05T00:00:00.000Z');
const RETENTION = 30;

let dir: string;
let file: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'privapi-state-'));
  file = join(dir, 'nested', 'state.json');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const storeAt = (path = file) => new FileStateStore({ path, retentionDays: RETENTION, now: () => NOW });
const content = async (): Promise<StateFileContent> => JSON.parse(await readFile(file, 'utf8')) as StateFileContent;

describe('FileStateStore', () => {
  it('starts empty without a file, then round-trips findings, history and runs', async () => {
    const store = storeAt();
    const run = makeRun();
    const a = makeFinding({ arn: 'arn:a' });
    const b = makeFinding({ arn: 'arn:b', accountId: ACCOUNT_B });

    expect(await store.loadFindings([ACCOUNT_A])).toEqual([]);
    await store.beginRun(run);
    const report = await store.saveRun(finished(run, T1), [a, b], [transitionOf(a, 'NONE')]);

    expect(report).toEqual({ written: 2, superseded: [], transitions: 1 });
    expect(await storeAt().loadFindings([ACCOUNT_A])).toEqual([a]);
    expect(await storeAt().loadFindings([ACCOUNT_A, ACCOUNT_B])).toHaveLength(2);
    const saved = await content();
    expect(saved.version).toBe(1);
    expect(saved.history).toEqual([transitionOf(a, 'NONE')]);
    expect(saved.runs).toEqual([finished(run, T1)]);
    expect(store.description).toBe(`state file ${file}`);
  });

  it('writes atomically: no temporary file is left beside the state file', async () => {
    const store = storeAt();

    await store.saveRun(makeRun(), [makeFinding()], []);
    await store.saveRun(makeRun({ runId: 'run-2', startedAt: T1 }), [makeFinding({ runId: 'run-2', runStartedAt: T1 })], []);

    expect(await readdir(join(dir, 'nested'))).toEqual(['state.json']);
  });

  it('refuses a corrupt file with an error that names it and says how to recover', async () => {
    await storeAt().saveRun(makeRun(), [makeFinding()], []);
    await writeFile(file, '{"version": 1, "findings": [', 'utf8');

    const loading = storeAt().loadFindings([ACCOUNT_A]);

    await expect(loading).rejects.toThrow(StateStoreError);
    await expect(loading).rejects.toThrow(`state file ${file}: it is not valid JSON`);
    await expect(loading).rejects.toThrow(`move it aside (mv ${file} ${file}.broken)`);
    await expect(loading).rejects.toThrow(/reported as NEW/);
    // Nothing was overwritten: saving fails the same way instead of starting from empty.
    await expect(storeAt().saveRun(makeRun(), [], [])).rejects.toThrow(StateStoreError);
    expect(await readFile(file, 'utf8')).toBe('{"version": 1, "findings": [');
  });

  it('refuses valid JSON that is not a state file, and one from a newer version', async () => {
    await writeFile(file.replace('nested/', ''), '[]', 'utf8');
    await expect(storeAt(file.replace('nested/', '')).loadFindings([])).rejects.toThrow(/is not a privapi state file/);

    await writeFile(file.replace('nested/', ''), '{"version": 2, "findings": [], "runs": [], "history": []}', 'utf8');
    await expect(storeAt(file.replace('nested/', '')).loadFindings([])).rejects.toThrow(/format version 2, written by a newer privapi/);
  });

  it('saving the same run twice leaves the same file', async () => {
    const store = storeAt();
    const run = finished(makeRun(), T1);
    const a = makeFinding({ arn: 'arn:a' });
    const b = makeFinding({ arn: 'arn:b', lifecycle: 'STILL_FAILING' });
    const transitions = [transitionOf(a, 'NONE'), transitionOf(b, 'NEW')];

    const first = await store.saveRun(run, [a, b], transitions);
    const afterFirst = await readFile(file, 'utf8');
    const second = await store.saveRun(run, [b, a], [...transitions, transitions[0]!]);

    expect(second).toEqual(first);
    expect(await readFile(file, 'utf8')).toBe(afterFirst);
    expect((await content()).history).toHaveLength(2);
  });

  it('beginRun lets a RUNNING run restart but refuses a finished one', async () => {
    const store = storeAt();
    const run = makeRun();

    await store.beginRun(run);
    await store.beginRun(run);
    await store.saveRun(finished(run, T1), [], []);

    await expect(store.beginRun(run)).rejects.toThrow(RunConflictError);
    await expect(store.beginRun(run)).rejects.toThrow(/run-1 is already recorded as COMPLETE/);
  });

  it('keeps the version of a run that started later and reports this one as superseded', async () => {
    const store = storeAt();
    const contested = makeFinding({ arn: 'arn:contested' });
    const late = { ...contested, lifecycle: 'STILL_FAILING' as const, runId: 'run-late', runStartedAt: T2, updatedAt: T2 };
    await store.saveRun(makeRun({ runId: 'run-late', startedAt: T2 }), [late], []);
    const early = { ...contested, runId: 'run-early', runStartedAt: T1 };

    const report = await store.saveRun(makeRun({ runId: 'run-early', startedAt: T1 }), [early], [transitionOf(early, 'NONE')]);

    expect(report).toEqual({ written: 0, superseded: [contested.id], transitions: 0 });
    expect(await store.loadFindings([ACCOUNT_A])).toEqual([late]);
    expect((await content()).history).toEqual([]);
  });

  it('prunes history and resolved findings past the retention, and keeps the newest runs', async () => {
    const store = storeAt();
    const old = '2026-01-01T00:00:00.000Z'; // more than 30 days before NOW
    const active = makeFinding({ arn: 'arn:active', runStartedAt: old, firstObservedAt: old });
    const recent = resolved(makeFinding({ arn: 'arn:recent' }), 'run-x', T0);
    const expired = resolved(makeFinding({ arn: 'arn:expired' }), 'run-x', old);
    await store.saveRun(makeRun(), [active, recent, expired], [transitionOf(active, 'NONE'), transitionOf(recent, 'STILL_FAILING')]);
    for (let i = 0; i < KEPT_RUNS + 5; i++) {
      const startedAt = new Date(Date.parse(T0) + i * 60_000).toISOString();
      await store.saveRun(finished(makeRun({ runId: `r-${String(i).padStart(3, '0')}`, startedAt }), startedAt), [], []);
    }

    const saved = await content();
    expect(saved.findings.map((f) => f.id).sort()).toEqual([active.id, recent.id].sort());
    expect(saved.history).toEqual([transitionOf(recent, 'STILL_FAILING')]);
    expect(saved.runs).toHaveLength(KEPT_RUNS);
    expect(saved.runs[0]?.runId).toBe('r-005');
    expect(saved.runs.at(-1)?.runId).toBe(`r-0${KEPT_RUNS + 4}`);
  });
});

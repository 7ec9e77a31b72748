import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Finding, FindingTransition, RunRecord } from '../model/finding.js';
import { RunConflictError, StateStoreError, type SaveReport, type StateStore } from './state-store.js';

/**
 * The state store for CLI use without a table: one JSON file. It follows the DynamoDB store's
 * rules (a finding written by a later-started run wins, saving a run twice changes nothing,
 * RESOLVED findings and history expire after the retention) so a CLI run and a deployed run
 * reach the same lifecycle from the same history.
 *
 * One writer at a time: there is no lock, so two CLI runs sharing a file can lose each other's
 * writes (the later rename wins). Atomic renames at least mean a crash never leaves half a file.
 */

export const DEFAULT_STATE_FILE = '.privapi/state.json';
/** Runs beyond this many (newest kept) are dropped: the file is state, not an audit log. */
export const KEPT_RUNS = 50;

export interface StateFileContent {
  version: 1;
  findings: Finding[];
  runs: RunRecord[];
  history: FindingTransition[];
}

export interface FileStateStoreOptions {
  path?: string;
  retentionDays: number;
  now?: () => Date;
}

const DAY_MS = 86_400_000;

export class FileStateStore implements StateStore {
  readonly description: string;
  readonly path: string;
  private readonly retentionDays: number;
  private readonly now: () => Date;

  constructor(opts: FileStateStoreOptions) {
    if (!(opts.retentionDays > 0)) throw new RangeError(`retentionDays must be positive, got ${opts.retentionDays}`);
    this.path = resolve(opts.path ?? DEFAULT_STATE_FILE);
    this.retentionDays = opts.retentionDays;
    this.now = opts.now ?? (() => new Date());
    this.description = `state file ${this.path}`;
  }

  async loadFindings(accountIds: readonly string[]): Promise<Finding[]> {
    const wanted = new Set(accountIds);
    const state = this.prune(await this.read());
    return state.findings.filter((f) => wanted.has(f.accountId));
  }

  async beginRun(run: RunRecord): Promise<void> {
    const state = await this.read();
    const existing = state.runs.find((r) => r.runId === run.runId);
    if (existing && existing.status !== 'RUNNING') {
      throw new RunConflictError(
        `Run ${run.runId} is already recorded as ${existing.status} in ${this.description}` +
          `${existing.finishedAt ? ` (finished ${existing.finishedAt})` : ''}; start a new run with a new run id.`,
      );
    }
    await this.write(this.prune({ ...state, runs: upsertRun(state.runs, run) }));
  }

  async saveRun(run: RunRecord, findings: readonly Finding[], transitions: readonly FindingTransition[]): Promise<SaveReport> {
    const state = await this.read();
    const byId = new Map(state.findings.map((f) => [f.id, f]));
    const superseded: string[] = [];
    let written = 0;
    for (const finding of findings) {
      const current = byId.get(finding.id);
      // ISO-8601 UTC strings compare in time order; an equal start is this run writing again.
      if (current && current.runStartedAt > finding.runStartedAt) {
        superseded.push(finding.id);
        continue;
      }
      byId.set(finding.id, finding);
      written++;
    }

    // A superseded finding's transition describes a state the file no longer holds.
    const dropped = new Set(superseded);
    const history = new Map(state.history.map((t) => [transitionIdentity(t), t]));
    const saved = new Set<string>();
    for (const t of transitions) {
      if (dropped.has(t.findingId)) continue;
      history.set(transitionIdentity(t), t);
      saved.add(transitionIdentity(t));
    }

    const findingsOut = [...byId.values()].sort((a, b) => compare(a.id, b.id));
    await this.write(this.prune({ version: 1, findings: findingsOut, runs: upsertRun(state.runs, run), history: [...history.values()] }));
    return { written, superseded, transitions: saved.size };
  }

  /** What DynamoDB TTL does for the table: resolved findings and history past the retention go. */
  private prune(state: StateFileContent): StateFileContent {
    const cutoff = new Date(this.now().getTime() - this.retentionDays * DAY_MS).toISOString();
    return {
      version: 1,
      findings: state.findings.filter((f) => f.state === 'ACTIVE' || (f.resolvedAt ?? f.updatedAt) >= cutoff),
      runs: [...state.runs].sort((a, b) => compare(a.startedAt, b.startedAt) || compare(a.runId, b.runId)).slice(-KEPT_RUNS),
      history: state.history.filter((t) => t.at >= cutoff),
    };
  }

  private async read(): Promise<StateFileContent> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, findings: [], runs: [], history: [] };
      throw new StateStoreError(`Cannot read ${this.description}: ${(err as Error).message}. Fix its permissions, or point privapi at another state file.`, { cause: err });
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      throw this.corrupt(`it is not valid JSON (${(err as Error).message})`, err);
    }
    if (typeof parsed !== 'object' || parsed === null) throw this.corrupt('it does not hold a JSON object');
    const { version, findings, runs, history } = parsed as Record<string, unknown>;
    if (typeof version === 'number' && version > 1) {
      throw new StateStoreError(`${this.description} has format version ${version}, written by a newer privapi; upgrade privapi to use it.`);
    }
    if (version !== 1 || !Array.isArray(findings) || !Array.isArray(runs) || !Array.isArray(history)) {
      throw this.corrupt('it is not a privapi state file (expected {"version": 1, "findings": [], "runs": [], "history": []})');
    }
    return { version: 1, findings, runs, history } as StateFileContent;
  }

  /**
   * Starting from empty instead would report every finding as NEW again and lose when each was
   * first observed, so the user decides.
   */
  private corrupt(why: string, cause?: unknown): StateStoreError {
    return new StateStoreError(
      `Cannot use ${this.description}: ${why}. Restore it from a backup, or move it aside (mv ${this.path} ${this.path}.broken) ` +
        'to start from empty state, knowing every open finding will then be reported as NEW with a new first-observed time.',
      cause === undefined ? undefined : { cause },
    );
  }

  private async write(state: StateFileContent): Promise<void> {
    const tmp = `${this.path}.tmp-${process.pid}`;
    try {
      await mkdir(dirname(this.path), { recursive: true });
      const handle = await open(tmp, 'w', 0o600);
      try {
        await handle.writeFile(`${JSON.stringify(state, null, 2)}\n`, 'utf8');
        // Without the sync a crash after the rename can leave an empty file under the real name.
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(tmp, this.path);
    } catch (err) {
      await rm(tmp, { force: true });
      throw new StateStoreError(`Cannot write ${this.description}: ${(err as Error).message}. Check that its directory is writable and the disk is not full.`, { cause: err });
    }
  }
}

function upsertRun(runs: readonly RunRecord[], run: RunRecord): RunRecord[] {
  return [...runs.filter((r) => r.runId !== run.runId), run];
}

/** The same identity the DynamoDB store keys history by. */
function transitionIdentity(t: FindingTransition): string {
  return `${t.findingId}\u0000${t.runId}\u0000${t.to}`;
}

/** Code-unit order, like DynamoDB's string order, so both stores sort the same way. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

import type { z } from 'zod';
import { Snapshot } from './inventory.js';

export interface SnapshotIssue {
  /** e.g. "regional[3].restApis[0].endpointConfiguration.types" */
  path: string;
  message: string;
}

export class SnapshotError extends Error {
  override readonly name = 'SnapshotError';
  constructor(readonly source: string, readonly issues: readonly SnapshotIssue[]) {
    super(`${source} is not a valid privapi snapshot:\n${issues.map((i) => `  - ${i.path || '(root)'}: ${i.message}`).join('\n')}`);
  }
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');
}

function issuesOf(error: z.ZodError): SnapshotIssue[] {
  return error.issues.map((i) => ({ path: formatPath(i.path), message: i.message }));
}

/** Validates parsed JSON as a snapshot; every invalid field is reported with its exact path. */
export function parseSnapshot(data: unknown, source = 'snapshot'): Snapshot {
  const result = Snapshot.safeParse(data);
  if (!result.success) throw new SnapshotError(source, issuesOf(result.error));
  return result.data;
}

/** Parses snapshot text (file contents); malformed JSON is reported like any other invalid field. */
export function parseSnapshotText(text: string, source = 'snapshot'): Snapshot {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new SnapshotError(source, [{ path: '', message: `not JSON: ${(err as Error).message}` }]);
  }
  return parseSnapshot(data, source);
}

export function serializeSnapshot(snapshot: Snapshot): string {
  return `${JSON.stringify(snapshot, null, 2)}\n`;
}

/**
 * One organization's inventory from the parts fan-out workers collected, each for a batch of
 * accounts. The parts are disjoint by account, so the merge is a concatenation; the caller and
 * partition are the same in every part because every worker runs as the same hub role.
 */
export function mergeSnapshots(parts: readonly Snapshot[]): Snapshot {
  const [first] = parts;
  if (!first) throw new RangeError('mergeSnapshots needs at least one part');
  const byStart = [...parts].sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  return {
    ...first,
    startedAt: byStart[0]!.startedAt,
    finishedAt: parts.map((p) => p.finishedAt).sort().at(-1)!,
    regions: [...new Set(parts.flatMap((p) => p.regions))].sort(),
    accounts: parts.flatMap((p) => p.accounts),
    collections: parts.flatMap((p) => p.collections),
    regional: parts.flatMap((p) => p.regional),
    global: parts.flatMap((p) => p.global),
  };
}

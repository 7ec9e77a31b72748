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

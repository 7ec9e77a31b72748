/** Exit codes a pipeline can rely on (documented in the README). */
export const EXIT = { ok: 0, findings: 1, usage: 2, incomplete: 3 } as const;

/** Bad flags, config or input files: the user can fix it; printed without a stack trace. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

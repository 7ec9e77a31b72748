/**
 * Budgets for the property-based tests of hostile input (issue 9). The normal run keeps every
 * module at 10,000 generated cases or more within the suite's time; `npm run test:properties`
 * multiplies them through PRIVAPI_PROPERTY_SCALE for a long run.
 */

/** Generated cases per module in a normal run; each property file spends exactly its module's count. */
export const PROPERTY_CASES = { policy: 12_000, snapshot: 10_000, config: 10_000, mutelist: 12_000 } as const;

const SCALE = Number(process.env.PRIVAPI_PROPERTY_SCALE ?? 1);
if (!Number.isFinite(SCALE) || SCALE <= 0) throw new Error(`PRIVAPI_PROPERTY_SCALE must be a positive number, got ${JSON.stringify(process.env.PRIVAPI_PROPERTY_SCALE)}`);

/** numRuns for a property whose normal-run share is `base`. */
export function runs(base: number): number {
  return Math.max(1, Math.round(base * SCALE));
}

/** vitest's per-test timeout, stretched with the number of runs so a long run is not cut short. */
export const PROPERTY_TIMEOUT = Math.round(20_000 * Math.max(1, SCALE));

/** Sum of a file's per-property shares, to check it against PROPERTY_CASES. */
export function totalCases(shares: Readonly<Record<string, number>>): number {
  return Object.values(shares).reduce((a, b) => a + b, 0);
}

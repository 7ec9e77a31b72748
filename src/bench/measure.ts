/** Helpers every benchmark stage shares. */

/** The fastest of `repeats` runs (JIT warm-up and GC pauses make the others noise), with its value. */
export function best<T>(fn: () => T, repeats = 3): { ms: number; value: T } {
  let ms = Number.POSITIVE_INFINITY;
  let value: T | undefined;
  for (let i = 0; i < repeats; i++) {
    const started = performance.now();
    value = fn();
    ms = Math.min(ms, performance.now() - started);
  }
  return { ms, value: value as T };
}

export function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/** Small helpers every collector uses to read listings and keep their output in a stable order. */

/** Every item of every page; a failing page rejects, so a partial list never passes as whole. */
export async function allItems<P, T>(pages: AsyncIterable<P>, items: (page: P) => readonly T[] | undefined): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages) out.push(...(items(page) ?? []));
  return out;
}

/** Code-point order: stable across locales, unlike localeCompare. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function byKey<T>(key: (item: T) => string): (a: T, b: T) => number {
  return (a, b) => compareStrings(key(a), key(b));
}

export const byId = byKey((x: { id: string }) => x.id);
export const byArn = byKey((x: { arn: string }) => x.arn);

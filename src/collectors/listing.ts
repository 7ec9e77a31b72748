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

/** The error code collection records for a malformed response. */
export const MALFORMED_RESPONSE = 'MalformedResponse';

/**
 * A response privapi cannot take at its word: a body that does not parse, or items missing a field
 * AWS documents as always present or carrying an enum value the SDK does not list.
 */
export class MalformedResponseError extends Error {
  override readonly name = MALFORMED_RESPONSE;
}

/** One item that cannot be read faithfully; mapReadable gathers them into one MalformedResponseError. */
class UnreadableItem extends Error {}

/** A field AWS documents as always present: without it the item cannot be identified or judged. */
export function present<T>(value: T | undefined, what: string, field: string): T {
  if (value === undefined || value === '') throw new UnreadableItem(`${what} without ${field}`);
  return value;
}

/**
 * A value the SDK's enum lists (case-insensitively: EC2 answers in lower case, its enums are
 * capitalized). Checks branch on these fields, and a value they do not know would read as "not
 * private" or "not broken", a conclusive result the data does not support.
 */
export function known<T extends string | undefined>(value: T, values: Readonly<Record<string, string>>, what: string, field: string): T {
  if (value !== undefined && !Object.values(values).some((v) => v.toLowerCase() === value.toLowerCase())) {
    throw new UnreadableItem(`${what} with ${field} ${JSON.stringify(value)}, which privapi does not know`);
  }
  return value;
}

/** Maps the items that can be read; those that cannot are named in `malformed` instead. */
export function mapReadable<T, R>(operation: string, items: readonly T[], map: (item: T, index: number) => R): { mapped: R[]; malformed: MalformedResponseError | undefined } {
  const mapped: R[] = [];
  const problems: string[] = [];
  items.forEach((item, index) => {
    try {
      mapped.push(map(item, index));
    } catch (err) {
      if (!(err instanceof UnreadableItem)) throw err;
      problems.push(err.message);
    }
  });
  const malformed = problems.length ? new MalformedResponseError(`${operation} returned ${problems.length} item(s) privapi cannot read: ${problems.join('; ')}`) : undefined;
  return { mapped, malformed };
}

/** Every item, or the MalformedResponseError naming those that cannot be read: for per-resource calls, where part of a list is no list. */
export function readAll<T, R>(operation: string, items: readonly T[], map: (item: T, index: number) => R): R[] {
  const { mapped, malformed } = mapReadable(operation, items, map);
  if (malformed) throw malformed;
  return mapped;
}

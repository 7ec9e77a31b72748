/**
 * Follows a token-paginated listing for operations the SDK ships no paginator for. A page that
 * returns the token it was asked with would loop forever, so that is an error, not a stop.
 */
export async function* paginate<TPage>(
  operation: string,
  fetchPage: (token: string | undefined) => Promise<TPage>,
  nextToken: (page: TPage) => string | undefined,
): AsyncGenerator<TPage> {
  let token: string | undefined;
  const seen = new Set<string>();
  do {
    const page = await fetchPage(token);
    yield page;
    token = nextToken(page) || undefined;
    if (token !== undefined) {
      if (seen.has(token)) throw new PaginationLoopError(operation, token);
      seen.add(token);
    }
  } while (token !== undefined);
}

export class PaginationLoopError extends Error {
  override readonly name = 'PaginationLoop';
  constructor(operation: string, token: string) {
    super(`${operation} returned the pagination token ${JSON.stringify(token.slice(0, 40))} twice; stopped to avoid an endless listing`);
  }
}

/** Splits filter values into groups the EC2/ELB APIs accept (at most `size` values a filter). */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`chunk size must be a positive whole number, got ${size}`);
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

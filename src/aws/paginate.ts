/**
 * Follows a token-paginated listing for operations the SDK ships no paginator for. A page that
 * returns the token it was asked with would loop forever, so that is an error, not a stop.
 */
export function paginate<TPage>(
  operation: string,
  fetchPage: (token: string | undefined) => Promise<TPage>,
  nextToken: (page: TPage) => string | undefined,
): AsyncGenerator<TPage> {
  return loopGuarded(operation, follow(fetchPage, nextToken), nextToken);
}

async function* follow<TPage>(fetchPage: (token: string | undefined) => Promise<TPage>, nextToken: (page: TPage) => string | undefined): AsyncGenerator<TPage> {
  let token: string | undefined;
  do {
    const page = await fetchPage(token);
    yield page;
    token = nextToken(page) || undefined;
  } while (token !== undefined);
}

/**
 * The pages of an SDK v3 paginator, stopped with an error once a token comes back a second time:
 * the SDK's own paginators ask for the same page forever, or with `stopOnSameToken` end the
 * listing early as if it were whole; neither is checked for a token seen pages before.
 */
export async function* loopGuarded<TPage>(operation: string, pages: AsyncIterable<TPage>, nextToken: (page: TPage) => string | undefined): AsyncGenerator<TPage> {
  const seen = new Set<string>();
  for await (const page of pages) {
    yield page;
    const token = nextToken(page) || undefined;
    if (token === undefined) continue;
    if (seen.has(token)) throw new PaginationLoopError(operation, token);
    seen.add(token);
  }
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

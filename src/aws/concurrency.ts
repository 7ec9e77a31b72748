import pLimit from 'p-limit';

/**
 * Maps with at most `limit` calls in flight, keeping input order. The rate limiters pace the
 * calls; this only keeps enough of them queued to use the quota without flooding memory.
 */
export async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const run = pLimit(Math.max(1, limit));
  return Promise.all(items.map((item, i) => run(() => fn(item, i))));
}

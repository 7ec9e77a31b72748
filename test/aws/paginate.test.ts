import { describe, expect, it, vi } from 'vitest';
import { PaginationLoopError, chunks, paginate } from '../../src/aws/paginate.js';

interface Page {
  items: string[];
  next?: string;
}

/** A fake listing: token -> page (undefined is the first page). */
function listing(pages: Record<string, Page>, first: Page) {
  return vi.fn(async (token: string | undefined): Promise<Page> => {
    if (token === undefined) return first;
    const page = pages[token];
    if (page === undefined) throw new Error(`unexpected token ${token}`);
    return page;
  });
}

async function collect<T>(gen: AsyncGenerator<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of gen) out.push(item);
  return out;
}

describe('paginate', () => {
  it('follows the tokens until a page has none', async () => {
    // GIVEN three pages linked by tokens
    const fetchPage = listing({ t1: { items: ['b'], next: 't2' }, t2: { items: ['c'] } }, { items: ['a'], next: 't1' });

    // WHEN the listing is paginated
    const pages = await collect(paginate('ListThings', fetchPage, (p) => p.next));

    // THEN every page is yielded in order and each token was passed once
    expect(pages.flatMap((p) => p.items)).toEqual(['a', 'b', 'c']);
    expect(fetchPage.mock.calls).toEqual([[undefined], ['t1'], ['t2']]);
  });

  it('stops on an empty-string token', async () => {
    // GIVEN a page that answers NextToken ""
    const fetchPage = listing({}, { items: ['a'], next: '' });

    // WHEN paginated
    const pages = await collect(paginate('ListThings', fetchPage, (p) => p.next));

    // THEN there is one page and no second request
    expect(pages).toHaveLength(1);
    expect(fetchPage).toHaveBeenCalledTimes(1);
  });

  it('throws PaginationLoopError when a token comes back a second time', async () => {
    // GIVEN pages that cycle t1 -> t2 -> t1
    const fetchPage = listing({ t1: { items: ['b'], next: 't2' }, t2: { items: ['c'], next: 't1' } }, { items: ['a'], next: 't1' });
    const seen: string[] = [];

    // WHEN paginated
    const run = async () => {
      for await (const page of paginate('GetResources', fetchPage, (p) => p.next)) seen.push(...page.items);
    };

    // THEN the loop is detected instead of listing forever
    await expect(run()).rejects.toBeInstanceOf(PaginationLoopError);
    expect(seen).toEqual(['a', 'b', 'c']);
    expect(fetchPage).toHaveBeenCalledTimes(3);
  });

  it('throws PaginationLoopError when a page returns the token it was asked with', async () => {
    const fetchPage = listing({ same: { items: ['b'], next: 'same' } }, { items: ['a'], next: 'same' });

    const err = await collect(paginate('GetVpcLinks', fetchPage, (p) => p.next)).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(PaginationLoopError);
    expect((err as Error).name).toBe('PaginationLoop');
    expect((err as Error).message).toContain('GetVpcLinks');
    expect((err as Error).message).toContain('"same"');
    expect(fetchPage).toHaveBeenCalledTimes(2);
  });

  it('quotes at most 40 characters of the token in the error', () => {
    const err = new PaginationLoopError('Op', 'z'.repeat(100));
    expect(err.message).toContain(`"${'z'.repeat(40)}"`);
    expect(err.message).not.toContain('z'.repeat(41));
  });

  it('fetches lazily and stops fetching when the consumer stops', async () => {
    // GIVEN an endless listing
    let n = 0;
    const fetchPage = vi.fn(async () => ({ items: [`p${n}`], next: `t${++n}` }));

    // WHEN the consumer breaks after two pages
    const gen = paginate('ListEndless', fetchPage, (p) => p.next);
    expect(fetchPage).not.toHaveBeenCalled();
    const got: string[] = [];
    for await (const page of gen) {
      got.push(...page.items);
      if (got.length === 2) break;
    }

    // THEN no further page is requested
    expect(got).toEqual(['p0', 'p1']);
    expect(fetchPage).toHaveBeenCalledTimes(2);
  });

  it('propagates a failing page request', async () => {
    const fetchPage = listing({}, { items: ['a'], next: 'missing' });

    await expect(collect(paginate('ListThings', fetchPage, (p) => p.next))).rejects.toThrow('unexpected token missing');
  });
});

describe('chunks', () => {
  it('splits into groups of at most `size`, keeping order', () => {
    expect(chunks([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('returns one group when everything fits and none for no items', () => {
    expect(chunks(['a', 'b'], 200)).toEqual([['a', 'b']]);
    expect(chunks(['a', 'b'], 2)).toEqual([['a', 'b']]);
    expect(chunks([], 5)).toEqual([]);
  });

  it('does not modify its input', () => {
    const items = Object.freeze([1, 2, 3]);
    chunks(items, 1);
    expect(items).toEqual([1, 2, 3]);
  });

  it.each([0, -1, Number.NaN])('rejects the size %s with a RangeError instead of looping', (size) => {
    // GIVEN an array that fails loudly once its length has been read 1000 times, so an endless
    // loop ends in an error instead of hanging the run
    let reads = 0;
    const guarded = new Proxy([1, 2, 3], {
      get(target, prop, receiver) {
        if (prop === 'length' && ++reads > 1000) throw new Error('chunks() kept looping');
        return Reflect.get(target, prop, receiver) as unknown;
      },
    });

    // WHEN / THEN chunks refuses the size
    // (fails today: src/aws/paginate.ts loops forever for 0 and -1, pushing empty chunks, and returns [[]] for NaN)
    expect(() => chunks(guarded, size)).toThrow(RangeError);
  });
});

/** Paging and bounded concurrency for reading whole realms through the admin REST API. */

/** Reads every page of a paginated listing (`first`/`max`) until a short page. */
export async function readAllPages<T>(
  page: (first: number, max: number) => Promise<T[]>,
  pageSize = 500,
): Promise<T[]> {
  const all: T[] = [];
  for (let first = 0; ; first += pageSize) {
    const items = await page(first, pageSize);
    all.push(...items);
    if (items.length < pageSize) return all;
  }
}

/**
 * Maps items with at most `concurrency` calls in flight, results in input order. The first failure rejects
 * after the calls in flight settle; no new call starts after it.
 */
export async function mapConcurrently<T, R>(
  items: readonly T[],
  concurrency: number,
  map: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new TypeError('mapConcurrently: concurrency must be a positive integer');
  }
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const index = next++;
      try {
        results[index] = await map(items[index] as T, index);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const settled = await Promise.allSettled(
    Array.from({ length: Math.min(concurrency, items.length) }, worker),
  );
  const rejected = settled.find((outcome) => outcome.status === 'rejected');
  if (rejected) throw (rejected as PromiseRejectedResult).reason;
  return results;
}

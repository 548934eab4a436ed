/**
 * Runs `fn` over `items` with at most `limit` calls in flight, keeping the results in input order. Rounds write
 * thousands of pairings; one at a time that is minutes against a remote Cosmos account, all at once it is a 429
 * storm.
 */
export async function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

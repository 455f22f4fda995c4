/**
 * Maps over items with at most `limit` calls in flight, in the input's order. The first failure stops new work from
 * starting and is rethrown once the calls already running have settled, so no result is half-collected and no promise
 * is left dangling. This is the alternative to `Promise.all(items.map(...))`, whose unbounded fan-out runs into rate
 * limits (style.md, "Things we avoid" 1).
 * @throws the first error any call threw
 */
export const mapBounded = async <T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> => {
  const results = new Array<R>(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (failure === undefined && next < items.length) {
      const index = next;
      next += 1;
      try {
        results[index] = await fn(items[index] as T, index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker);
  await Promise.all(workers);
  if (failure !== undefined) throw failure.error;
  return results;
};

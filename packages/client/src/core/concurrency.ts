/**
 * Bounded concurrency for batches: at most `limit` calls run at once, so a batch uses as many creates
 * as the account's plan runs at once (`runsAtOnce` in plans.ts) instead of piling up waiting
 * requests on the server.
 */

/**
 * Maps `items` through `fn` with at most `limit` calls at a time; results keep the input order.
 *
 * On the first failure no new item is started; the calls already running are awaited (a create in
 * flight cannot be called back, and its outcome should not be ignored), then the first error is
 * thrown. For a result per item (n8n's continue-on-fail), use {@link mapLimitSettled}.
 */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let failed = false;
  let firstError: unknown;
  await run(items.length, limit, async (index) => {
    if (failed) return false;
    try {
      results[index] = await fn(items[index] as T, index);
    } catch (err) {
      if (!failed) {
        failed = true;
        firstError = err;
      }
    }
    return !failed;
  });
  if (failed) throw firstError;
  return results;
}

/**
 * Maps every item through `fn` with at most `limit` calls at a time, whatever fails; each result
 * says whether its call succeeded, in the input order.
 */
export async function mapLimitSettled<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<PromiseSettledResult<R>[]> {
  const results = new Array<PromiseSettledResult<R>>(items.length);
  await run(items.length, limit, async (index) => {
    try {
      results[index] = { status: 'fulfilled', value: await fn(items[index] as T, index) };
    } catch (reason) {
      results[index] = { status: 'rejected', reason };
    }
    return true;
  });
  return results;
}

/** Runs `task(0..count-1)` on `limit` workers; a worker stops taking items when its task returns false. */
async function run(count: number, limit: number, task: (index: number) => Promise<boolean>): Promise<void> {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a whole number of at least 1 (got ${limit})`);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const index = next++;
      if (!(await task(index))) return;
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
}

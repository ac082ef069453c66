/**
 * A batch of creates as every front end should run it: every item is prepared (validated, checked,
 * built) before the first request, so bad input anywhere costs nothing; then the requests run a few
 * at a time (the account's parallel slots); each item's `finish` (e.g. downloading its images from
 * the CDN) starts as soon as its requests are done and runs outside the limit, so a slot never waits
 * for a download. Results keep the input order whatever finishes first.
 */
import { mapLimit, mapLimitSettled } from '../concurrency';

/** How one operation handles the items of a batch. */
export interface BatchOperation<Prepared, Made, Result> {
  /** Reads and checks item `index`; sends nothing that costs credits. Throws on bad input. */
  prepare(index: number): Prepared | Promise<Prepared>;
  /** The requests of one prepared item; at most `concurrency` run at once. */
  run(prepared: Prepared, index: number): Promise<Made>;
  /**
   * Turns what `run` made into the item's result, outside the limit. It runs after a create that
   * may have been charged, so it should not throw for what was paid for.
   */
  finish(made: Made, prepared: Prepared, index: number): Promise<Result>;
  /** How many items may run at once (default 1). */
  concurrency?: number;
}

/** Thrown by a batch that stops at its first failure: which item failed, and why. */
export class BatchItemFailure extends Error {
  override readonly name = 'BatchItemFailure';
  constructor(
    readonly index: number,
    override readonly cause: unknown,
  ) {
    super(`item ${index} failed`);
  }
}

type Settled<T> = PromiseSettledResult<T>;
const settle = <T>(work: Promise<T>): Promise<Settled<T>> =>
  work.then(
    (value) => ({ status: 'fulfilled', value }),
    (reason: unknown) => ({ status: 'rejected', reason }),
  );
const limitOf = (concurrency: number | undefined) => Math.max(1, Math.floor(concurrency ?? 1));

/**
 * Runs `count` items and returns each one's outcome, in input order, whatever fails (a platform's
 * "continue on fail").
 */
export async function runBatchSettled<P, M, R>(count: number, operation: BatchOperation<P, M, R>): Promise<Array<Settled<R>>> {
  const outcomes = new Array<Settled<R>>(count);
  const ready: Array<{ index: number; prepared: P }> = [];
  for (let index = 0; index < count; index++) {
    try {
      ready.push({ index, prepared: await operation.prepare(index) });
    } catch (reason) {
      outcomes[index] = { status: 'rejected', reason };
    }
  }
  const finished: Array<Promise<Settled<R>>> = [];
  const created = await mapLimitSettled(ready, limitOf(operation.concurrency), async ({ index, prepared }, position) => {
    const made = await operation.run(prepared, index);
    finished[position] = settle(operation.finish(made, prepared, index));
  });
  for (const [position, { index }] of ready.entries()) {
    const outcome = created[position]!;
    outcomes[index] = outcome.status === 'fulfilled' ? await finished[position]! : outcome;
  }
  return outcomes;
}

/**
 * Runs `count` items and returns their results in input order; on the first failure throws a
 * {@link BatchItemFailure}. A bad item stops the batch before any request. Once requests run, no
 * new item starts after a failure, but the ones in flight complete (a create cannot be called
 * back) and so do the `finish` of the items made, before the failure is thrown.
 */
export async function runBatch<P, M, R>(count: number, operation: BatchOperation<P, M, R>): Promise<R[]> {
  const ready: Array<{ index: number; prepared: P }> = [];
  for (let index = 0; index < count; index++) {
    try {
      ready.push({ index, prepared: await operation.prepare(index) });
    } catch (reason) {
      throw new BatchItemFailure(index, reason);
    }
  }
  const finished: Array<Promise<Settled<R>>> = [];
  let finishFailure: BatchItemFailure | undefined;
  await mapLimit(ready, limitOf(operation.concurrency), async ({ index, prepared }, position) => {
    if (finishFailure) throw finishFailure;
    let made: M;
    try {
      made = await operation.run(prepared, index);
    } catch (reason) {
      throw new BatchItemFailure(index, reason);
    }
    finished[position] = settle(operation.finish(made, prepared, index)).then((outcome) => {
      if (outcome.status === 'rejected') finishFailure ??= new BatchItemFailure(index, outcome.reason);
      return outcome;
    });
  }).finally(async () => await Promise.all(finished));
  const results: R[] = [];
  for (const [position, { index }] of ready.entries()) {
    const outcome = await finished[position]!;
    if (outcome.status === 'rejected') throw new BatchItemFailure(index, outcome.reason);
    results.push(outcome.value);
  }
  return results;
}

import type { App, Call } from '../app';
import { apiError, type Reply } from '../http/reply';
import { QueueLimitError, type Release, type SlotKind } from '../slots';

/**
 * What creates and upscales share: waiting for a parallel slot, then running the blocking job
 * with its latency and the faults that happen on the worker.
 */

/** Waits for one of the user's slots, or answers `queue_limit_reached`. */
export async function takeSlot(app: App, call: Call, kind: SlotKind, settings: unknown): Promise<{ release: Release } | { reply: Reply }> {
  const account = call.account!;
  try {
    const release = await app.slots.acquire(account.userId, kind, app.config.slots[account.plan], app.config.overflowLimit);
    return { release };
  } catch (err) {
    if (err instanceof QueueLimitError) return { reply: apiError(400, 'queue_limit_reached', { settings }) };
    throw err;
  }
}

/** How the worker's part of a job ended. */
export type JobOutcome = 'succeeded' | 'timeout' | 'failed';

/** Sleeps for the job's latency (timers only), then reports how the job ended. */
export async function runJob(app: App, call: Call, latencyMs: number): Promise<JobOutcome> {
  await app.timers.sleep(latencyMs);
  if (call.fault?.kind === 'timeout') return 'timeout';
  if (call.fault?.kind === 'worker-failure') return 'failed';
  return 'succeeded';
}

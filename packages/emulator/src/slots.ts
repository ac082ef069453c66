/**
 * Per-user parallel slots, throttled as sc-go does it (server/scworker/generate.go
 * `CreateGeneration` ~L273–305; server/scworker/upscale.go `CreateUpscale` ~L153–186, its branch
 * for API tokens (the web UI's branch above it has no overflow: it refuses at once); the counters are
 * shared/queue_throttler.go's Redis lists):
 * - A request reads the user's in-flight count of its kind (`g:<user>` / `u:<user>`) before it
 *   counts itself, and runs at once if that is at most qMax (so qMax + 1 run at once).
 * - Otherwise it joins the overflow shared by both kinds (`of:<user>`): more than
 *   QUEUE_OVERFLOW_MAX (50, `overflowLimit` here) already there → `queue_limit_reached`. Else it
 *   sleeps QUEUE_OVERFLOW_PENALTY_MS × (overflow size before it + 1), re-reads the in-flight count,
 *   and runs if it is at most qMax, or sleeps again for 150 ms × (overflow size now + 1).
 * So a freed slot goes to whichever waiter polls next (not the first in line), after up to one
 * poll interval, and the intervals grow with the queue.
 * Not reproduced: the throttler's 240 s expiry of entries (`NumQueued` drops entries older than
 * REQUEST_COG_TIMEOUT, so a job running longer stops counting); the race between check and count
 * (sc-go counts a request only after its DB transaction, generate.go ~L656, so requests checking at
 * the same moment can all pass; here the check and the count are one step); Redis errors, which
 * let a request through.
 */
import { Timers } from './timers';

/** The two in-flight counters of a user (`g:<user>` and `u:<user>` on the real server). */
export type SlotKind = 'generate' | 'upscale';

/** sc-go shared/constants.go: a waiter sleeps this × (its overflow size) between polls. */
export const QUEUE_OVERFLOW_PENALTY_MS = 150;

/** Thrown when the user already has more requests waiting than the overflow limit. */
export class QueueLimitError extends Error {
  constructor() {
    super('queue_limit_reached');
  }
}

interface UserSlots {
  inFlight: Record<SlotKind, number>;
  /** Requests of either kind waiting for a slot (`of:<user>`). */
  overflow: number;
}

/** Gives a slot back; call exactly once. */
export type Release = () => void;

export class Slots {
  private readonly users = new Map<string, UserSlots>();
  // The waiters' own timers, so a reset can end their sleeps without closing the emulator's.
  private timers = new Timers();

  /** Waits for a slot of `kind`; throws QueueLimitError when too many already wait. */
  async acquire(userId: string, kind: SlotKind, qMax: number, overflowLimit: number): Promise<Release> {
    const user = this.user(userId);
    if (user.inFlight[kind] > qMax) await this.wait(user, kind, qMax, overflowLimit);
    // sc-go has a DB transaction between the check and this count; here nothing runs in between.
    user.inFlight[kind] += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      user.inFlight[kind] -= 1;
    };
  }

  /** How many requests of a user run and wait (for inspection). */
  usage(userId: string): { generate: number; upscale: number; waiting: number } {
    const user = this.users.get(userId);
    return { generate: user?.inFlight.generate ?? 0, upscale: user?.inFlight.upscale ?? 0, waiting: user?.overflow ?? 0 };
  }

  /** Ends every waiter with ClosedError and forgets every count (the emulator is closing or resetting). */
  abortAll(): void {
    this.timers.close();
    this.timers = new Timers();
    this.users.clear();
  }

  /** sc-go's overflow loop: poll the in-flight count until it is at most qMax. */
  private async wait(user: UserSlots, kind: SlotKind, qMax: number, overflowLimit: number): Promise<void> {
    if (user.overflow > overflowLimit) throw new QueueLimitError();
    let size = user.overflow + 1;
    user.overflow += 1;
    for (;;) {
      await this.timers.sleep(QUEUE_OVERFLOW_PENALTY_MS * size);
      if (user.inFlight[kind] <= qMax) break;
      size = user.overflow + 1;
    }
    user.overflow -= 1;
  }

  private user(userId: string): UserSlots {
    let user = this.users.get(userId);
    if (!user) {
      user = { inFlight: { generate: 0, upscale: 0 }, overflow: 0 };
      this.users.set(userId, user);
    }
    return user;
  }
}

/**
 * Per-user parallel slots. The real server lets a request run while the user's in-flight count
 * of that kind is at most the plan's qMax (so qMax + 1 run at once); the rest wait in an overflow
 * queue shared by generations and upscales, and more than 50 waiting get `queue_limit_reached`.
 * The real server polls every 150 ms × position; here a finished job wakes the next waiter.
 */

/** The two in-flight counters of a user (`g:<user>` and `u:<user>` on the real server). */
export type SlotKind = 'generate' | 'upscale';

/** Thrown when the user already has more requests waiting than the overflow limit. */
export class QueueLimitError extends Error {
  constructor() {
    super('queue_limit_reached');
  }
}

interface Waiter {
  kind: SlotKind;
  qMax: number;
  resolve: () => void;
  reject: (err: Error) => void;
}

interface UserSlots {
  inFlight: Record<SlotKind, number>;
  waiting: Waiter[];
}

/** Gives a slot back; call exactly once. */
export type Release = () => void;

export class Slots {
  private readonly users = new Map<string, UserSlots>();

  /** Waits for a slot of `kind`; throws QueueLimitError when too many already wait. */
  async acquire(userId: string, kind: SlotKind, qMax: number, overflowLimit: number): Promise<Release> {
    const user = this.user(userId);
    if (user.inFlight[kind] > qMax) {
      if (user.waiting.length > overflowLimit) throw new QueueLimitError();
      await new Promise<void>((resolve, reject) => user.waiting.push({ kind, qMax, resolve, reject }));
    } else {
      user.inFlight[kind] += 1;
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.release(userId, kind);
    };
  }

  /** How many requests of a user run and wait (for inspection). */
  usage(userId: string): { generate: number; upscale: number; waiting: number } {
    const user = this.users.get(userId);
    return { generate: user?.inFlight.generate ?? 0, upscale: user?.inFlight.upscale ?? 0, waiting: user?.waiting.length ?? 0 };
  }

  /** Rejects every waiter (the emulator is closing or resetting). */
  abortAll(err: Error): void {
    for (const user of this.users.values()) for (const waiter of user.waiting.splice(0)) waiter.reject(err);
    this.users.clear();
  }

  private user(userId: string): UserSlots {
    let user = this.users.get(userId);
    if (!user) {
      user = { inFlight: { generate: 0, upscale: 0 }, waiting: [] };
      this.users.set(userId, user);
    }
    return user;
  }

  private release(userId: string, kind: SlotKind): void {
    const user = this.users.get(userId);
    if (!user) return;
    user.inFlight[kind] -= 1;
    const next = user.waiting.findIndex((w) => w.kind === kind && user.inFlight[kind] <= w.qMax);
    if (next >= 0) {
      const [waiter] = user.waiting.splice(next, 1);
      user.inFlight[kind] += 1;
      waiter.resolve();
    }
  }
}

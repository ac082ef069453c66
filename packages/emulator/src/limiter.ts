/**
 * The per-IP limiter of the real server (go-chi/httprate v0.12.0 over a shared counter): a 1 s
 * sliding window where the previous window's count is weighted by how much of it still overlaps.
 * Routes share a counter (`api`, or `uapi` for upload) and each compares the shared rate with its
 * own limit, so polling the outputs uses up the budget of creates.
 */

/** Which shared counter a route increments. */
export type CounterKey = 'api' | 'uapi';

/**
 * What the limiter decided, and the values of the `X-RateLimit-*` headers (`remaining` is
 * negative when the shared rate is already above this route's limit).
 */
export interface LimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Unix seconds when the current window ends. */
  reset: number;
}

interface Counter {
  windowStart: number;
  current: number;
  previous: number;
}

export class RateLimiter {
  private readonly counters = new Map<string, Counter>();

  /** Counts one request of `ip` against `key` unless the rate already reached `limit`. */
  take(key: CounterKey, ip: string, limit: number, windowMs: number, now = Date.now()): LimitDecision {
    const windowStart = Math.floor(now / windowMs) * windowMs;
    const id = `${key}:${ip}`;
    const counter = this.roll(this.counters.get(id), windowStart, windowMs);
    this.counters.set(id, counter);
    const overlap = (windowMs - (now - windowStart)) / windowMs;
    const rate = Math.round(counter.previous * overlap + counter.current);
    const reset = Math.ceil((windowStart + windowMs) / 1000);
    if (rate + 1 > limit) return { allowed: false, limit, remaining: limit - rate, reset };
    counter.current += 1;
    if (this.counters.size > 10_000) this.prune(windowStart - windowMs);
    return { allowed: true, limit, remaining: limit - rate - 1, reset };
  }

  clear(): void {
    this.counters.clear();
  }

  private roll(counter: Counter | undefined, windowStart: number, windowMs: number): Counter {
    if (counter?.windowStart === windowStart) return counter;
    const previous = counter?.windowStart === windowStart - windowMs ? counter.current : 0;
    return { windowStart, current: 0, previous };
  }

  private prune(before: number): void {
    for (const [id, counter] of this.counters) if (counter.windowStart < before) this.counters.delete(id);
  }
}

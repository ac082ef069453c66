/** Raised in every pending sleep when the emulator closes, so blocked handlers end at once. */
export class ClosedError extends Error {
  constructor() {
    super('the emulator was closed');
  }
}

/** Sleeps on timers (never busy loops) that `close()` cancels all at once. */
export class Timers {
  private readonly pending = new Map<NodeJS.Timeout, (err: Error) => void>();
  private closed = false;

  sleep(ms: number): Promise<void> {
    if (this.closed) return Promise.reject(new ClosedError());
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(timer);
        resolve();
      }, ms);
      this.pending.set(timer, reject);
    });
  }

  close(): void {
    this.closed = true;
    for (const [timer, reject] of this.pending) {
      clearTimeout(timer);
      reject(new ClosedError());
    }
    this.pending.clear();
  }
}

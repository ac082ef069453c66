/**
 * Shows that a blocking create is still alive. On a terminal, one line redrawn every second; in a
 * log (CI, pipes), a line at the start and one every 30 s, so logs stay short and readable.
 */

/** Progress output for one waiting operation. */
export interface Progress {
  /** Stops the display; returns the elapsed seconds. */
  stop(): number;
}

const LOG_EVERY_MS = 30_000;

/** Starts showing `label` with the elapsed time on `write` (standard error). */
export function startProgress(label: string, write: (text: string) => void, isTTY: boolean, now: () => number = Date.now): Progress {
  const started = now();
  const elapsed = () => (now() - started) / 1000;
  let timer: ReturnType<typeof setInterval>;
  if (isTTY) {
    const draw = () => write(`\r\x1b[2K${label} ${Math.floor(elapsed())} s`);
    draw();
    timer = setInterval(draw, 1000);
  } else {
    write(`${label}\n`);
    timer = setInterval(() => write(`  still waiting (${Math.round(elapsed())} s)\n`), LOG_EVERY_MS);
  }
  timer.unref?.();
  return {
    stop() {
      clearInterval(timer);
      if (isTTY) write('\r\x1b[2K');
      return elapsed();
    },
  };
}

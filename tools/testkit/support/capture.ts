/**
 * Captures what code prints while it runs in this process: every console method and every write to
 * process.stdout / process.stderr (libraries that log without console). Nothing reaches the
 * terminal meanwhile; the text is returned for inspection.
 */
import { format } from 'node:util';

const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace', 'dir'] as const;

/** Runs `work` and returns its result (or its error) with everything printed meanwhile. */
export async function capturePrinted<T>(
  work: () => Promise<T>,
): Promise<{ printed: string; result?: T; error?: unknown }> {
  const lines: string[] = [];
  const restore: Array<() => void> = [];
  for (const method of CONSOLE_METHODS) {
    const original = console[method];
    console[method] = (...args: unknown[]) => void lines.push(format(...args));
    restore.push(() => (console[method] = original));
  }
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      lines.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
      const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
      callback?.();
      return true;
    }) as typeof stream.write;
    restore.push(() => (stream.write = original));
  }
  try {
    const result = await work();
    return { printed: lines.join('\n'), result };
  } catch (error) {
    return { printed: lines.join('\n'), error };
  } finally {
    for (const undo of restore.reverse()) undo();
  }
}

/**
 * A server crash in the middle of a run: once the `nth` create has arrived at the front door and
 * a create job of the account is running on the emulator, the door goes down (that job's connection
 * is cut; new connections are refused) and comes back `downForMs` later on the same port.
 */
import type { Emulator } from '@stablecog/emulator';
import type { FrontDoor } from './front-door';

export interface Crash {
  /** Resolves with what the crash cut, once the door is back up. */
  done: Promise<{ runningWhenCut: number }>;
}

export function crashMidRun(door: FrontDoor, emulator: Emulator, token: string, options: { nth: number; downForMs?: number }): Crash {
  let seen = 0;
  let resolve!: (value: { runningWhenCut: number }) => void;
  const done = new Promise<{ runningWhenCut: number }>((r) => (resolve = r));
  door.onRequest.push((record) => {
    if (record.method !== 'POST' || !record.path.endsWith('/create') || ++seen !== options.nth) return;
    const started = Date.now();
    const poll = setInterval(() => {
      const usage = emulator.control.usage(token);
      const running = usage.generate + usage.upscale;
      if (running === 0 && Date.now() - started < 5_000) return;
      clearInterval(poll);
      void door.down().then(() =>
        setTimeout(() => void door.up().then(() => resolve({ runningWhenCut: running })), options.downForMs ?? 1_000),
      );
    }, 5);
  });
  return { done };
}

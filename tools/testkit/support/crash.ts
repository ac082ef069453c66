/**
 * A server crash in the middle of a run: once the `nth` create has arrived at the front door and
 * a create job of the account is running on the emulator, the door goes down (that job's connection
 * is cut; new connections are refused) and comes back `downForMs` later on the same port (or
 * sooner, if the test brings it up).
 */
import type { Emulator } from '@stablecog/emulator';
import type { FrontDoor } from './front-door';

export interface Crash {
  /** Whether the crash has begun (false after a run means the run made fewer than `nth` creates). */
  readonly happened: boolean;
  /** Resolves once the door is back up, with how many create jobs were running when it went down. */
  readonly done: Promise<{ runningWhenCut: number }>;
}

export function crashMidRun(door: FrontDoor, emulator: Emulator, token: string, options: { nth: number; downForMs?: number }): Crash {
  let seen = 0;
  let happened = false;
  let resolve!: (value: { runningWhenCut: number }) => void;
  const done = new Promise<{ runningWhenCut: number }>((r) => (resolve = r));
  door.onRequest.push((record) => {
    if (record.method !== 'POST' || !record.path.endsWith('/create') || ++seen !== options.nth) return;
    happened = true;
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
  return {
    get happened() {
      return happened;
    },
    done,
  };
}

/**
 * A long-running child process (redis-server, postgres, n8n main or worker): started in its own
 * process group, its output kept in memory and in a log file, ready when a line matches (or a check
 * passes), and stopped by its process id. Whatever is still running when this process exits is
 * killed.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { killGroup, spawnGroup } from '../n8n/process';

export interface DaemonOptions {
  /** For messages and the log file's name. */
  name: string;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd?: string;
  /** Ready when a line of its output matches… */
  ready?: RegExp;
  /** …or when this resolves true (polled every 250 ms). */
  readyCheck?: () => Promise<boolean>;
  timeoutMs: number;
}

export interface Daemon {
  name: string;
  pid: number;
  /** Everything it printed so far (stdout and stderr, interleaved). */
  output(): string;
  /** Where the output is also written. */
  logFile: string;
  /** Resolves when a line matching `pattern` appears (checks what was printed already first). */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<string>;
  /** Whether it has exited. */
  exited(): boolean;
  /** Sends `signal` to its process group and waits for it to exit (SIGKILL after 20 s). */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

const live = new Set<number>();
process.once('exit', () => {
  for (const pid of live) killGroup(pid, 'SIGKILL');
});

let logDir: string | undefined;
/** Where this process's daemons write their logs (one folder per test process, kept for post-mortems). */
export function daemonLogDir(): string {
  logDir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'stablecog-daemons-'));
  return logDir;
}

export async function startDaemon(options: DaemonOptions): Promise<Daemon> {
  const child = await spawnGroup(options.command, options.args, options);
  const pid = child.pid;
  live.add(pid);
  const logFile = path.join(daemonLogDir(), `${options.name}-${Date.now()}.log`);
  const log = fs.openSync(logFile, 'a');
  let text = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    text += chunk.toString('utf8');
    fs.writeSync(log, chunk);
    for (const listener of listeners) listener();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  let hasExited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      hasExited = true;
      live.delete(pid);
      for (const listener of listeners) listener();
      resolve();
    }),
  );
  void exit.then(() => fs.closeSync(log));

  const waitFor = (pattern: RegExp, timeoutMs: number): Promise<string> =>
    new Promise((resolve, reject) => {
      const check = () => {
        const match = pattern.exec(text);
        if (match) return done(() => resolve(match[0]));
        if (hasExited) return done(() => reject(new Error(`${options.name} exited before printing ${pattern}; its output:\n${tail(text)}`)));
      };
      const timer = setTimeout(() => done(() => reject(new Error(`${options.name}: no ${pattern} within ${timeoutMs} ms; its output:\n${tail(text)}`))), timeoutMs);
      const done = (settle: () => void) => {
        clearTimeout(timer);
        listeners.delete(check);
        settle();
      };
      listeners.add(check);
      check();
    });

  const daemon: Daemon = {
    name: options.name,
    pid,
    logFile,
    output: () => text,
    waitFor,
    exited: () => hasExited,
    stop: async (signal: NodeJS.Signals = 'SIGTERM') => {
      if (hasExited) return;
      killGroup(pid, signal);
      const force = setTimeout(() => killGroup(pid, 'SIGKILL'), 20_000);
      await exit;
      clearTimeout(force);
      killGroup(pid, 'SIGKILL'); // children left in the group (n8n's task runners)
    },
  };

  try {
    if (options.ready) await waitFor(options.ready, options.timeoutMs);
    if (options.readyCheck) await poll(options.readyCheck, options.timeoutMs, options.name, () => hasExited, () => text);
  } catch (error) {
    await daemon.stop('SIGKILL');
    throw error;
  }
  return daemon;
}

async function poll(check: () => Promise<boolean>, timeoutMs: number, name: string, exited: () => boolean, output: () => string): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (exited()) throw new Error(`${name} exited before it was ready; its output:\n${tail(output())}`);
    if (Date.now() > until) throw new Error(`${name} not ready within ${timeoutMs} ms; its output:\n${tail(output())}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function tail(text: string): string {
  return text.split('\n').slice(-40).join('\n');
}

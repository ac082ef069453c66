import { spawn, type ChildProcessByStdio } from 'node:child_process';
import * as net from 'node:net';
import type { Readable } from 'node:stream';

/** What a finished (or killed) child process left behind. */
export interface ProcessOutcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Wall time from spawn to exit, in ms. */
  ms: number;
  /** True when we killed it because it ran past its time limit. */
  timedOut: boolean;
  /** True when we killed it because the caller's `signal` aborted. */
  stopped: boolean;
}

const running = new Set<number>();

/** A child started by {@link spawnGroup}: its output piped, its pid known. */
export type GroupChild = ChildProcessByStdio<null, Readable, Readable> & { pid: number };

/**
 * Starts `command` as the leader of a process group of its own, so that {@link killGroup} takes
 * its children too, with stdout and stderr piped; rejects with the spawn error when it cannot start.
 */
export function spawnGroup(command: string, args: string[], options: { env: NodeJS.ProcessEnv; cwd?: string }): Promise<GroupChild> {
  const child = spawn(command, args, {
    env: options.env,
    cwd: options.cwd,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) return new Promise((_, reject) => child.once('error', reject));
  return Promise.resolve(child as GroupChild);
}

/** Sends `signal` to the process group `pid` leads (nothing when it is gone already). */
export function killGroup(pid: number, signal: NodeJS.Signals = 'SIGKILL'): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

/**
 * Runs a command in its own process group, collecting its output, and kills the whole group
 * (n8n starts task-runner children) when it outlives `timeoutMs` or when `signal` aborts (a test
 * that waits for a state, not a time). Output is always drained: n8n spins at full CPU when its
 * stdout is closed under it.
 */
export async function runProcess(
  command: string,
  args: string[],
  options: { env: NodeJS.ProcessEnv; cwd?: string; timeoutMs: number; signal?: AbortSignal },
): Promise<ProcessOutcome> {
  const started = Date.now();
  const child = await spawnGroup(command, args, options);
  const pid = child.pid;
  return new Promise((resolve, reject) => {
    running.add(pid);
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => stdout.push(b));
    child.stderr.on('data', (b: Buffer) => stderr.push(b));
    let timedOut = false;
    let stopped = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(pid);
    }, options.timeoutMs);
    const stop = () => {
      stopped = true;
      killGroup(pid);
    };
    if (options.signal?.aborted) stop();
    else options.signal?.addEventListener('abort', stop, { once: true });
    child.once('error', (err) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', stop);
      running.delete(pid);
      reject(err);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', stop);
      killGroup(pid); // task runners left behind by a crashed n8n
      running.delete(pid);
      resolve({
        code,
        signal,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        ms: Date.now() - started,
        timedOut,
        stopped,
      });
    });
  });
}

/** Kills every process group this module started that is still running. */
export function killAll(): void {
  for (const pid of running) killGroup(pid);
  running.clear();
}

// A test runner that exits (or a Ctrl-C) must not leave n8n processes spinning behind it.
process.once('exit', killAll);

/** A TCP port that was free a moment ago (n8n needs one for its task broker per process). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { renderJpeg, type ImageSpec } from './render';

interface Job {
  resolve: (bytes: Buffer) => void;
  reject: (err: Error) => void;
}

interface Thread {
  worker: Worker;
  busy: number;
  online: boolean;
}

/** Running from the TypeScript sources (jest, tsx) rather than the compiled package. */
const FROM_SOURCE = __filename.endsWith('.ts');

/**
 * Render threads by default: compiled, 1–2 (a thread starts in tens of milliseconds); from the
 * TypeScript sources, none (a thread must load tsx first, about a second of CPU that slowed the
 * emulator's own unit tests on a loaded machine), unless `renderThreads` asks for them.
 */
export const DEFAULT_RENDER_THREADS = FROM_SOURCE ? 0 : Math.max(1, Math.min(2, availableParallelism() - 1));

/**
 * Draws JPEGs on worker threads, so a first download never blocks the API's event loop (and a
 * client running in the same process as the emulator measures itself, not the emulator). Threads
 * start on the first render (or `warm()`) and are unref'ed; `close()` ends them. While none is up
 * yet, or if one cannot run (no TypeScript loader from sources), the pool draws in line, as before.
 */
export class RenderPool {
  private threads: Thread[] = [];
  private readonly jobs = new Map<number, Job>();
  private nextJob = 0;
  private broken = false;
  private closed = false;
  private readonly counts = { inline: 0, threaded: 0 };
  private readonly readyWaiters: Array<() => void> = [];

  constructor(private readonly size = DEFAULT_RENDER_THREADS) {}

  render(spec: ImageSpec): Promise<Buffer> {
    if (this.threads.length === 0 && !this.broken && !this.closed) this.warm();
    const online = this.threads.filter((t) => t.online);
    // Until a thread is up (tens of ms compiled, about a second from TypeScript sources), draw in line.
    if (online.length === 0) return Promise.resolve().then(() => this.inline(spec));
    this.counts.threaded += 1;
    const thread = online.reduce((a, b) => (b.busy < a.busy ? b : a));
    const job = this.nextJob++;
    thread.busy += 1;
    return new Promise<Buffer>((resolve, reject) => {
      this.jobs.set(job, {
        resolve: (bytes) => ((thread.busy -= 1), resolve(bytes)),
        reject: (err) => ((thread.busy -= 1), reject(err)),
      });
      thread.worker.postMessage({ job, spec });
    }).catch((err: unknown) => {
      if (err instanceof WorkerStartError) return this.inline(spec);
      throw err;
    });
  }

  /** How many renders ran in line and on threads (for tests and the benchmark). */
  stats(): { inline: number; threaded: number } {
    return { ...this.counts };
  }

  /** Resolves once every thread listens (or the pool fell back to drawing in line). Starts them. */
  ready(): Promise<void> {
    this.warm();
    if (this.size === 0 || this.broken || this.closed || this.threads.every((t) => t.online)) return Promise.resolve();
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  /** Ends the threads; renders still waiting fail. */
  async close(): Promise<void> {
    this.closed = true;
    const threads = this.threads;
    this.threads = [];
    this.failAll(new Error('the emulator was closed'));
    this.wakeReady();
    await Promise.all(threads.map((t) => t.worker.terminate()));
  }

  /** Starts the threads now (otherwise the first render starts them). */
  warm(): void {
    if (this.size === 0 || this.threads.length > 0 || this.broken || this.closed) return;
    // Compiled: the .js beside this file. From sources (jest, tsx): the .ts, through tsx's require hook.
    const file = path.join(__dirname, `render-worker${FROM_SOURCE ? '.ts' : '.js'}`);
    for (let i = 0; i < this.size; i++) {
      const worker = FROM_SOURCE
        ? new Worker(`require(${JSON.stringify(require.resolve('tsx/cjs/api'))}).register(); require(${JSON.stringify(file)});`, { eval: true })
        : new Worker(file);
      worker.unref();
      const thread: Thread = { worker, busy: 0, online: false };
      worker.on('message', ({ ready, job, bytes, error }: { ready?: boolean; job: number; bytes?: Uint8Array; error?: string }) => {
        if (ready) {
          thread.online = true;
          if (this.threads.every((t) => t.online)) this.wakeReady();
          return;
        }
        const pending = this.jobs.get(job);
        this.jobs.delete(job);
        if (!pending) return;
        if (bytes) pending.resolve(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
        else pending.reject(new Error(error));
      });
      worker.on('error', () => this.fallBack());
      worker.on('exit', () => !this.closed && this.fallBack());
      this.threads.push(thread);
    }
  }

  /** A thread died: render in line from now on, and redo the renders it held. */
  private fallBack(): void {
    if (this.broken || this.closed) return;
    this.broken = true;
    const threads = this.threads;
    this.threads = [];
    for (const t of threads) void t.worker.terminate();
    this.failAll(new WorkerStartError());
    this.wakeReady();
  }

  private wakeReady(): void {
    for (const wake of this.readyWaiters.splice(0)) wake();
  }

  private inline(spec: ImageSpec): Buffer {
    this.counts.inline += 1;
    return renderJpeg(spec);
  }

  private failAll(err: Error): void {
    for (const job of this.jobs.values()) job.reject(err);
    this.jobs.clear();
  }
}

/** A render thread could not run: the render is redone in line. */
class WorkerStartError extends Error {}

/**
 * Emulator throughput: 200 concurrent blocking creates at a fixed latency, then 2,000
 * outputs-list requests 50 at a time. Every request must succeed. Prints requests/s, the p50/p99
 * time above the configured latency (creates) or the whole time (lists), and the emulator's peak
 * RSS. The emulator runs as its own process (the `stablecog-emulator` bin), set up through its
 * HTTP control surface, so the load generator's CPU and memory are not counted as its own.
 *
 *   npm run bench -- --only emulator [--quick]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { benchmark } from './lib/benchmark';
import { groupedBars } from './lib/chart';
import { count, mib, ms, ratio } from './lib/format';

/** The figures of one run. */
export interface EmulatorBenchmark {
  latencyMs: number;
  creates: { count: number; concurrency: number; wallMs: number; requestsPerSecond: number; p50OverheadMs: number; p99OverheadMs: number; maxOverheadMs: number };
  lists: { count: number; concurrency: number; perPage: number; wallMs: number; requestsPerSecond: number; p50Ms: number; p99Ms: number };
  /** Peak resident memory of the emulator process (Linux `VmHWM`). */
  peakRssMb: number;
}

/** Starts the bin in its own Node process; resolves with its URLs once it listens. */
function startEmulatorProcess(latencyMs: number): Promise<{ child: ChildProcess; url: string; controlUrl: string }> {
  const root = path.resolve(__dirname, '..');
  const cli = require.resolve('@stablecog/emulator/bin/stablecog-emulator.js');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, '--port', '0', '--latency-ms', String(latencyMs), '--no-rate-limit'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const url = /API\s+(\S+)/.exec(output)?.[1];
      const controlUrl = /control\s+(\S+)/.exec(output)?.[1];
      if (url && controlUrl) resolve({ child, url, controlUrl });
    });
    child.once('exit', (code) => reject(new Error(`the emulator exited (${code}) before listening:\n${output}`)));
  });
}

/** Peak RSS of a process in MB (Linux), or NaN elsewhere. */
function peakRssMb(pid: number): number {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

async function controlCall<T>(controlUrl: string, method: string, route: string, body: unknown): Promise<T> {
  const res = await fetch(`${controlUrl}${route}`, { method, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`control ${method} ${route} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const round = (n: number) => Math.round(n * 10) / 10;

/** Runs `count` calls of `task`, at most `concurrency` at once; returns each call's duration. */
async function load(count: number, concurrency: number, task: (i: number) => Promise<void>): Promise<{ wallMs: number; durations: number[] }> {
  const durations: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        const t0 = performance.now();
        await task(i);
        durations.push(performance.now() - t0);
      }
    }),
  );
  return { wallMs: performance.now() - started, durations: durations.sort((a, b) => a - b) };
}

export async function runEmulatorBenchmark(options: { latencyMs?: number; creates?: number; lists?: number; listConcurrency?: number } = {}): Promise<EmulatorBenchmark> {
  const { latencyMs = 500, creates = 200, lists = 2000, listConcurrency = 50 } = options;
  const emu = await startEmulatorProcess(latencyMs);
  try {
    // The limiter off and slots wide enough for every create to run at once (the point is the server's overhead).
    await controlCall(emu.controlUrl, 'PATCH', '/config', { slots: { ultimate: creates }, requestLogLimit: 1000 });
    const { token } = await controlCall<{ token: string }>(emu.controlUrl, 'POST', '/accounts', { credits: creates * 2, plan: 'ultimate' });
    const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
    const fail = (what: string, status: number, text: string) => {
      throw new Error(`${what} answered ${status}: ${text.slice(0, 200)}`);
    };

    const createRun = await load(creates, creates, async (i) => {
      const res = await fetch(`${emu.url}/v1/image/generation/create`, {
        method: 'POST', headers, body: JSON.stringify({ prompt: `benchmark ${i}`, width: 512, height: 512, num_outputs: 2, seed: i }),
      });
      const text = await res.text();
      if (res.status !== 200 || (JSON.parse(text) as { outputs: unknown[] }).outputs.length !== 2) fail('create', res.status, text);
    });
    const left = await controlCall<{ credits: number }>(emu.controlUrl, 'GET', `/accounts/${token}/credits`, undefined);
    if (left.credits !== 0) throw new Error('every create should have been charged exactly once');

    let cursor: string | undefined;
    const listRun = await load(lists, listConcurrency, async () => {
      // Alternate the first page and a page behind a cursor, as a client paging its history does.
      const query = cursor ? `?per_page=50&cursor=${encodeURIComponent(cursor)}` : '?per_page=50';
      const res = await fetch(`${emu.url}/v1/image/generation/outputs${query}`, { headers });
      const text = await res.text();
      if (res.status !== 200) fail('outputs', res.status, text);
      const page = JSON.parse(text) as { next?: string; outputs: unknown[] };
      if (page.outputs.length !== 50) fail('outputs (short page)', res.status, text);
      cursor = cursor ? undefined : page.next;
    });

    const overheads = createRun.durations.map((d) => d - latencyMs);
    return {
      latencyMs,
      creates: {
        count: creates, concurrency: creates, wallMs: round(createRun.wallMs),
        requestsPerSecond: round((creates / createRun.wallMs) * 1000),
        p50OverheadMs: round(percentile(overheads, 50)), p99OverheadMs: round(percentile(overheads, 99)), maxOverheadMs: round(overheads[overheads.length - 1]),
      },
      lists: {
        count: lists, concurrency: listConcurrency, perPage: 50, wallMs: round(listRun.wallMs),
        requestsPerSecond: round((lists / listRun.wallMs) * 1000),
        p50Ms: round(percentile(listRun.durations, 50)), p99Ms: round(percentile(listRun.durations, 99)),
      },
      peakRssMb: round(peakRssMb(emu.child.pid!)),
    };
  } finally {
    const exited = new Promise((resolve) => emu.child.once('exit', resolve));
    emu.child.kill('SIGTERM');
    await exited;
  }
}

export default benchmark<EmulatorBenchmark>({
  name: 'emulator',
  title: 'Emulator throughput',
  async run({ quick }) {
    return runEmulatorBenchmark(quick ? { creates: 50, lists: 300 } : {});
  },
  report(r) {
    const { creates, lists, latencyMs } = r;
    const wallRatio = creates.wallMs / latencyMs;
    return {
      method:
        `The emulator as its own process (the \`stablecog-emulator\` bin, rate limiter off, enough parallel slots), ` +
        `loaded over HTTP from this process: ${count(creates.count)} blocking creates at once, each held for the ` +
        `configured latency of ${ms(latencyMs, 0)}, then ${count(lists.count)} outputs-list requests ` +
        `(${lists.perPage} outputs a page, ${lists.concurrency} at a time, alternating the first page and a cursor page). ` +
        `Every request must succeed and every create be charged exactly once. The ideal for the creates is one latency ` +
        `for all of them; "overhead" is a create's time above the latency.`,
      tables: [
        {
          head: ['Load', 'wall time', 'ideal', 'wall / ideal', 'requests/s', 'p50', 'p99'],
          rows: [
            [
              `${count(creates.count)} concurrent creates`,
              ms(creates.wallMs, 0),
              ms(latencyMs, 0),
              ratio(wallRatio),
              count(creates.requestsPerSecond),
              `+${ms(creates.p50OverheadMs)} above latency`,
              `+${ms(creates.p99OverheadMs)} above latency`,
            ],
            [
              `${count(lists.count)} outputs lists (${lists.concurrency} at a time)`,
              ms(lists.wallMs, 0),
              '–',
              '–',
              count(lists.requestsPerSecond),
              ms(lists.p50Ms),
              ms(lists.p99Ms),
            ],
          ],
        },
        { head: ['Emulator process', 'peak RSS'], rows: [['after both loads', mib(r.peakRssMb)]] },
      ],
      verdict: [
        `${count(creates.count)} concurrent creates finish in ${ratio(wallRatio)} the ideal time (one latency); the slowest ` +
          `waited ${ms(creates.maxOverheadMs)} beyond its latency.`,
        `Outputs lists: ${count(lists.requestsPerSecond)} requests/s with ${lists.concurrency} in flight, p99 ${ms(lists.p99Ms)}.`,
      ],
      chart: groupedBars({
        title: `Emulator: ${count(creates.count)} concurrent creates, latency ${ms(latencyMs, 0)}`,
        axis: 'ms',
        digits: 0,
        bars: [
          { group: 'wall time, all creates', series: 'measured', value: creates.wallMs },
          { group: 'wall time, all creates', series: 'ideal (one latency)', value: latencyMs },
          { group: 'one create, p50', series: 'measured', value: latencyMs + creates.p50OverheadMs },
          { group: 'one create, p50', series: 'ideal (one latency)', value: latencyMs },
          { group: 'one create, p99', series: 'measured', value: latencyMs + creates.p99OverheadMs },
          { group: 'one create, p99', series: 'ideal (one latency)', value: latencyMs },
        ],
      }),
    };
  },
});

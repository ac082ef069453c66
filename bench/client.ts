/**
 * What the client costs on top of a bare axios call doing the same request: per-call time of
 * `images.generate` and `outputs.list` against a bare `axios.post` / `axios.get`, on the emulator
 * with no latency and the rate limiter off (run in its own process, as a server would be).
 * Calls of both kinds alternate, after a warm-up; the figures are medians. Target: ratio ≤ 1.10.
 *
 *   npm run bench -- --only client [--quick]
 */
import { fork, type ChildProcess } from 'node:child_process';
import axios from 'axios';
import { Stablecog } from '@stablecog/client';
import { benchmark } from './lib/benchmark';
import { groupedBars, limitRule } from './lib/chart';
import { ms, ratio, verdict } from './lib/format';

/** The figures of one operation. */
export interface OverheadFigures {
  clientMedianMs: number;
  axiosMedianMs: number;
  /** clientMedianMs / axiosMedianMs. */
  ratio: number;
}

/** The result of one benchmark run. */
export interface ClientBenchmark {
  iterations: number;
  generate: OverheadFigures;
  listOutputs: OverheadFigures;
  /** Outputs on each listed page. */
  perPage: number;
  target: number;
}

const TARGET = 1.1;
const PER_PAGE = 50;

/** Starts the emulator in a child process; resolves to its URL, a token and a stop function. */
async function startEmulatorProcess(): Promise<{ url: string; token: string; stop: () => Promise<void> }> {
  const child: ChildProcess = fork(require.resolve('./lib/emulator-process'), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv: process.execArgv.length ? process.execArgv : ['--import', 'tsx'],
  });
  const ready = await new Promise<{ url: string; token: string }>((resolve, reject) => {
    child.once('message', (message) => resolve(message as { url: string; token: string }));
    child.once('exit', (code) => reject(new Error(`the emulator process exited (${code})`)));
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.disconnect();
    });
  return { ...ready, stop };
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

async function timed(call: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await call();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Alternates the two calls (flipping who goes first each round) and returns the medians. */
async function compare(client: () => Promise<unknown>, bare: () => Promise<unknown>, iterations: number, warmup: number): Promise<OverheadFigures> {
  for (let i = 0; i < warmup; i++) {
    await client();
    await bare();
  }
  const clientTimes: number[] = [];
  const axiosTimes: number[] = [];
  for (let i = 0; i < iterations; i++) {
    if (i % 2 === 0) {
      clientTimes.push(await timed(client));
      axiosTimes.push(await timed(bare));
    } else {
      axiosTimes.push(await timed(bare));
      clientTimes.push(await timed(client));
    }
  }
  const clientMedianMs = median(clientTimes);
  const axiosMedianMs = median(axiosTimes);
  return { clientMedianMs, axiosMedianMs, ratio: clientMedianMs / axiosMedianMs };
}

/** Runs the benchmark and returns its figures. */
export async function runClientBenchmark(options: { iterations?: number; warmup?: number } = {}): Promise<ClientBenchmark> {
  const iterations = options.iterations ?? 2000;
  const warmup = options.warmup ?? 300;
  const emulator = await startEmulatorProcess();
  try {
    const client = new Stablecog({ apiToken: emulator.token, baseUrl: emulator.url });
    const bare = axios.create({ baseURL: emulator.url, headers: { Authorization: `Bearer ${emulator.token}` } });
    const seed = () => Math.floor(Math.random() * (2 ** 31 - 1));
    // Enough history that every listed page is full.
    for (let i = 0; i < PER_PAGE / 4; i++) await client.images.generate({ prompt: 'bench', num_outputs: 4 });

    const generate = await compare(
      () => client.images.generate({ prompt: 'a lighthouse at dawn', num_outputs: 1 }),
      () => bare.post('/v1/image/generation/create', { prompt: 'a lighthouse at dawn', num_outputs: 1, seed: seed() }),
      iterations,
      warmup,
    );
    const listOutputs = await compare(
      () => client.outputs.list({ per_page: PER_PAGE }),
      () => bare.get('/v1/image/generation/outputs', { params: { per_page: PER_PAGE } }),
      iterations,
      warmup,
    );
    return { iterations, generate, listOutputs, perPage: PER_PAGE, target: TARGET };
  } finally {
    await emulator.stop();
  }
}

export default benchmark<ClientBenchmark>({
  name: 'client',
  title: 'Client overhead against bare axios',
  async run({ quick }) {
    return runClientBenchmark(quick ? { iterations: 200, warmup: 50 } : {});
  },
  report(r) {
    const operations: Array<[string, OverheadFigures]> = [
      ['images.generate', r.generate],
      [`outputs.list (${r.perPage} per page)`, r.listOutputs],
    ];
    return {
      method:
        `Per-call time of \`@stablecog/client\` against a bare \`axios\` call sending the same request, on the emulator ` +
        `(its own process, no latency, rate limiter off). Calls of the two kinds alternate (who goes first flips every ` +
        `round) after a warm-up; each figure is the median of ${r.iterations.toLocaleString('en')} calls. The client's ` +
        `extra work is validation, the random seed, response parsing with zod and its retry bookkeeping.`,
      tables: [
        {
          head: ['Operation', 'client (median)', 'bare axios (median)', 'ratio', `target ≤ ${r.target}`],
          rows: operations.map(([name, f]) => [name, ms(f.clientMedianMs, 3), ms(f.axiosMedianMs, 3), ratio(f.ratio), verdict(f.ratio <= r.target)]),
        },
      ],
      verdict: operations.map(
        ([name, f]) => `${name}: the client takes ${ratio(f.ratio)} the time of bare axios (target ≤ ${r.target}): ${verdict(f.ratio <= r.target)}.`,
      ),
      chart: groupedBars({
        title: 'Client overhead: median time per call',
        axis: 'ms per call (median)',
        digits: 3,
        bars: operations.flatMap(([group, f]) => [
          { group, series: '@stablecog/client', value: f.clientMedianMs },
          { group, series: 'bare axios', value: f.axiosMedianMs },
        ]),
      }),
    };
  },
});

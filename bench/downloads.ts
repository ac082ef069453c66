/**
 * The emulator's own overhead for image downloads: N concurrent first downloads of 1024×1024
 * JPEGs (each drawn on its first request), against the time of one render, with the JPEGs drawn
 * in line on the API's thread and on render threads. Meanwhile a probe asks `GET /v1/health`
 * every 10 ms: its worst wait is how long the API's event loop was blocked, which is what a client
 * running in the same process (an n8n benchmark) would otherwise measure as its own time.
 *
 *   npm run bench -- --only downloads [--quick]
 */
import { startEmulator } from '@stablecog/emulator';
import { availableParallelism } from 'node:os';
import { benchmark } from './lib/benchmark';
import { groupedBars } from './lib/chart';
import { count, ms, ratio } from './lib/format';

/** The figures of one way of drawing. */
export interface DownloadRun {
  renderThreads: number;
  /** One first download alone (render + transfer). */
  oneRenderMs: number;
  concurrent: number;
  /** All concurrent first downloads, first request to last byte. */
  wallMs: number;
  /** wall / one render: 1 would be free parallelism; N is fully serial. */
  wallPerRender: number;
  /** The slowest health probe during the downloads: the API's longest stall. */
  healthMaxMs: number;
  healthP50Ms: number;
  /** Renders that ran on threads / in line (from the emulator's own count). */
  threaded: number;
  inline: number;
}

const round = (n: number) => Math.round(n * 10) / 10;
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function run(renderThreads: number, concurrent: number, size: number): Promise<DownloadRun> {
  const emu = await startEmulator({ latencyMs: 0, rateLimit: false, renderThreads });
  try {
    const { token } = emu.control.createAccount({ credits: 1000, plan: 'ultimate' });
    const urls: string[] = [];
    for (let seed = 0; urls.length < concurrent + 1; seed++) {
      const res = await fetch(`${emu.url}/v1/image/generation/create`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}` },
        body: JSON.stringify({ prompt: 'download benchmark', width: size, height: size, num_outputs: 4, seed, inference_steps: 10 }),
      });
      if (res.status !== 200) throw new Error(`create answered ${res.status}: ${await res.text()}`);
      urls.push(...((await res.json()) as { outputs: Array<{ url: string }> }).outputs.map((o) => o.url));
    }
    const download = async (url: string) => {
      const res = await fetch(url);
      if (res.status !== 200) throw new Error(`download answered ${res.status}`);
      await res.arrayBuffer();
    };

    const t0 = performance.now();
    await download(urls[0]);
    const oneRenderMs = performance.now() - t0;

    const probes: number[] = [];
    let downloading = true;
    const probe = (async () => {
      while (downloading) {
        const p0 = performance.now();
        await fetch(`${emu.url}/v1/health`).then((r) => r.arrayBuffer());
        probes.push(performance.now() - p0);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    })();
    const t1 = performance.now();
    await Promise.all(urls.slice(1, concurrent + 1).map(download));
    const wallMs = performance.now() - t1;
    downloading = false;
    await probe;
    probes.sort((a, b) => a - b);
    const stats = emu.control.renderStats();
    return {
      renderThreads,
      oneRenderMs: round(oneRenderMs),
      concurrent,
      wallMs: round(wallMs),
      wallPerRender: round(wallMs / oneRenderMs),
      healthMaxMs: round(probes[probes.length - 1] ?? 0),
      healthP50Ms: round(percentile(probes, 50) ?? 0),
      ...stats,
    };
  } finally {
    await emu.close();
  }
}

/** Runs the download benchmark in line and with render threads (`threads`, default the compiled package's). */
export async function runDownloadBenchmark(options: { concurrent?: number; size?: number; threads?: number } = {}): Promise<DownloadRun[]> {
  // As many threads as the compiled package starts by default.
  const { concurrent = 8, size = 1024, threads = Math.max(1, Math.min(2, availableParallelism() - 1)) } = options;
  return [await run(0, concurrent, size), await run(threads, concurrent, size)];
}

/** Where the JPEGs of a run were drawn, in words. */
const where = (r: DownloadRun) => (r.renderThreads === 0 ? 'in line (API thread)' : `${r.renderThreads} render thread${r.renderThreads === 1 ? '' : 's'}`);

export default benchmark<DownloadRun[]>({
  name: 'downloads',
  title: 'Emulator download overhead',
  async run({ quick }) {
    return runDownloadBenchmark(quick ? { concurrent: 4, size: 512 } : {});
  },
  report(runs) {
    const [inline, threaded] = runs as [DownloadRun, DownloadRun];
    return {
      method:
        `The emulator in this process (latency 0, rate limiter off). ${count(inline.concurrent)} first downloads of ` +
        `freshly generated JPEGs at once (each is drawn on its first request), timed from the first request to the ` +
        `last byte, against one first download alone ("one render"); once with the JPEGs drawn in line on the API's ` +
        `thread and once on render threads. Meanwhile a probe asks \`GET /v1/health\` every 10 ms: its slowest answer ` +
        `is the API's longest stall, which a client in the same process (the n8n benchmarks) would count as its own time.`,
      tables: [
        {
          head: ['Drawn', 'one render', `${count(inline.concurrent)} at once`, 'wall / one render', 'health p50', 'health max', 'renders threaded / in line'],
          rows: runs.map((r) => [
            where(r),
            ms(r.oneRenderMs, 0),
            ms(r.wallMs, 0),
            ratio(r.wallPerRender),
            ms(r.healthP50Ms),
            ms(r.healthMaxMs),
            `${count(r.threaded)} / ${count(r.inline)}`,
          ]),
        },
      ],
      verdict: [
        `With ${where(threaded)} the API's longest stall during ${count(threaded.concurrent)} concurrent first downloads is ` +
          `${ms(threaded.healthMaxMs)}, against ${ms(inline.healthMaxMs)} when drawn in line.`,
        `${count(threaded.concurrent)} first downloads take ${ratio(threaded.wallPerRender)} one render on threads ` +
          `(${ratio(inline.wallPerRender)} in line; ${count(inline.concurrent)}× would be fully serial).`,
      ],
      chart: groupedBars({
        title: `Emulator: ${count(inline.concurrent)} concurrent first downloads`,
        axis: 'ms',
        digits: 0,
        bars: runs.flatMap((r) => [
          { group: 'all downloads, wall', series: where(r), value: r.wallMs },
          { group: 'API stall (health max)', series: where(r), value: r.healthMaxMs },
        ]),
      }),
    };
  },
});

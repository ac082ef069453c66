/**
 * Peak memory of a real n8n generating 100 images through the Stablecog node with Download Images
 * on (every JPEG fetched into the item's binary data), side by side with the same run with it off
 * (URLs only) and with a workflow without the Stablecog node (n8n's own floor), in the same run.
 *
 * The workflow: 25 items → Stablecog Generate, 4 images an item (1024 × 1024), Parallel Requests 4,
 * against the emulator (Pro plan, 200 ms a generation, rate limiter off), in the packed package
 * installed as n8n installs it. n8n runs `n8n execute` on Node 24 with its default binary-data mode
 * (filesystem). While it runs, the resident memory of its process group (n8n and any task runner)
 * is sampled from /proc; the modes alternate over the repeats and each mode's figure is the median.
 *
 *   npm run bench -- --only n8n-memory [--quick]
 */
import { items, manualTrigger, type StablecogSuite, startStablecogSuite, workflow } from '@stablecog/testkit/n8n';
import { sampleProcessGroup, type MemoryPeak } from './lib/process-memory';
import { benchmark } from './lib/benchmark';
import { groupedBars } from './lib/chart';
import { count, mib, ratio, seconds } from './lib/format';

const IMAGES_PER_ITEM = 4;
const CONCURRENCY = 4;
const LATENCY_MS = 200;

/** The three workflows, by id. */
const MODES = {
  memDownload: 'Stablecog Generate, Download Images on',
  memUrls: 'Stablecog Generate, Download Images off (URLs only)',
  memFloor: 'the same items, no Stablecog node (n8n alone)',
} as const;
export type Mode = keyof typeof MODES;

/** One mode's figures: medians over its repeats. */
export interface ModeFigures {
  mode: Mode;
  label: string;
  /** Highest sum of RSS over n8n's process group. */
  peakGroupRssMiB: number;
  /** n8n's main process's own peak (the kernel's high-water mark). */
  mainHwmMiB: number;
  /** startedAt → stoppedAt of the execution. */
  executionMs: number;
  /** The whole `n8n execute` process, boot included. */
  processMs: number;
  /** Output items of the last node, and how many carry a stored image (with its total size). */
  items: number;
  imagesStored: number;
  imageBytes: number;
  /** Every repeat's sampled peak, in run order (to show the spread). */
  repeatPeaksMiB: number[];
  maxProcesses: number;
  /** Longest gap between two memory samples, over the repeats. */
  maxSampleGapMs: number;
}

export interface N8nMemoryBenchmark {
  images: number;
  imagesPerItem: number;
  concurrency: number;
  latencyMs: number;
  repeats: number;
  modes: ModeFigures[];
  /** peak with downloads / peak without (URLs only). */
  downloadRatio: number;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

interface Sample {
  peak: MemoryPeak;
  executionMs: number;
  processMs: number;
  items: number;
  imagesStored: number;
  imageBytes: number;
}

/** One `n8n execute` of a mode's workflow, its process group sampled while it runs. */
async function measure(sc: StablecogSuite, mode: Mode, expectedItems: number): Promise<Sample> {
  const sampler = sampleProcessGroup({ args: ['execute', `--id=${mode}`], cwd: sc.n8n.userFolder });
  const run = await sc.n8n.executeOk(mode, { timeoutMs: 300_000 }).catch(async (err: unknown) => {
    await sampler.stop().catch(() => undefined); // the run's own failure is the one to report
    throw err;
  });
  const peak = await sampler.stop();
  const last = mode === 'memFloor' ? 'Items' : 'Generate';
  const out = run.items(last);
  if (out.length !== expectedItems) throw new Error(`${MODES[mode]}: ${out.length} items instead of ${expectedItems}`);
  const stored = out.filter((item) => item.binary?.data).map((item) => sc.n8n.readBinary(item.binary!.data!).length);
  if (mode === 'memDownload' && stored.length !== expectedItems) {
    throw new Error(`${MODES[mode]}: only ${stored.length} of ${expectedItems} items carry an image`);
  }
  return {
    peak,
    executionMs: run.durationMs,
    processMs: run.processMs,
    items: out.length,
    imagesStored: stored.length,
    imageBytes: stored.reduce((a, b) => a + b, 0),
  };
}

export async function runN8nMemoryBenchmark(options: { quick?: boolean } = {}): Promise<N8nMemoryBenchmark> {
  const images = options.quick ? 20 : 100;
  const repeats = options.quick ? 1 : 3;
  const itemCount = images / IMAGES_PER_ITEM;
  const sc = await startStablecogSuite({ plan: 'pro', credits: images * repeats * 2 + 10, latencyMs: LATENCY_MS, rateLimit: false });
  try {
    const input = items(itemCount, (i) => ({ prompt: `a lighthouse at dawn, memory benchmark ${i}`, seed: 5000 + i }));
    const generate = (downloadImages: boolean) =>
      sc.stablecog('Generate', {
        resource: 'image',
        operation: 'generate',
        prompt: '={{ $json.prompt }}',
        options: { aspectRatio: '1:1', numOutputs: IMAGES_PER_ITEM, seed: '={{ $json.seed }}', concurrency: CONCURRENCY, downloadImages },
      });
    await sc.n8n.importWorkflows([
      workflow('memDownload', MODES.memDownload, [manualTrigger(), ...input, generate(true)]),
      workflow('memUrls', MODES.memUrls, [manualTrigger(), ...input, generate(false)]),
      workflow('memFloor', MODES.memFloor, [manualTrigger(), ...input]),
    ]);

    // Alternate the order each repeat so neither mode always runs first (or on a warmer machine).
    const order: Mode[][] = [
      ['memDownload', 'memUrls', 'memFloor'],
      ['memFloor', 'memUrls', 'memDownload'],
      ['memUrls', 'memDownload', 'memFloor'],
    ];
    const samples: Record<Mode, Sample[]> = { memDownload: [], memUrls: [], memFloor: [] };
    for (let r = 0; r < repeats; r++) {
      for (const mode of order[r % order.length]!) {
        const expected = mode === 'memFloor' ? itemCount : images;
        samples[mode].push(await measure(sc, mode, expected));
      }
    }

    const modes = (Object.keys(MODES) as Mode[]).map((mode): ModeFigures => {
      const s = samples[mode];
      return {
        mode,
        label: MODES[mode],
        peakGroupRssMiB: median(s.map((x) => x.peak.peakGroupRssMiB)),
        mainHwmMiB: median(s.map((x) => x.peak.leaderHwmMiB)),
        executionMs: median(s.map((x) => x.executionMs)),
        processMs: median(s.map((x) => x.processMs)),
        items: s[0]!.items,
        imagesStored: s[0]!.imagesStored,
        imageBytes: s[0]!.imageBytes,
        repeatPeaksMiB: s.map((x) => x.peak.peakGroupRssMiB),
        maxProcesses: Math.max(...s.map((x) => x.peak.maxProcesses)),
        maxSampleGapMs: Math.max(...s.map((x) => x.peak.maxGapMs)),
      };
    });
    const peakOf = (mode: Mode) => modes.find((m) => m.mode === mode)!.peakGroupRssMiB;
    return {
      images,
      imagesPerItem: IMAGES_PER_ITEM,
      concurrency: CONCURRENCY,
      latencyMs: LATENCY_MS,
      repeats,
      modes,
      downloadRatio: peakOf('memDownload') / peakOf('memUrls'),
    };
  } finally {
    await sc.close();
  }
}

/** Chart labels (the table has the full ones). */
const SHORT: Record<string, string> = {
  memDownload: 'Download Images on',
  memUrls: 'Download Images off',
  memFloor: 'n8n alone',
};

export default benchmark<N8nMemoryBenchmark>({
  name: 'n8n-memory',
  title: 'n8n peak memory downloading 100 images',
  async run({ quick }) {
    return runN8nMemoryBenchmark({ quick });
  },
  report(r) {
    const mode = (key: string) => r.modes.find((m) => m.mode === key)!;
    const download = mode('memDownload');
    const urls = mode('memUrls');
    const floor = mode('memFloor');
    const items = r.images / r.imagesPerItem;
    return {
      method:
        `A real n8n (\`n8n execute\`, the packed package installed as n8n installs it, default filesystem binary-data ` +
        `mode) runs ${count(items)} items through Stablecog Generate, ${r.imagesPerItem} images of 1024 × 1024 an item ` +
        `(${count(r.images)} images), Parallel Requests ${r.concurrency}, against the emulator (Pro plan, ` +
        `${r.latencyMs} ms a generation). Side by side in the same run: the same workflow with Download Images off ` +
        `(URLs only), and the items alone without the Stablecog node (what n8n itself takes). While each run goes, a ` +
        `worker thread sums the resident memory (RSS) of n8n's process group (n8n, its JavaScript task runner and the ` +
        `short-lived helpers it starts) every 20 ms from /proc, and reads the main process's own peak (the kernel's ` +
        `VmHWM). The three workflows alternate over ${r.repeats} repeat${r.repeats === 1 ? '' : 's'}; figures are medians. ` +
        `The execution times are context, not a figure of the node: with downloads on they are mostly the emulator, in ` +
        `the benchmark's own process on the same cores, drawing each 1024 × 1024 JPEG when it is first fetched ` +
        `(150–350 ms each here).`,
      tables: [
        {
          head: ['Workflow', 'peak RSS, n8n process group', 'peak RSS, n8n main process', '÷ URLs only (group)', 'execution', 'images stored', 'each repeat (group)'],
          rows: r.modes.map((m) => [
            m.label,
            mib(m.peakGroupRssMiB),
            mib(m.mainHwmMiB),
            ratio(m.peakGroupRssMiB / urls.peakGroupRssMiB),
            seconds(m.executionMs, 2),
            m.imagesStored ? `${count(m.imagesStored)} (${mib(m.imageBytes / 2 ** 20)})` : '–',
            m.repeatPeaksMiB.map((p) => p.toFixed(0)).join(', ') + ' MiB',
          ]),
        },
      ],
      verdict: [
        `Downloading ${count(r.images)} images (${mib(download.imageBytes / 2 ** 20)}) peaks at ${mib(download.peakGroupRssMiB)}, ` +
          `${ratio(r.downloadRatio)} the URL-only run (${mib(urls.peakGroupRssMiB)}); n8n alone takes ${mib(floor.peakGroupRssMiB)}.`,
        `What the Stablecog node adds over n8n alone: ${mib(download.peakGroupRssMiB - floor.peakGroupRssMiB)} with downloads, ` +
          `${mib(urls.peakGroupRssMiB - floor.peakGroupRssMiB)} without.`,
      ],
      chart: groupedBars({
        title: `n8n peak memory: ${count(r.images)} images through the Stablecog node`,
        axis: 'MiB (peak RSS)',
        digits: 0,
        bars: r.modes.flatMap((m) => [
          { group: SHORT[m.mode]!, series: 'n8n process group (sampled)', value: m.peakGroupRssMiB },
          { group: SHORT[m.mode]!, series: 'n8n main process (VmHWM)', value: m.mainHwmMiB },
        ]),
      }),
    };
  },
});

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
 *   npx tsx test/bench/n8n-memory.ts [--quick]
 */
import { items, manualTrigger, type StablecogSuite, startStablecogSuite, workflow } from '@stablecog/testkit/n8n';
import { sampleProcessGroup, type MemoryPeak } from './process-memory';

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

if (require.main === module) {
  runN8nMemoryBenchmark({ quick: process.argv.includes('--quick') }).then(
    (r) => {
      console.log(`n8n peak memory, ${r.images} images (${r.imagesPerItem} per item, Parallel Requests ${r.concurrency}), medians of ${r.repeats}`);
      for (const m of r.modes) {
        console.log(
          `  ${m.label}: group peak ${m.peakGroupRssMiB} MiB (repeats ${m.repeatPeaksMiB.join(', ')}), main HWM ${m.mainHwmMiB} MiB, ` +
            `execution ${m.executionMs} ms, ${m.imagesStored} images stored (${(m.imageBytes / 2 ** 20).toFixed(1)} MiB), ` +
            `${m.maxProcesses} processes, max sample gap ${m.maxSampleGapMs} ms`,
        );
      }
      console.log(`  downloads on / off: ${r.downloadRatio.toFixed(2)}×`);
    },
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}

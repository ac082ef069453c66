/**
 * Benchmark: 40 items through Stablecog Generate in a real n8n, against the emulator at 2 s per
 * image on a Pro plan (3 slots + 1 in flight = 4 at once), rate limiter off, next to the same 40
 * requests through n8n's own HTTP Request node in the same run.
 *
 * Ideal: 40 / 4 × 2 s = 20 s. Target: the Stablecog node within 1.15 × ideal.
 * Figures per workflow: the execution's own startedAt → stoppedAt (n8n's boot excluded), the
 * node's own execution time, and the whole `n8n execute` process.
 *
 * The emulator runs in this process and renders each image on its first download (jpeg-js,
 * tens of ms each), which holds up its API answers too: "emulator busy" shows that time. One more
 * Stablecog row has the image host answer in 500 ms, as a distant CDN would, so that downloads
 * cost time that is not the emulator's.
 *
 * Run: npx tsx test/n8n/bench.ts [--items N] [--latency MS] [--runs N]
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import {
  httpRequest,
  items,
  manualTrigger,
  type NodeSpec,
  peakUsage,
  type StablecogSuite,
  startStablecogSuite,
  workflow,
} from '@stablecog/testkit/n8n';

const SLOTS = 4; // Pro: qMax 3 + 1
const TARGET = 1.15;

/** How long the image host takes per image in the slow-image-host row. */
const SLOW_IMAGE_HOST_MS = 500;

/** The size of a run; the defaults are the figures the target was set for. */
export interface N8nBenchmarkOptions {
  /** Input items per workflow (default 40). */
  items?: number;
  /** The emulator's time per generation (default 2000 ms). */
  latencyMs?: number;
  /** How often each workflow runs; a row is its median run (default 1). */
  runs?: number;
}

export interface BenchRow {
  workflow: string;
  /** startedAt → stoppedAt of the execution: workflow time, boot excluded. */
  executionMs: number;
  /** The Generate / HTTP Request node's own executionTime. */
  nodeMs: number;
  /** The whole `n8n execute` process, boot and shutdown included. */
  processMs: number;
  /** executionMs / ideal. */
  ratio: number;
  /** Most creates the emulator ran at once, and most that waited for a slot. */
  maxRunning: number;
  maxWaiting: number;
  /** First request's arrival to last request's arrival at the emulator. */
  requestSpreadMs: number;
  /** How long this process (the emulator: its API, its image rendering) was busy during the run. */
  emulatorBusyMs: number;
  /** Every run's executionMs, in the order run (the row is the median one). */
  executionsMs: number[];
}

export interface N8nBenchmark {
  items: number;
  latencyMs: number;
  runs: number;
  /** How long the image host takes per image in the third Stablecog row. */
  slowImageHostMs: number;
  slots: number;
  idealMs: number;
  target: number;
  rows: BenchRow[];
  /**
   * The Stablecog node within target × ideal: returning JSON only (like HTTP Request), with its
   * default image downloads, and with downloads from a slow image host.
   */
  withinTarget: { jsonOnly: boolean; withDownloads: boolean; slowImageHost: boolean };
}

/** Runs the benchmark and returns its figures. */
export async function runN8nBenchmark(options: N8nBenchmarkOptions = {}): Promise<N8nBenchmark> {
  const { items: itemCount = 40, latencyMs = 2000, runs: runCount = 1 } = options;
  const idealMs = Math.ceil(itemCount / SLOTS) * latencyMs;
  const credits = Math.max(10_000, itemCount * 4 * runCount); // 4 workflows, one image an item
  const sc = await startStablecogSuite({ plan: 'pro', credits, latencyMs, rateLimit: false });
  try {
    const header = { id: 'benchHeaderAuth01', name: 'Stablecog header', type: 'httpHeaderAuth' };
    await sc.n8n.importCredentials([{ ...header, data: { name: 'Authorization', value: `Bearer ${sc.token}` } }]);
    const input = items(itemCount, (i) => ({ prompt: `benchmark image ${i}`, seed: 1000 + i }));
    const generate = (downloadImages: boolean): NodeSpec =>
      sc.stablecog('Generate', {
        resource: 'image',
        operation: 'generate',
        prompt: '={{ $json.prompt }}',
        options: { width: 512, height: 512, seed: '={{ $json.seed }}', concurrency: SLOTS, downloadImages },
      });
    const http = (batching: Record<string, unknown> | undefined): NodeSpec => ({
      ...httpRequest('Generate', {
        method: 'POST',
        url: `${sc.emulator.url}/v1/image/generation/create`,
        authentication: 'genericCredentialType',
        genericAuthType: 'httpHeaderAuth',
        sendBody: true,
        specifyBody: 'json',
        jsonBody: '={{ JSON.stringify({ prompt: $json.prompt, width: 512, height: 512, num_outputs: 1, seed: $json.seed }) }}',
        options: { timeout: 600_000, ...(batching ? { batching: { batch: batching } } : {}) },
      }),
      credentials: { httpHeaderAuth: { id: header.id, name: header.name } },
    });
    const runs: Array<[id: string, label: string, node: NodeSpec, imageHostMs?: number]> = [
      ['benchStablecog', `Stablecog Generate, Parallel Requests ${SLOTS}, JSON only`, generate(false)],
      ['benchStablecogDl', `Stablecog Generate, Parallel Requests ${SLOTS}, images downloaded`, generate(true)],
      [
        'benchStablecogSlowDl',
        `Stablecog Generate, Parallel Requests ${SLOTS}, images downloaded, image host ${SLOW_IMAGE_HOST_MS} ms an image`,
        generate(true),
        SLOW_IMAGE_HOST_MS,
      ],
      ['benchHttpAll', `HTTP Request, no batching (all ${itemCount} sent at once, server queues)`, http(undefined)],
      ['benchHttpBatch', `HTTP Request, batching ${SLOTS} items per ${latencyMs} ms`, http({ batchSize: SLOTS, batchInterval: latencyMs })],
    ];
    await sc.n8n.importWorkflows(runs.map(([id, label, node]) => workflow(id, label, [manualTrigger(), ...input, node])));

    // One at a time (they share the slots), each workflow once per round, so drift reaches all alike.
    const measured: BenchRow[][] = runs.map(() => []);
    for (let round = 0; round < runCount; round++) {
      for (const [index, [id, label, , imageHostMs]] of runs.entries()) {
        measured[index].push(await measure(sc, { id, label, items: itemCount, idealMs, imageHostMs }));
      }
    }
    const rows = measured.map(median);
    return {
      items: itemCount,
      latencyMs,
      runs: runCount,
      slowImageHostMs: SLOW_IMAGE_HOST_MS,
      slots: SLOTS,
      idealMs,
      target: TARGET,
      rows,
      withinTarget: {
        jsonOnly: rows[0].ratio <= TARGET,
        withDownloads: rows[1].ratio <= TARGET,
        slowImageHost: rows[2].ratio <= TARGET,
      },
    };
  } finally {
    await sc.close();
  }
}

/** The run with the median execution time, carrying every run's time. */
function median(rows: BenchRow[]): BenchRow {
  const sorted = [...rows].sort((a, b) => a.executionMs - b.executionMs);
  return { ...sorted[Math.floor((sorted.length - 1) / 2)], executionsMs: rows.map((row) => row.executionMs) };
}

interface Measure {
  id: string;
  label: string;
  items: number;
  idealMs: number;
  /** Every image download takes this long (the emulator's `slow` fault on its image host). */
  imageHostMs?: number;
}

async function measure(sc: StablecogSuite, { id, label, items, idealMs, imageHostMs }: Measure): Promise<BenchRow> {
  const logged = sc.emulator.control.requests({ origin: 'api' }).length;
  if (imageHostMs) sc.emulator.control.injectFaults({ route: 'cdn', kind: 'slow', delayMs: imageHostMs });
  const busyBefore = performance.eventLoopUtilization();
  const { result: run, maxRunning, maxWaiting } = await peakUsage(sc.emulator, sc.token, () =>
    sc.n8n.executeOk(id, { timeoutMs: 600_000 }),
  ).finally(() => sc.emulator.control.clearFaults());
  const busy = performance.eventLoopUtilization(busyBefore);
  const made = run.items('Generate');
  if (made.length !== items) throw new Error(`${label}: ${made.length} items instead of ${items}`);
  const arrivals = sc.emulator.control
    .requests({ origin: 'api' })
    .slice(logged)
    .filter((r) => r.path === '/v1/image/generation/create')
    .map((r) => Date.parse(r.at));
  return {
    workflow: label,
    executionMs: run.durationMs,
    nodeMs: run.runs('Generate')[0].executionTime,
    processMs: run.processMs,
    ratio: run.durationMs / idealMs,
    maxRunning,
    maxWaiting,
    requestSpreadMs: Math.max(...arrivals) - Math.min(...arrivals),
    emulatorBusyMs: busy.active,
    executionsMs: [run.durationMs],
  };
}

/** The figures as a table. */
export function formatN8nBenchmark(b: N8nBenchmark): string {
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const W = Math.max(...b.rows.map((r) => r.workflow.length));
  const lines = [
    `n8n benchmark: ${b.items} items, emulator latency ${b.latencyMs} ms, ${b.slots} slots (Pro), rate limiter off` +
      (b.runs > 1 ? `, median of ${b.runs} runs per workflow` : ''),
    `ideal ${s(b.idealMs)} (${Math.ceil(b.items / b.slots)} rounds × ${s(b.latencyMs)}); target ≤ ${b.target} × ideal`,
    '',
    'workflow'.padEnd(W) + ' | execution | ×ideal | node     | process  | max running/waiting | request spread | emulator busy',
  ];
  for (const r of b.rows) {
    lines.push(
      `${r.workflow.padEnd(W)} | ${s(r.executionMs).padStart(9)} | ${r.ratio.toFixed(3).padStart(6)} | ` +
        `${s(r.nodeMs).padStart(8)} | ${s(r.processMs).padStart(8)} | ${`${r.maxRunning}/${r.maxWaiting}`.padStart(19)} | ` +
        `${s(r.requestSpreadMs).padStart(14)} | ${s(r.emulatorBusyMs).padStart(13)}`,
    );
  }
  if (b.runs > 1) {
    lines.push('', 'every run (execution):');
    for (const r of b.rows) lines.push(`  ${r.workflow.padEnd(W)} ${r.executionsMs.map(s).join(', ')}`);
  }
  const verdict = (ok: boolean, row: BenchRow) => `${ok ? 'within' : 'MISSES'} the target (${row.ratio.toFixed(3)} × ideal)`;
  lines.push(
    '',
    `Stablecog node, JSON only: ${verdict(b.withinTarget.jsonOnly, b.rows[0])}`,
    `Stablecog node, images downloaded (its default): ${verdict(b.withinTarget.withDownloads, b.rows[1])}`,
    `Stablecog node, images downloaded from a slow image host: ${verdict(b.withinTarget.slowImageHost, b.rows[2])}`,
  );
  return lines.join('\n');
}

if (require.main === module) {
  const { values } = parseArgs({ options: { items: { type: 'string' }, latency: { type: 'string' }, runs: { type: 'string' } } });
  const number = (value: string | undefined) => (value === undefined ? undefined : Number(value));
  runN8nBenchmark({ items: number(values.items), latencyMs: number(values.latency), runs: number(values.runs) })
    .then((b) => console.log(formatN8nBenchmark(b)))
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}

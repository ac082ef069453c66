/**
 * Benchmark: 40 items through Stablecog Generate in a real n8n, against the emulator at 2 s per
 * image on a Pro plan (3 slots + 1 in flight = 4 at once), rate limiter off, next to the same 40
 * requests through n8n's own HTTP Request node in the same run.
 *
 * Ideal: 40 / 4 × 2 s = 20 s. Target: the Stablecog node within 1.15 × ideal.
 * Figures per workflow: the execution's own startedAt → stoppedAt (n8n's boot excluded), the
 * node's own execution time, and the whole `n8n execute` process.
 *
 * Run: npx tsx test/n8n/bench.ts
 */
import { peakUsage, startStablecogSuite, type StablecogSuite } from './stablecog';
import { httpRequest, items, manualTrigger, workflow, type NodeSpec } from './workflow';

const ITEMS = 40;
const LATENCY_MS = 2000;
const SLOTS = 4; // Pro: qMax 3 + 1
const IDEAL_MS = (ITEMS / SLOTS) * LATENCY_MS;
const TARGET = 1.15;

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
}

export interface N8nBenchmark {
  items: number;
  latencyMs: number;
  slots: number;
  idealMs: number;
  target: number;
  rows: BenchRow[];
  /** The Stablecog node within target × ideal: returning JSON only (like HTTP Request), and with its default image downloads. */
  withinTarget: { jsonOnly: boolean; withDownloads: boolean };
}

/** Runs the benchmark and returns its figures. */
export async function runN8nBenchmark(): Promise<N8nBenchmark> {
  const sc = await startStablecogSuite({ plan: 'pro', credits: 10_000, latencyMs: LATENCY_MS, rateLimit: false });
  try {
    const header = { id: 'benchHeaderAuth01', name: 'Stablecog header', type: 'httpHeaderAuth' };
    await sc.n8n.importCredentials([{ ...header, data: { name: 'Authorization', value: `Bearer ${sc.token}` } }]);
    const input = items(ITEMS, (i) => ({ prompt: `benchmark image ${i}`, seed: 1000 + i }));
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
    const runs: Array<[id: string, label: string, node: NodeSpec]> = [
      ['benchStablecog', `Stablecog Generate, Parallel Requests ${SLOTS}, JSON only`, generate(false)],
      ['benchStablecogDl', `Stablecog Generate, Parallel Requests ${SLOTS}, images downloaded`, generate(true)],
      ['benchHttpAll', 'HTTP Request, no batching (all 40 sent at once, server queues)', http(undefined)],
      ['benchHttpBatch', `HTTP Request, batching ${SLOTS} items per ${LATENCY_MS} ms`, http({ batchSize: SLOTS, batchInterval: LATENCY_MS })],
    ];
    await sc.n8n.importWorkflows(runs.map(([id, label, node]) => workflow(id, label, [manualTrigger(), ...input, node])));

    const rows: BenchRow[] = [];
    for (const [id, label] of runs) rows.push(await measure(sc, id, label)); // one at a time: they share the slots
    return {
      items: ITEMS,
      latencyMs: LATENCY_MS,
      slots: SLOTS,
      idealMs: IDEAL_MS,
      target: TARGET,
      rows,
      withinTarget: { jsonOnly: rows[0].ratio <= TARGET, withDownloads: rows[1].ratio <= TARGET },
    };
  } finally {
    await sc.close();
  }
}

async function measure(sc: StablecogSuite, id: string, label: string): Promise<BenchRow> {
  const logged = sc.emulator.control.requests({ origin: 'api' }).length;
  const { result: run, maxRunning, maxWaiting } = await peakUsage(sc.emulator, sc.token, () =>
    sc.n8n.executeOk(id, { timeoutMs: 600_000 }),
  );
  const made = run.items('Generate');
  if (made.length !== ITEMS) throw new Error(`${label}: ${made.length} items instead of ${ITEMS}`);
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
    ratio: run.durationMs / IDEAL_MS,
    maxRunning,
    maxWaiting,
    requestSpreadMs: Math.max(...arrivals) - Math.min(...arrivals),
  };
}

/** The figures as a table. */
export function formatN8nBenchmark(b: N8nBenchmark): string {
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const lines = [
    `n8n benchmark: ${b.items} items, emulator latency ${b.latencyMs} ms, ${b.slots} slots (Pro), rate limiter off`,
    `ideal ${s(b.idealMs)} (${b.items / b.slots} rounds × ${s(b.latencyMs)}); target ≤ ${b.target} × ideal`,
    '',
    'workflow                                                          | execution | ×ideal | node     | process  | max running/waiting | request spread',
  ];
  for (const r of b.rows) {
    lines.push(
      `${r.workflow.padEnd(65)} | ${s(r.executionMs).padStart(9)} | ${r.ratio.toFixed(3).padStart(6)} | ` +
        `${s(r.nodeMs).padStart(8)} | ${s(r.processMs).padStart(8)} | ${`${r.maxRunning}/${r.maxWaiting}`.padStart(19)} | ` +
        `${s(r.requestSpreadMs).padStart(9)}`,
    );
  }
  const verdict = (ok: boolean, row: BenchRow) => `${ok ? 'within' : 'MISSES'} the target (${row.ratio.toFixed(3)} × ideal)`;
  lines.push(
    '',
    `Stablecog node, JSON only: ${verdict(b.withinTarget.jsonOnly, b.rows[0])}`,
    `Stablecog node, images downloaded (its default): ${verdict(b.withinTarget.withDownloads, b.rows[1])}`,
  );
  return lines.join('\n');
}

if (require.main === module) {
  runN8nBenchmark()
    .then((b) => console.log(formatN8nBenchmark(b)))
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}

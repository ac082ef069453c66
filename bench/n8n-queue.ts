/**
 * Benchmark: n8n as production runs it. 40 webhook executions started at once, one image each
 * (images downloaded, the node's default), against the emulator at 2 s a generation on a Pro plan
 * (4 at once): n8n in regular mode, then queue mode with 1 worker and with 2 workers (Postgres,
 * Redis, binary data in the database). Then 200 executions at once in queue mode, past the
 * server's queue limit (50 waiting): failed items and double charges, next to the wall time.
 *
 * Ideal: ceil(executions / 4) × 2 s (20 s for 40, 100 s for 200). Wall time is from the first
 * webhook call to the last answer.
 *
 *   npm run bench -- --only n8n-queue [--quick]
 */
import { startEmulator, type Emulator } from '@stablecog/emulator';
import { N8nCluster } from '@stablecog/testkit/n8n-queue';
import { benchmark } from './lib/benchmark';
import { groupedBars, limitRule } from './lib/chart';
import { count, ratio, seconds } from './lib/format';

const SLOTS = 4; // Pro: qMax 3 + 1

export interface QueueRow {
  setup: string;
  executions: number;
  wallMs: number;
  idealMs: number;
  ratio: number;
  /** Webhook calls that did not answer 200 (an item that failed). */
  failed: number;
  /** Charges beyond one per execution, and charged images no caller received. */
  doubleCharges: number;
  /** Creates the server refused with queue_limit_reached (sent again by the node). */
  refusedQueueFull: number;
}

export interface QueueBenchmark {
  latencyMs: number;
  rows: QueueRow[];
}

/** Starts `executions` webhook executions at once and measures them against the emulator's ledger. */
async function measure(cluster: N8nCluster, emulator: Emulator, token: string, setup: string, executions: number, latencyMs: number): Promise<QueueRow> {
  const path = `bench-${setup.replace(/\W+/g, '-').toLowerCase()}-${executions}`;
  await cluster.webhookWorkflow(path, [
    cluster.stablecogNode('Generate', { resource: 'image', operation: 'generate', prompt: '={{ $json.body.prompt }}', options: { width: 512, height: 512 } }),
  ]);
  const charges = () => emulator.control.ledger({ token }).filter((e) => e.kind === 'charge');
  const creates = () => emulator.control.requests({ origin: 'api' }).filter((r) => r.path === '/v1/image/generation/create');
  const [chargesBefore, createsBefore] = [charges().length, creates().length];
  const started = Date.now();
  const answers = await Promise.all(Array.from({ length: executions }, (_, i) => cluster.callWebhook(path, { prompt: `${path} ${i}` })));
  const wallMs = Date.now() - started;
  const delivered = new Set(answers.filter((a) => a.status === 200).map((a) => (a.json as { id?: string }).id));
  const made = charges().slice(chargesBefore);
  const idealMs = Math.ceil(executions / SLOTS) * latencyMs;
  const row: QueueRow = {
    setup,
    executions,
    wallMs,
    idealMs,
    ratio: wallMs / idealMs,
    failed: answers.filter((a) => a.status !== 200).length,
    doubleCharges: Math.max(0, made.length - executions) + made.flatMap((c) => c.outputIds ?? []).filter((id) => !delivered.has(id)).length,
    refusedQueueFull: creates().slice(createsBefore).filter((r) => r.status === 400).length,
  };
  process.stderr.write(`[n8n-queue bench] ${JSON.stringify(row)}\n`);
  return row;
}

/** Runs the rows: regular mode, queue mode with 1 then 2 workers, then the 200 at once. */
export async function runQueueBenchmark(options: { executions?: number; many?: number; latencyMs?: number } = {}): Promise<QueueBenchmark> {
  const { executions = 40, many = 200, latencyMs = 2000 } = options;
  const emulator = await startEmulator({ latencyMs, rateLimit: false });
  const rows: QueueRow[] = [];
  try {
    const token = emulator.control.createAccount({ plan: 'pro', credits: 100_000 }).token;
    const stablecog = { apiToken: token, baseUrl: emulator.url };
    const regular = await N8nCluster.start({ mode: 'regular', stablecog });
    try {
      rows.push(await measure(regular, emulator, token, 'regular mode', executions, latencyMs));
    } finally {
      await regular.stop();
    }
    // Worker concurrency 100 and a pool to match: the 200 must reach the server together.
    const queue = await N8nCluster.start({ workers: 1, concurrency: 100, stablecog });
    try {
      rows.push(await measure(queue, emulator, token, 'queue mode, 1 worker', executions, latencyMs));
      await queue.addWorker();
      rows.push(await measure(queue, emulator, token, 'queue mode, 2 workers', executions, latencyMs));
      rows.push(await measure(queue, emulator, token, 'queue mode, 2 workers', many, latencyMs));
    } finally {
      await queue.stop();
    }
  } finally {
    await emulator.close();
  }
  return { latencyMs, rows };
}

export default benchmark<QueueBenchmark>({
  name: 'n8n-queue',
  title: 'n8n in queue mode: workers against regular mode, and past the server’s queue limit',
  async run({ quick }) {
    return runQueueBenchmark(quick ? { executions: 16, many: 80, latencyMs: 1000 } : {});
  },
  report(r) {
    const many = r.rows[r.rows.length - 1]!;
    return {
      method:
        `n8n 2.41.1 started from nothing on loopback (Postgres, Redis, \`n8n start\` and \`n8n worker --concurrency=100\`, ` +
        `the packed package in each, binary data in the database) runs executions started at once by webhook calls, one ` +
        `image each (downloaded, the node's default), against the emulator at ${seconds(r.latencyMs, 0)} a generation on a ` +
        `Pro plan (${SLOTS} at once). Wall time runs from the first call to the last answer; the ideal is ` +
        `⌈executions / ${SLOTS}⌉ × ${seconds(r.latencyMs, 0)}. Failed: calls that did not answer 200. Double charges: ` +
        `charges beyond one per execution plus charged images no caller received (from the emulator's ledger).`,
      tables: [
        {
          head: ['Set-up', 'executions', 'wall', 'ideal', '÷ ideal', 'failed', 'double charges', 'refused (queue full), sent again'],
          rows: r.rows.map((row) => [
            row.setup,
            count(row.executions),
            seconds(row.wallMs, 1),
            seconds(row.idealMs, 0),
            ratio(row.ratio, 3),
            count(row.failed),
            count(row.doubleCharges),
            count(row.refusedQueueFull),
          ]),
        },
      ],
      verdict: [
        `${count(many.executions)} executions at once: ${count(many.failed)} failed, ${count(many.doubleCharges)} double charges, ` +
          `${ratio(many.ratio, 3)} the ideal (${count(many.refusedQueueFull)} creates refused with queue_limit_reached and sent again).`,
      ],
      chart: groupedBars({
        title: `n8n: executions at once, ${seconds(r.latencyMs, 0)} a generation, ${SLOTS} at once (wall ÷ ideal)`,
        axis: '÷ ideal',
        digits: 2,
        bars: r.rows.map((row) => ({ group: `${row.setup} (${row.executions})`, series: 'wall ÷ ideal', value: row.ratio })),
        layers: [limitRule(1, 'ideal', 'left')],
      }),
    };
  },
});

if (require.main === module) {
  runQueueBenchmark()
    .then((b) => console.log(JSON.stringify(b, null, 2)))
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}

/** Adapter: the n8n batch against the ideal and n8n's HTTP Request node (test/n8n/bench.ts). */
import type { N8nBenchmark } from '../../test/n8n/bench';
import { benchmark } from './benchmark';
import { groupedBars, limitRule } from './chart';
import { count, ratio, seconds, verdict } from './format';

/** A workflow's label, short enough for a chart axis. */
const short = (label: string) =>
  label
    .replace(/ \(.*\)$/, '')
    .replace(/^Stablecog Generate, Parallel Requests \d+, /, 'Stablecog node, ')
    .replace(/^HTTP Request, /, 'HTTP Request node, ')
    .replace(/batching (\d+) items per .*/, 'batches of $1');

export default benchmark<N8nBenchmark>({
  name: 'n8n-batch',
  title: 'n8n batch: wall time against the ideal and the HTTP Request node',
  async run() {
    // The module has no reduced run: a quick run runs it in full.
    const { runN8nBenchmark } = await import('../../test/n8n/bench.js');
    return runN8nBenchmark();
  },
  report(r) {
    const [stablecog, withDownloads] = r.rows;
    const http = r.rows.filter((row) => row.workflow.startsWith('HTTP Request'));
    const bestHttp = http.reduce((best, row) => (row.executionMs < best.executionMs ? row : best), http[0]!);
    return {
      method:
        `A real n8n (\`n8n execute\`, the packed package installed as n8n installs it) runs ${count(r.items)} items ` +
        `through one node against the emulator: ${seconds(r.latencyMs, 0)} a generation, Pro plan (${r.slots} ` +
        `generations at once), rate limiter off. The ideal is ${count(r.items / r.slots)} rounds × ` +
        `${seconds(r.latencyMs, 0)} = ${seconds(r.idealMs, 0)}. Side by side in the same run, one after another: the ` +
        `Stablecog node (JSON only, then with the images downloaded) and n8n's own HTTP Request node sending the same ` +
        `create requests. "Execution" is the execution's startedAt → stoppedAt (n8n's boot excluded); "process" is the ` +
        `whole \`n8n execute\`. The emulator reports how many creates ran and waited at once.`,
      tables: [
        {
          head: ['Workflow', 'execution', '÷ ideal', 'node', 'process', 'most running / waiting', 'request spread'],
          rows: r.rows.map((row) => [
            row.workflow,
            seconds(row.executionMs, 2),
            ratio(row.ratio, 3),
            seconds(row.nodeMs, 2),
            seconds(row.processMs, 2),
            `${row.maxRunning} / ${row.maxWaiting}`,
            seconds(row.requestSpreadMs, 2),
          ]),
        },
      ],
      verdict: [
        `The Stablecog node takes ${ratio(stablecog!.ratio, 3)} the ideal returning JSON only, ${ratio(withDownloads!.ratio, 3)} ` +
          `with its default image downloads (target ≤ ${r.target}): ${verdict(r.withinTarget.jsonOnly)}, ${verdict(r.withinTarget.withDownloads)}.`,
        ...(bestHttp
          ? [
              `Against the fastest HTTP Request set-up (${bestHttp.workflow}): ${ratio(stablecog!.executionMs / bestHttp.executionMs)} its time.`,
            ]
          : []),
      ],
      chart: groupedBars({
        title: `n8n: ${count(r.items)} generations of ${seconds(r.latencyMs, 0)}, ${r.slots} at once (execution time)`,
        axis: 'seconds',
        digits: 1,
        bars: r.rows.map((row) => ({ group: short(row.workflow), series: 'execution time', value: row.executionMs / 1000 })),
        layers: [
          limitRule(r.idealMs / 1000, `ideal ${seconds(r.idealMs, 0)}`, 'left'),
          limitRule((r.idealMs * r.target) / 1000, `target ${r.target}× ideal`),
        ],
      }),
    };
  },
});

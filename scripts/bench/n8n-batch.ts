/** Adapter: the n8n batch against the ideal and n8n's HTTP Request node (test/n8n/bench.ts). */
import type { N8nBenchmark } from '../../test/n8n/bench';
import { benchmark } from './benchmark';
import { groupedBars, limitRule } from './chart';
import { count, ratio, seconds, verdict } from './format';

/** Seconds without decimals when they are whole (2 s, 0.5 s). */
const whole = (valueMs: number) => seconds(valueMs, valueMs % 1000 ? 1 : 0);

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
  async run({ quick }) {
    const { runN8nBenchmark } = await import('../../test/n8n/bench.js');
    // Quick: 4 rounds of 1 s instead of 10 of 2 s (n8n’s boot per workflow stays the same).
    return runN8nBenchmark(quick ? { items: 16, latencyMs: 1000 } : {});
  },
  report(r) {
    const [stablecog, withDownloads, slowImageHost] = r.rows;
    const http = r.rows.filter((row) => row.workflow.startsWith('HTTP Request'));
    const bestHttp = http.reduce((best, row) => (row.executionMs < best.executionMs ? row : best), http[0]!);
    return {
      method:
        `A real n8n (\`n8n execute\`, the packed package installed as n8n installs it) runs ${count(r.items)} items ` +
        `through one node against the emulator: ${whole(r.latencyMs)} a generation, Pro plan (${r.slots} ` +
        `generations at once), rate limiter off. The ideal is ${count(Math.ceil(r.items / r.slots))} rounds × ` +
        `${whole(r.latencyMs)} = ${whole(r.idealMs)}. Side by side in the same run, one after another: the ` +
        `Stablecog node (JSON only, then with the images downloaded, then with an image host that takes ` +
        `${whole(r.slowImageHostMs ?? 500)} an image as a distant CDN would) and n8n's own HTTP Request node sending the same ` +
        `create requests. "Execution" is the execution's startedAt → stoppedAt (n8n's boot excluded); "process" is the ` +
        `whole \`n8n execute\`. The emulator reports how many creates ran and waited at once; "emulator busy" is how long ` +
        `its process was busy (it renders each image on the first download, which holds up its API answers too).` +
        (r.runs > 1 ? ` Each workflow ran ${r.runs} times, round by round; a row is its median run.` : ''),
      tables: [
        {
          head: ['Workflow', 'execution', '÷ ideal', 'node', 'process', 'most running / waiting', 'request spread', 'emulator busy'],
          rows: r.rows.map((row) => [
            row.workflow,
            seconds(row.executionMs, 2),
            ratio(row.ratio, 3),
            seconds(row.nodeMs, 2),
            seconds(row.processMs, 2),
            `${row.maxRunning} / ${row.maxWaiting}`,
            seconds(row.requestSpreadMs, 2),
            // Figures stored before this column existed have none.
            row.emulatorBusyMs === undefined ? '–' : seconds(row.emulatorBusyMs, 2),
          ]),
        },
      ],
      verdict: [
        `The Stablecog node takes ${ratio(stablecog!.ratio, 3)} the ideal returning JSON only, ${ratio(withDownloads!.ratio, 3)} ` +
          `with its default image downloads (target ≤ ${r.target}): ${verdict(r.withinTarget.jsonOnly)}, ${verdict(r.withinTarget.withDownloads)}.`,
        ...(slowImageHost?.workflow.includes('image host')
          ? [
              `With an image host that takes ${whole(r.slowImageHostMs)} an image, ${ratio(slowImageHost.ratio, 3)} the ideal: ` +
                `${verdict(slowImageHost.ratio <= r.target)} (downloads do not hold a Stablecog slot).`,
            ]
          : []),
        ...(bestHttp
          ? [
              `Against the fastest HTTP Request set-up (${bestHttp.workflow}): ${ratio(stablecog!.executionMs / bestHttp.executionMs)} its time.`,
            ]
          : []),
      ],
      chart: groupedBars({
        title: `n8n: ${count(r.items)} generations of ${whole(r.latencyMs)}, ${r.slots} at once (execution time)`,
        axis: 'seconds',
        digits: 1,
        bars: r.rows.map((row) => ({ group: short(row.workflow), series: 'execution time', value: row.executionMs / 1000 })),
        layers: [
          limitRule(r.idealMs / 1000, `ideal ${whole(r.idealMs)}`, 'left'),
          limitRule((r.idealMs * r.target) / 1000, `target ${r.target}× ideal`),
        ],
      }),
    };
  },
});

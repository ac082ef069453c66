/** Adapter: the client's overhead against bare axios (packages/client/bench/overhead.ts). */
import type { ClientBenchmark, OverheadFigures } from '../../packages/client/bench/overhead';
import { benchmark } from './benchmark';
import { groupedBars, limitRule } from './chart';
import { ms, ratio, verdict } from './format';

export default benchmark<ClientBenchmark>({
  name: 'client',
  title: 'Client overhead against bare axios',
  async run({ quick }) {
    const { runClientBenchmark } = await import('../../packages/client/bench/overhead.js');
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

/** Adapter: the Activepieces piece's cost per call against the client's (packages/activepieces-stablecog/bench/overhead.ts). */
import type { ActivepiecesBenchmark, OverheadFigures } from '../../packages/activepieces-stablecog/bench/overhead';
import { benchmark } from './benchmark';
import { groupedBars } from './chart';
import { ms, ratio } from './format';

export default benchmark<ActivepiecesBenchmark>({
  name: 'activepieces',
  title: 'Activepieces piece overhead against the client',
  async run({ quick }) {
    const { runActivepiecesBenchmark } = await import('../../packages/activepieces-stablecog/bench/overhead.js');
    return runActivepiecesBenchmark(quick ? { calls: 50, rounds: 3 } : {});
  },
  report(r) {
    const operations: Array<[string, OverheadFigures]> = [
      ['Get Credits', r.credits],
      ['List Outputs (10 outputs)', r.listOutputs],
    ];
    return {
      method:
        'Per-call time of the Activepieces piece\'s action `run` (with an engine-shaped context: the connection value, ' +
        'a Runtime and the axios transport built per step, the result flattened as the step returns it) against the ' +
        'same request through one long-lived `@stablecog/client`, on the emulator (in process, no latency, rate ' +
        `limiter off). Each figure is the median over ${r.rounds} rounds of the mean of ${r.calls} calls; who goes ` +
        'first flips every round.',
      tables: [
        {
          head: ['Action', 'piece (median)', 'client (median)', 'overhead per call', 'ratio'],
          rows: operations.map(([name, f]) => [name, ms(f.pieceMs, 3), ms(f.clientMs, 3), ms(f.pieceMs - f.clientMs, 3), ratio(f.ratio)]),
        },
      ],
      verdict: operations.map(([name, f]) => `${name}: the piece adds ${ms(f.pieceMs - f.clientMs, 3)} per call (${ratio(f.ratio)} the client's time).`),
      chart: groupedBars({
        title: 'Activepieces piece overhead: time per call',
        axis: 'ms per call (median)',
        digits: 3,
        bars: operations.flatMap(([group, f]) => [
          { group, series: 'Activepieces piece', value: f.pieceMs },
          { group, series: '@stablecog/client', value: f.clientMs },
        ]),
      }),
    };
  },
});

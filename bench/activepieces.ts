/**
 * What the Activepieces piece costs on top of the client: per-call time of its Get Credits and
 * List Outputs actions' `run` (with an engine-shaped context: the connection value, a Runtime and
 * the axios transport built per step, as Activepieces runs each step afresh, the result flattened)
 * against the same request through one long-lived `@stablecog/client`, on the emulator (in
 * process, no latency, rate limiter off). Who goes first flips every round; figures are medians.
 *
 *   npm run bench -- --only activepieces [--quick]
 */
import { execute, operations, Stablecog } from '@stablecog/client';
import { startEmulator } from '@stablecog/emulator';
import { getCredits } from '../packages/activepieces-stablecog/src/lib/actions/get-credits';
import { listOutputs } from '../packages/activepieces-stablecog/src/lib/actions/list-outputs';
import { runtimeFor } from '../packages/activepieces-stablecog/src/lib/common/client';
import { engineFor } from '../packages/activepieces-stablecog/test/helpers';
import { benchmark } from './lib/benchmark';
import { groupedBars } from './lib/chart';
import { ms, ratio } from './lib/format';

/** One operation's figures: the median over rounds of the mean time per call. */
export interface OverheadFigures {
  pieceMs: number;
  clientMs: number;
  /** pieceMs / clientMs. */
  ratio: number;
}

/** The benchmark's figures. */
export interface ActivepiecesBenchmark {
  calls: number;
  rounds: number;
  credits: OverheadFigures;
  listOutputs: OverheadFigures;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function perCall(fn: () => Promise<unknown>, calls: number): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) await fn();
  return Number(process.hrtime.bigint() - start) / 1e6 / calls;
}

const figuresOf = (piece: number[], client: number[]): OverheadFigures => {
  const pieceMs = median(piece);
  const clientMs = median(client);
  return { pieceMs, clientMs, ratio: pieceMs / clientMs };
};

/** Measures the piece's cost per call against one long-lived client's (see the file's comment). */
export async function runActivepiecesBenchmark({ calls = 200, rounds = 5 } = {}): Promise<ActivepiecesBenchmark> {
  const emulator = await startEmulator({ latencyMs: 0, rateLimit: false });
  try {
    const { token } = emulator.control.createAccount({ credits: 100, plan: 'pro' });
    const engine = engineFor(emulator.url, token);
    const auth = engine.auth;
    const client = new Stablecog({ apiToken: token, baseUrl: emulator.url });
    await execute(operations.generate, { prompt: 'bench', num_outputs: 4, width: 512, height: 512 }, runtimeFor(auth));
    await execute(operations.generate, { prompt: 'bench', num_outputs: 4, width: 512, height: 512 }, runtimeFor(auth));
    await execute(operations.generate, { prompt: 'bench', num_outputs: 2, width: 512, height: 512 }, runtimeFor(auth));
    const piece = {
      credits: () => getCredits.run(engine.actionContext(getCredits.props, {})),
      list: () => listOutputs.run(engine.actionContext(listOutputs.props, { limit: 10, order: 'desc' })),
    };
    const direct = { credits: () => client.credits.get(), list: () => client.outputs.list({ per_page: 10 }) };
    const figures: Record<string, number[]> = { pieceCredits: [], clientCredits: [], pieceList: [], clientList: [] };
    for (let round = 0; round < rounds; round++) {
      // Who goes first flips every round, so a warming or loaded machine hits both alike.
      const pair = async (a: () => Promise<unknown>, b: () => Promise<unknown>, into: [number[], number[]]) => {
        if (round % 2) into[1].push(await perCall(b, calls)), into[0].push(await perCall(a, calls));
        else into[0].push(await perCall(a, calls)), into[1].push(await perCall(b, calls));
      };
      await pair(piece.credits, direct.credits, [figures.pieceCredits!, figures.clientCredits!]);
      await pair(piece.list, direct.list, [figures.pieceList!, figures.clientList!]);
    }
    return {
      calls,
      rounds,
      credits: figuresOf(figures.pieceCredits!, figures.clientCredits!),
      listOutputs: figuresOf(figures.pieceList!, figures.clientList!),
    };
  } finally {
    await emulator.close();
  }
}

export default benchmark<ActivepiecesBenchmark>({
  name: 'activepieces',
  title: 'Activepieces piece overhead against the client',
  async run({ quick }) {
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

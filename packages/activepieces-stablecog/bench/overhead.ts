/**
 * The piece's own cost per call: Get Credits and List Outputs (10 outputs) through the piece's
 * `run` (context, Runtime and transport built per call, as each step does) against the same call
 * through one long-lived client, on the emulator with no latency and no rate limit. Prints the
 * median per call of each, in rounds that alternate the two so load hits both alike.
 *
 *   npx tsx packages/activepieces-stablecog/bench/overhead.ts
 */
import { execute, operations, Stablecog } from '@stablecog/client';
import { startEmulator } from '@stablecog/emulator';
import { createMockActionContext } from '@activepieces/pieces-framework';
import { AppConnectionType } from '@activepieces/shared';
import { getCredits } from '../src/lib/actions/get-credits';
import { listOutputs } from '../src/lib/actions/list-outputs';
import { runtimeFor } from '../src/lib/common/client';

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
    const auth = { type: AppConnectionType.CUSTOM_AUTH as const, props: { apiToken: token, baseUrl: emulator.url } };
    const client = new Stablecog({ apiToken: token, baseUrl: emulator.url });
    await execute(operations.generate, { prompt: 'bench', num_outputs: 4, width: 512, height: 512 }, runtimeFor(auth));
    await execute(operations.generate, { prompt: 'bench', num_outputs: 4, width: 512, height: 512 }, runtimeFor(auth));
    await execute(operations.generate, { prompt: 'bench', num_outputs: 2, width: 512, height: 512 }, runtimeFor(auth));
    const piece = {
      credits: () => getCredits.run({ ...createMockActionContext<typeof getCredits.props>({ propsValue: {} }), auth }),
      list: () =>
        listOutputs.run({
          ...createMockActionContext<typeof listOutputs.props>({
            propsValue: { limit: 10, order: 'desc', model_id: undefined, aspect_ratio: undefined, favorites_only: false },
          }),
          auth,
        }),
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

if (require.main === module) {
  void runActivepiecesBenchmark().then((r) => {
    const row = (name: string, f: OverheadFigures) =>
      console.log(`${name.padEnd(20)} piece ${f.pieceMs.toFixed(3)} ms   client ${f.clientMs.toFixed(3)} ms   overhead ${(f.pieceMs - f.clientMs).toFixed(3)} ms (${f.ratio.toFixed(2)}x)`);
    row('Get Credits', r.credits);
    row('List Outputs (10)', r.listOutputs);
  });
}

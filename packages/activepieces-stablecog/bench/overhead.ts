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

const CALLS = 200;
const ROUNDS = 5;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function perCall(fn: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < CALLS; i++) await fn();
  return Number(process.hrtime.bigint() - start) / 1e6 / CALLS;
}

async function main(): Promise<void> {
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
    for (let round = 0; round < ROUNDS; round++) {
      figures.pieceCredits!.push(await perCall(piece.credits));
      figures.clientCredits!.push(await perCall(direct.credits));
      figures.pieceList!.push(await perCall(piece.list));
      figures.clientList!.push(await perCall(direct.list));
    }
    const row = (name: string, p: number, c: number) =>
      console.log(`${name.padEnd(28)} piece ${p.toFixed(3)} ms   client ${c.toFixed(3)} ms   overhead ${(p - c).toFixed(3)} ms (${(p / c).toFixed(2)}x)`);
    row('Get Credits', median(figures.pieceCredits!), median(figures.clientCredits!));
    row('List Outputs (10)', median(figures.pieceList!), median(figures.clientList!));
  } finally {
    await emulator.close();
  }
}

void main();

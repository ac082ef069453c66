/**
 * Ten Generate Image steps started at once in one process (as Zapier runs a burst of Zaps) against
 * Stablecog's per-IP rate limiter and a free plan's two parallel slots. A create refused with 429
 * was never charged, so the step sends it again inside its own time; the model list is read once
 * for the process. All ten must finish in their first run, each charged once.
 * Its own file: the process-wide model cache must start cold, as in a fresh Zapier process.
 * `bench/zapier-parallel-steps.ts` reports the same figures for BENCHMARKS.md.
 */
import { startEmulator, type Emulator } from '@stablecog/emulator';
import zapier from 'zapier-platform-core';
import { App } from './helpers';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ latencyMs: 300 }); // the limiter is on (10 creates, 20 reads a second per IP)
});
afterAll(() => emulator.close());

it('10 parallel Generate Image steps on a free plan all finish in their first run, with no duplicate create', async () => {
  const { token } = emulator.control.createAccount({ credits: 100, plan: 'free' });
  const appTester = zapier.createAppTester(App) as (method: unknown, bundle: object) => Promise<Record<string, unknown>>;
  const steps = await Promise.allSettled(
    Array.from({ length: 10 }, (_, i) =>
      appTester(App.creates.generate_image.operation.perform, {
        authData: { api_token: token, base_url: emulator.url },
        inputData: { prompt: `parallel step ${i}` },
      }),
    ),
  );
  const log = emulator.control.requests({ origin: 'api' });
  const creates = log.filter((r) => r.path === '/v1/image/generation/create');
  expect(steps.map((s) => (s.status === 'fulfilled' ? s.value.status : (s.reason as Error).name))).toEqual(Array(10).fill('completed'));
  expect(creates.filter((r) => r.status === 200)).toHaveLength(10); // one accepted create per step: no duplicate
  expect(emulator.control.ledger({ token }).filter((e) => e.kind === 'charge').reduce((sum, e) => sum + e.amount, 0)).toBe(10);
  expect(log.filter((r) => r.path === '/v1/image/generation/models')).toHaveLength(1);
});

/**
 * Ten Generate Image steps started at once in one process (as Zapier runs a burst of Zaps) against
 * Stablecog's per-IP rate limiter and a free plan's two parallel slots. A create refused with 429
 * was never charged, so the step sends it again inside its own time; the model list is read once
 * for the process. All ten must finish in their first run, each charged once.
 * Its own file: the process-wide model cache must start cold, as in a fresh Zapier process.
 */
import { startEmulator, type Emulator } from '@stablecog/emulator';
import { runParallelSteps } from '../bench/parallel-steps';

jest.setTimeout(120_000);

let emulator: Emulator;
beforeAll(async () => {
  process.env.NODE_ENV = 'test';
  emulator = await startEmulator({ latencyMs: 300 }); // the limiter is on (10 creates, 20 reads a second per IP)
});
afterAll(() => emulator.close());

it('10 parallel Generate Image steps on a free plan all finish in their first run, with no duplicate create', async () => {
  const figures = await runParallelSteps(emulator, 10);
  expect(figures.firstRoundCompletions).toBe(10);
  expect(figures.createsAccepted).toBe(10); // one accepted create per step: no duplicate
  expect(figures.charged).toBe(10);
  expect(figures.modelListReads).toBeLessThanOrEqual(1);
});

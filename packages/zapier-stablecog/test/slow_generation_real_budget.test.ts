/**
 * The same at the real budget (25 s, no override): with Stablecog taking 40 s, the step answers
 * after 25 s, well inside Zapier's 30 s, and the images are found once Stablecog is done.
 */
import { DEFAULT_TIME_BUDGET_MS } from '../src/config';
import { App, findWhenReady, recoveryCriteria, startHarness, type Harness } from './helpers';

const LATENCY_MS = 40_000;

let h: Harness;
beforeAll(async () => {
  delete process.env.STABLECOG_TIME_BUDGET_MS;
  h = await startHarness(100);
  h.emulator.control.configure({ latencyMs: LATENCY_MS });
});
afterAll(() => h.close());

it('answers within Zapier’s 30 s and the images are found afterwards', async () => {
  const started = Date.now();
  const result = (await h.appTester(
    App.creates.generate_image.operation.perform,
    h.bundle({ prompt: 'a patient tortoise', if_slow: 'continue' }),
  )) as Record<string, any>;
  const elapsed = Date.now() - started;
  expect(result.status).toBe('still_generating');
  expect(result.message).toMatch(/had not finished within 25 seconds/);
  expect(elapsed).toBeGreaterThanOrEqual(DEFAULT_TIME_BUDGET_MS - 100);
  expect(elapsed).toBeLessThan(28_000);

  const found = await findWhenReady(h, recoveryCriteria(result.message), 1, LATENCY_MS);
  expect(found).toHaveLength(1);
  expect(found[0]).toMatchObject({ prompt: 'a patient tortoise', seed: result.seed });
}, 90_000);

/**
 * A generate slower than the step's time budget (emulator latency 40 s, budget shortened to 1.5 s
 * so the test is quick): the step stops or continues as the user chose, tells what to search for,
 * never sends the create twice, and Find Image Outputs then finds the images.
 */
import { App, eventually, findWhenReady, recoveryCriteria, startHarness, withTimeBudget, zapierFailure, type Harness } from './helpers';

const generate = App.creates.generate_image.operation.perform;
const LATENCY_MS = 40_000;
const BUDGET_MS = 1_500;

let h: Harness;
beforeAll(async () => {
  h = await startHarness(100);
  h.emulator.control.configure({ latencyMs: LATENCY_MS });
});
afterAll(() => h.close());

const creates = () => h.emulator.control.requests({ origin: 'api' }).filter((r) => r.path === '/v1/image/generation/create').length;
const charges = () => h.emulator.control.ledger({ token: h.token }).filter((e) => e.kind === 'charge');

it('stops (halted) or continues as the user chose, within the budget, and the search then finds the images', async () => {
  // "Stop the Zap": a HaltedError (Zapier does not replay those) that says what to search for.
  let started = Date.now();
  const halted = await withTimeBudget(BUDGET_MS, () =>
    zapierFailure(h.appTester(generate, h.bundle({ prompt: 'a slow lighthouse', if_slow: 'halt', num_outputs: '2' }))),
  );
  const haltedMs = Date.now() - started;
  expect(halted.name).toBe('HaltedError');
  expect(halted.message).toMatch(/had not finished within 2 seconds .*may still finish the images and charge for them; if it fails or times out, it refunds/);
  expect(halted.message).toMatch(/Do not run this step again/);
  expect(haltedMs).toBeGreaterThanOrEqual(BUDGET_MS - 100);
  expect(haltedMs).toBeLessThan(BUDGET_MS + 1_500);
  const haltedSearch = recoveryCriteria(halted.message);
  expect(haltedSearch.prompt).toBe('a slow lighthouse');

  // "Continue": a result that says it is still generating, with the same guidance.
  started = Date.now();
  const continued = (await withTimeBudget(BUDGET_MS, () =>
    h.appTester(generate, h.bundle({ prompt: 'a slow fox', seed: '31337', if_slow: 'continue' })),
  )) as Record<string, any>;
  expect(Date.now() - started).toBeLessThan(BUDGET_MS + 1_500);
  expect(continued).toMatchObject({ status: 'still_generating', seed: 31337, prompt: 'a slow fox', image_count: 0, outputs: [] });
  const continuedSearch = recoveryCriteria(continued.message);
  expect(continuedSearch).toEqual({ prompt: 'a slow fox', seed: '31337', since: continued.created_at });

  // Each step sent its create exactly once (logged when the step hung up), and nothing is listed yet.
  await eventually(() => expect(creates()).toBe(2));
  expect(await findWhenReady(h, continuedSearch, 1, 0)).toEqual([]);

  // Stablecog finishes both jobs (and charges them once each); the search finds them.
  const [haltedImages, continuedImages] = await Promise.all([
    findWhenReady(h, haltedSearch, 2, LATENCY_MS + 15_000),
    findWhenReady(h, continuedSearch, 1, LATENCY_MS + 15_000),
  ]);
  expect(haltedImages).toHaveLength(2);
  expect(haltedImages.every((i) => i.prompt === 'a slow lighthouse' && String(i.seed) === haltedSearch.seed)).toBe(true);
  expect(continuedImages).toHaveLength(1);
  expect(continuedImages[0]).toMatchObject({ prompt: 'a slow fox', seed: 31337 });
  expect(continuedImages[0]!.image_url).toMatch(/\.jpeg$/);
  expect(charges().map((c) => c.amount)).toEqual([2, 1]);
  expect(creates()).toBe(2);
}, 120_000);

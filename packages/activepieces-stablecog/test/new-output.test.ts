/**
 * New Output through the framework's trigger hooks (onEnable, run, test) with an engine-like store:
 * the first run records what exists, nothing fires twice, a burst larger than a page is all
 * delivered, and a slow generation listed below outputs already seen still fires.
 */
import { execute, operations, POLL_PAGE_SIZE } from '@stablecog/client';
import { runtimeFor } from '../src/lib/common/client';
import { newOutput } from '../src/lib/triggers/new-output';
import { memoryStore, startHarness, triggerContext, waitFor, type Harness, type PollingTrigger } from './helpers';

jest.setTimeout(120_000);

const trigger = newOutput as unknown as PollingTrigger<typeof newOutput.props>;
let h: Harness;
beforeAll(async () => {
  h = await startHarness(5000);
});
afterAll(async () => await h.close());

const generate = (prompt: string, num_outputs = 1) =>
  execute(operations.generate, { prompt, num_outputs, width: 512, height: 512 }, runtimeFor(h.auth));

const ids = (items: unknown[]) => (items as Array<{ id: string }>).map((item) => item.id);

it('records what exists on enable, then fires once for each new output', async () => {
  await generate('before enabling');
  const store = memoryStore('live');
  const ctx = triggerContext<typeof newOutput.props>(h, { model_id: undefined }, store);
  await trigger.onEnable(ctx);
  expect(await trigger.run(ctx)).toEqual([]);
  const made = await generate('after enabling', 2);
  const fired = await trigger.run(ctx);
  expect(ids(fired).sort()).toEqual(made.outputs.map((o) => o.id).sort());
  expect(fired[0]).toMatchObject({ prompt: 'after enabling', image_url: expect.stringMatching(/^http/) });
  expect(await trigger.run(ctx)).toEqual([]);
  expect(JSON.stringify([...store.data.values()]).length).toBeLessThan(512 * 1024); // the engine's value cap
});

it('delivers a burst larger than a page', async () => {
  const store = memoryStore('live');
  const ctx = triggerContext<typeof newOutput.props>(h, { model_id: undefined }, store);
  await trigger.onEnable(ctx);
  const made: string[] = [];
  const rounds = Math.ceil((POLL_PAGE_SIZE + 10) / 4);
  for (let i = 0; i < rounds; i++) made.push(...(await generate(`burst ${i}`, 4)).outputs.map((o) => o.id));
  expect(made.length).toBeGreaterThan(POLL_PAGE_SIZE);
  const fired = ids(await trigger.run(ctx));
  expect(fired.sort()).toEqual([...made].sort());
  expect(await trigger.run(ctx)).toEqual([]);
});

it('fires for a slow generation listed below outputs it already fired for', async () => {
  const store = memoryStore('live');
  const ctx = triggerContext<typeof newOutput.props>(h, { model_id: undefined }, store);
  await trigger.onEnable(ctx);
  h.emulator.control.configure({ latencyMs: 1500 });
  const slow = generate('slow one');
  await waitFor(() => h.emulator.control.usage(h.token).generate === 1); // the slow create is running first
  h.emulator.control.configure({ latencyMs: 50 });
  const fast = await generate('fast one');
  expect(ids(await trigger.run(ctx))).toEqual(fast.outputs.map((o) => o.id));
  const late = await slow;
  expect(ids(await trigger.run(ctx))).toEqual(late.outputs.map((o) => o.id));
});

it('test returns the newest outputs and leaves the live cursor alone', async () => {
  const live = memoryStore('live');
  const ctx = triggerContext<typeof newOutput.props>(h, { model_id: undefined }, live);
  await trigger.onEnable(ctx);
  const before = structuredClone([...live.data.entries()]);
  const sample = await trigger.test(ctx);
  expect(sample.length).toBeGreaterThan(0);
  expect(sample.length).toBeLessThanOrEqual(5);
  expect([...live.data.entries()]).toEqual(before);
});

import { App, startHarness, zapierFailure, type Harness } from './helpers';

const find = App.searches.find_image_outputs.operation.perform;
const generate = App.creates.generate_image.operation.perform;

let h: Harness;
let lighthouse: { id: string; seed: number; created_at: string };
beforeAll(async () => {
  h = await startHarness(1000);
  lighthouse = (await h.appTester(generate, h.bundle({ prompt: 'a lighthouse\n on a cliff at dawn', seed: '1234' }))) as typeof lighthouse;
  await h.appTester(generate, h.bundle({ prompt: 'a red fox in the snow', seed: '99', num_outputs: '2' }));
  await h.appTester(generate, h.bundle({ prompt: 'a lighthouse on a cliff at dawn', seed: '5678' }));
});
afterAll(() => h.close());

type Item = { id: string; prompt: string; seed: number; created_at: string };
const search = async (inputData: Record<string, unknown>) => (await h.appTester(find, h.bundle(inputData))) as Item[];

describe('Find Image Outputs', () => {
  it('finds by meaning (Stablecog’s text search)', async () => {
    const found = await search({ search: 'fox snow' });
    expect(found).toHaveLength(2);
    expect(found.every((i) => i.prompt === 'a red fox in the snow')).toBe(true);
  });

  it('finds one generation by its exact prompt (spacing aside) and seed', async () => {
    const found = await search({ prompt: 'a lighthouse on a cliff at dawn', seed: '1234' });
    expect(found.map((i) => i.id)).toEqual([lighthouse.id]);
    expect(found[0]).toMatchObject({ seed: 1234, model_name: 'FLUX.1', scheduler_name: 'Euler' });
  });

  it('finds by prompt alone, newest first, and by seed alone', async () => {
    const byPrompt = await search({ prompt: 'a lighthouse on a cliff at dawn' });
    expect(byPrompt.map((i) => i.seed)).toEqual([5678, 1234]);
    expect((await search({ seed: '99' })).map((i) => i.seed)).toEqual([99, 99]);
  });

  it('narrows by Since', async () => {
    const future = new Date(Date.now() + 10 * 60_000).toISOString();
    expect(await search({ search: 'fox', since: future })).toEqual([]);
    expect(await search({ seed: '99', since: lighthouse.created_at })).toHaveLength(2);
  });

  it('returns the newest images when nothing is filled in', async () => {
    expect((await search({})).map((i) => i.seed)).toEqual([5678, 99, 99, 1234]);
  });

  it('returns an empty list, not an error, when nothing matches', async () => {
    expect(await search({ search: 'submarine' })).toEqual([]);
    expect(await search({ prompt: 'a lighthouse on a cliff at dawn', seed: '4321' })).toEqual([]);
    expect(await search({ prompt: 'never drawn' })).toEqual([]);
  });

  it.each([
    ['a seed that is no number', { seed: 'abc' }, /^Seed: "abc" is not a whole number/],
    ['a time that is no time', { since: 'last tuesday-ish' }, /^Since: "last tuesday-ish" is not a date and time/],
  ])('refuses %s', async (_name, inputData, message) => {
    const failure = await zapierFailure(h.appTester(find, h.bundle(inputData)));
    expect(failure.name).toBe('AppError');
    expect(failure.message).toMatch(message);
  });
});

import { Stablecog } from '@stablecog/client';
import { GENERATION_MODELS, SCHEDULERS } from '@stablecog/emulator';
import { App, startHarness, type Harness } from './helpers';

const poll = App.triggers.new_image_output.operation.perform;
const generate = App.creates.generate_image.operation.perform;

let h: Harness;
beforeAll(async () => {
  h = await startHarness(1000);
});
afterAll(() => h.close());

type Item = { id: string; created_at: string; prompt: string; seed: number; image_file: string; generation_id: string };

/** What Zapier does with each poll: items whose id it has not seen trigger the Zap, once. */
class Deduper {
  private readonly seen = new Set<string>();
  newItems(items: Item[]): Item[] {
    const fresh = items.filter((item) => !this.seen.has(item.id));
    for (const item of items) this.seen.add(item.id);
    return fresh;
  }
}

describe('New Image Output', () => {
  it('returns nothing for an empty history', async () => {
    expect(await h.appTester(poll, h.bundle())).toEqual([]);
  });

  it('lists every image newest first, one item per image with a unique id, so each triggers exactly once', async () => {
    const dedupe = new Deduper();
    await h.appTester(generate, h.bundle({ prompt: 'first', num_outputs: '2' }));
    const first = (await h.appTester(poll, h.bundle({}, { isPopulatingDedupe: true }))) as Item[];
    expect(first).toHaveLength(2);
    expect(new Set(first.map((i) => i.generation_id)).size).toBe(1); // two images of one generation
    expect(dedupe.newItems(first)).toHaveLength(2);

    await h.appTester(generate, h.bundle({ prompt: 'second', num_outputs: '3', seed: '5' }));
    const second = (await h.appTester(poll, h.bundle())) as Item[];
    expect(second).toHaveLength(5);
    expect(new Set(second.map((i) => i.id)).size).toBe(5);
    const fresh = dedupe.newItems(second);
    expect(fresh.map((i) => i.prompt)).toEqual(['second', 'second', 'second']);
    expect(fresh.every((i) => i.seed === 5)).toBe(true);
    const times = second.map((i) => Date.parse(i.created_at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);

    // Polling again without new images triggers nothing.
    expect(dedupe.newItems((await h.appTester(poll, h.bundle())) as Item[])).toEqual([]);
  });

  it('gives the image as a file resolved on demand, and its fields flat', async () => {
    const [item] = (await h.appTester(poll, h.bundle())) as Array<Record<string, unknown>>;
    expect(item!.image_file).toMatch(/^hydrate\|\|\|.*"method":"hydrators\.stashImage".*\|\|\|hydrate$/);
    expect(Object.keys(item!).sort()).toEqual(Object.keys(App.triggers.new_image_output.operation.sample!).sort());
  });

  it('a burst of 60 new images between two polls triggers all 60 (more than one page of the API)', async () => {
    const dedupe = new Deduper();
    dedupe.newItems((await h.appTester(poll, h.bundle({}, { isPopulatingDedupe: true }))) as Item[]);
    const client = new Stablecog({ apiToken: h.token, baseUrl: h.emulator.url });
    const made: string[] = [];
    for (let i = 0; i < 15; i++) {
      const result = await client.images.generate({ prompt: `burst ${i}`, num_outputs: 4, seed: i });
      made.push(...result.outputs.map((o) => o.id));
    }
    const fresh = dedupe.newItems((await h.appTester(poll, h.bundle())) as Item[]);
    expect(fresh).toHaveLength(60);
    expect(new Set(fresh.map((i) => i.id))).toEqual(new Set(made));
  });

  it('names the model and scheduler of each image, not only their ids', async () => {
    const sdxl = GENERATION_MODELS.find((m) => m.name === 'SDXL')!;
    const ddim = SCHEDULERS.find((s) => s.name === 'DDIM')!;
    await h.appTester(generate, h.bundle({ prompt: 'named', model_id: sdxl.id, show_advanced: 'true', scheduler_id: ddim.id }));
    const [item] = (await h.appTester(poll, h.bundle())) as Array<Record<string, unknown>>;
    expect(item).toMatchObject({ model_id: sdxl.id, model_name: 'SDXL', scheduler_id: ddim.id, scheduler_name: 'DDIM' });
  });

  it('loads 3 items for the editor’s sample, and asks for small pages otherwise', async () => {
    const sample = (await h.appTester(poll, h.bundle({}, { isLoadingSample: true }))) as Item[];
    expect(sample).toHaveLength(3);
    const perPage = () => h.emulator.control.requests({ origin: 'api' }).filter((r) => r.path === '/v1/image/generation/outputs').pop()!.query.per_page;
    expect(perPage()).toBe('3');
    await h.appTester(poll, h.bundle({}, { limit: 10 }));
    expect(perPage()).toBe('10');
    await h.appTester(poll, h.bundle());
    expect(perPage()).toBe('50');
  });
});

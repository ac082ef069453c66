/**
 * The piece as the Activepieces engine runs it: auth validation, every action's run, the dropdown
 * loaders, against the emulator over real HTTP, with contexts of the framework's own types.
 */
import { FLUX_MODEL_ID } from '@stablecog/emulator';
import { ASPECT_RATIO_SIZES, sizeFor } from '@stablecog/client';
import { stablecog, stablecogAuth } from '../src';
import { findOutputs } from '../src/lib/actions/find-outputs';
import { generateImage } from '../src/lib/actions/generate-image';
import { getCredits } from '../src/lib/actions/get-credits';
import { listOutputs } from '../src/lib/actions/list-outputs';
import { upscaleImage } from '../src/lib/actions/upscale-image';
import { generateRequests, rejection, startHarness, type Harness } from './helpers';

jest.setTimeout(60_000);

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => await h.close());

const validate = (props: { apiToken: string; baseUrl: string | undefined }) =>
  stablecogAuth.validate!({ auth: props, server: { apiUrl: 'http://127.0.0.1:1/api/', publicUrl: 'http://127.0.0.1:1/' } });

describe('piece', () => {
  it('is found by the engine (class name Piece) and never offers retry on the creates', () => {
    expect(stablecog.constructor.name).toBe('Piece');
    const metadata = stablecog.metadata();
    for (const name of ['generate_image', 'upscale_image']) {
      expect(metadata.actions[name]!.errorHandlingOptions?.retryOnFailure).toEqual({ defaultValue: false, hide: true });
      expect(metadata.actions[name]!.aiMetadata).toMatchObject({ idempotent: false });
      expect(metadata.actions[name]!.aiMetadata!.description).toMatch(/credit/);
    }
    expect(metadata.actions.get_credits!.aiMetadata).toMatchObject({ idempotent: true });
  });
});

describe('auth validate', () => {
  it('accepts a good token, with spaces and a pasted "Bearer " prefix too', async () => {
    expect(await validate({ apiToken: h.token, baseUrl: h.emulator.url })).toEqual({ valid: true });
    expect(await validate({ apiToken: `  Bearer ${h.token}\n`, baseUrl: `${h.emulator.url}/` })).toEqual({ valid: true });
    expect(h.apiRequests().at(-1)?.path).toBe('/v1/credits');
  });

  it('refuses a wrong token and says where to get a good one', async () => {
    const result = await validate({ apiToken: `sc-${'0'.repeat(64)}`, baseUrl: h.emulator.url });
    expect(result).toEqual({ valid: false, error: expect.stringContaining('https://stablecog.com/account/api-keys') });
  });

  it('says what is wrong with an unreachable Base URL, without the token', async () => {
    const result = await validate({ apiToken: h.token, baseUrl: 'http://127.0.0.1:9' });
    expect(result.valid).toBe(false);
    expect(JSON.stringify(result)).toMatch(/Base URL/);
    expect(JSON.stringify(result)).not.toContain(h.token);
  });
});

describe('dropdowns', () => {
  const models = () => generateImage.props.model_id.options({ auth: h.auth }, h.propertyContext);
  const schedulers = (model_id?: string) => generateImage.props.scheduler_id.options({ auth: h.auth, model_id }, h.propertyContext);

  it('loads the models from the API, the default first', async () => {
    const state = await models();
    expect(state.disabled).toBeFalsy();
    expect(state.options[0]).toEqual({ label: expect.stringMatching(/\(default\)$/), value: FLUX_MODEL_ID });
    expect(state.options.length).toBeGreaterThan(2);
  });

  it('loads the schedulers of the chosen model (refreshed by Model)', async () => {
    expect(generateImage.props.scheduler_id.refreshers).toEqual(['model_id']);
    const all = (await models()).options;
    const lists = await Promise.all(all.map((m) => schedulers(m.value)));
    expect(lists.every((l) => l.options.length > 0)).toBe(true);
    expect(new Set(lists.map((l) => JSON.stringify(l.options))).size).toBeGreaterThan(1); // they differ by model
  });

  it('says what is wrong instead of throwing, and without the token', async () => {
    const bad = { ...h.auth, props: { ...h.auth.props, apiToken: `sc-${'1'.repeat(64)}` } };
    const noConnection = await generateImage.props.model_id.options({}, h.propertyContext);
    expect(noConnection).toMatchObject({ disabled: true, placeholder: expect.stringMatching(/Connect/) });
    const unreachable = await upscaleImage.props.model_id.options(
      { auth: { ...h.auth, props: { ...h.auth.props, baseUrl: 'http://127.0.0.1:9' } } },
      h.propertyContext,
    );
    expect(unreachable).toMatchObject({ disabled: true, options: [] });
    expect(JSON.stringify(unreachable)).not.toContain(h.token);
    const upscaleModels = await upscaleImage.props.model_id.options({ auth: bad }, h.propertyContext);
    expect(upscaleModels.options.length).toBeGreaterThan(0); // the models route needs no token
  });
});

describe('Generate Image', () => {
  it('sends Stablecog’s size for the aspect ratio and a seed, and returns each image as URL and file', async () => {
    const ctx = h.actionContext(generateImage.props, { prompt: 'a lighthouse at dawn', aspect_ratio: '16:9', num_outputs: 2 });
    const result = await generateImage.run(ctx);
    const sent = generateRequests(h).at(-1)!;
    expect(sent).toBeDefined();
    const { width, height, seed } = result as { width: number; height: number; seed: number };
    expect({ width, height }).toEqual(sizeFor('16:9', { default_width: 1024, default_height: 1024 }));
    expect({ width, height }).toEqual(ASPECT_RATIO_SIZES['16:9'].sizes[0]);
    expect(Number.isInteger(seed)).toBe(true);
    expect(result).toMatchObject({ image_count: 2, prompt: 'a lighthouse at dawn', model_id: FLUX_MODEL_ID });
    const images = (result as { images: Array<{ id: string; image_url: string; file: string }> }).images;
    expect(images).toHaveLength(2);
    expect(ctx.written.map((f) => f.fileName)).toEqual(images.map((i) => `${i.id}.jpeg`));
    expect(ctx.written.every((f) => f.data.subarray(0, 3).toString('hex') === 'ffd8ff')).toBe(true);
    expect(images.every((i) => i.image_url.startsWith('http') && i.file.startsWith('file://'))).toBe(true);
    expect(JSON.stringify(result)).not.toContain(h.token);
  });

  it('uploads a starting image file first, and uses its object', async () => {
    const first = (await generateImage.run(h.actionContext(generateImage.props, { prompt: 'source', width: 512, height: 512 }))) as {
      images: Array<{ image_url: string }>;
    };
    const bytes = Buffer.from(await (await fetch(first.images[0]!.image_url)).arrayBuffer());
    const before = h.apiRequests().length;
    await generateImage.run(
      h.actionContext(generateImage.props, {
        prompt: 'a painting of it',
        width: 512,
        height: 512,
        init_image: { filename: 'start.jpeg', extension: 'jpeg', data: bytes, base64: bytes.toString('base64') },
        prompt_strength: 0.6,
      }),
    );
    const paths = h.apiRequests().slice(before).map((r) => r.path);
    expect(paths).toEqual(['/v1/image/upload', '/v1/image/generation/create']);
  });

  it('refuses bad input naming the field as the form shows it, before any request', async () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ prompt: 'x', width: Number('abc'), height: 512 }, /^Width: /],
      [{ prompt: 'x', num_outputs: 5 }, /^Number of Images: /],
      [{ prompt: '   ' }, /^Prompt: /],
      [{ prompt: 'x', guidance_scale: 31 }, /^Guidance Scale: /],
      [{ prompt: 'x', init_image_url: 'ftp://example.com/a.png' }, /^Starting Image URL: /],
      [{ prompt: 'x', model_id: 'not-a-model' }, /^Model: /],
      [{ prompt: 'x', init_image: { filename: 'a.png', data: Buffer.alloc(0), base64: '' } }, /^Starting Image: /],
      [
        { prompt: 'x', init_image: { filename: 'a.png', data: Buffer.from('x'), base64: '' }, init_image_url: 'https://example.com/a.png' },
        /^Starting Image: .*Starting Image URL/,
      ],
    ];
    for (const [form, message] of cases) {
      const before = h.apiRequests().length;
      const error = await rejection(generateImage.run(h.actionContext(generateImage.props, form as never)));
      expect(error.message).toMatch(message);
      expect(error.message).toMatch(/Nothing was sent/);
      expect(h.apiRequests().length).toBe(before);
    }
  });

  it('refuses a scheduler the model does not offer, before the create (only the free model list is read)', async () => {
    const models = await generateImage.props.model_id.options({ auth: h.auth }, h.propertyContext);
    const [a, b] = await Promise.all(
      models.options.slice(0, 2).map((m) => generateImage.props.scheduler_id.options({ auth: h.auth, model_id: m.value }, h.propertyContext)),
    );
    const foreign = b!.options.find((s) => !a!.options.some((o) => o.value === s.value));
    expect(foreign).toBeDefined();
    const creates = generateRequests(h).length;
    const error = await rejection(
      generateImage.run(h.actionContext(generateImage.props, { prompt: 'x', model_id: models.options[0]!.value, scheduler_id: foreign!.value })),
    );
    expect(error.message).toMatch(/^Scheduler: /);
    expect(generateRequests(h).length).toBe(creates);
  });
});

describe('Upscale Image, Find Outputs, List Outputs, Get Credits', () => {
  let generated: { seed: number; started_at: string; images: Array<{ id: string; image_url: string }> };
  beforeAll(async () => {
    generated = (await generateImage.run(
      h.actionContext(generateImage.props, { prompt: 'a red fox in snow', width: 512, height: 512, num_outputs: 2 }),
    )) as typeof generated;
  });

  it('upscales an output by id, and a file', async () => {
    const byId = h.actionContext(upscaleImage.props, { image: generated.images[0]!.id });
    const result = (await upscaleImage.run(byId)) as { images: Array<{ image_url: string; file: string }>; message: string };
    expect(result.images).toHaveLength(1);
    expect(byId.written).toHaveLength(1);
    expect(result.message).toBe('');
    // Stablecog answers an output upscaled before with that upscale, uncharged: the step says so.
    const again = (await upscaleImage.run(h.actionContext(upscaleImage.props, { image: generated.images[0]!.id }))) as typeof result;
    expect(again.images[0]!.image_url).toBe(result.images[0]!.image_url);
    expect(again.message).toMatch(/upscaled before, so this cost nothing/);
    const bytes = Buffer.from(await (await fetch(generated.images[1]!.image_url)).arrayBuffer());
    const fromFile = (await upscaleImage.run(
      h.actionContext(upscaleImage.props, { image_file: { filename: 'in.jpeg', extension: 'jpeg', data: bytes, base64: '' } }),
    )) as { image_count: number };
    expect(fromFile.image_count).toBe(1);
  });

  it('refuses an empty Image and both Image and Image File, before any request', async () => {
    const before = h.apiRequests().length;
    expect((await rejection(upscaleImage.run(h.actionContext(upscaleImage.props, {})))).message).toMatch(/^Image: is empty/);
    expect(
      (await rejection(upscaleImage.run(h.actionContext(upscaleImage.props, { image: 'not an id or url' })))).message,
    ).toMatch(/^Image: /);
    expect(h.apiRequests().length).toBe(before);
  });

  it('finds the images of a generate by prompt and seed since its start', async () => {
    const found = (await findOutputs.run(
      h.actionContext(findOutputs.props, { prompt: 'a  red fox\nin snow', seed: generated.seed, since: generated.started_at }),
    )) as { outputs: Array<{ id: string; seed: number }>; count: number };
    expect(found.outputs.map((o) => o.id).sort()).toEqual(generated.images.map((i) => i.id).sort());
    const bySearch = (await findOutputs.run(h.actionContext(findOutputs.props, { search: 'fox snow' }))) as { count: number };
    expect(bySearch.count).toBeGreaterThanOrEqual(2);
    const before = h.apiRequests().length;
    expect((await rejection(findOutputs.run(h.actionContext(findOutputs.props, { since: 'yesterday-ish' })))).message).toMatch(/^Since: /);
    expect((await rejection(findOutputs.run(h.actionContext(findOutputs.props, { seed: -1 })))).message).toMatch(/^Seed: /);
    expect(h.apiRequests().length).toBe(before);
  });

  it('lists outputs up to the Limit, across pages, and refuses a bad Limit before any request', async () => {
    const listed = (await listOutputs.run(h.actionContext(listOutputs.props, { limit: 3 }))) as { outputs: unknown[]; count: number };
    expect(listed.count).toBe(3);
    const before = h.apiRequests().length;
    expect((await rejection(listOutputs.run(h.actionContext(listOutputs.props, { limit: 0 })))).message).toMatch(/^Limit: /);
    expect(h.apiRequests().length).toBe(before);
  });

  it('gets the credits', async () => {
    const credits = (await getCredits.run(h.actionContext(getCredits.props, {}))) as { total_remaining_credits: number };
    expect(credits.total_remaining_credits).toBe(h.emulator.control.credits(h.token));
  });
});

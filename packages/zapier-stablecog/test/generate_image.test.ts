import { Stablecog } from '@stablecog/client';
import { ASPECT_RATIO_NAMES } from '@stablecog/client/core';
import { FLUX_MODEL_ID, GENERATION_MODELS } from '@stablecog/emulator';
import { App, startHarness, zapierFailure, type Harness } from './helpers';

const generate = App.creates.generate_image.operation;
const SDXL = GENERATION_MODELS.find((m) => m.name === 'SDXL')!;
const KANDINSKY = GENERATION_MODELS.find((m) => m.name === 'Kandinsky 2.2')!;

let h: Harness;
beforeAll(async () => {
  h = await startHarness(1000);
});
afterAll(() => h.close());
afterEach(() => {
  h.emulator.control.clearFaults();
  h.emulator.control.configure({ latencyMs: 50, slots: { pro: 3 }, overflowLimit: 50 });
});

/** How many generate requests the API has received. */
function createCount(): number {
  return h.emulator.control.requests({ origin: 'api' }).filter((r) => r.path === '/v1/image/generation/create').length;
}

/** Credits charged so far (charges minus refunds). */
function netCharged(): number {
  return h.emulator.control
    .ledger({ token: h.token })
    .reduce((sum, entry) => sum + (entry.kind === 'charge' ? entry.amount : -entry.amount), 0);
}

/** The generation settings of the newest output in the history (what the server really used). */
async function newestGeneration() {
  const client = new Stablecog({ apiToken: h.token, baseUrl: h.emulator.url });
  const page = await client.outputs.list({ per_page: 1 });
  return page.outputs[0]!.generation;
}

describe('Generate Image', () => {
  it('generates one image by default, always sends a seed, and returns one object with a file and line items', async () => {
    const before = netCharged();
    const result = (await h.appTester(generate.perform, h.bundle({ prompt: '  a lighthouse at dawn  ' }))) as Record<string, any>;

    expect(result.status).toBe('completed');
    expect(result.image_count).toBe(1);
    expect(result.outputs).toHaveLength(1);
    expect(result.id).toBe(result.outputs[0].id);
    expect(result.image_url).toMatch(new RegExp(`^${h.emulator.cdnUrl}/[0-9a-f-]{36}\\.jpeg$`));
    expect(result.image_file).toMatch(/^hydrate\|\|\|.*\|\|\|hydrate$/);
    expect(result.outputs[0].image_file).toMatch(/^hydrate\|\|\|/);
    expect(result).toMatchObject({
      prompt: 'a lighthouse at dawn',
      model_id: FLUX_MODEL_ID,
      model_name: 'FLUX.1',
      width: 1024,
      height: 1024,
      size: '1024x1024',
      remaining_credits: 999,
    });
    expect(Number.isInteger(result.seed)).toBe(true);
    expect(new Date(result.created_at).toISOString()).toBe(result.created_at);
    expect(netCharged() - before).toBe(1);

    const generation = await newestGeneration();
    expect(generation.seed).toBe(result.seed); // the seed was sent, not picked by the server
    expect(generation.num_outputs).toBe(1); // the API's default would be 2
  });

  it('takes form values as text, a chosen model, an aspect ratio in the model’s pixels, and advanced options', async () => {
    const result = (await h.appTester(
      generate.perform,
      h.bundle({
        prompt: 'a red fox in snow',
        negative_prompt: 'blurry',
        model_id: SDXL.id,
        size: '16:9',
        num_outputs: '2',
        seed: '42',
        if_slow: 'halt',
        show_advanced: 'true',
        scheduler_id: SDXL.scheduler_ids[1],
        guidance_scale: '9.5',
        submit_to_gallery: 'false',
      }),
    )) as Record<string, any>;
    expect(result).toMatchObject({ seed: 42, model_name: 'SDXL', width: 1280, height: 720, image_count: 2, negative_prompt: 'blurry' });
    expect(result.outputs).toHaveLength(2);
    const generation = await newestGeneration();
    expect(generation).toMatchObject({
      seed: 42,
      model_id: SDXL.id,
      scheduler_id: SDXL.scheduler_ids[1],
      guidance_scale: 9.5,
      width: 1280,
      height: 720,
    });
  });

  it('maps aspect ratios to a model’s native resolution, and takes a custom size', async () => {
    const square = (await h.appTester(generate.perform, h.bundle({ prompt: 'a cat', model_id: KANDINSKY.id, size: '1:1' }))) as Record<string, any>;
    expect([square.width, square.height]).toEqual([768, 768]);
    const portrait = (await h.appTester(generate.perform, h.bundle({ prompt: 'a cat', model_id: KANDINSKY.id, size: '2:3' }))) as Record<string, any>;
    expect([portrait.width, portrait.height]).toEqual([608, 912]); // Stablecog's own 2:3 size for 768-pixel models
    const custom = (await h.appTester(generate.perform, h.bundle({ prompt: 'a cat', size: 'custom', width: '512', height: '768' }))) as Record<string, any>;
    expect([custom.width, custom.height]).toEqual([512, 768]);
  });

  it('starts from an image: downloaded without the token, uploaded to the account (free), then sent as s3://', async () => {
    const source = (await h.appTester(generate.perform, h.bundle({ prompt: 'a source image' }))) as Record<string, any>;
    const charged = netCharged();
    const since = h.emulator.control.requests().length;
    const result = (await h.appTester(
      generate.perform,
      h.bundle({ prompt: 'the same, in winter', show_advanced: 'true', init_image: source.image_url, prompt_strength: '0.3' }),
    )) as Record<string, any>;
    expect(result.status).toBe('completed');
    const requests = h.emulator.control.requests().slice(since);
    const download = requests.find((r) => r.origin === 'cdn')!;
    expect(source.image_url.endsWith(download.path)).toBe(true);
    expect(download.headers.authorization).toBeUndefined();
    const upload = requests.find((r) => r.path === '/v1/image/upload')!;
    expect(upload.status).toBe(200);
    expect(upload.headers['content-type']).toMatch(/^multipart\/form-data/);
    expect(requests.findIndex((r) => r === upload)).toBeLessThan(requests.findIndex((r) => r.path === '/v1/image/generation/create'));
    expect((await newestGeneration()).prompt_strength).toBe(0.3);
    expect(netCharged() - charged).toBe(1); // the upload itself is free
  });

  it('every Size preset is one of Stablecog’s own aspect sizes: an image made at it is found by the outputs aspect_ratio filter', async () => {
    const client = new Stablecog({ apiToken: h.token, baseUrl: h.emulator.url });
    const presets = (generate.inputFields as Array<{ key?: string; choices?: Array<{ value: string }> }>)
      .find((field) => field.key === 'size')!
      .choices!.map((choice) => choice.value)
      .filter((value) => value !== 'custom');
    expect(presets).toEqual([...ASPECT_RATIO_NAMES]); // the core's one table
    for (const preset of presets) {
      const made = (await h.appTester(generate.perform, h.bundle({ prompt: `at ${preset}`, size: preset }))) as Record<string, any>;
      const aspectRatio = preset.replace(':', '-').replace('.', '_') as never;
      const found = await client.outputs.list({ aspect_ratio: [aspectRatio], per_page: 50 });
      expect({ preset, size: made.size, found: found.outputs.some((o) => o.id === made.id) }).toEqual({ preset, size: made.size, found: true });
    }
  });

  it('a completed result has the declared Message, and Prompt is what Stablecog stored (its first 500 bytes)', async () => {
    const long = `${'a tall lighthouse '.repeat(40)}at dawn`; // 727 bytes
    const result = (await h.appTester(generate.perform, h.bundle({ prompt: long }))) as Record<string, any>;
    expect(typeof result.message).toBe('string');
    const stored = (await newestGeneration()).prompt!.text;
    expect(Buffer.byteLength(stored)).toBe(500);
    expect(result.prompt).toBe(stored);
  });

  it('a prompt too large to send (12 MiB) is refused before anything is sent, naming Prompt', async () => {
    const requestsBefore = h.apiRequestCount();
    const failure = await zapierFailure(h.appTester(generate.perform, h.bundle({ prompt: 'x'.repeat(12 * 1024 * 1024) })));
    expect(failure.name).toBe('AppError');
    expect(failure.message).toMatch(/^Prompt: /);
    expect(failure.message).not.toMatch(/^file:|10 MiB\. Use a JPEG/);
    expect(h.apiRequestCount()).toBe(requestsBefore);
  });

  it('inpaints: a Mask Image (a file or link) is uploaded first and sent as mask_image_url; a missing one is named', async () => {
    const source = (await h.appTester(generate.perform, h.bundle({ prompt: 'a mask source' }))) as Record<string, any>;
    const since = h.emulator.control.requests().length;
    const result = (await h.appTester(
      generate.perform,
      h.bundle({ prompt: 'a window', show_advanced: 'true', init_image: source.image_url, mask_image: source.image_url }),
    )) as Record<string, any>;
    expect(result.status).toBe('completed');
    const requests = h.emulator.control.requests().slice(since);
    expect(requests.filter((r) => r.path === '/v1/image/upload' && r.status === 200)).toHaveLength(2);

    // An s3:// object is passed as it is: the server looks it up as the mask.
    const { object } = await new Stablecog({ apiToken: h.token, baseUrl: h.emulator.url }).images.upload({
      data: new Uint8Array(await (await fetch(source.image_url)).arrayBuffer()),
    });
    const missing = object.replace(/[^/]+$/, '00000000-0000-4000-8000-000000000000.png');
    const failure = await zapierFailure(
      h.appTester(generate.perform, h.bundle({ prompt: 'a window', show_advanced: 'true', init_image: object, mask_image: missing })),
    );
    expect(failure.message).toMatch(/^Mask Image: /);
  });

  it('ignores advanced values while the advanced toggle is off', async () => {
    await h.appTester(generate.perform, h.bundle({ prompt: 'a cat', model_id: SDXL.id, guidance_scale: '25', show_advanced: 'false' }));
    expect((await newestGeneration()).guidance_scale).not.toBe(25);
  });

  describe('input fields', () => {
    const fields = generate.inputFields as unknown[];
    const dynamic = (name: string) => fields.find((f) => typeof f === 'function' && f.name === name) as never;

    it('shows Width and Height only for a custom size, and the advanced fields only behind the toggle', async () => {
      expect(await h.appTester(dynamic('customSizeFields'), h.bundle({ size: '1:1' }))).toEqual([]);
      const custom = (await h.appTester(dynamic('customSizeFields'), h.bundle({ size: 'custom' }))) as Array<{ key: string }>;
      expect(custom.map((f) => f.key)).toEqual(['width', 'height']);
      expect(await h.appTester(dynamic('advancedFields'), h.bundle({ show_advanced: 'false' }))).toEqual([]);
      const advanced = (await h.appTester(dynamic('advancedFields'), h.bundle({ show_advanced: true }))) as Array<{ key: string }>;
      expect(advanced.map((f) => f.key)).toEqual([
        'scheduler_id',
        'guidance_scale',
        'inference_steps',
        'init_image',
        'mask_image',
        'prompt_strength',
        'submit_to_gallery',
      ]);
    });

    it('loads the Model dropdown from the API, and the Scheduler dropdown from the chosen model', async () => {
      const models = (await h.appTester(App.triggers.generation_models.operation.perform, h.bundle())) as Array<{ id: string; name: string }>;
      expect(models.map((m) => m.id)).toContain(SDXL.id);
      expect(models.find((m) => m.id === FLUX_MODEL_ID)!.name).toBe('FLUX.1 (default)');

      const schedulers = App.triggers.generation_schedulers.operation.perform;
      const forSdxl = (await h.appTester(schedulers, h.bundle({ model_id: SDXL.id }))) as Array<{ id: string }>;
      expect(forSdxl.map((s) => s.id)).toEqual(SDXL.scheduler_ids);
      // A mapped value not rendered yet is no model id: the default model's schedulers are shown.
      const unrendered = (await h.appTester(schedulers, h.bundle({ model_id: '{{123__model_id}}' }))) as Array<{ id: string }>;
      expect(unrendered.map((s) => s.id)).toEqual(GENERATION_MODELS.find((m) => m.is_default)!.scheduler_ids);
    });
  });

  describe('bad input: a clear error naming the field, before anything is charged', () => {
    const cases: Array<[string, Record<string, unknown>, RegExp]> = [
      ['an empty prompt', { prompt: '   ' }, /^Prompt: must not be empty/],
      ['a width over 1536', { prompt: 'x', size: 'custom', width: '2048', height: '512' }, /^Width: must be at most 1536 \(got 2048\)/],
      ['too many pixels', { prompt: 'x', size: 'custom', width: '1536', height: '1536' }, /^Width: width × height × inference_steps must be at most 31,457,280/],
      ['a number of images that is not a number', { prompt: 'x', num_outputs: 'abc' }, /^Number of Images: must be a number \(got "abc"\)/],
      ['five images', { prompt: 'x', num_outputs: '5' }, /^Number of Images: must be at most 4/],
      ['a negative seed', { prompt: 'x', seed: '-1' }, /^Seed: must be at least 0/],
      ['a size that is not a choice', { prompt: 'x', size: 'huge' }, /^Size: must be one of 1:1, .* \(got "huge"\)/],
      ['a model that is no id', { prompt: 'x', model_id: 'flux' }, /^Model: must be an id/],
      ['a prompt strength over 1', { prompt: 'x', show_advanced: 'true', init_image: 'https://example.com/a.png', prompt_strength: '3' }, /^Prompt Strength: must be at most 1/],
      ['a starting image that is no link', { prompt: 'x', show_advanced: 'true', init_image: 'photo.png' }, /^Starting Image: must start with http/],
      ['an unknown choice for slow generations', { prompt: 'x', if_slow: 'wait' }, /^If Stablecog Is Still Working: "wait" is not one of the choices/],
    ];
    it.each(cases)('%s', async (_name, inputData, message) => {
      const requestsBefore = h.apiRequestCount();
      const failure = await zapierFailure(h.appTester(generate.perform, h.bundle(inputData)));
      expect(failure.name).toBe('AppError');
      expect(failure.message).toMatch(message);
      expect(failure.message).toMatch(/No image was requested, so no credits were used\.$/);
      expect(h.apiRequestCount()).toBe(requestsBefore);
    });

    it('a model or scheduler the API does not offer (checked against /models, before any create)', async () => {
      const charged = netCharged();
      const creates = createCount();
      const unknownModel = await zapierFailure(
        h.appTester(generate.perform, h.bundle({ prompt: 'x', model_id: '00000000-0000-4000-8000-000000000000' })),
      );
      expect(unknownModel.message).toMatch(/^Model: is not one of the available models\. Pick a model from the dropdown/);
      const wrongScheduler = await zapierFailure(
        h.appTester(generate.perform, h.bundle({ prompt: 'x', model_id: FLUX_MODEL_ID, show_advanced: 'yes', scheduler_id: SDXL.scheduler_ids[3] })),
      );
      expect(wrongScheduler.message).toMatch(/^Scheduler: is not one of the schedulers FLUX\.1 offers\. Pick a scheduler from the dropdown/);
      expect(netCharged()).toBe(charged);
      expect(createCount()).toBe(creates);
    });
  });
});

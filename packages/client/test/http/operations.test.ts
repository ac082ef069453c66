/** Every operation of the token API, through the facade and the axios transport, against the emulator. */
import { CONTENT_MARKERS, FLUX_MODEL_ID } from '@stablecog/emulator';
import { downloadImage, isRepeatUpscale } from '../../src';
import { useEmulator } from '../helpers/emulator';

const h = useEmulator();
const apiRequests = () => h.emulator.control.requests({ origin: 'api' });
const lastBody = async () => apiRequests().at(-1);

describe('the API token as pasted (issue 11)', () => {
  it('works with surrounding whitespace and a pasted "Bearer " prefix, and sends exactly "Bearer <token>"', async () => {
    for (const pasted of [`  ${h.token}\n`, `Bearer ${h.token}`, ` bearer   ${h.token}\t`]) {
      await expect(h.client({ apiToken: pasted }).credits.get()).resolves.toMatchObject({ total_remaining_credits: 1000 });
      expect(apiRequests().at(-1)?.headers.authorization).toBe(`Bearer ${h.token}`);
    }
  });
});

describe('generate', () => {
  it('creates images, sends an explicit seed and JSON numbers, and returns the CDN URLs', async () => {
    const result = await h.client().images.generate({ prompt: 'a red fox in snow', num_outputs: '2', width: '768', height: 512, guidance_scale: '7.5' });
    expect(result.outputs).toHaveLength(2);
    expect(result.remaining_credits).toBe(998);
    expect(result.settings?.seed).toEqual(expect.any(Number));
    expect(result.settings).toMatchObject({ width: 768, height: 512, num_outputs: 2, guidance_scale: 7.5 });
    for (const image of result.outputs) expect(image.url.startsWith(h.emulator.cdnUrl)).toBe(true);
    expect(h.emulator.control.ledger()).toEqual([expect.objectContaining({ kind: 'charge', amount: 2, operation: 'generate' })]);
    const request = await lastBody();
    expect(request?.headers.authorization).toBe(`Bearer ${h.token}`);
    expect(request?.headers['content-type']).toBe('application/json');
  });

  it('says how many images were asked, made and charged when the content filter drops some (issue 11)', async () => {
    const client = h.client();
    const one = await client.images.generate({ prompt: `a beach ${CONTENT_MARKERS.filterOne}`, num_outputs: 3, width: 256, height: 256 });
    expect(one.outputs).toHaveLength(2);
    expect(one.filtered).toEqual({ asked: 3, made: 2, charged: 3 });
    const all = await client.images.generate({ prompt: `a beach ${CONTENT_MARKERS.filterAll}`, width: 256, height: 256 }); // the server's default count
    expect(all.filtered).toEqual({ asked: 2, made: 0, charged: 2 });
    expect(h.emulator.control.ledger().map((e) => [e.kind, e.amount])).toEqual([['charge', 3], ['charge', 2]]);
    expect((await client.images.generate({ prompt: 'a beach', num_outputs: 1, width: 256, height: 256 })).filtered).toBeUndefined();
  });

  it('uses the seed it is given, and a different random one each time otherwise', async () => {
    const client = h.client();
    expect((await client.images.generate({ prompt: 'x', num_outputs: 1, seed: 1234 })).settings?.seed).toBe(1234);
    const a = await client.images.generate({ prompt: 'x', num_outputs: 1 });
    const b = await client.images.generate({ prompt: 'x', num_outputs: 1 });
    expect(a.settings?.seed).not.toBe(b.settings?.seed);
  });

  it('takes every option: model, scheduler, negative prompt, steps, init image by URL and s3://, mask, strength, gallery', async () => {
    const client = h.client();
    const [model] = await client.models.generation();
    const first = await client.images.generate({ prompt: 'a castle', num_outputs: 1, width: 256, height: 256 });
    const { data } = await downloadImage(first.outputs[0]!.url);
    const { object } = await client.images.upload({ data });
    const byUrl = await client.images.generate({
      prompt: 'a castle at night',
      negative_prompt: 'blurry',
      model_id: model!.id,
      scheduler_id: model!.available_schedulers?.[0]?.id,
      width: 1024,
      height: 1024,
      inference_steps: 30,
      num_outputs: 1,
      init_image_url: first.outputs[0]!.url,
      prompt_strength: 0.3,
      mask_image_url: object,
      submit_to_gallery: true,
    });
    expect(byUrl.settings).toMatchObject({ init_image_url: first.outputs[0]!.url, mask_image_url: object, prompt_strength: 0.3, model_id: model!.id });
    const byObject = await client.images.generate({ prompt: 'a castle in fog', num_outputs: 1, init_image_url: object });
    expect(byObject.settings?.init_image_url).toBe(object);
    const listed = await client.outputs.list({ per_page: 10 });
    expect(listed.outputs.find((o) => o.generation.prompt?.text === 'a castle at night')?.gallery_status).toBe('submitted');
  });

  it('lets the server say 1536×1536 passes with few steps', async () => {
    const result = await h.client().images.generate({ prompt: 'wide', width: 1536, height: 1536, inference_steps: 13, num_outputs: 1 });
    expect(result.settings).toMatchObject({ width: 1536, height: 1536 });
    expect(FLUX_MODEL_ID).toEqual(expect.any(String));
  });
});

describe('upscale', () => {
  it('upscales an output id, then returns the existing result for free', async () => {
    const client = h.client();
    const { outputs } = await client.images.generate({ prompt: 'a lighthouse', num_outputs: 1 });
    const first = await client.images.upscale({ input: outputs[0]!.id });
    expect(first.outputs[0]?.upscaled_image_url).toEqual(expect.stringContaining(h.emulator.cdnUrl));
    const again = await client.images.upscale({ input: outputs[0]!.id });
    expect(again.outputs[0]?.upscaled_image_url).toBe(first.outputs[0]?.upscaled_image_url);
    expect(again.outputs[0]?.url).toBe(outputs[0]!.url); // the original, as the real server answers
    expect(h.emulator.control.ledger().filter((e) => e.operation === 'upscale')).toHaveLength(1);
    expect([isRepeatUpscale(first), isRepeatUpscale(again)]).toEqual([false, true]);
  });

  it('upscales a URL, an s3:// object and uploaded bytes (multipart)', async () => {
    const client = h.client();
    const { outputs } = await client.images.generate({ prompt: 'a boat', num_outputs: 1, width: 256, height: 256 });
    const { data } = await downloadImage(outputs[0]!.url);
    const { object } = await client.images.upload({ data, filename: 'boat.jpg' });
    expect(object).toMatch(/^s3:\/\/.+\.jpg$/);
    const [model] = await client.models.upscale();
    const byUrl = await client.images.upscale({ input: outputs[0]!.url, model_id: model!.id });
    const byObject = await client.images.upscale({ input: object });
    const byBytes = await client.images.upscale({ file: { data }, model_id: model!.id });
    for (const result of [byUrl, byObject, byBytes]) expect(result.outputs[0]?.upscaled_image_url).toBeTruthy();
    expect(byObject.settings?.input).toBe(object);
    const multipart = apiRequests().filter((r) => r.path === '/v1/image/upscale/create').at(-1);
    expect(multipart?.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(h.emulator.control.ledger().filter((e) => e.operation === 'upscale')).toHaveLength(3);
  });
});

describe('reads', () => {
  it('lists models, defaults, credits and health', async () => {
    const client = h.client();
    const models = await client.models.generation();
    expect(models.length).toBeGreaterThan(0);
    expect(models.filter((m) => m.is_default)).toHaveLength(1);
    expect((await client.models.upscale())[0]).toMatchObject({ id: expect.any(String), name: expect.any(String) });
    expect(await client.defaults.generation()).toMatchObject({ num_outputs: 2, prompt_strength: 0.5 });
    expect(await client.defaults.upscale()).toEqual({ model_id: expect.any(String) });
    expect((await client.credits.get()).total_remaining_credits).toBe(1000);
    expect(await client.health()).toBeTruthy();
  });

  it('sends the token only to routes that need it', async () => {
    const client = h.client();
    await client.models.generation();
    await client.defaults.upscale();
    await client.health();
    await client.credits.get();
    const seen = apiRequests().map((r) => [r.path, r.headers.authorization !== undefined]);
    expect(seen).toEqual([
      ['/v1/image/generation/models', false],
      ['/v1/image/upscale/defaults', false],
      ['/v1/health', false],
      ['/v1/credits', true],
    ]);
  });

  it('works without a token for public routes', async () => {
    const anonymous = h.client({ apiToken: undefined as unknown as string });
    await expect(anonymous.models.generation()).resolves.not.toHaveLength(0);
  });
});

describe('image downloads', () => {
  it('fetches the JPEG from the CDN without the Authorization header', async () => {
    const { outputs } = await h.client().images.generate({ prompt: 'a kite', num_outputs: 1, width: 256, height: 256 });
    const image = await downloadImage(outputs[0]!.url);
    expect(image.contentType).toBe('image/jpeg');
    expect([...image.data.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    const cdn = h.emulator.control.requests({ origin: 'cdn' });
    expect(cdn.length).toBeGreaterThan(0);
    for (const request of cdn) expect(request.headers.authorization).toBeUndefined();
  });
});

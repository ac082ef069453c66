import { CONTENT_MARKERS, FLUX_MODEL_ID, GENERATION_MODELS } from '../src';
import { freshIp, TestEmulator } from './helpers/harness';

let t: TestEmulator;
beforeAll(async () => {
  t = await TestEmulator.start();
});
afterAll(() => t.close());

const CREATE = '/v1/image/generation/create';
const sdxl = GENERATION_MODELS.find((m) => m.name === 'SDXL')!;
const hidden = GENERATION_MODELS.find((m) => m.is_hidden && m.is_active)!;
const inactive = GENERATION_MODELS.find((m) => !m.is_active)!;
const create = (token: string, body: unknown, rawBody?: string) =>
  t.request('POST', CREATE, { token, ip: freshIp(), ...(rawBody === undefined ? { json: body } : { body: rawBody }) });

describe('a successful generation', () => {
  test('answers outputs (url = image_url on the CDN), remaining credits and settings; charges num_outputs', async () => {
    const { token } = t.account(100);
    const r = await create(token, { prompt: 'a red fox', width: 512, height: 768, num_outputs: 3, seed: 1234 });
    expect(r.status).toBe(200);
    expect(r.json.outputs).toHaveLength(3);
    for (const o of r.json.outputs) {
      expect(o.url).toBe(o.image_url);
      expect(o.url.startsWith(`${t.emu.cdnUrl}/`)).toBe(true);
    }
    expect(r.json.remaining_credits).toBe(97);
    expect(r.json.settings).toEqual({
      model_id: FLUX_MODEL_ID, scheduler_id: expect.any(String), width: 512, height: 768, num_outputs: 3,
      guidance_scale: 7, inference_steps: 28, seed: 1234,
    });
    expect(t.control.credits(token)).toBe(97);
  });

  test('num_outputs defaults to 2 (a negative value too); the seed is random when absent or negative', async () => {
    const { token } = t.account(100);
    const a = await create(token, { prompt: 'p', width: 256, height: 256 });
    const b = await create(token, { prompt: 'p', width: 256, height: 256, num_outputs: -3, seed: -1 });
    expect(a.json.outputs).toHaveLength(2);
    expect(b.json.outputs).toHaveLength(2);
    for (const r of [a, b]) {
      expect(Number.isInteger(r.json.settings.seed)).toBe(true);
      expect(r.json.settings.seed).toBeGreaterThanOrEqual(0);
      expect(r.json.settings.seed).toBeLessThan(2 ** 31);
    }
  });

  test('inference_steps only counts for validation: the model default runs', async () => {
    const { token } = t.account(100);
    const r = await create(token, { prompt: 'p', model_id: sdxl.id, width: 1536, height: 1536, inference_steps: 13, num_outputs: 1 });
    expect(r.status).toBe(200);
    expect(r.json.settings.inference_steps).toBe(sdxl.default_inference_steps);
    const tooMuch = await create(token, { prompt: 'p', width: 1536, height: 1536, num_outputs: 1 });
    expect(tooMuch.json).toEqual({ error: 'Pick fewer inference steps or smaller dimensions: 1536 - 1536 - 30' });
  });

  test('an incompatible or unknown scheduler is silently replaced by the model default', async () => {
    const { token } = t.account(100);
    const foreign = sdxl.scheduler_ids.find((id) => !GENERATION_MODELS[0].scheduler_ids.includes(id))!;
    const a = await create(token, { prompt: 'p', width: 256, height: 256, num_outputs: 1, scheduler_id: foreign });
    const b = await create(token, { prompt: 'p', width: 256, height: 256, num_outputs: 1, scheduler_id: '11111111-2222-4333-8444-555555555555' });
    expect(a.json.settings.scheduler_id).toBe(GENERATION_MODELS[0].default_scheduler_id);
    expect(b.json.settings.scheduler_id).toBe(GENERATION_MODELS[0].default_scheduler_id);
    const kept = await create(token, { prompt: 'p', model_id: sdxl.id, width: 256, height: 256, num_outputs: 1, scheduler_id: foreign });
    expect(kept.json.settings.scheduler_id).toBe(foreign);
  });

  test('a hidden but active model is accepted; the model size is the default size', async () => {
    const { token } = t.account(100);
    const r = await create(token, { prompt: 'p', model_id: hidden.id, num_outputs: 1 });
    expect(r.status).toBe(200);
    expect(r.json.settings).toMatchObject({ model_id: hidden.id, width: hidden.default_width, height: hidden.default_height });
  });

  test('keys match case-insensitively and unknown keys are ignored', async () => {
    const { token } = t.account(100);
    const r = await create(token, { PROMPT: 'case', Width: 256, HEIGHT: 320, Num_Outputs: 1, Seed: 9, whatever: [1, { a: 2 }] });
    expect(r.status).toBe(200);
    expect(r.json.settings).toMatchObject({ width: 256, height: 320, num_outputs: 1, seed: 9 });
  });

  test('the prompt is collapsed and cut at 500 bytes, as stored in the outputs', async () => {
    const { token } = t.account(100);
    const long = `  a   lot\nof\t\tspace ${'x'.repeat(600)}`;
    await create(token, { prompt: long, width: 256, height: 256, num_outputs: 1 });
    const list = await t.get('/v1/image/generation/outputs', { token, ip: freshIp() });
    const text = list.json.outputs[0].generation.prompt.text;
    expect(text.startsWith('a lot of space xxx')).toBe(true);
    expect(Buffer.byteLength(text)).toBe(500);
  });

  test('free users are auto-submitted to the public gallery; paid users are private', async () => {
    const free = t.account(100, 'free');
    const pro = t.account(100, 'pro');
    await create(free.token, { prompt: 'p', width: 256, height: 256, num_outputs: 1 });
    await create(pro.token, { prompt: 'p', width: 256, height: 256, num_outputs: 1 });
    const [f] = (await t.get('/v1/image/generation/outputs', { token: free.token, ip: freshIp() })).json.outputs;
    const [p] = (await t.get('/v1/image/generation/outputs', { token: pro.token, ip: freshIp() })).json.outputs;
    expect(f).toMatchObject({ gallery_status: 'submitted', was_auto_submitted: true, is_public: true });
    expect(p).toMatchObject({ gallery_status: 'not_submitted', was_auto_submitted: false, is_public: false });
  });
});

describe('validation: the real messages and statuses, nothing charged', () => {
  test.each([
    [{ height: 2000 }, 'Height is too large, max is: 1536'],
    [{ height: 255 }, 'Height is too small, min is: 256'],
    [{ width: 1537 }, 'Width is too large, max is: 1536'],
    [{ width: 100 }, 'Width is too small, min is: 256'],
    [{ guidance_scale: 0.5 }, 'Guidance scale is too small, min is: 1.000000'],
    [{ guidance_scale: 30.5 }, 'Guidance scale is too large, max is: 30.000000'],
    [{ inference_steps: 9 }, 'Inference steps is too small, min is: 10'],
    [{ width: 1024, height: 1024, inference_steps: 31 }, 'Pick fewer inference steps or smaller dimensions: 1024 - 1024 - 31'],
    [{ num_outputs: 5 }, "Number of outputs can't be more than 4"],
    [{ model_id: inactive.id }, 'invalid_model_id'],
    [{ model_id: '11111111-2222-4333-8444-555555555555', width: 512, height: 512 }, 'invalid_model_id'],
    [{ init_image_url: 'ftp://x/y.png' }, 'invalid_init_image_url'],
    [{ mask_image_url: 'file:///etc/passwd' }, 'invalid_mask_image_url'],
  ])('%j -> 400 %s', async (extra, message) => {
    const { token } = t.account(100);
    const r = await create(token, { prompt: 'p', width: 512, height: 512, ...extra });
    expect(r.status).toBe(400);
    expect(r.json).toEqual({ error: message });
    expect(t.control.credits(token)).toBe(100);
  });

  test.each([
    ['a string for an int', '{"prompt":"p","width":"512"}'],
    ['a fraction for an int', '{"prompt":"p","width":512.0}'],
    ['an exponent for an int', '{"prompt":"p","num_outputs":1e0}'],
    ['an empty model_id', '{"prompt":"p","model_id":""}'],
    ['a malformed uuid', '{"prompt":"p","model_id":"not-a-uuid"}'],
    ['a number for the prompt', '{"prompt":42}'],
    ['a string for a bool', '{"prompt":"p","submit_to_gallery":"true"}'],
    ['an int32 overflow', '{"prompt":"p","num_outputs":4294967297}'],
    ['an array body', '[{"prompt":"p"}]'],
    ['an empty body', ''],
    ['broken JSON', '{"prompt":'],
  ])('%s -> 400 json_parse_error', async (_name, raw) => {
    const { token } = t.account(100);
    const r = await create(token, undefined, raw);
    expect(r.status).toBe(400);
    expect(r.json).toEqual({ error: 'json_parse_error' });
  });

  test('an unknown model without a size crashes the real handler: the connection drops, nothing is charged', async () => {
    const { token } = t.account(100);
    await expect(create(token, { prompt: 'p', model_id: '11111111-2222-4333-8444-555555555555' })).rejects.toThrow();
    expect(t.control.credits(token)).toBe(100);
    expect(t.control.ledger({ token })).toEqual([]);
  });

  test('an empty prompt is accepted (and charged), as on the real server', async () => {
    const { token } = t.account(100);
    const r = await create(token, { prompt: '', width: 256, height: 256, num_outputs: 1 });
    expect(r.status).toBe(200);
  });
});

describe('credits and the content filter', () => {
  test('num_outputs 0 is insufficient_credits (with settings); so is a short balance', async () => {
    const { token } = t.account(3);
    const zero = await create(token, { prompt: 'p', width: 256, height: 256, num_outputs: 0 });
    expect(zero.status).toBe(400);
    expect(zero.json).toMatchObject({ error: 'insufficient_credits', settings: { num_outputs: 0 } });
    const four = await create(token, { prompt: 'p', width: 256, height: 256, num_outputs: 4 });
    expect(four.json.error).toBe('insufficient_credits');
    expect(t.control.credits(token)).toBe(3);
  });

  test(`"${CONTENT_MARKERS.nsfwPrompt}" is refused as nsfw_prompt, charging nothing`, async () => {
    const { token } = t.account(10);
    const r = await create(token, { prompt: `a ${CONTENT_MARKERS.nsfwPrompt.toUpperCase()} thing`, width: 256, height: 256, num_outputs: 2 });
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ error: 'nsfw_prompt', settings: expect.any(Object) });
    expect(t.control.credits(token)).toBe(10);
    expect(t.control.ledger({ token })).toEqual([]);
  });

  test(`filtered images ("${CONTENT_MARKERS.filterOne}", "${CONTENT_MARKERS.filterAll}") are charged and not refunded`, async () => {
    const { token } = t.account(10);
    const one = await create(token, { prompt: `x ${CONTENT_MARKERS.filterOne}`, width: 256, height: 256, num_outputs: 3 });
    expect(one.status).toBe(200);
    expect(one.json.outputs).toHaveLength(2);
    const all = await create(token, { prompt: `x ${CONTENT_MARKERS.filterAll}`, width: 256, height: 256, num_outputs: 2 });
    expect(all.status).toBe(200);
    expect(all.json.outputs).toEqual([]);
    expect(t.control.credits(token)).toBe(5);
    expect(t.control.ledger({ token }).map((e) => e.kind)).toEqual(['charge', 'charge']);
    const list = await t.get('/v1/image/generation/outputs', { token, ip: freshIp() });
    expect(list.json.total).toBe(2);
    expect(list.json.outputs.every((o: { generation: { num_outputs: number } }) => o.generation.num_outputs === 3)).toBe(true);
  });
});

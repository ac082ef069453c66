/**
 * Behaviours of the real server that the emulator once answered more kindly, each checked against
 * the sc-go code it follows (stablecog/sc-go, cited by file and function).
 */
import { GENERATION_MODELS, UPSCALE_MODELS } from '../src';
import { makeJpeg } from './helpers/images';
import { freshIp, sendRaw, settled, TestEmulator } from './helpers/harness';

let t: TestEmulator;
beforeAll(async () => {
  t = await TestEmulator.start({ rateLimit: false });
});
afterAll(() => t.close());

const CREATE = '/v1/image/generation/create';
const UPSCALE = '/v1/image/upscale/create';
const sdxl = GENERATION_MODELS.find((m) => m.name === 'SDXL')!;
const generate = (token: string, body: Record<string, unknown>) =>
  t.post(CREATE, { prompt: 'fidelity', num_outputs: 1, width: 512, height: 512, ...body }, { token, ip: freshIp() });

describe('routes: sc-go server/app.go on chi v5.1.0', () => {
  test('GET / is the health check (app.Get("/", hc.HandleHealth))', async () => {
    // Not through the contract check: the document lists the health check at /v1/health only.
    const r = await sendRaw(`${t.emu.url}/`, 'GET');
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ status: 'ok' });
  });

  test('routes mounted with Route() answer with a trailing slash; Get()-registered ones do not', async () => {
    const { token } = t.account(10);
    for (const path of ['/v1/credits/', '/v1/image/generation/outputs/', '/v1/image/outputs/', '/v1/image/generation/models/', '/v1/image/generation/defaults/', '/v1/image/upscale/models/', '/v1/image/upscale/defaults/']) {
      expect([path, (await t.get(path, { token, ip: freshIp() })).status]).toEqual([path, 200]);
    }
    const created = await t.post(`${CREATE}/`, { prompt: 'slash', num_outputs: 1, width: 256, height: 256 }, { token, ip: freshIp() });
    expect(created.status).toBe(200);
    expect((await t.post('/v1/image/generate/', { prompt: 'slash', num_outputs: 1, width: 256, height: 256 }, { token, ip: freshIp() })).status).toBe(200);
    expect((await t.post(`${UPSCALE}/`, { input: created.json.outputs[0].id }, { token, ip: freshIp() })).status).toBe(200);
    // r.Get("/health") inside /v1, and r.Get("/generate") inside /v1/image/models: exact paths only.
    for (const path of ['/v1/health/', '/v1/image/models/generate/', '/v1/image/defaults/upscale/']) {
      const r = await sendRaw(`${t.emu.url}${path}`, 'GET', { ip: freshIp() });
      expect([path, r.status, r.text]).toEqual([path, 404, '404 page not found\n']);
    }
  });

  test('a base URL ending in /v1 (so /v1/v1/…) is chi\'s plain-text 404, nothing charged', async () => {
    const { token } = t.account(10);
    const r = await t.post(`/v1${CREATE}`, { prompt: 'double v1', num_outputs: 1 }, { token, ip: freshIp() });
    expect(r.status).toBe(404);
    expect(r.text).toBe('404 page not found\n');
    expect(t.control.credits(token)).toBe(10);
  });
});

describe('generate validation: sc-go server/requests/create_generation.go Validate', () => {
  test('w × h × steps is int32 and wraps: 1024 × 1024 × 2048 passes, and the model\'s steps run', async () => {
    const { token } = t.account(10);
    const r = await generate(token, { model_id: sdxl.id, width: 1024, height: 1024, inference_steps: 2048 });
    expect(r.status).toBe(200);
    // scworker/generate.go CreateGeneration overwrites the steps with GetDefaultInferenceStepsForModel.
    expect(r.json.settings.inference_steps).toBe(sdxl.default_inference_steps);
    const refused = await generate(token, { width: 1024, height: 1024, inference_steps: 31 });
    expect(refused.json).toEqual({ error: 'Pick fewer inference steps or smaller dimensions: 1024 - 1024 - 31' });
    const wide = await generate(token, { width: 1536, height: 1536, inference_steps: 1000 }); // 2,359,296,000 wraps negative
    expect(wide.status).toBe(200);
  });

  test('the model is checked after the sizes, guidance, steps and outputs', async () => {
    const { token } = t.account(10);
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await generate(token, { model_id: unknown, width: 100 })).json).toEqual({ error: 'Width is too small, min is: 256' });
    expect((await generate(token, { model_id: unknown, num_outputs: 5 })).json).toEqual({ error: "Number of outputs can't be more than 4" });
    expect((await generate(token, { model_id: unknown })).json).toEqual({ error: 'invalid_model_id' });
    const inactive = GENERATION_MODELS.find((m) => !m.is_active)!;
    expect((await generate(token, { model_id: inactive.id, guidance_scale: 31 })).json).toEqual({ error: 'Guidance scale is too large, max is: 30.000000' });
  });
});

describe('banned users: sc-go scworker/generate.go, scworker/upscale.go, uploadapi/api/controller.go', () => {
  test('create and upscale get 403 user_banned (no settings), upload 403 Forbidden; reads still work; nothing charged', async () => {
    const { token } = t.account(10);
    const gen = await t.generate(token);
    t.control.setBanned(token, true);
    // The body is decoded first (rest/generate.go HandleCreateGenerationToken), then the ban.
    expect((await t.request('POST', CREATE, { token, body: '{', ip: freshIp() })).json).toEqual({ error: 'json_parse_error' });
    const create = await generate(token, { width: 100 });
    expect(create.status).toBe(403);
    expect(create.json).toEqual({ error: 'user_banned' });
    const up = await t.post(UPSCALE, { input: gen.outputs[0].id }, { token, ip: freshIp() });
    expect([up.status, up.json]).toEqual([403, { error: 'user_banned' }]);
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(makeJpeg(8, 8))]), 'a.jpg');
    const upload = await t.request('POST', '/v1/image/upload', { token, body: form, ip: freshIp() });
    expect([upload.status, upload.json]).toEqual([403, { error: 'Forbidden' }]);
    expect((await t.get('/v1/credits', { token, ip: freshIp() })).status).toBe(200);
    expect(t.control.credits(token)).toBe(9);
    t.control.setBanned(token, false);
    expect((await generate(token, {})).status).toBe(200);
  });

  test('the ban is also settable over the control HTTP API', async () => {
    const { token } = t.account(10);
    const r = await fetch(`${t.emu.controlUrl}/accounts/${token}/banned`, { method: 'PUT', body: JSON.stringify({ banned: true }) });
    expect(await r.json()).toEqual({ banned: true });
    expect((await generate(token, {})).status).toBe(403);
  });
});

describe('error settings: sc-go scworker/upscale.go CreateUpscale vs generate.go CreateGeneration', () => {
  test('queue_limit_reached carries no settings on upscale (generate\'s does: slots.test.ts)', async () => {
    const q = await TestEmulator.start({ rateLimit: false, latencyMs: 0, overflowLimit: 0 });
    const abort = new AbortController();
    try {
      const { token } = q.account(20, 'free'); // qMax 1: two run, the rest wait
      const gen = await q.generate(token, { num_outputs: 4 });
      q.control.configure({ latencyMs: 60_000 });
      const ids: string[] = gen.outputs.map((o: { id: string }) => o.id);
      const pending = ids.slice(0, 3).map((input) => q.post(UPSCALE, { input }, { token, ip: freshIp(), signal: abort.signal }).catch(() => undefined));
      expect(await settled(() => q.control.usage(token), { generate: 0, upscale: 2, waiting: 1 }, 3_000)).toEqual({ generate: 0, upscale: 2, waiting: 1 });
      const refused = await q.post(UPSCALE, { input: ids[3] }, { token, ip: freshIp() });
      expect([refused.status, refused.json]).toEqual([400, { error: 'queue_limit_reached' }]);
      abort.abort();
      await Promise.all(pending);
    } finally {
      await q.close();
    }
  });
});

describe('the overflow queue polls: sc-go scworker/generate.go CreateGeneration, upscale.go CreateUpscale', () => {
  test('a freed slot waits for the waiter\'s own poll, 150 ms × (waiting before it + 1) after it arrived', async () => {
    const q = await TestEmulator.start({ rateLimit: false, latencyMs: 0 });
    const { token } = q.account(50, 'free'); // qMax 1: two of each kind run
    const abort = new AbortController();
    const pending: Promise<unknown>[] = [];
    const send = (path: string, body: object) => {
      const p = q.post(path, body, { token, ip: freshIp(), signal: abort.signal });
      pending.push(p.catch(() => undefined));
      return p;
    };
    try {
      const inputs: string[] = (await q.generate(token, { num_outputs: 3 })).outputs.map((o: { id: string }) => o.id);
      // Two generations hold their slots for a minute; nine more wait in the shared overflow (of:<user>).
      q.control.configure({ latencyMs: 60_000 });
      for (let i = 0; i < 2; i++) send(CREATE, { prompt: 'holder', num_outputs: 1, width: 512, height: 512 });
      expect(await settled(() => q.control.usage(token).generate, 2, 5_000)).toBe(2);
      for (let i = 0; i < 9; i++) send(CREATE, { prompt: 'waiter', num_outputs: 1, width: 512, height: 512 });
      expect(await settled(() => q.control.usage(token), { generate: 2, upscale: 0, waiting: 9 }, 5_000)).toEqual({ generate: 2, upscale: 0, waiting: 9 });
      // Two upscales run for 1 s; the third finds 9 waiting, so its first sleep is 150 × 10 ms.
      q.control.configure({ latencyMs: 1000 });
      for (const input of inputs.slice(0, 2)) send(UPSCALE, { input });
      expect(await settled(() => q.control.usage(token).upscale, 2, 5_000)).toBe(2);
      const arrived = Date.now();
      const third = send(UPSCALE, { input: inputs[2] });
      // The upscale slots free after 1 s, yet the third still waits: nobody polled yet.
      const freeButWaiting = { generate: 2, upscale: 0, waiting: 10 };
      expect(await settled(() => q.control.usage(token), freeButWaiting, 5_000)).toEqual(freeButWaiting);
      expect((await third).status).toBe(200);
      // First poll at ≥ 1500 ms, then its own 1 s job (a waiter woken at the release would take < 2 s).
      expect(Date.now() - arrived).toBeGreaterThanOrEqual(10 * 150 + 1000);
    } finally {
      abort.abort();
      await q.close();
      await Promise.all(pending);
    }
  });
});

describe('the worker\'s NSFW filter: sc-go repository SetGenerationSucceeded(…, nsfwCount), no refund', () => {
  test('asked 3, made 2, charged 3: the answer, the ledger and the listed generation all show it', async () => {
    const { token } = t.account(10);
    const r = await generate(token, { prompt: 'a beach emu_filter_one', num_outputs: 3, seed: 77 });
    expect(r.status).toBe(200);
    expect(r.json.outputs).toHaveLength(2);
    expect(r.json.settings.num_outputs).toBe(3);
    expect(r.json.remaining_credits).toBe(7);
    const ledger = t.control.ledger({ token });
    expect(ledger).toHaveLength(1);
    expect(ledger[0]).toMatchObject({ kind: 'charge', amount: 3, operation: 'generate' });
    expect(ledger[0].outputIds).toEqual(r.json.outputs.map((o: { id: string }) => o.id));
    const listed = (await t.get('/v1/image/generation/outputs', { token, ip: freshIp() })).json;
    expect(listed.total).toBe(2);
    expect(listed.outputs.every((o: { generation: { num_outputs: number } }) => o.generation.num_outputs === 3)).toBe(true);
  });
});

describe('the proxy\'s body limit (k8s/prod/ingress.yaml proxy-body-size 10m) is on the whole body', () => {
  const MiB = 1024 * 1024;
  test('a 10,485,760-byte file in a multipart body is refused with the HTML 413, on upload and on upscale', async () => {
    const { token } = t.account(10);
    const bytes = Buffer.alloc(10 * MiB);
    makeJpeg(8, 8).copy(bytes);
    for (const path of ['/v1/image/upload', UPSCALE]) {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(bytes)]), 'exactly-10mib.jpg');
      const r = await t.request('POST', path, { token, body: form, ip: freshIp() });
      expect([path, r.status, r.headers['content-type']]).toEqual([path, 413, 'text/html']);
    }
    expect(t.control.credits(token)).toBe(10);
  });

  test('a 12 MiB prompt in a JSON body is refused with the 413 too, nothing charged', async () => {
    const { token } = t.account(10);
    const r = await generate(token, { prompt: 'a'.repeat(12 * MiB) });
    expect(r.status).toBe(413);
    expect(r.text).toContain('413 Request Entity Too Large');
    expect(t.control.ledger({ token })).toEqual([]);
  });
});

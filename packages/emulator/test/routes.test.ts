import { FLUX_MODEL_ID } from '../src';
import { contractStats, freshIp, TestEmulator } from './helpers/harness';

let t: TestEmulator;
let token: string;
beforeAll(async () => {
  t = await TestEmulator.start();
  ({ token } = t.account());
});
afterAll(() => t.close());

describe('routes and aliases', () => {
  test.each([
    ['/v1/image/generation/models', '/v1/image/models/generate'],
    ['/v1/image/generation/defaults', '/v1/image/defaults/generate'],
    ['/v1/image/upscale/models', '/v1/image/models/upscale'],
    ['/v1/image/upscale/defaults', '/v1/image/defaults/upscale'],
  ])('%s and its alias %s answer the same without a key', async (path, alias) => {
    const [a, b] = await Promise.all([t.get(path, { ip: freshIp() }), t.get(alias, { ip: freshIp() })]);
    expect(a.status).toBe(200);
    expect(b.json).toEqual(a.json);
  });

  test('outputs alias and generate/upscale aliases are served by the same handlers', async () => {
    const list = await t.get('/v1/image/outputs', { token, ip: freshIp() });
    expect(list.status).toBe(200);
    const created = await t.post('/v1/image/generate', { prompt: 'alias', num_outputs: 1, width: 256, height: 256 }, { token, ip: freshIp() });
    expect(created.status).toBe(200);
    const up = await t.post('/v1/image/upscale', { input: created.json.outputs[0].id }, { token, ip: freshIp() });
    expect(up.status).toBe(200);
  });

  test('an unknown route is chi\'s plain-text 404 without rate-limit headers', async () => {
    for (const path of ['/v1/nothing', '/v1/image/generation', '/v1/', '/v1/health/']) {
      const r = await t.get(path, { token, ip: freshIp() });
      expect(r.status).toBe(404);
      expect(r.text).toBe('404 page not found\n');
      expect(r.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(r.headers['x-ratelimit-limit']).toBeUndefined();
    }
  });

  test('a wrong method is 405 after auth and the limiter ran', async () => {
    const noKey = await t.get('/v1/image/generation/create', { ip: freshIp() });
    expect(noKey.status).toBe(401);
    const withKey = await t.get('/v1/image/generation/create', { token, ip: freshIp() });
    expect(withKey.status).toBe(405);
    expect(withKey.text).toBe('');
    expect(withKey.headers.allow).toBe('POST');
    expect(withKey.headers['x-ratelimit-limit']).toBe('10');
    const credits = await t.request('DELETE', '/v1/credits', { ip: freshIp() });
    expect(credits.status).toBe(401); // the limiter ran first (headers), then auth refused
    expect(credits.headers['x-ratelimit-limit']).toBe('20');
    const models = await t.request('POST', '/v1/image/generation/models', { ip: freshIp() });
    expect(models.status).toBe(405);
  });

  test('health answers without key and without rate-limit headers', async () => {
    const r = await t.get('/v1/health');
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ status: 'ok' });
    expect(r.headers['x-ratelimit-limit']).toBeUndefined();
  });
});

describe('models and defaults', () => {
  test('lists active, non-hidden models with schedulers and sizes; FLUX.1 is the default', async () => {
    const { json } = await t.get('/v1/image/generation/models', { ip: freshIp() });
    const names = json.models.map((m: { name: string }) => m.name);
    expect(names).toEqual(expect.arrayContaining(['FLUX.1', 'SDXL', 'Kandinsky 2.2']));
    expect(names).not.toContain('22 Diffusion'); // hidden but active
    expect(names).not.toContain('Waifu Diffusion'); // inactive
    const flux = json.models.find((m: { id: string }) => m.id === FLUX_MODEL_ID);
    expect(flux).toMatchObject({ name: 'FLUX.1', is_default: true, default_width: 1024, default_height: 1024 });
    expect(flux.available_schedulers.length).toBeGreaterThan(0);
    expect(json.models.filter((m: { is_default: boolean }) => m.is_default)).toHaveLength(1);
  });

  test('defaults are the misleading ones of the real server', async () => {
    const { json: defaults } = await t.get('/v1/image/generation/defaults', { ip: freshIp() });
    const { json: models } = await t.get('/v1/image/generation/models', { ip: freshIp() });
    const flux = models.models.find((m: { id: string }) => m.id === defaults.model_id);
    expect(defaults).toMatchObject({ model_id: FLUX_MODEL_ID, num_outputs: 2, guidance_scale: 7, inference_steps: 30, prompt_strength: 0.5 });
    expect(defaults).not.toHaveProperty('seed');
    // The global default scheduler, which the default model does not even offer.
    expect(flux.available_schedulers.map((s: { id: string }) => s.id)).not.toContain(defaults.scheduler_id);
  });

  test('upscale models: SwinIR, the default', async () => {
    const { json } = await t.get('/v1/image/upscale/models', { ip: freshIp() });
    expect(json.models).toEqual([{ id: expect.stringMatching(/^14c9c5a4-[0-9a-f-]{27}$/), name: 'SwinIR', is_default: true }]);
    const { json: defaults } = await t.get('/v1/image/upscale/defaults', { ip: freshIp() });
    expect(defaults).toEqual({ model_id: json.models[0].id });
  });
});

test('every API response above was checked against the corrected OpenAPI document', () => {
  expect(contractStats.validated).toBeGreaterThanOrEqual(20);
});

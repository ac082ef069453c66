import { imageSize } from 'image-size';
import { UPSCALE_MODELS } from '../src';
import { fetchBytes, freshIp, TestEmulator } from './helpers/harness';
import { startImageServer } from './helpers/image-server';
import { makeJpeg, makePng } from './helpers/images';

let t: TestEmulator;
let host: Awaited<ReturnType<typeof startImageServer>>;
beforeAll(async () => {
  t = await TestEmulator.start({ rateLimit: false });
  host = await startImageServer();
});
afterAll(async () => {
  await t.close();
  await host.close();
});

const UPSCALE = '/v1/image/upscale/create';
const upscale = (token: string, body: unknown) => t.post(UPSCALE, body, { token, ip: freshIp() });
const sizeOf = async (url: string) => imageSize((await fetchBytes(url)).bytes);

describe('upscale an output', () => {
  test('charges 1, answers a 4x JPEG (url = upscaled_image_url), and updates the output in the list', async () => {
    const { token } = t.account(10);
    const gen = await t.generate(token, { width: 256, height: 384 });
    const r = await upscale(token, { input: gen.outputs[0].id });
    expect(r.status).toBe(200);
    const [out] = r.json.outputs;
    expect(out.id).not.toBe(gen.outputs[0].id); // an upscale-output id
    expect(out.url).toBe(out.upscaled_image_url);
    expect(r.json).toMatchObject({ remaining_credits: 8, settings: { model_id: UPSCALE_MODELS[0].id, input: gen.outputs[0].id } });
    expect(await sizeOf(out.url)).toMatchObject({ width: 1024, height: 1536, type: 'jpg' });
    const [item] = (await t.get('/v1/image/generation/outputs', { token, ip: freshIp() })).json.outputs;
    expect(item.upscaled_image_url).toBe(out.url);
    expect(item.updated_at > item.created_at || item.updated_at.length !== item.created_at.length).toBe(true);
  });

  test('an already upscaled output comes back at once, free: url is the ORIGINAL, upscaled_image_url the existing', async () => {
    const { token } = t.account(10);
    const gen = await t.generate(token, { width: 256, height: 256 });
    const first = await upscale(token, { input: gen.outputs[0].id });
    const again = await upscale(token, { input: gen.outputs[0].id.toUpperCase() });
    expect(again.status).toBe(200);
    expect(again.json.outputs).toEqual([{ id: gen.outputs[0].id, url: gen.outputs[0].url, upscaled_image_url: first.json.outputs[0].url }]);
    expect(again.json.remaining_credits).toBe(8);
    expect(t.control.ledger({ token }).filter((e) => e.operation === 'upscale')).toHaveLength(1);
  });

  test('big outputs are upscaled less than 4x (capped at 2048x2048)', async () => {
    const { token } = t.account(10);
    const gen = await t.generate(token, { width: 1024, height: 1024 });
    const r = await upscale(token, { input: gen.outputs[0].id });
    expect(await sizeOf(r.json.outputs[0].url)).toMatchObject({ width: 2048, height: 2048 });
  }, 30_000); // draws a 2048×2048 JPEG: seconds on a loaded machine

  test('another user\'s output or an unknown id -> 400 output_not_found; nothing charged', async () => {
    const owner = t.account(10);
    const other = t.account(10);
    const gen = await t.generate(owner.token);
    // sc-go server/scworker/upscale.go CreateUpscale: output_not_found carries the settings.
    const settings = (input: string) => ({ model_id: UPSCALE_MODELS[0].id, input });
    expect((await upscale(other.token, { input: gen.outputs[0].id })).json).toEqual({ error: 'output_not_found', settings: settings(gen.outputs[0].id) });
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await upscale(other.token, { input: unknown })).json).toEqual({ error: 'output_not_found', settings: settings(unknown) });
    expect(t.control.credits(other.token)).toBe(10);
  });

  test('bad input: invalid_image_url, invalid_model_id, json_parse_error, insufficient_credits', async () => {
    const { token } = t.account(1);
    const gen = await t.generate(token); // spends the only credit
    expect((await upscale(token, { input: 'ftp://host/x.png' })).json).toEqual({ error: 'invalid_image_url' });
    expect((await upscale(token, {})).json).toEqual({ error: 'invalid_image_url' });
    expect((await upscale(token, { input: gen.outputs[0].id, model_id: '00000000-0000-4000-8000-000000000000' })).json).toEqual({ error: 'invalid_model_id' });
    expect((await upscale(token, { input: 42 })).json).toEqual({ error: 'json_parse_error' });
    const broke = await upscale(token, { input: gen.outputs[0].id });
    expect(broke.status).toBe(400);
    expect(broke.json).toMatchObject({ error: 'insufficient_credits', settings: { input: gen.outputs[0].id } });
  });
});

describe('upscale an image URL: HEAD, then GET, with the real checks', () => {
  test('a good URL: the emulator really sends HEAD then GET, and upscales the real pixels', async () => {
    const { token } = t.account(10);
    const before = host.requests.length;
    const r = await upscale(token, { input: `${host.url}/ok.jpg` });
    expect(r.status).toBe(200);
    expect(host.requests.slice(before).map((q) => `${q.method} ${q.path}`)).toEqual(['HEAD /ok.jpg', 'GET /ok.jpg']);
    expect(host.requests.slice(before).every((q) => q.headers.authorization === undefined)).toBe(true);
    expect(await sizeOf(r.json.outputs[0].url)).toMatchObject({ width: 800, height: 400 });
    expect(r.json.settings.input).toBe(`${host.url}/ok.jpg`);
  });

  test('a PNG of exactly 1,048,576 px is accepted', async () => {
    const { token } = t.account(10);
    expect((await upscale(token, { input: `${host.url}/exactly-1mp.png` })).status).toBe(200);
  });

  test.each([
    ['HEAD is not 200', '/head-404.jpg'],
    ['HEAD announces more than 10 MiB', '/announced-11mib.jpg'],
    // sc-go utils/net.go GetImageSizeFromUrl: strconv.Atoi of a missing Content-Length fails.
    ['HEAD has no Content-Length', '/no-length.jpg'],
    ['Content-Type with a parameter', '/charset.jpg'],
    ['Content-Type not an image', '/octet.jpg'],
    ['more than 1,048,576 px', '/over-1mp.png'],
    ['no such file', '/missing.jpg'],
  ])('%s -> 400 image_url_width_height_error, nothing charged', async (_name, path) => {
    const { token } = t.account(10);
    const r = await upscale(token, { input: `${host.url}${path}` });
    expect(r.status).toBe(400);
    // sc-go server/scworker/upscale.go CreateUpscale returns the settings with the size error.
    expect(r.json).toEqual({ error: 'image_url_width_height_error', settings: { model_id: UPSCALE_MODELS[0].id, input: `${host.url}${path}` } });
    expect(t.control.credits(token)).toBe(10);
  });

  test('generate\'s init_image_url has the same checks with a 5 MiB limit', async () => {
    const { token } = t.account(10);
    const gen = (init: string) => t.post('/v1/image/generation/create', { prompt: 'img2img', width: 256, height: 256, num_outputs: 1, init_image_url: init }, { token, ip: freshIp() });
    const ok = await gen(`${host.url}/ok.png`);
    expect(ok.status).toBe(200);
    expect(ok.json.settings).toMatchObject({ init_image_url: `${host.url}/ok.png`, prompt_strength: 0.5 });
    // sc-go server/scworker/generate.go CreateGeneration returns initSettings with the error.
    expect((await gen(`${host.url}/announced-6mib.jpg`)).json).toEqual({ error: 'image_url_width_height_error', settings: expect.objectContaining({ init_image_url: `${host.url}/announced-6mib.jpg`, prompt_strength: 0.5 }) });
    expect((await gen(`${host.url}/charset.jpg`)).json).toMatchObject({ error: 'image_url_width_height_error', settings: { width: 256, height: 256 } });
    // No area limit for init images.
    expect((await gen(`${host.url}/over-1mp.png`)).status).toBe(200);
    // prompt_strength is clamped, not refused.
    const clamped = await t.post('/v1/image/generation/create', { prompt: 'p', width: 256, height: 256, num_outputs: 1, init_image_url: `${host.url}/ok.png`, prompt_strength: 3 }, { token, ip: freshIp() });
    expect(clamped.json.settings.prompt_strength).toBe(1);
  });
});

describe('upscale an upload or a multipart file', () => {
  const uploadForm = (bytes: Uint8Array, data?: string) => {
    const f = new FormData();
    f.append('file', new Blob([new Uint8Array(bytes)]), 'in.jpg');
    if (data !== undefined) f.append('data', data);
    return f;
  };

  test('an s3:// object of the caller (others get 401 image_not_owned; unknown: init_image_not_found)', async () => {
    const owner = t.account(10);
    const other = t.account(10);
    const up = await t.request('POST', '/v1/image/upload', { token: owner.token, body: uploadForm(makeJpeg(100, 50)), ip: freshIp() });
    const r = await upscale(owner.token, { input: up.json.object });
    expect(r.status).toBe(200);
    expect(r.json.settings.input).toBe(up.json.object);
    expect(await sizeOf(r.json.outputs[0].url)).toMatchObject({ width: 400, height: 200 });
    const stolen = await upscale(other.token, { input: up.json.object });
    expect(stolen.status).toBe(401);
    // sc-go server/scworker/upscale.go CreateUpscale: both carry the settings; a missing object is init_image_not_found.
    expect(stolen.json).toEqual({ error: 'image_not_owned', settings: { model_id: UPSCALE_MODELS[0].id, input: up.json.object } });
    const gone = up.json.object.replace(/[^/]+$/, 'nope.jpg');
    expect((await upscale(owner.token, { input: gone })).json).toEqual({ error: 'init_image_not_found', settings: { model_id: UPSCALE_MODELS[0].id, input: gone } });
  });

  test('multipart: a file part (stored under the caller, echoed as s3://) and an optional data part', async () => {
    const { token } = t.account(10);
    const r = await t.request('POST', UPSCALE, { token, body: uploadForm(makeJpeg(64, 64), JSON.stringify({ model_id: UPSCALE_MODELS[0].id })), ip: freshIp() });
    expect(r.status).toBe(200);
    expect(r.json.settings.input).toMatch(/^s3:\/\/[0-9a-f]{64}\/[0-9a-f-]{36}\.jpg$/);
    expect(await sizeOf(r.json.outputs[0].url)).toMatchObject({ width: 256, height: 256 });
    const png = await t.request('POST', UPSCALE, { token, body: uploadForm(makePng(32, 16)), ip: freshIp() });
    expect(png.status).toBe(200);
    expect(png.json.settings.input).toMatch(/\.png$/);
  });

  test('multipart problems: no file -> 401 image_not_owned; not an image -> invalid_content_type; bad data -> json_parse_error; too big -> image_url_width_height_error', async () => {
    const { token } = t.account(10);
    const noFile = new FormData();
    noFile.append('data', '{}');
    const r = await t.request('POST', UPSCALE, { token, body: noFile, ip: freshIp() });
    expect(r.status).toBe(401);
    // sc-go server/api/rest/upscale.go: no file part leaves the input "s3://", which nobody owns.
    expect(r.json).toEqual({ error: 'image_not_owned', settings: { model_id: UPSCALE_MODELS[0].id, input: 's3://' } });
    expect((await t.request('POST', UPSCALE, { token, body: uploadForm(Buffer.from('plain text')), ip: freshIp() })).json).toMatchObject({ error: 'invalid_content_type' });
    expect((await t.request('POST', UPSCALE, { token, body: uploadForm(makeJpeg(8, 8), '{"model_id":""}'), ip: freshIp() })).json).toEqual({ error: 'json_parse_error' });
    expect((await t.request('POST', UPSCALE, { token, body: uploadForm(makePng(1025, 1024)), ip: freshIp() })).json).toMatchObject({ error: 'image_url_width_height_error', settings: { input: expect.stringMatching(/^s3:\/\//) } });
    expect(t.control.credits(token)).toBe(10);
  });
});

import { imageSize } from 'image-size';
import * as jpeg from 'jpeg-js';
import { fetchBytes, freshIp, TestEmulator } from './helpers/harness';

let t: TestEmulator;
beforeAll(async () => {
  t = await TestEmulator.start({ rateLimit: false });
});
afterAll(() => t.close());

describe('the image CDN', () => {
  test('is its own origin, separate from the API', () => {
    expect(new URL(t.emu.cdnUrl).origin).not.toBe(new URL(t.emu.url).origin);
    expect(new URL(t.emu.controlUrl).origin).not.toBe(new URL(t.emu.url).origin);
  });

  test('serves a real JPEG (quality 85, decodable) at the generation\'s size', async () => {
    const { token } = t.account();
    const gen = await t.generate(token, { width: 320, height: 256 });
    const r = await fetchBytes(gen.outputs[0].url);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('image/jpeg');
    expect(Number(r.headers.get('content-length'))).toBe(r.bytes.length);
    expect(imageSize(r.bytes)).toMatchObject({ type: 'jpg', width: 320, height: 256 });
    const pixels = jpeg.decode(r.bytes, { useTArray: true });
    expect(pixels.width).toBe(320);
    // Not a flat colour: a picture.
    const greens = new Set<number>();
    for (let i = 1; i < pixels.data.length; i += 4 * 97) greens.add(pixels.data[i]);
    expect(greens.size).toBeGreaterThan(5);
  });

  test('images are deterministic from seed and prompt, and differ otherwise', async () => {
    const { token } = t.account();
    const a = await t.generate(token, { seed: 11, prompt: 'same', width: 256, height: 256 });
    const b = await t.generate(token, { seed: 11, prompt: 'same', width: 256, height: 256 });
    const c = await t.generate(token, { seed: 12, prompt: 'same', width: 256, height: 256 });
    expect(a.outputs[0].url).not.toBe(b.outputs[0].url);
    const [ba, bb, bc] = await Promise.all([a, b, c].map((g) => fetchBytes(g.outputs[0].url).then((r) => r.bytes)));
    expect(ba.equals(bb)).toBe(true);
    expect(ba.equals(bc)).toBe(false);
  });

  test('HEAD answers the headers; an unknown image is 404; other methods 405', async () => {
    const { token } = t.account();
    const gen = await t.generate(token);
    const head = await fetchBytes(gen.outputs[0].url, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(Number(head.headers.get('content-length'))).toBeGreaterThan(0);
    expect((await fetchBytes(`${t.emu.cdnUrl}/00000000-0000-4000-8000-000000000000.jpeg`)).status).toBe(404);
    expect((await fetchBytes(`${t.emu.cdnUrl}/v1/credits`)).status).toBe(404);
    expect((await fetchBytes(gen.outputs[0].url, { method: 'DELETE' })).status).toBe(405);
  });

  test('the request log records both origins with their headers; no Authorization ever reached the CDN', async () => {
    const { token } = t.account();
    const gen = await t.generate(token);
    await fetchBytes(gen.outputs[0].url, { headers: { 'X-Probe': 'cdn-probe' } });
    // The emulator's own URL checks fetch from the CDN too (HEAD + GET), without the key.
    await t.post('/v1/image/upscale/create', { input: gen.outputs[0].url }, { token, ip: freshIp() });
    const cdn = t.control.requests({ origin: 'cdn' });
    const api = t.control.requests({ origin: 'api' });
    expect(cdn.find((r) => r.headers['x-probe'] === 'cdn-probe')).toMatchObject({ method: 'GET', status: 200, path: new URL(gen.outputs[0].url).pathname });
    expect(cdn.filter((r) => r.path === new URL(gen.outputs[0].url).pathname).map((r) => r.method)).toEqual(expect.arrayContaining(['HEAD', 'GET']));
    expect(api.some((r) => r.headers.authorization === `Bearer ${token}`)).toBe(true);
    expect(cdn.every((r) => r.headers.authorization === undefined)).toBe(true);
    expect(t.control.requests().length).toBe(cdn.length + api.length);
  });

  test('the request log says how long each answer took', async () => {
    const slow = await TestEmulator.start({ rateLimit: false, latencyMs: 150 });
    try {
      const gen = await slow.generate(slow.account().token);
      await fetchBytes(gen.outputs[0].url);
      const [create] = slow.control.requests({ origin: 'api' }).filter((r) => r.path === '/v1/image/generation/create');
      expect(create.ms).toBeGreaterThanOrEqual(150);
      expect(slow.control.requests({ origin: 'cdn' })[0].ms).toBeGreaterThanOrEqual(0);
    } finally {
      await slow.close();
    }
  });
});

describe('render threads: JPEGs are drawn off the API\'s event loop', () => {
  test('with threads up, concurrent first downloads render on them, once each, with the same bytes as in line', async () => {
    const threaded = await TestEmulator.start({ rateLimit: false, renderThreads: 1 });
    const inline = await TestEmulator.start({ rateLimit: false, renderThreads: 0 });
    try {
      const body = { seed: 5, prompt: 'threads', width: 256, height: 256, num_outputs: 3 };
      const a = await threaded.generate(threaded.account().token, body);
      const b = await inline.generate(inline.account().token, body);
      // Each image fetched twice at once: one render per image, the second request shares it.
      const urls: string[] = a.outputs.map((o: { url: string }) => o.url);
      const fetched = await Promise.all([...urls, ...urls].map((url) => fetchBytes(url)));
      expect(threaded.control.renderStats()).toEqual({ inline: 0, threaded: 3 });
      const reference = await Promise.all(b.outputs.map((o: { url: string }) => fetchBytes(o.url)));
      expect(inline.control.renderStats()).toEqual({ inline: 3, threaded: 0 });
      fetched.slice(0, 3).forEach((r, i) => {
        expect(r.status).toBe(200);
        expect(r.bytes.equals(reference[i].bytes)).toBe(true);
        expect(r.bytes.equals(fetched[i + 3].bytes)).toBe(true);
      });
      expect((await (await fetch(`${threaded.emu.controlUrl}/render-stats`)).json())).toEqual({ inline: 0, threaded: 3 });
    } finally {
      await Promise.all([threaded.close(), inline.close()]);
    }
  }, 30_000);
});

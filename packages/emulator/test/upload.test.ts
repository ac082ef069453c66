import { createHash } from 'node:crypto';
import { freshIp, TestEmulator } from './helpers/harness';
import { makeJpeg, makePng, makeWebp } from './helpers/images';

let t: TestEmulator;
beforeAll(async () => {
  t = await TestEmulator.start({ rateLimit: false });
});
afterAll(() => t.close());

const form = (file?: { bytes: Uint8Array; name?: string; type?: string }) => {
  const f = new FormData();
  if (file) f.append('file', new Blob([new Uint8Array(file.bytes)], { type: file.type ?? 'application/octet-stream' }), file.name ?? 'image');
  return f;
};
const upload = (token: string, body: FormData) => t.request('POST', '/v1/image/upload', { token, body, ip: freshIp() });

describe('upload', () => {
  test.each([
    { kind: 'JPEG', bytes: makeJpeg(64, 48), ext: 'jpg' },
    { kind: 'PNG', bytes: makePng(64, 48), ext: 'png' },
    { kind: 'WebP', bytes: makeWebp(64, 48), ext: 'webp' },
  ])('$kind -> s3://<sha256(user_id)>/<uuid>.$ext (type sniffed, not taken from the name)', async ({ bytes, ext }) => {
    const { token, userId } = t.account(5);
    const r = await upload(token, form({ bytes, name: 'misleading.gif', type: 'text/plain' }));
    expect(r.status).toBe(200);
    const owner = createHash('sha256').update(userId).digest('hex');
    expect(r.json.object).toMatch(new RegExp(`^s3://${owner}/[0-9a-f-]{36}\\.${ext}$`));
    expect(t.control.credits(token)).toBe(5); // uploading is free
  });

  test('not an image -> 400 invalid_content_type', async () => {
    const { token } = t.account(5);
    const r = await upload(token, form({ bytes: Buffer.from('GIF89a not really'), name: 'a.gif' }));
    expect(r.status).toBe(400);
    expect(r.json.error).toBe('invalid_content_type');
  });

  test('no file part, or a file part without a file name -> 400 invalid_file', async () => {
    const { token } = t.account(5);
    expect((await upload(token, form())).json.error).toBe('invalid_file');
    const nameless = new FormData();
    nameless.append('file', 'just text');
    expect((await upload(token, nameless)).json.error).toBe('invalid_file');
  });

  test('not multipart -> 400 parse_error with a description', async () => {
    const { token } = t.account(5);
    const r = await t.request('POST', '/v1/image/upload', { token, json: { file: 'x' }, ip: freshIp() });
    expect(r.status).toBe(400);
    expect(r.json).toEqual({ error: 'parse_error', description: expect.any(String) });
  });

  test('needs a balance above 0 -> 400 insufficient_credits', async () => {
    const { token } = t.account(0);
    const r = await upload(token, form({ bytes: makePng(8, 8), name: 'a.png' }));
    expect(r.status).toBe(400);
    expect(r.json.error).toBe('insufficient_credits');
  });

  test('a body over 10 MiB gets the proxy\'s HTML 413 page', async () => {
    const { token } = t.account(5);
    const big = Buffer.alloc(10 * 1024 * 1024 + 1);
    makePng(8, 8).copy(big);
    const r = await upload(token, form({ bytes: big, name: 'big.png' }));
    expect(r.status).toBe(413);
    expect(r.headers['content-type']).toBe('text/html');
    expect(r.text).toContain('413 Request Entity Too Large');
  });

  test('objects belong to their uploader: init_image_not_owned (401), init_image_not_found (400)', async () => {
    const owner = t.account(50);
    const other = t.account(50);
    const { json } = await upload(owner.token, form({ bytes: makeJpeg(64, 64), name: 'a.jpg' }));
    const gen = (token: string, init: string) =>
      t.post('/v1/image/generation/create', { prompt: 'from upload', width: 256, height: 256, num_outputs: 1, init_image_url: init }, { token, ip: freshIp() });
    const mine = await gen(owner.token, json.object);
    expect(mine.status).toBe(200);
    expect(mine.json.settings).toMatchObject({ init_image_url: json.object, prompt_strength: 0.5 });
    const stolen = await gen(other.token, json.object);
    expect(stolen.status).toBe(401);
    // sc-go server/scworker/generate.go CreateGeneration returns the settings with image errors.
    expect(stolen.json).toEqual({ error: 'init_image_not_owned', settings: expect.objectContaining({ init_image_url: json.object }) });
    const missing = await gen(owner.token, json.object.replace(/[^/]+$/, '00000000-0000-4000-8000-000000000000.jpg'));
    expect(missing.status).toBe(400);
    expect(missing.json).toMatchObject({ error: 'init_image_not_found', settings: { prompt_strength: 0.5 } });
    expect(t.control.credits(other.token)).toBe(50);
    // The listed generation has no init_image_url: sc-go's presigning loop in server/api/rest/user.go
    // HandleQueryGenerations writes it on a copy of each row.
    const [item] = (await t.get('/v1/image/generation/outputs', { token: owner.token, ip: freshIp() })).json.outputs;
    expect(item.generation).toMatchObject({ prompt_strength: 0.5 });
    expect(item.generation).not.toHaveProperty('init_image_url');
  });
});

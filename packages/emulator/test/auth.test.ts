import { freshIp, TestEmulator } from './helpers/harness';

let t: TestEmulator;
let token: string;
beforeAll(async () => {
  t = await TestEmulator.start();
  ({ token } = t.account());
});
afterAll(() => t.close());

describe('Bearer auth as the real middleware splits it', () => {
  test.each([
    ['no header', undefined],
    ['lower-case scheme', (tk: string) => `bearer ${tk}`],
    ['two spaces', (tk: string) => `Bearer  ${tk}`],
    ['doubled prefix', (tk: string) => `Bearer Bearer ${tk}`],
    ['token without scheme', (tk: string) => tk],
    ['unknown sc- token', () => `Bearer sc-${'0'.repeat(64)}`],
    ['not an sc- key (a JWT)', () => 'Bearer eyJhbGciOiJIUzI1NiJ9.e30.x'],
  ])('%s -> 401 {"error":"Unauthorized"}', async (_name, header) => {
    const headers: Record<string, string> = header ? { Authorization: header(token) } : {};
    const r = await t.get('/v1/credits', { headers, ip: freshIp() });
    expect(r.status).toBe(401);
    expect(r.text).toBe('{"error":"Unauthorized"}\n');
  });

  test('the exact form works, and the key is 67 characters', async () => {
    expect(token).toMatch(/^sc-[0-9a-f]{64}$/);
    const r = await t.get('/v1/credits', { token, ip: freshIp() });
    expect(r.status).toBe(200);
  });

  test('public routes need no key', async () => {
    for (const path of ['/v1/image/generation/models', '/v1/image/generation/defaults', '/v1/image/upscale/models', '/v1/image/upscale/defaults', '/v1/health']) {
      expect((await t.get(path, { ip: freshIp() })).status).toBe(200);
    }
  });

  test('every keyed route refuses a missing key', async () => {
    const ip = freshIp();
    expect((await t.post('/v1/image/generation/create', { prompt: 'x' }, { ip })).status).toBe(401);
    expect((await t.post('/v1/image/upscale/create', { input: 'x' }, { ip })).status).toBe(401);
    expect((await t.get('/v1/image/generation/outputs', { ip })).status).toBe(401);
    expect((await t.request('POST', '/v1/image/upload', { body: new FormData(), ip })).status).toBe(401);
  });

  test('on create the key is checked before the limiter (no rate headers); on reads after it', async () => {
    const create = await t.post('/v1/image/generation/create', { prompt: 'x' }, { ip: freshIp() });
    expect(create.status).toBe(401);
    expect(create.headers['x-ratelimit-limit']).toBeUndefined();
    for (const [method, path, limit] of [['GET', '/v1/image/generation/outputs', '20'], ['GET', '/v1/credits', '20'], ['POST', '/v1/image/upload', '4']]) {
      const r = await t.request(method, path, { ip: freshIp() });
      expect(r.status).toBe(401);
      expect(r.headers['x-ratelimit-limit']).toBe(limit);
    }
  });

  test('one user cannot see another user\'s outputs', async () => {
    const other = t.account();
    await t.generate(token, { prompt: 'mine only' });
    const r = await t.get('/v1/image/generation/outputs', { token: other.token, ip: freshIp() });
    expect(r.json.outputs).toEqual([]);
    expect(r.json.total).toBe(0);
  });
});

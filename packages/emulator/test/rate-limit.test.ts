import { freshIp, TestEmulator } from './helpers/harness';

let t: TestEmulator;
let token: string;
beforeAll(async () => {
  // A long window makes the counts exact however slowly a busy machine sends a burst.
  t = await TestEmulator.start({ rateLimit: { enabled: true, windowMs: 60_000 } });
  ({ token } = t.account(10_000));
});
afterAll(() => t.close());

const burst = (n: number, send: () => Promise<{ status: number }>) => Promise.all(Array.from({ length: n }, send));

describe('the per-IP limiter (1 s sliding window)', () => {
  test('the 11th create in a second is a plain-text 429 with Retry-After: 1', async () => {
    const ip = freshIp();
    const before = Math.floor(Date.now() / 1000);
    const results = await burst(11, () => t.post('/v1/image/generation/create', { prompt: 'p', width: 256, height: 256, num_outputs: 1 }, { token, ip }));
    const refused = results.filter((r) => r.status === 429);
    expect(refused).toHaveLength(1);
    const [r] = refused as Array<Awaited<ReturnType<typeof t.post>>>;
    expect(r.text).toBe('Too Many Requests\n');
    expect(r.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(r.headers['retry-after']).toBe('60'); // the window: 1 s on the real server, see the test below
    expect(r.headers['x-ratelimit-limit']).toBe('10');
    expect(Number(r.headers['x-ratelimit-reset'])).toBeGreaterThanOrEqual(before + 1); // end of the window, unix seconds
  });

  test('successful answers carry X-RateLimit-Limit/Remaining/Reset', async () => {
    const ip = freshIp();
    const first = await t.get('/v1/credits', { token, ip });
    const second = await t.get('/v1/credits', { token, ip });
    expect(first.headers['x-ratelimit-limit']).toBe('20');
    expect(Number(first.headers['x-ratelimit-remaining'])).toBeGreaterThan(Number(second.headers['x-ratelimit-remaining']));
  });

  test('all api routes share one counter per IP, each with its own limit: reads use up the creates\' budget', async () => {
    const ip = freshIp();
    const reads = await burst(15, () => t.get('/v1/image/generation/outputs', { token, ip }));
    expect(reads.every((r) => r.status === 200)).toBe(true);
    const create = await t.post('/v1/image/generation/create', { prompt: 'p', width: 256, height: 256, num_outputs: 1 }, { token, ip });
    expect(create.status).toBe(429);
    expect(Number(create.headers['x-ratelimit-remaining'])).toBeLessThan(0); // the shared rate is above create's limit
    const models = await t.get('/v1/image/generation/models', { ip });
    expect(models.status).toBe(200); // reads still have room up to 20
  });

  test('upload has its own counter of about 4 per second', async () => {
    const ip = freshIp();
    const uploads = await burst(5, () => t.request('POST', '/v1/image/upload', { token, ip, body: new FormData() }));
    expect(uploads.filter((r) => r.status === 429)).toHaveLength(1);
    expect((await t.get('/v1/credits', { token, ip })).status).toBe(200);
  });

  test('counters are per IP (CF-Connecting-IP, X-Real-Ip, X-Forwarded-For)', async () => {
    const ip = freshIp();
    await burst(20, () => t.get('/v1/credits', { token, ip }));
    expect((await t.get('/v1/credits', { token, ip })).status).toBe(429);
    expect((await t.get('/v1/credits', { token, headers: { 'CF-Connecting-IP': freshIp() } })).status).toBe(200);
    expect((await t.get('/v1/credits', { token, headers: { 'X-Real-Ip': freshIp() } })).status).toBe(200);
    // CF-Connecting-IP wins over X-Forwarded-For.
    expect((await t.get('/v1/credits', { token, ip, headers: { 'CF-Connecting-IP': freshIp() } })).status).toBe(200);
  });

  test('bad-key requests count on reads (limiter first) but not on creates (auth first)', async () => {
    const readIp = freshIp();
    const bad = await burst(20, () => t.get('/v1/image/generation/outputs', { ip: readIp }));
    expect(bad.every((r) => r.status === 401)).toBe(true);
    expect((await t.get('/v1/image/generation/outputs', { token, ip: readIp })).status).toBe(429);

    const createIp = freshIp();
    const badCreates = await burst(12, () => t.post('/v1/image/generation/create', { prompt: 'p' }, { ip: createIp }));
    expect(badCreates.every((r) => r.status === 401)).toBe(true);
    expect((await t.post('/v1/image/generation/create', { prompt: 'p', width: 256, height: 256, num_outputs: 1 }, { token, ip: createIp })).status).toBe(200);
  });

  test('the window slides: the budget comes back after a second; Retry-After is 1', async () => {
    t.control.configure({ rateLimit: { windowMs: 1000 } });
    const ip = freshIp();
    // Many more than the limit, so the burst overflows even if it takes a while to send.
    const results = await burst(60, () => t.get('/v1/credits', { token, ip }));
    const refused = results.find((r) => r.status === 429) as Awaited<ReturnType<typeof t.get>>;
    expect(refused.headers['retry-after']).toBe('1');
    await new Promise((r) => setTimeout(r, 2100));
    expect((await t.get('/v1/credits', { token, ip })).status).toBe(200);
    t.control.configure({ rateLimit: { windowMs: 60_000 } });
  });

  test('the control surface turns the limiter off and resizes it', async () => {
    const ip = freshIp();
    t.control.configure({ rateLimit: false });
    try {
      const many = await burst(40, () => t.get('/v1/credits', { token, ip }));
      expect(many.every((r) => r.status === 200)).toBe(true);
      t.control.configure({ rateLimit: { enabled: true, read: 2 } });
      const ip2 = freshIp();
      const small = await burst(3, () => t.get('/v1/credits', { token, ip: ip2 }));
      expect(small.map((r) => r.status).sort()).toEqual([200, 200, 429]);
    } finally {
      t.control.configure({ rateLimit: { enabled: true, read: 20 } });
    }
  });
});

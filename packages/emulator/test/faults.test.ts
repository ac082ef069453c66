import { fetchBytes, freshIp, TestEmulator } from './helpers/harness';

let t: TestEmulator;
beforeAll(async () => {
  t = await TestEmulator.start({ rateLimit: false, latencyMs: 50 });
});
afterEach(() => t.control.clearFaults());
afterAll(() => t.close());

const body = { prompt: 'fault test', width: 256, height: 256, num_outputs: 2, seed: 5 };
const create = (token: string) => t.post('/v1/image/generation/create', body, { token, ip: freshIp() });
const outputsOf = async (token: string) => (await t.get('/v1/image/generation/outputs', { token, ip: freshIp() })).json.outputs as Array<{ id: string }>;

describe('fault injection', () => {
  test('a 429 burst (times: 2) answers like the limiter, then requests pass; nothing charged', async () => {
    const { token } = t.account(10);
    t.control.injectFaults([{ route: 'generate', kind: '429', times: 2 }]);
    const [a, b, c] = [await create(token), await create(token), await create(token)];
    expect([a.status, b.status, c.status]).toEqual([429, 429, 200]);
    expect(a.text).toBe('Too Many Requests\n');
    expect(a.headers['retry-after']).toBe('1');
    expect(t.control.credits(token)).toBe(8);
    expect(t.control.faults()).toEqual([]); // used up rules are gone from the active list
  });

  test('500 is each route\'s own internal error (the limiter\'s plain text on models)', async () => {
    const { token } = t.account(10);
    t.control.injectFaults([{ route: 'outputs', kind: '500', times: 1 }, { route: 'credits', kind: '500', times: 1 }, { route: 'models', kind: '500', times: 1 }]);
    expect((await t.get('/v1/image/generation/outputs', { token, ip: freshIp() })).json).toEqual({ error: 'Error getting generations' });
    expect((await t.get('/v1/credits', { token, ip: freshIp() })).json).toEqual({ error: 'Error getting credits' });
    const models = await t.get('/v1/image/generation/models', { ip: freshIp() });
    expect(models.status).toBe(500);
    expect(models.headers['content-type']).toBe('text/plain; charset=utf-8');
  });

  test('500 and 502 before the handler: JSON unknown error, proxy HTML; nothing charged', async () => {
    const { token } = t.account(10);
    t.control.injectFaults([{ route: 'generate', kind: '500', times: 1 }, { route: 'generate', kind: '502', times: 1 }]);
    const a = await create(token);
    expect(a.status).toBe(500);
    expect(a.json).toEqual({ error: 'An unknown error has occured' });
    const b = await create(token);
    expect(b.status).toBe(502);
    expect(b.headers['content-type']).toBe('text/html');
    expect(t.control.credits(token)).toBe(10);
    expect(t.control.ledger({ token })).toEqual([]);
  });

  test('drop-before: the connection closes, nothing is charged', async () => {
    const { token } = t.account(10);
    t.control.injectFaults({ route: 'generate', kind: 'drop-before', times: 1 });
    await expect(create(token)).rejects.toThrow();
    expect(t.control.credits(token)).toBe(10);
    expect(await outputsOf(token)).toEqual([]);
    const logged = t.control.requests({ origin: 'api' }).filter((r) => r.method === 'POST' && r.headers.authorization === `Bearer ${token}`);
    expect(logged.map((r) => r.status)).toEqual([0]);
  });

  test('drop (after the charge): the connection closes, yet the job was charged once and its outputs are listed', async () => {
    const { token } = t.account(10);
    t.control.injectFaults({ route: 'generate', kind: 'drop', times: 1 });
    await expect(create(token)).rejects.toThrow();
    const ledger = t.control.ledger({ token });
    expect(ledger).toEqual([expect.objectContaining({ kind: 'charge', amount: 2, outputIds: expect.any(Array) })]);
    expect((await outputsOf(token)).map((o) => o.id).sort()).toEqual([...ledger[0].outputIds!].sort());
    expect(t.control.credits(token)).toBe(8);
  });

  test('slow: the body dribbles in over delayMs', async () => {
    const { token } = t.account(10);
    t.control.injectFaults({ route: 'credits', kind: 'slow', delayMs: 600, times: 1 });
    const started = Date.now();
    const r = await t.get('/v1/credits', { token, ip: freshIp() });
    expect(r.status).toBe(200);
    expect(r.json.total_remaining_credits).toBe(10);
    expect(Date.now() - started).toBeGreaterThanOrEqual(550);
  });

  test('timeout: 500 TIMEOUT with settings, refunded into the one Refund row, outputs never listed', async () => {
    const { token } = t.account(10);
    t.control.injectFaults({ route: 'generate', kind: 'timeout', times: 1 });
    const r = await create(token);
    expect(r.status).toBe(500);
    expect(r.json).toMatchObject({ error: 'TIMEOUT', settings: { seed: 5 } });
    expect(t.control.credits(token)).toBe(10);
    expect(t.control.ledger({ token }).map((e) => `${e.kind}:${e.amount}:${e.reason ?? ''}`)).toEqual(['charge:2:', 'refund:2:TIMEOUT']);
    expect(await outputsOf(token)).toEqual([]);
    const credits = await t.get('/v1/credits', { token, ip: freshIp() });
    const rows = (json: { credits: Array<{ type: { name: string }; remaining_amount: number; expires_at: string }> }) =>
      json.credits.map((c) => [c.type.name, c.remaining_amount, c.expires_at]);
    // sc-go database/repository/credit_mutations.go RefundCreditsToUser: paid users' refunds go to
    // one "Refund Non-free" row (free users': "Refund"), expiring at NEVER_EXPIRE, added to on each refund.
    expect(rows(credits.json)).toEqual([['Ultimate', 8, expect.any(String)], ['Refund Non-free', 2, '2100-01-01T05:00:00Z']]);
    t.control.injectFaults({ route: 'generate', kind: 'timeout', times: 1 });
    expect((await create(token)).status).toBe(500);
    expect(rows((await t.get('/v1/credits', { token, ip: freshIp() })).json)).toEqual([['Ultimate', 6, expect.any(String)], ['Refund Non-free', 4, '2100-01-01T05:00:00Z']]);
    const free = t.account(10, 'free');
    t.control.injectFaults({ route: 'generate', kind: 'timeout', times: 1 });
    expect((await create(free.token)).status).toBe(500);
    expect(rows((await t.get('/v1/credits', { token: free.token, ip: freshIp() })).json)[1]).toEqual(['Refund', 2, '2100-01-01T05:00:00Z']);
  });

  test('worker failure: generate 500 with the worker text, upscale 500 unknown error; both refunded', async () => {
    const { token } = t.account(10);
    const gen = await t.generate(token);
    t.control.injectFaults([{ route: 'generate', kind: 'worker-failure', times: 1 }, { route: 'upscale', kind: 'worker-failure', times: 1 }]);
    const g = await create(token);
    expect(g.status).toBe(500);
    expect(g.json.error).toMatch(/\S/);
    expect(g.json.error).not.toBe('TIMEOUT');
    const u = await t.post('/v1/image/upscale/create', { input: gen.outputs[0].id }, { token, ip: freshIp() });
    expect(u.status).toBe(500);
    // sc-go server/scworker/upscale.go CreateUpscale (CogFailed): the unknown error with the settings.
    expect(u.json).toEqual({ error: 'An unknown error has occured', settings: { model_id: expect.any(String), input: gen.outputs[0].id } });
    expect(t.control.credits(token)).toBe(9);
    expect(t.control.ledger({ token }).filter((e) => e.kind === 'refund').map((e) => e.operation)).toEqual(['generate', 'upscale']);
  });

  test('probability 0 never fires; "*" hits every API route but not the CDN', async () => {
    const { token } = t.account(10);
    t.control.injectFaults({ route: 'generate', kind: '500', probability: 0 });
    expect((await create(token)).status).toBe(200);
    t.control.clearFaults();
    const gen = await t.generate(token);
    t.control.injectFaults({ route: '*', kind: '502' });
    expect((await t.get('/v1/image/generation/models', { ip: freshIp() })).status).toBe(502);
    expect((await t.get('/v1/credits', { token, ip: freshIp() })).status).toBe(502);
    expect((await fetchBytes(gen.outputs[0].url)).status).toBe(200);
  });

  test('probability 0.5 fires on some requests and not others', async () => {
    t.control.injectFaults({ route: 'models', kind: '500', probability: 0.5 });
    const statuses = await Promise.all(Array.from({ length: 40 }, () => t.get('/v1/image/generation/models', { ip: freshIp() }).then((r) => r.status)));
    expect(statuses).toContain(200);
    expect(statuses).toContain(500);
  });

  test('the CDN can fail too (route "cdn")', async () => {
    const { token } = t.account(10);
    const gen = await t.generate(token);
    t.control.injectFaults([{ route: 'cdn', kind: '500', times: 1 }, { route: 'cdn', kind: 'drop-before', times: 1 }]);
    expect((await fetchBytes(gen.outputs[0].url)).status).toBe(500);
    await expect(fetchBytes(gen.outputs[0].url)).rejects.toThrow();
    expect((await fetchBytes(gen.outputs[0].url)).status).toBe(200);
  });

  test('bad fault rules are refused with a message naming the field', () => {
    expect(() => t.control.injectFaults({ route: 'nowhere' as never, kind: '500' })).toThrow(/route must be one of/);
    expect(() => t.control.injectFaults({ route: 'generate', kind: 'explode' as never })).toThrow(/kind must be one of/);
    expect(() => t.control.injectFaults({ route: 'generate', kind: '500', probability: 2 })).toThrow(/probability/);
  });
});

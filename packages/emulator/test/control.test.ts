import { DEMO_TOKENS, startEmulator } from '../src';
import { freshIp, TestEmulator } from './helpers/harness';

let t: TestEmulator;
beforeAll(async () => {
  t = await TestEmulator.start({ rateLimit: false });
});
afterAll(() => t.close());

const control = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`${t.emu.controlUrl}${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, json: await res.json() };
};

describe('the control surface over HTTP (its own port)', () => {
  test('GET / lists the routes; the API port does not serve them', async () => {
    const index = await control('GET', '/');
    expect(index.json.routes).toEqual(expect.arrayContaining(['POST /accounts', 'POST /faults', 'GET /ledger', 'GET /requests', 'POST /reset']));
    expect((await t.request('POST', '/accounts', { json: {}, ip: freshIp() })).status).toBe(404);
  });

  test('accounts: create, credits, plan, usage', async () => {
    const created = await control('POST', '/accounts', { credits: 7, plan: 'starter' });
    expect(created.status).toBe(201);
    expect(created.json.token).toMatch(/^sc-[0-9a-f]{64}$/);
    const { token } = created.json;
    expect((await control('GET', `/accounts/${token}/credits`)).json).toEqual({ credits: 7 });
    expect((await control('PUT', `/accounts/${token}/credits`, { credits: 3 })).json).toEqual({ credits: 3 });
    expect((await t.get('/v1/credits', { token, ip: freshIp() })).json.total_remaining_credits).toBe(3);
    expect((await control('PUT', `/accounts/${token}/plan`, { plan: 'pro' })).status).toBe(200);
    expect((await control('GET', `/accounts/${token}/usage`)).json).toEqual({ generate: 0, upscale: 0, waiting: 0 });
  });

  test('bad input is 400 with a message naming the problem; unknown routes 404', async () => {
    expect((await control('POST', '/accounts', { plan: 'gold' })).json.error).toMatch(/plan must be one of/);
    expect((await control('PUT', '/accounts/sc-nope/credits', { credits: 1 })).json.error).toMatch(/no account/);
    expect((await control('PATCH', '/config', { latencyMs: -1 })).json.error).toMatch(/latencyMs/);
    expect((await control('PATCH', '/config', { rateLimit: { bogus: 1 } })).json.error).toMatch(/rateLimit.bogus/);
    expect((await control('POST', '/faults', { route: 'generate', kind: 'nope' })).status).toBe(400);
    expect((await control('GET', '/nothing')).status).toBe(404);
  });

  test('config, faults, ledger and requests over HTTP', async () => {
    const config = await control('PATCH', '/config', { latencyMs: 5, rateLimit: false, slots: { free: 2 } });
    expect(config.json).toMatchObject({ latencyMs: 5, rateLimit: { enabled: false }, slots: { free: 2 } });
    const { json: account } = await control('POST', '/accounts', { credits: 5 });
    await control('POST', '/faults', [{ route: 'generate', kind: 'timeout', times: 1 }]);
    expect((await control('GET', '/faults')).json).toHaveLength(1);
    const r = await t.post('/v1/image/generation/create', { prompt: 'p', width: 256, height: 256, num_outputs: 1 }, { token: account.token, ip: freshIp() });
    expect(r.json.error).toBe('TIMEOUT');
    const ledger = await control('GET', `/ledger?token=${account.token}`);
    expect(ledger.json.map((e: { kind: string }) => e.kind)).toEqual(['charge', 'refund']);
    const requests = await control('GET', '/requests?origin=api');
    expect(requests.json.at(-1)).toMatchObject({ origin: 'api', method: 'POST', path: '/v1/image/generation/create', status: 500 });
    expect((await control('DELETE', '/faults')).json).toEqual([]);
  });

  test('output flags (favourite, gallery status) can be set for filter tests', async () => {
    const { token } = t.account();
    const gen = await t.generate(token);
    expect((await control('PATCH', `/outputs/${gen.outputs[0].id}`, { is_favorited: true, gallery_status: 'approved' })).status).toBe(200);
    const [item] = (await t.get('/v1/image/generation/outputs', { token, ip: freshIp() })).json.outputs;
    expect(item).toMatchObject({ is_favorited: true, gallery_status: 'approved' });
    expect((await control('PATCH', `/outputs/${gen.outputs[0].id}`, { gallery_status: 'accepted' })).status).toBe(400);
  });

  test('reset forgets everything and restores the start settings', async () => {
    const emu = await startEmulator({ latencyMs: 0, demoAccounts: true });
    try {
      const { token } = emu.control.createAccount();
      emu.control.configure({ latencyMs: 99 });
      emu.control.injectFaults({ route: '*', kind: '500' });
      emu.control.reset();
      expect(() => emu.control.credits(token)).toThrow(/no account/);
      expect(emu.control.config().latencyMs).toBe(0);
      expect(emu.control.faults()).toEqual([]);
      expect(emu.control.ledger()).toEqual([]);
      expect(emu.control.credits(DEMO_TOKENS.pro)).toBe(3000);
    } finally {
      await emu.close();
    }
  });

  test('demo accounts have the same tokens on every run', async () => {
    const [a, b] = await Promise.all([startEmulator({ demoAccounts: true }), startEmulator({ demoAccounts: true })]);
    try {
      expect(a.control.demoAccounts()).toEqual(b.control.demoAccounts());
      expect(a.control.demoAccounts().map((d) => d.plan)).toEqual(['free', 'starter', 'pro', 'ultimate']);
      const r = await fetch(`${a.url}/v1/credits`, { headers: { Authorization: `Bearer ${DEMO_TOKENS.free}` } });
      expect(((await r.json()) as { total_remaining_credits: number }).total_remaining_credits).toBe(50);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  test('close ends blocked creates and frees the ports', async () => {
    const emu = await startEmulator({ latencyMs: 60_000 });
    const { token } = emu.control.createAccount();
    const pending = fetch(`${emu.url}/v1/image/generation/create`, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: '{"prompt":"p","width":256,"height":256}' });
    await new Promise((r) => setTimeout(r, 100));
    const started = Date.now();
    await emu.close();
    await expect(pending).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(2000);
    await expect(fetch(`${emu.url}/v1/health`)).rejects.toThrow();
  });
});

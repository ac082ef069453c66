import { freshIp, settled, TestEmulator } from './helpers/harness';

let t: TestEmulator;
beforeAll(async () => {
  // Long enough that every request of a burst arrives before the first one finishes, even under load.
  t = await TestEmulator.start({ latencyMs: 1000, rateLimit: false });
});
afterAll(() => t.close());

const body = { prompt: 'slot test', width: 256, height: 256, num_outputs: 1 };

describe('blocking creates and per-user slots', () => {
  test('a create blocks for the configured latency', async () => {
    const { token } = t.account();
    const started = Date.now();
    const result = await t.post('/v1/image/generation/create', body, { token });
    expect(result.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(990);
  });

  test.each([
    ['free', 1],
    ['starter', 2],
    ['pro', 3],
    ['ultimate', 4],
  ] as const)('%s plan: qMax %i, so qMax + 1 run at once and the rest wait', async (plan, qMax) => {
    const { token } = t.account(100, plan);
    const runs = Array.from({ length: qMax + 3 }, () => t.post('/v1/image/generation/create', body, { token }));
    const expected = { generate: qMax + 1, upscale: 0, waiting: 2 };
    expect(await settled(() => t.control.usage(token), expected)).toEqual(expected);
    const results = await Promise.all(runs);
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(t.control.usage(token)).toEqual({ generate: 0, upscale: 0, waiting: 0 });
  });

  test('generations and upscales have separate in-flight counters but share the overflow queue', async () => {
    const { token } = t.account(100, 'free');
    const [a, b, c] = await Promise.all([t.generate(token), t.generate(token)]).then(async (two) => [...two, await t.generate(token)]);
    const runs = [
      t.post('/v1/image/generation/create', body, { token }),
      t.post('/v1/image/generation/create', body, { token }),
      t.post('/v1/image/upscale/create', { input: a.outputs[0].id }, { token }),
      t.post('/v1/image/upscale/create', { input: b.outputs[0].id }, { token }),
    ];
    const running = { generate: 2, upscale: 2, waiting: 0 };
    expect(await settled(() => t.control.usage(token), running)).toEqual(running);
    runs.push(t.post('/v1/image/generation/create', body, { token }), t.post('/v1/image/upscale/create', { input: c.outputs[0].id }, { token }));
    const queued = { generate: 2, upscale: 2, waiting: 2 };
    expect(await settled(() => t.control.usage(token), queued)).toEqual(queued);
    expect((await Promise.all(runs)).every((r) => r.status === 200)).toBe(true);
  });

  test('more than 50 waiting: 400 queue_limit_reached (with settings), nothing charged for it', async () => {
    const { token } = t.account(1000, 'free');
    const earlier = await t.generate(token, { num_outputs: 3 });
    t.control.configure({ latencyMs: 1500 });
    try {
      // 2 creates and 2 upscales run, 51 wait (the limit is "more than 50"), the next one is refused.
      const settle = (p: Promise<{ status: number }>) => p.catch(() => ({ status: -1 }));
      const running = [
        ...[0, 1].map((i) => settle(t.post('/v1/image/upscale/create', { input: earlier.outputs[i].id }, { token }))),
        ...Array.from({ length: 53 }, () => settle(t.post('/v1/image/generation/create', body, { token }))),
      ];
      const full = { generate: 2, upscale: 2, waiting: 51 };
      expect(await settled(() => t.control.usage(token), full, 5000)).toEqual(full);
      const refused = await t.post('/v1/image/generation/create', body, { token });
      expect(refused.status).toBe(400);
      expect(refused.json).toMatchObject({ error: 'queue_limit_reached', settings: expect.any(Object) });
      // Upscales wait in the same overflow queue, so a third upscale is refused too.
      const refusedUpscale = await t.post('/v1/image/upscale/create', { input: earlier.outputs[2].id }, { token });
      expect(refusedUpscale.json).toMatchObject({ error: 'queue_limit_reached' });
      t.control.configure({ latencyMs: 0 });
      const results = await Promise.all(running);
      expect(results.every((r) => r.status === 200)).toBe(true);
    } finally {
      t.control.configure({ latencyMs: 1000 });
    }
  }, 30_000);
});

describe('a client that disconnects does not cancel the job', () => {
  test('the job completes, is charged once, and its outputs are listed', async () => {
    const { token } = t.account(50);
    const abort = new AbortController();
    const request = t.post('/v1/image/generation/create', { ...body, prompt: 'walked away', num_outputs: 2, seed: 77 }, { token, signal: abort.signal });
    const inFlight = { generate: 1, upscale: 0, waiting: 0 };
    expect(await settled(() => t.control.usage(token), inFlight)).toEqual(inFlight);
    abort.abort();
    await expect(request).rejects.toThrow();
    // The charge is booked when the job starts; its outputs are filled in when it completes.
    await settled(() => t.control.ledger({ token })[0]?.outputIds?.length, 2, 5000);
    const ledger = t.control.ledger({ token });
    expect(ledger).toHaveLength(1);
    expect(ledger[0]).toMatchObject({ kind: 'charge', amount: 2, outputIds: [expect.any(String), expect.any(String)] });
    expect(t.control.credits(token)).toBe(48);
    const list = await t.get('/v1/image/generation/outputs', { token, ip: freshIp() });
    expect(list.json.outputs.map((o: { id: string }) => o.id).sort()).toEqual([...ledger[0].outputIds!].sort());
    expect(list.json.outputs[0].generation).toMatchObject({ seed: 77, prompt: { text: 'walked away' } });
  });
});

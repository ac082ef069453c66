import { QUEUE_OVERFLOW_PENALTY_MS, QueueLimitError, Slots, type Release, type SlotKind } from '../src/slots';
import { ClosedError } from '../src/timers';
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
      // The 51 then leave at their own polls (sc-go generate.go CreateGeneration: 150 ms × (overflow
      // size + 1) apart, up to ~8 s here), not as soon as a slot frees.
      t.control.configure({ latencyMs: 0 });
      const results = await Promise.all(running);
      expect(results.every((r) => r.status === 200)).toBe(true);
      // Charged: the first generate (3), 2 upscales, 53 generates; the two refused cost nothing.
      expect(t.control.ledger({ token }).filter((e) => e.kind === 'charge')).toHaveLength(56);
    } finally {
      t.control.configure({ latencyMs: 1000 });
    }
  }, 90_000);
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

/**
 * The overflow loop of sc-go server/scworker/generate.go `CreateGeneration` (~L273–305; upscale.go
 * `CreateUpscale` ~L153–186 is the same loop on `u:<user>`), run on jest's fake clock so every
 * poll lands on its exact millisecond.
 */
describe('overflow polling as sc-go does it (Slots on a fake clock)', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  /** Starts an acquire and records when (fake ms since the test began) it got its slot. */
  const start = (slots: Slots, kind: SlotKind, qMax: number, overflowLimit = 50) => {
    const t0 = Date.now();
    const entry: { at?: number; release?: Release; error?: Error } = {};
    const done = slots.acquire('user', kind, qMax, overflowLimit).then(
      (release) => Object.assign(entry, { at: Date.now() - t0, release }),
      (error: Error) => Object.assign(entry, { error }),
    );
    return Object.assign(entry, { done });
  };

  test('a freed slot is taken at the waiter\'s first poll, 150 ms after it arrived, not when it frees', async () => {
    const slots = new Slots();
    const holder = start(slots, 'generate', 0);
    await jest.advanceTimersByTimeAsync(0);
    const waiter = start(slots, 'generate', 0);
    await jest.advanceTimersByTimeAsync(10);
    expect(slots.usage('user')).toEqual({ generate: 1, upscale: 0, waiting: 1 });
    holder.release!();
    // sleep(QUEUE_OVERFLOW_PENALTY_MS × 1): the slot is free but nobody has looked yet.
    await jest.advanceTimersByTimeAsync(139);
    expect(waiter.at).toBeUndefined();
    expect(slots.usage('user')).toEqual({ generate: 0, upscale: 0, waiting: 1 });
    await jest.advanceTimersByTimeAsync(1);
    expect(waiter.at).toBe(QUEUE_OVERFLOW_PENALTY_MS);
    expect(slots.usage('user')).toEqual({ generate: 1, upscale: 0, waiting: 0 });
  });

  test('with k already waiting (either kind: one shared of:<user>), the next first sleeps 150 × (k + 1) ms', async () => {
    const slots = new Slots();
    // Upscale holders never free, so the 3 upscale waiters stay in the overflow.
    for (let i = 0; i < 4; i++) start(slots, 'upscale', 0);
    const generateHolder = start(slots, 'generate', 0);
    await jest.advanceTimersByTimeAsync(0);
    expect(slots.usage('user')).toEqual({ generate: 1, upscale: 1, waiting: 3 });
    const waiter = start(slots, 'generate', 0);
    await jest.advanceTimersByTimeAsync(0);
    generateHolder.release!();
    await jest.advanceTimersByTimeAsync(4 * QUEUE_OVERFLOW_PENALTY_MS - 1);
    expect(waiter.at).toBeUndefined();
    await jest.advanceTimersByTimeAsync(1);
    expect(waiter.at).toBe(4 * QUEUE_OVERFLOW_PENALTY_MS);
  });

  test('a failed poll sleeps 150 × (overflow now + 1) ms, so a lone waiter looks every 300 ms', async () => {
    const slots = new Slots();
    const holder = start(slots, 'generate', 0);
    await jest.advanceTimersByTimeAsync(0);
    const waiter = start(slots, 'generate', 0);
    // Polls at 150 (busy), 450 (busy), 750: the slot frees at 460, between two polls.
    await jest.advanceTimersByTimeAsync(460);
    holder.release!();
    await jest.advanceTimersByTimeAsync(289);
    expect(waiter.at).toBeUndefined();
    await jest.advanceTimersByTimeAsync(1);
    expect(waiter.at).toBe(750);
  });

  test('not first come, first served: the waiter whose poll comes first takes the slot', async () => {
    const slots = new Slots();
    const holder = start(slots, 'generate', 0);
    await jest.advanceTimersByTimeAsync(0);
    // B polls at 150 (busy) and then sleeps 150 × (2 + 1) until 600; C first polls at 300.
    const b = start(slots, 'generate', 0);
    await jest.advanceTimersByTimeAsync(0);
    const c = start(slots, 'generate', 0);
    await jest.advanceTimersByTimeAsync(200);
    holder.release!();
    await jest.advanceTimersByTimeAsync(100);
    expect(c.at).toBe(300);
    expect(b.at).toBeUndefined();
    // At 600 C still runs, so B sleeps again: 150 × (1 + 1).
    await jest.advanceTimersByTimeAsync(300);
    expect(b.at).toBeUndefined();
    c.release!();
    await jest.advanceTimersByTimeAsync(300);
    expect(b.at).toBe(900);
  });

  test('more than QUEUE_OVERFLOW_MAX (50) already waiting: QueueLimitError for either kind, not counted', async () => {
    const slots = new Slots();
    start(slots, 'generate', 0);
    start(slots, 'upscale', 0);
    // Each of these finds 0…50 waiting, which is not more than 50: all 51 join.
    for (let i = 0; i < 51; i++) start(slots, 'generate', 0);
    await jest.advanceTimersByTimeAsync(0);
    expect(slots.usage('user')).toEqual({ generate: 1, upscale: 1, waiting: 51 });
    const generate = start(slots, 'generate', 0);
    const upscale = start(slots, 'upscale', 0);
    await jest.advanceTimersByTimeAsync(0);
    expect(generate.error).toBeInstanceOf(QueueLimitError);
    expect(upscale.error).toBeInstanceOf(QueueLimitError);
    expect(slots.usage('user')).toEqual({ generate: 1, upscale: 1, waiting: 51 });
  });

  test('abortAll ends every waiter with ClosedError at once and leaves no timer behind', async () => {
    const slots = new Slots();
    start(slots, 'generate', 0);
    const waiters = Array.from({ length: 3 }, () => start(slots, 'generate', 0));
    await jest.advanceTimersByTimeAsync(0);
    expect(jest.getTimerCount()).toBe(3);
    slots.abortAll();
    await Promise.all(waiters.map((w) => w.done));
    expect(waiters.every((w) => w.error instanceof ClosedError)).toBe(true);
    expect(jest.getTimerCount()).toBe(0);
    expect(slots.usage('user')).toEqual({ generate: 0, upscale: 0, waiting: 0 });
  });
});

/** Retries where safe, no retries where a repeat could charge twice, recovery of a lost create, paging. */
import { mapLimit, mapLimitSettled, OutcomeUnknownError, type Output } from '../../src';
import { eventually, useEmulator } from '../helpers/emulator';

const h = useEmulator();

describe('retries', () => {
  it('rides out a 429 burst on a create (real Retry-After waits), charging once', async () => {
    h.emulator.control.injectFaults([{ route: 'generate', kind: '429', times: 3 }]);
    const started = Date.now();
    const result = await h.client().images.generate({ prompt: 'patient fox', num_outputs: 1 });
    expect(result.outputs).toHaveLength(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(3000); // honoured Retry-After: 1 three times
    expect(h.emulator.control.requests().map((r) => r.status)).toEqual([429, 429, 429, 200]);
    expect(h.emulator.control.ledger()).toHaveLength(1);
  }, 20_000);

  it('rides out the real per-IP limiter under a burst of parallel reads', async () => {
    h.emulator.control.configure({ rateLimit: { enabled: true, read: 5 } });
    const client = h.client();
    const balances = await Promise.all(Array.from({ length: 15 }, () => client.credits.get()));
    expect(balances.every((b) => b.total_remaining_credits === 1000)).toBe(true);
    const statuses = h.emulator.control.requests().map((r) => r.status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    expect(statuses.filter((s) => s === 200)).toHaveLength(15);
  }, 30_000);

  it('retries a read after a 502 and a dropped connection', async () => {
    h.emulator.control.injectFaults([
      { route: 'outputs', kind: '502', times: 1 },
      { route: 'outputs', kind: 'drop-before', times: 1 },
    ]);
    await expect(h.client().outputs.list()).resolves.toMatchObject({ outputs: [] });
    await eventually(() => expect(h.emulator.control.requests().map((r) => r.status)).toEqual([502, 0, 200]));
  });
});

describe('a create whose connection drops', () => {
  it('is not retried, is charged exactly once, raises OutcomeUnknownError, and outputs.find recovers it by seed', async () => {
    const client = h.client();
    await client.images.generate({ prompt: 'a lost lantern', num_outputs: 1, seed: 5 }); // same prompt, other seed: must not match
    h.emulator.control.injectFaults([{ route: 'generate', kind: 'drop', times: 1 }]);
    const err = await client.images.generate({ prompt: 'a lost   lantern', num_outputs: 2 }).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(OutcomeUnknownError);
    const lost = err as OutcomeUnknownError;
    expect(lost).toMatchObject({ prompt: 'a lost   lantern', reason: 'network', operation: 'generate' });
    expect(lost.seed).toEqual(expect.any(Number));
    expect(lost.hint).toContain(`outputs.find({ prompt, seed: ${lost.seed}`);
    await eventually(() => {
      const creates = h.emulator.control.requests().filter((r) => r.path === '/v1/image/generation/create');
      expect(creates.map((r) => r.status)).toEqual([200, 0]); // the first generate, and the lost one sent once
    });
    const charges = h.emulator.control.ledger().filter((e) => e.kind === 'charge');
    expect(charges.map((c) => c.amount)).toEqual([1, 2]);

    const found = await client.outputs.find({ prompt: lost.prompt, seed: lost.seed, since: lost.startedAt });
    expect(found).toHaveLength(2);
    expect(found.every((o) => o.generation.seed === lost.seed)).toBe(true);
    expect(new Set(found.map((o) => o.id))).toEqual(new Set(charges[1]?.outputIds));
  });

  it('finds nothing when the connection dropped before the server took the request', async () => {
    h.emulator.control.injectFaults([{ route: 'generate', kind: 'drop-before', times: 1 }]);
    const lost = (await h.client().images.generate({ prompt: 'never arrived' }).catch((e: unknown) => e)) as OutcomeUnknownError;
    expect(lost).toBeInstanceOf(OutcomeUnknownError);
    expect(h.emulator.control.ledger()).toEqual([]);
    await expect(h.client().outputs.find({ prompt: lost.prompt, seed: lost.seed, since: lost.startedAt })).resolves.toEqual([]);
  });

  it('an upscale whose connection drops is not retried either', async () => {
    const client = h.client();
    const { outputs } = await client.images.generate({ prompt: 'x', num_outputs: 1 });
    h.emulator.control.injectFaults([{ route: 'upscale', kind: 'drop', times: 1 }]);
    await expect(client.images.upscale({ input: outputs[0]!.id })).rejects.toBeInstanceOf(OutcomeUnknownError);
    await eventually(() => expect(h.emulator.control.requests().filter((r) => r.path === '/v1/image/upscale/create')).toHaveLength(1));
    const page = await client.outputs.list();
    expect(page.outputs[0]?.upscaled_image_url).toBeTruthy(); // where the hint says to look
  });
});

describe('pagination', () => {
  it('returns every output exactly once across several pages, passing next back unchanged', async () => {
    const client = h.client();
    await mapLimit(Array.from({ length: 12 }, (_, i) => i), 4, (i) => client.images.generate({ prompt: `item ${i}`, num_outputs: (i % 3) + 1 }));
    const expectedCount = h.emulator.control.ledger().reduce((sum, e) => sum + e.amount, 0);
    expect(expectedCount).toBe(24);

    const seen: Output[] = [];
    for await (const output of client.outputs.iterate({ per_page: 5 })) seen.push(output);
    expect(seen).toHaveLength(24);
    expect(new Set(seen.map((o) => o.id)).size).toBe(24);
    const allIds = new Set(h.emulator.control.ledger().flatMap((e) => e.outputIds ?? []));
    expect(new Set(seen.map((o) => o.id))).toEqual(allIds);

    const pages = h.emulator.control.requests().filter((r) => r.path === '/v1/image/generation/outputs');
    expect(pages).toHaveLength(5);
    expect(pages[0]?.query.cursor).toBeUndefined();
    for (let i = 1; i < pages.length; i++) {
      const previousLast = seen[i * 5 - 1]!;
      expect(pages[i]?.query.cursor).toBe(previousLast.created_at);
      expect(pages[i]?.query.cursor).toMatch(/\.\d{6}Z$|\.\d{1,5}Z$|:\d\dZ$/);
    }
  });

  it('stops early when the caller breaks out', async () => {
    const client = h.client();
    await client.images.generate({ prompt: 'a', num_outputs: 4 });
    let n = 0;
    for await (const _ of client.outputs.iterate({ per_page: 1 })) if (++n === 2) break;
    expect(h.emulator.control.requests().filter((r) => r.path === '/v1/image/generation/outputs')).toHaveLength(2);
  });
});

describe('mapLimit against the server', () => {
  it('keeps within the plan’s parallel slots and gives per-item results when asked', async () => {
    h.emulator.control.configure({ latencyMs: 100 });
    const client = h.client();
    const prompts = ['one', `two ${'emu_nsfw'}`, 'three', 'four'];
    const settled = await mapLimitSettled(prompts, 2, (prompt) => client.images.generate({ prompt, num_outputs: 1 }));
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect((settled[1] as PromiseRejectedResult).reason).toMatchObject({ name: 'ContentPolicyError' });
    await expect(mapLimit(prompts, 2, (prompt) => client.images.generate({ prompt, num_outputs: 1 }))).rejects.toMatchObject({ name: 'ContentPolicyError' });
  });
});

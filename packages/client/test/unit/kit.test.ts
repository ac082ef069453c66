/** The adapter kit: the rules every front end takes from the core instead of writing its own. */
import {
  ASPECT_RATIO_NAMES,
  ASPECT_RATIO_SIZES,
  aspectRatioOf,
  failureKind,
  findNewOutputs,
  flattenOutput,
  outputMatches,
  POLL_PAGE_SIZE,
  recoveryAdvice,
  sizeFor,
  type Output,
  type OutputsQuery,
  type PollState,
} from '../../src/core';

const output = (id: string, createdAt: string, extra: Partial<Output['generation']> = {}): Output => ({
  id,
  image_url: `https://cdn/${id}.jpeg`,
  created_at: createdAt,
  generation: { id: `g-${id}`, created_at: createdAt, prompt: { text: 'a fox' }, seed: 7, ...extra },
});

describe('failureKind', () => {
  it.each(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL'])(
    '%s: never connected, so nothing was charged',
    (code) => expect(failureKind(code)).toBe('refused'),
  );
  it('a reset or an unknown code may have reached the server; a timeout and a cancel are their own kinds', () => {
    expect(failureKind('ECONNRESET')).toBe('network');
    expect(failureKind(undefined)).toBe('network');
    expect(failureKind('ETIMEDOUT')).toBe('timeout');
    expect(failureKind('ERR_CANCELED')).toBe('aborted');
    expect(failureKind('ECONNREFUSED', true)).toBe('aborted');
  });
});

describe('sizeFor', () => {
  it("gives Stablecog's large size for the default models and when the model is unknown", () => {
    expect(sizeFor('16:9', { default_width: 1024, default_height: 1024 })).toEqual({ width: 1280, height: 720 });
    expect(sizeFor('2:3')).toEqual({ width: 832, height: 1248 });
  });
  it('gives the medium and small sizes to 768- and 512-pixel models', () => {
    expect(sizeFor('16:9', { default_width: 768, default_height: 768 })).toEqual({ width: 1024, height: 576 });
    expect(sizeFor('2.4:1', { default_width: 512, default_height: 512 })).toEqual({ width: 768, height: 320 });
  });
  it('every size of the table is found by its own filter value', () => {
    for (const name of ASPECT_RATIO_NAMES) {
      for (const size of ASPECT_RATIO_SIZES[name].sizes) expect(aspectRatioOf(size.width, size.height)).toBe(name);
    }
    expect(aspectRatioOf(1344, 768)).toBeUndefined();
  });
});

describe('recoveryAdvice', () => {
  const since = new Date('2025-01-01T00:00:00Z');
  it('a generate is found by prompt and seed; an upscale of an output on that output; any other upscale by the balance', () => {
    expect(recoveryAdvice({ operation: 'generate', prompt: 'p', seed: 3, startedAt: since })).toEqual({ kind: 'find_generation', prompt: 'p', seed: 3, since });
    const id = '0a99668b-45bd-4f7e-aa9c-f9aaa41ef13b';
    expect(recoveryAdvice({ operation: 'upscale', input: id, startedAt: since })).toEqual({ kind: 'see_upscaled_output', outputId: id, since });
    expect(recoveryAdvice({ operation: 'upscale', input: 'https://x/y.png', startedAt: since })).toEqual({ kind: 'check_credits', since });
  });
});

describe('flattenOutput and outputMatches', () => {
  it('flattens with null for what the API did not send, and the two flags false', () => {
    const flat = flattenOutput(output('a', '2025-01-01T00:00:00Z', { prompt: undefined }));
    expect(flat).toMatchObject({ id: 'a', prompt: null, negative_prompt: null, upscaled_image_url: null, is_public: false, is_favorited: false, seed: 7 });
  });
  it('matches prompt (folded), seed and since', () => {
    const o = output('a', '2025-01-01T00:01:00Z');
    expect(outputMatches(o, { prompt: '  a   fox ', seed: 7, since: Date.parse('2025-01-01T00:00:00Z') })).toBe(true);
    expect(outputMatches(o, { seed: 8 })).toBe(false);
    expect(outputMatches(o, { since: Date.parse('2025-01-01T00:02:00Z') })).toBe(false);
  });
});

describe('findNewOutputs', () => {
  /** A history newest first, served in pages of `per_page` with a time cursor. */
  function history(outputs: Output[]) {
    const sorted = () => [...outputs].sort((a, b) => b.created_at.localeCompare(a.created_at));
    const pages: OutputsQuery[] = [];
    const listPage = async (query: OutputsQuery) => {
      pages.push(query);
      const all = sorted();
      const start = query.cursor ? all.findIndex((o) => o.created_at < String(query.cursor)) : 0;
      const page = start < 0 ? [] : all.slice(start, start + Number(query.per_page));
      const more = start >= 0 && start + page.length < all.length;
      return { outputs: page, ...(more ? { next: page.at(-1)!.created_at } : {}) };
    };
    return { listPage, pages };
  }
  const at = (minute: number, second = 0) => `2025-01-01T00:${String(minute).padStart(2, '0')}:${String(second).padStart(2, '0')}.000000Z`;

  it('a burst bigger than a page is returned whole, oldest first, and nothing twice', async () => {
    const outputs = [output('old', at(0))];
    const { listPage } = history(outputs);
    let state: PollState = {};
    ({ state } = await findNewOutputs(listPage, state));
    const burst = Array.from({ length: POLL_PAGE_SIZE * 2 + 5 }, (_, i) => output(`b${i}`, at(1 + Math.floor(i / 60), i % 60)));
    outputs.push(...burst);
    const first = await findNewOutputs(listPage, state);
    expect(first.fresh.map((o) => o.id)).toEqual(burst.map((o) => o.id));
    expect((await findNewOutputs(listPage, first.state)).fresh).toEqual([]);
  });

  it('a generation that finishes after a newer one is still caught', async () => {
    const outputs = [output('a', at(10))];
    const { listPage } = history(outputs);
    let { state } = await findNewOutputs(listPage, {});
    outputs.push(output('newer', at(12)));
    const second = await findNewOutputs(listPage, state);
    expect(second.fresh.map((o) => o.id)).toEqual(['newer']);
    outputs.push(output('late', at(11))); // created before "newer", listed only now
    expect((await findNewOutputs(listPage, second.state)).fresh.map((o) => o.id)).toEqual(['late']);
  });

  it('a poll cut short by its deadline keeps its window, so the next poll finds the rest', async () => {
    const outputs = [output('old', at(0))];
    const { listPage } = history(outputs);
    const { state } = await findNewOutputs(listPage, {});
    // Spread over 30 minutes: more than the look-back below the newest of them.
    const burst = Array.from({ length: 120 }, (_, i) => output(`b${i}`, at(1 + Math.floor(i / 4), (i % 4) * 15)));
    outputs.push(...burst);
    let clock = 0;
    const cut = await findNewOutputs(listPage, state, { deadline: 0, now: () => ++clock });
    const rest = await findNewOutputs(listPage, cut.state);
    expect([...cut.fresh, ...rest.fresh].map((o) => o.id).sort()).toEqual(burst.map((o) => o.id).sort());
  });
});

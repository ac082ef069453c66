import type { OutputsQuery } from '../../src/core/outputs/schema';
import { iterateOutputs } from '../../src/core/outputs/pagination';
import { findOutputs, normalizePrompt, promptMatches } from '../../src/core/outputs/find';
import { storedPrompt } from '../../src/core/outputs/match';
import type { Output, OutputsPage } from '../../src/core/outputs/schema';

function output(id: string, createdAt: string, prompt = 'a fox', seed = 1): Output {
  return { id, image_url: `https://cdn/${id}.jpeg`, created_at: createdAt, generation: { id: `g-${id}`, created_at: createdAt, prompt: { text: prompt }, seed } };
}

/** A fake history served newest first in pages, answering exactly as the server would. */
function history(outputs: Output[], pageSize: number) {
  const queries: OutputsQuery[] = [];
  const listPage = async (query: OutputsQuery): Promise<OutputsPage> => {
    queries.push(query);
    const cursor = query.cursor as string | undefined;
    const older = cursor === undefined ? outputs : outputs.filter((o) => o.created_at < cursor);
    const page = older.slice(0, pageSize);
    const last = page[page.length - 1];
    return { outputs: page, ...(older.length > pageSize && last ? { next: last.created_at } : {}) };
  };
  return { listPage, queries };
}

const times = (n: number) =>
  Array.from({ length: n }, (_, i) => `2025-01-01T00:00:${String(59 - i).padStart(2, '0')}.${String(999999 - i).padStart(6, '0')}Z`);

describe('iterateOutputs', () => {
  it('yields every output once across pages and sends next back untouched', async () => {
    const all = times(23).map((t, i) => output(`o${i}`, t));
    const { listPage, queries } = history(all, 5);
    const seen: string[] = [];
    for await (const o of iterateOutputs(listPage, { per_page: 5 })) seen.push(o.id);
    expect(seen).toEqual(all.map((o) => o.id));
    expect(queries.map((q) => q.cursor)).toEqual([undefined, all[4]?.created_at, all[9]?.created_at, all[14]?.created_at, all[19]?.created_at]);
    expect(queries[1]?.cursor).toMatch(/\.\d{6}Z$/); // microseconds kept
  });

  it('skips repeats and stops when the server sends the same cursor again', async () => {
    const a = output('a', '2025-01-01T00:00:02Z');
    const b = output('b', '2025-01-01T00:00:01Z');
    const pages: OutputsPage[] = [
      { outputs: [a, b], next: 'c1' },
      { outputs: [b], next: 'c1' },
    ];
    const ids: string[] = [];
    for await (const o of iterateOutputs(async () => pages.shift() ?? { outputs: [] })) ids.push(o.id);
    expect(ids).toEqual(['a', 'b']);
  });
});

describe('findOutputs', () => {
  const since = Date.parse('2025-01-01T00:10:00Z');
  const all = [
    output('new-other', '2025-01-01T00:12:00Z', 'a cat', 5),
    output('hit1', '2025-01-01T00:10:30Z', 'a  fox\n at dawn', 42),
    output('hit2', '2025-01-01T00:10:29.500000Z', 'a fox at dawn', 42),
    output('other-seed', '2025-01-01T00:10:10Z', 'a fox at dawn', 43),
    output('skewed', '2025-01-01T00:09:00Z', 'a fox at dawn', 42), // server clock behind: still inside the margin
    output('too-old', '2025-01-01T00:07:00Z', 'a fox at dawn', 42),
  ];

  it('matches prompt and seed back to since minus the clock-skew margin, and stops there', async () => {
    const { listPage, queries } = history(all, 2);
    const found = await findOutputs(listPage, { prompt: 'a fox at dawn', seed: 42, since: new Date(since) });
    expect(found.map((o) => o.id)).toEqual(['hit1', 'hit2', 'skewed']);
    expect(queries).toHaveLength(3); // never asked for a page past the margin
  });

  it('honours limit, a custom margin, and since as text', async () => {
    const { listPage } = history(all, 10);
    expect((await findOutputs(listPage, { prompt: 'a fox at dawn', seed: 42, since: '2025-01-01T00:10:00Z', limit: 1 })).map((o) => o.id)).toEqual(['hit1']);
    expect((await findOutputs(listPage, { seed: '42', since, clockSkewMs: 0 })).map((o) => o.id)).toEqual(['hit1', 'hit2']);
  });

  it('refuses a bad since', async () => {
    await expect(findOutputs(history([], 1).listPage, { since: 'yesterday' })).rejects.toMatchObject({ name: 'ValidationError', field: 'since' });
  });
});

describe('promptMatches', () => {
  it('compares exactly after folding whitespace', () => {
    expect(promptMatches('a fox at dawn', ' a fox\n\tat  dawn ')).toBe(true);
    expect(promptMatches('a fox at dawn', 'A fox at dawn')).toBe(false);
    expect(promptMatches('a fox', 'a fox at dawn')).toBe(false);
  });

  it('folds whitespace as the server’s Go strings.Fields does, not as JavaScript’s \\s', () => {
    // sc-go utils.FormatPrompt: U+0085 (NEL) is whitespace to Go's unicode.IsSpace; U+FEFF is not.
    expect(normalizePrompt('a\u0085fox\u3000at\u2029dawn')).toBe('a fox at dawn');
    expect(normalizePrompt('\uFEFFa fox\uFEFF')).toBe('\uFEFFa fox\uFEFF');
    expect(promptMatches('a fox', 'a\u0085fox')).toBe(true);
    expect(promptMatches('\uFEFFa fox', '\uFEFFa fox')).toBe(true);
    expect(promptMatches('a fox', '\uFEFFa fox')).toBe(false);
  });

  it('keeps a prompt of at most 500 characters whole, however many bytes', () => {
    const wide = '漢'.repeat(300); // 900 bytes, 300 characters: the server keeps it all
    expect(storedPrompt(wide)).toBe(wide);
    expect(promptMatches(wide, wide)).toBe(true);
    expect(promptMatches('漢'.repeat(166), wide)).toBe(false);
    expect(storedPrompt('é'.repeat(600))).toBe('é'.repeat(250));
  });

  it('accepts the server’s 500-byte cut of a prompt over 500 characters', () => {
    const long = 'é'.repeat(600); // 600 characters, 1200 bytes
    const stored = `${'é'.repeat(250)}`;
    expect(promptMatches(stored, long)).toBe(true);
    expect(promptMatches(`${'é'.repeat(249)}\uFFFD`, `${'é'.repeat(249)}x${'é'.repeat(260)}`)).toBe(true);
    expect(promptMatches('é'.repeat(10), `${'a'.repeat(600)}`)).toBe(false);
  });
});

import { GENERATION_MODELS } from '../src';
import { TestEmulator } from './helpers/harness';

let t: TestEmulator;
let token: string;
let username: string;
const sdxl = GENERATION_MODELS.find((m) => m.name === 'SDXL')!;
const created: string[] = []; // output ids, oldest first

beforeAll(async () => {
  t = await TestEmulator.start({ rateLimit: false });
  username = 'Lena_Fidelity';
  ({ token } = t.emu.control.createAccount({ credits: 10_000, plan: 'ultimate', username }));
  // 25 generations of 1-4 outputs: 62 outputs, several sharing a generation.
  for (let i = 0; i < 25; i++) {
    const body = { prompt: i % 5 === 0 ? `blue whale number ${i}` : `mountain ${i}`, num_outputs: (i % 4) + 1, seed: i, ...(i % 3 === 0 ? { model_id: sdxl.id, width: 1280, height: 720, inference_steps: 20 } : { width: 512, height: 512 }) };
    const r = await t.generate(token, body);
    created.push(...r.outputs.map((o: { id: string }) => o.id));
  }
});
afterAll(() => t.close());

/** Microseconds of an RFC 3339 time with up to 6 fraction digits (trailing zeros trimmed, as Go writes them). */
const micros = (time: string) => {
  const [, base, fraction = ''] = /^(.*?:\d\d)(?:\.(\d+))?Z$/.exec(time)!;
  return Date.parse(`${base}Z`) * 1000 + Number(fraction.padEnd(6, '0'));
};
const list = (query: string) => t.get(`/v1/image/generation/outputs${query}`, { token });
type Item = { id: string; created_at: string; generation: { created_at: string; model_id: string; width: number; height: number } };

async function pageThrough(query: string, perPage: number): Promise<{ ids: string[]; pages: Array<{ total?: number; next?: string }> }> {
  const ids: string[] = [];
  const pages = [];
  let cursor: string | undefined;
  for (;;) {
    const r = await list(`?per_page=${perPage}${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(r.status).toBe(200);
    pages.push({ total: r.json.total, next: r.json.next });
    ids.push(...r.json.outputs.map((o: Item) => o.id));
    if (!r.json.next) return { ids, pages };
    cursor = r.json.next;
  }
}

describe('outputs: cursor paging', () => {
  test('newest first by default, 50 per page, total only on the first page', async () => {
    const first = await list('');
    expect(first.json.outputs).toHaveLength(50);
    expect(first.json.total).toBe(created.length);
    expect(first.json.outputs[0].id).toBe(created[created.length - 1]);
    const second = await list(`?cursor=${encodeURIComponent(first.json.next)}`);
    expect(second.json).not.toHaveProperty('total');
    expect(second.json).not.toHaveProperty('next');
    expect(second.json.outputs).toHaveLength(created.length - 50);
  });

  test.each([1, 3, 7, 300])('per_page=%i visits every output exactly once, in order', async (perPage) => {
    const { ids, pages } = await pageThrough('', perPage);
    expect(ids).toEqual([...created].reverse());
    expect(pages[0].total).toBe(created.length);
    expect(pages.slice(1).every((p) => p.total === undefined)).toBe(true);
  });

  test('order=asc pages oldest first', async () => {
    const { ids } = await pageThrough('&order=asc', 10);
    expect(ids).toEqual(created);
  });

  test('next is the last item\'s created_at with microsecond digits (Go RFC3339Nano), and siblings of one generation have distinct times', async () => {
    const r = await list('?per_page=5');
    const last: Item = r.json.outputs[4];
    expect(r.json.next).toBe(last.created_at);
    expect(r.json.next).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?Z$/);
    const all = (await list('?per_page=300')).json.outputs as Item[];
    expect(new Set(all.map((o) => o.created_at)).size).toBe(all.length);
    // Sorted by generation.created_at, then output.created_at.
    const keys = all.map((o) => [micros(o.generation.created_at), micros(o.created_at)]);
    const sorted = [...keys].sort((a, b) => b[0] - a[0] || b[1] - a[1]);
    expect(keys).toEqual(sorted);
  });

  test('a cursor cut to milliseconds (a JavaScript Date round trip) skips outputs; the exact one does not', async () => {
    const all = (await list('?per_page=300')).json.outputs as Item[];
    // Sibling outputs are created within the same millisecond.
    const at = all.findIndex((o, i) => i + 1 < all.length && Math.floor(micros(o.created_at) / 1000) === Math.floor(micros(all[i + 1].created_at) / 1000));
    expect(at).toBeGreaterThanOrEqual(0);
    const exact = (await list(`?per_page=300&cursor=${encodeURIComponent(all[at].created_at)}`)).json.outputs as Item[];
    const cut = new Date(all[at].created_at).toISOString();
    const lossy = (await list(`?per_page=300&cursor=${encodeURIComponent(cut)}`)).json.outputs as Item[];
    expect(exact.map((o) => o.id)).toEqual(all.slice(at + 1).map((o) => o.id));
    expect(lossy.map((o) => o.id)).not.toContain(all[at + 1].id);
  });

  test.each([
    ['?per_page=0', 'per_page must be between 1 and 300'],
    ['?per_page=301', 'per_page must be between 1 and 300'],
    ['?per_page=abc', 'per_page must be an integer'],
    ['?cursor=yesterday', 'cursor must be a valid iso time string'],
    ['?cursor=2025-01-02T03:04:05', 'cursor must be a valid iso time string'],
    ['?search=whale&cursor=2025-01-02T03:04:05Z', 'cursor must be a valid uint'],
    ['?model_ids=nope', 'invalid model id: nope'],
    ['?scheduler_ids=nope', 'invalid scheduler id: nope'],
    // The texts of sc-go server/requests/query_generation.go ParseURLQueryParameters, word for word.
    ['?order=random', "invalid order: 'random' expected 'asc' or 'desc'"],
    ['?gallery_status=approved,accepted', "invalid gallery_status: 'approved,accepted' expected 'approved', 'rejected', 'submitted', not_submitted, or 'waiting_for_approval'"],
    ['?aspect_ratio=5-4', 'invalid aspect_ratio: 5-4'],
    ['?is_favorited=maybe', "invalid is_favorited: 'maybe' expected 'true' or 'false'"],
    ['?is_favorited=1', "invalid is_favorited: '1' expected 'true' or 'false'"],
    ['?is_liked=false', "invalid is_liked: 'false' expected 'true'"],
    ['?min_width=wide', 'invalid min width: wide'],
    ['?max_height=2147483648', 'max height too large: 2147483648'],
    ['?widths=512,abc', 'invalid width: abc'],
    ['?inference_steps=3.5', 'invalid inference step: 3.5'],
    ['?min_guidance_scale=x', 'invalid min guidance scale: x'],
    ['?guidance_scales=1e39', 'invalid guidance scale: 1e39'],
    ['?start_dt=monday', 'invalid start_dt: monday'],
    ['?end_dt=2025-01-02', 'invalid end_dt: 2025-01-02'],
    ['?upscaled=yes', "invalid upscaled: 'yes' expected 'any', 'not', or 'only'"],
    ['?sort=best', "invalid sort: 'best' expected 'trending', 'new', or 'top'"],
    ['?order_by=like_count', "invalid order_by: 'like_count' expected 'updated_at' or 'created_at'"],
    ['?prompt_id=x', 'invalid prompt_id: x'],
    ['?score_threshold=high', 'invalid score_threshold: high'],
    ['?model_ids=', 'invalid model id: '], // an empty value is present: uuid.Parse("") fails
  ])('%s -> 400 %s', async (query, message) => {
    const r = await list(query);
    expect(r.status).toBe(400);
    expect(r.json).toEqual({ error: message });
  });
});

describe('outputs: filters', () => {
  test('model_ids and scheduler_ids filter the list', async () => {
    const r = await list(`?per_page=300&model_ids=${sdxl.id}`);
    expect(r.json.outputs.length).toBeGreaterThan(0);
    expect(r.json.outputs.every((o: Item) => o.generation.model_id === sdxl.id)).toBe(true);
    expect(r.json.total).toBe(r.json.outputs.length);
    const bySched = await list(`?per_page=300&scheduler_ids=${sdxl.default_scheduler_id}`);
    expect(bySched.json.outputs.length).toBeGreaterThan(0);
  });

  // sc-go discobot/aspectratio/aspectratio.go GetAllWidthHeightCombos, applied in
  // database/repository/generation_queries.go: exact preset sizes, not the ratio.
  test('aspect_ratio matches the exact sizes of sc-go GetAllWidthHeightCombos only', async () => {
    const wide = await list('?per_page=300&aspect_ratio=16-9');
    expect(wide.json.outputs.length).toBeGreaterThan(0);
    expect(wide.json.outputs.every((o: Item) => o.generation.width === 1280 && o.generation.height === 720)).toBe(true);
    const square = await list('?per_page=300&aspect_ratio=1-1,9-16');
    expect(square.json.outputs.length).toBe(created.length - wide.json.outputs.length);
    expect(square.json.outputs.every((o: Item) => o.generation.width === 512)).toBe(true);

    const other = await TestEmulator.start({ rateLimit: false });
    try {
      const { token: own } = other.account(1_000);
      const sizes = [[1360, 768], [1344, 768], [912, 512], [768, 432], [1024, 680], [768, 512]];
      for (const [width, height] of sizes) await other.generate(own, { prompt: `${width}x${height}`, model_id: sdxl.id, width, height, seed: 1 });
      const sizesOf = async (ratio: string) =>
        (await other.get(`/v1/image/generation/outputs?aspect_ratio=${ratio}`, { token: own })).json.outputs.map((o: Item) => `${o.generation.width}x${o.generation.height}`);
      expect(await sizesOf('16-9')).toEqual(['768x432']); // 1360×768, 1344×768, 912×512 are in no ratio
      expect(await sizesOf('3-2')).toEqual(['768x512']); // 1024×680 is not 3-2
    } finally {
      await other.close();
    }
  });

  test('is_favorited and gallery_status filter the list', async () => {
    const [a, b] = created;
    t.control.updateOutput(a, { is_favorited: true });
    t.control.updateOutput(b, { gallery_status: 'approved' });
    const fav = await list('?is_favorited=true');
    expect(fav.json.outputs.map((o: Item) => o.id)).toEqual([a]);
    expect((await list('?per_page=300&is_favorited=false')).json.outputs).toHaveLength(created.length - 1);
    const approved = await list('?gallery_status=approved,rejected');
    expect(approved.json.outputs.map((o: Item) => o.id)).toEqual([b]);
    expect((await list('?is_liked=true')).json.outputs).toEqual([]);
  });

  test('parsed-but-ignored filters are accepted and change nothing in the list (total applies them)', async () => {
    const r = await list('?per_page=300&min_width=1000&max_height=600&upscaled=only&order_by=updated_at&sort=new&min_guidance_scale=2&inference_steps=30&start_dt=2020-01-01T00:00:00Z&was_auto_submitted=false&prompt_id=6fb13b76-9900-4fa4-abf8-8f843e034a7f');
    expect(r.status).toBe(200);
    expect(r.json.outputs).toHaveLength(created.length);
    expect(r.json.total).toBe(0); // the count query applies min_width/max_height: approximate, as on the real server
  });

  test('search mode: a text match, an integer offset cursor', async () => {
    const everyWhale = (await list('?search=whale&per_page=300')).json.outputs;
    const first = await list('?search=whale&per_page=2');
    expect(first.json.total).toBe(everyWhale.length);
    expect(first.json.next).toBe(2);
    expect(first.json.outputs.every((o: { generation: { prompt: { text: string } } }) => o.generation.prompt.text.includes('whale'))).toBe(true);
    const second = await list('?search=whale&per_page=2&cursor=2');
    expect(second.json).not.toHaveProperty('total');
    expect(second.json.outputs[0].id).not.toBe(first.json.outputs[0].id);
    expect(second.json.outputs[0].id).toBe(everyWhale[2].id);
    // Every word must match, in any case; prompts of 5 generations mention a whale (1+2+3+4+1 outputs).
    expect((await list('?search=BLUE+whale&per_page=300')).json.outputs).toHaveLength(11);
    expect((await list('?search=whale+mountain')).json.outputs).toEqual([]);
  });
});

describe('outputs: the list and total queries of sc-go', () => {
  test('every item has is_liked (gallery_queries.go RetrieveMostRecentGalleryDataV3 sets it for the caller)', async () => {
    const r = await list('?per_page=300');
    expect(r.json.outputs.every((o: { is_liked?: boolean }) => o.is_liked === false)).toBe(true);
  });

  test.each(['top', 'trending', 'TOP'])('sort=%s never returns next (like-count sorts page by an offset the handler drops)', async (sort) => {
    const r = await list(`?per_page=5&sort=${sort}`);
    expect(r.status).toBe(200);
    expect(r.json.outputs).toHaveLength(5);
    expect(r.json).not.toHaveProperty('next');
    expect(r.json.total).toBe(created.length);
    expect((await list('?per_page=5&sort=new')).json.next).toBeDefined();
  });

  test('username= filters the list (lower(u.username) IN …) but not total (GetGenerationCount has no username clause)', async () => {
    const other = await list('?per_page=300&username=someone_else');
    expect(other.json.outputs).toEqual([]);
    expect(other.json.total).toBe(created.length);
    const mine = await list(`?per_page=300&username=${username.toUpperCase()},x`);
    expect(mine.json.outputs).toHaveLength(created.length);
  });

  test('widths= is ignored by the list (the V3 query has no width clause) but applied to total', async () => {
    const r = await list('?per_page=300&widths=1280');
    expect(r.json.outputs).toHaveLength(created.length);
    const wide = (await list('?per_page=300&aspect_ratio=16-9')).json.outputs.length;
    expect(r.json.total).toBe(wide);
    // min_width with widths is (width >= min) OR width IN widths (generation_queries.go ApplyUserGenerationsFilters).
    expect((await list('?per_page=300&min_width=1000&widths=512')).json.total).toBe(created.length);
    expect((await list('?per_page=300&min_width=1000&heights=512')).json.total).toBe(0);
  });
});

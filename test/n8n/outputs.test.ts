/**
 * Output → Get Many in a real n8n: Return All walks every page of the history (several pages of
 * 300, with page boundaries falling between sibling outputs of one generation) and emits every
 * output exactly once; a Limit stops across a page boundary.
 */
import { Stablecog, mapLimit } from '@stablecog/client';
import { manualTrigger, type StablecogSuite, startStablecogSuite, workflow } from '@stablecog/testkit/n8n';

jest.setTimeout(180_000);

describe('Stablecog Output → Get Many in n8n', () => {
  let sc: StablecogSuite;
  /** Every output id in the account, newest first (as the API lists them). */
  let seeded: string[];

  beforeAll(async () => {
    sc = await startStablecogSuite({ credits: 1000, latencyMs: 0 });
    // 1 + 162 × 4 = 649 outputs: three pages of 300, and neither boundary (300, 600) falls
    // between two generations.
    const client = new Stablecog({ apiToken: sc.token, baseUrl: sc.emulator.url });
    const sizes = [1, ...Array<number>(162).fill(4)];
    const generations = await mapLimit(sizes, 4, async (num_outputs, i) => {
      const result = await client.images.generate({ prompt: `history ${i}`, num_outputs, width: 256, height: 256 });
      return result.outputs.map((o) => o.id);
    });
    expect(generations.flat()).toHaveLength(649);
    seeded = [];
    for await (const output of client.outputs.iterate({ per_page: 300 })) seeded.push(output.id);
    expect(new Set(seeded)).toEqual(new Set(generations.flat()));

    const list = (parameters: Record<string, unknown>) =>
      sc.stablecog('List', { resource: 'output', operation: 'getMany', filters: {}, simplify: true, options: {}, ...parameters });
    await sc.n8n.importWorkflows([
      workflow('scOutputsAll', 'Every output', [manualTrigger(), list({ returnAll: true })]),
      workflow('scOutputsLimit', 'Newest 310 outputs', [manualTrigger(), list({ returnAll: false, limit: 310 })]),
    ]);
  }, 600_000);

  afterAll(async () => {
    await sc?.close();
  });

  it('Return All emits every output exactly once, newest first, over three pages', async () => {
    const before = sc.emulator.control.requests({ origin: 'api' }).length;
    const run = await sc.n8n.executeOk('scOutputsAll');
    const ids = run.items('List').map((item) => item.json.id as string);
    expect(ids).toHaveLength(649);
    expect(new Set(ids).size).toBe(649);
    expect(ids).toEqual(seeded);

    const pages = sc.emulator.control
      .requests({ origin: 'api' })
      .slice(before)
      .filter((r) => r.path === '/v1/image/generation/outputs');
    expect(pages.map((p) => p.query.per_page)).toEqual(['300', '300', '300']);
    expect(pages[0].query.cursor).toBeUndefined();
    expect(pages[1].query.cursor).toEqual(expect.any(String));
    expect(run.items('List')[0].json).toMatchObject({ prompt: expect.stringMatching(/^history \d+$/), width: 256, height: 256 });
    expect(run.text).not.toContain(sc.token);
  });

  it('Limit stops at the limit, across a page boundary', async () => {
    const run = await sc.n8n.executeOk('scOutputsLimit');
    expect(run.items('List').map((item) => item.json.id)).toEqual(seeded.slice(0, 310));
  });
});

/**
 * The n8n node in a REAL n8n (the packed package, `n8n execute`) under the emulator's faults and a
 * server crash mid-run: one workflow generates 12 images and upscales them, failed items routed to
 * the error output; a second one reads credits and outputs through 5xx and 429s. Every credit must
 * be an image delivered in an item or one the recovery search finds from an error item's prompt
 * and seed; no input may reach the create handler twice.
 */
import { Stablecog } from '@stablecog/client';
import { type Item, items, manualTrigger, type N8nFixture, type NodeSpec, startN8n, workflow } from '@stablecog/testkit/n8n';
import {
  crashMidRun,
  creditReport,
  describeReport,
  expectEveryCreditAccounted,
  expectNoCreateSentTwice,
  settledLedger,
  useFaultRig,
} from '@stablecog/testkit';

jest.setTimeout(300_000);

const noOp = (name: string): NodeSpec => ({ name, type: 'n8n-nodes-base.noOp', typeVersion: 1 });
const PROMPTS = Array.from({ length: 12 }, (_, i) => `n8n fault ${i}: a red fox in the snow`);

const rig = useFaultRig({ seed: 11, latencyMs: 300, credits: 1000, freshAccountEachTest: false });
let fixture: N8nFixture;

beforeAll(async () => {
  fixture = await startN8n(rig.token, rig.door.url);
  const generate = fixture.stablecog(
    'Generate',
    {
      resource: 'image',
      operation: 'generate',
      prompt: '={{ $json.prompt }}',
      options: { width: 256, height: 256, numOutputs: 1, concurrency: 3 },
    },
    { onError: 'continueErrorOutput' },
  );
  const upscale = fixture.stablecog(
    'Upscale',
    {
      resource: 'image',
      operation: 'upscale',
      source: 'output',
      outputId: { __rl: true, mode: 'id', value: '={{ $json.id }}' },
      options: { concurrency: 3, downloadImages: false },
    },
    { onError: 'continueErrorOutput' },
  );
  await fixture.n8n.importWorkflows([
    workflow(
      'scFaultsCreate',
      'Generate and upscale under faults',
      [manualTrigger(), ...items(PROMPTS.length, (i) => ({ prompt: PROMPTS[i] })), generate, upscale, noOp('Upscaled'), noOp('Generate failed'), noOp('Upscale failed')],
      [
        ['Manual', 'Data'],
        ['Data', 'Items'],
        ['Items', 'Generate'],
        ['Generate', 'Upscale', 0],
        ['Generate', 'Generate failed', 1],
        ['Upscale', 'Upscaled', 0],
        ['Upscale', 'Upscale failed', 1],
      ],
    ),
    workflow('scFaultsRead', 'Reads under faults', [
      manualTrigger(),
      fixture.stablecog('Credits', { resource: 'account', operation: 'getCredits' }),
      fixture.stablecog('Outputs', { resource: 'output', operation: 'getMany', returnAll: true, filters: {}, options: {} }),
    ]),
  ]);
}, 600_000);

afterAll(() => {
  fixture?.dispose();
});

/** The items of a node's output, or none when the node did not run (nothing reached it). */
const itemsOf = (run: { items(node: string, output?: number): Item[] }, node: string, output = 0): Item[] => {
  try {
    return run.items(node, output);
  } catch {
    return [];
  }
};

describe('the n8n node in a real n8n under injected faults and a crash mid-run', () => {
  it('accounts for every credit of 12 generates and their upscales; error items name the seed', async () => {
    rig.emulator.control.injectFaults([
      { route: '*', kind: '429', probability: 0.3 },
      { route: 'generate', kind: 'drop', times: 2 },
      { route: 'generate', kind: 'drop-before', times: 1 },
      { route: 'generate', kind: 'timeout', times: 1 },
      { route: 'generate', kind: 'slow', times: 2, delayMs: 500 },
      { route: 'upscale', kind: 'drop', times: 1 },
      { route: 'upscale', kind: 'drop-before', times: 1 },
      { route: 'cdn', kind: '500', times: 2 }, // image downloads are reads: retried
    ]);
    // The server crashes while a create runs (after the 10th arrived: the counted faults are over by
    // then, so the crash adds a lost create of its own) and is back 1.5 s later.
    const crash = crashMidRun(rig.door, rig.emulator, rig.token, { nth: 10, downForMs: 1500 });

    const run = await fixture.n8n.executeOk('scFaultsCreate');
    expect(crash.happened).toBe(true);
    const { runningWhenCut } = await crash.done;
    expect(runningWhenCut).toBeGreaterThan(0);
    const generated = itemsOf(run, 'Generate', 0);
    const generateFailed = itemsOf(run, 'Generate', 1);
    const upscaled = itemsOf(run, 'Upscale', 0);
    const upscaleFailed = itemsOf(run, 'Upscale', 1);
    expect(generated.length + generateFailed.length).toBe(PROMPTS.length); // one item per input, either way
    expect(upscaled.length + upscaleFailed.length).toBe(generated.length);

    // Error items say what happened and, for a lost create, the prompt and seed to search for.
    for (const item of [...generateFailed, ...upscaleFailed]) {
      expect(item.json).toMatchObject({ error: expect.any(String), details: expect.any(Object) });
      expect(String(item.json.error).length).toBeGreaterThan(20);
      expect(item.json.details.code).toEqual(expect.any(String));
    }
    const lostGenerates = generateFailed.filter((i) => i.json.details.code === 'outcome_unknown');
    for (const item of lostGenerates) {
      expect(item.json.details).toMatchObject({ seed: expect.any(Number), prompt: expect.any(String), started_at: expect.any(String) });
      expect(item.json.details.description).toContain(`seed ${item.json.details.seed}`);
    }
    expect(lostGenerates.length).toBeGreaterThanOrEqual(4); // 2 drops, 1 drop-before, the crash
    const lostUpscales = upscaleFailed.filter((i) => i.json.details.code === 'outcome_unknown');
    expect(lostUpscales.length).toBeGreaterThanOrEqual(2);
    // Downloads survived the CDN's 500s: every delivered image carries its JPEG.
    for (const item of generated) expect(item.binary?.data?.mimeType ?? item.json.download_error).toBe('image/jpeg');

    // Later, on a healthy server, the user searches for the lost images as the error items say.
    rig.emulator.control.clearFaults();
    await rig.door.up();
    const ledger = await settledLedger(rig.emulator, rig.token);
    const client = new Stablecog({ apiToken: rig.token, baseUrl: rig.emulator.url });
    const recovered = await Promise.all(
      lostGenerates.map(async (item) => {
        const { prompt, seed, started_at } = item.json.details as { prompt: string; seed: number; started_at: string };
        return (await client.outputs.find({ prompt, seed, since: started_at })).map((o) => o.id);
      }),
    );
    const page = await client.outputs.list({ per_page: 300 });
    const upscalesRecovered = lostUpscales.filter((i) => page.outputs.find((o) => o.id === i.json.details.input)?.upscaled_image_url).length;

    const report = creditReport(ledger, {
      delivered: generated.map((i) => String(i.json.id)),
      recovered,
      upscaled: upscaled.map((i) => String(i.json.id)),
      upscalesRecovered,
    });
    console.log(
      `${describeReport('real n8n, 12 generates + upscales under faults', report)}; ` +
        `${generateFailed.length} generate and ${upscaleFailed.length} upscale items went to the error output ` +
        `(${[...generateFailed, ...upscaleFailed].map((i) => i.json.details.code).join(', ')}); ` +
        `${rig.door.records.filter((r) => r.status === 429).length} answers were 429, the crash cut ${runningWhenCut} running creates; n8n ran ${run.durationMs} ms`,
    );
    expectEveryCreditAccounted(report);
    expect(report.generate.recovered).toBeGreaterThanOrEqual(2);
    expect(report.upscale.recovered).toBeGreaterThanOrEqual(1);
    expectNoCreateSentTwice(rig.door);
    expect(run.text).not.toContain(rig.token);
  });

  it('reads credits and every output through 5xx and 429s: each read succeeds within its retries or fails clearly', async () => {
    rig.door.reset();
    rig.emulator.control.injectFaults([
      { route: '*', kind: '429', probability: 0.3 },
      { route: 'credits', kind: '502', times: 2 },
      { route: 'outputs', kind: '500', times: 1 },
      { route: 'outputs', kind: 'drop-before', times: 1 },
      { route: 'outputs', kind: 'slow', times: 1, delayMs: 500 },
    ]);
    const run = await fixture.n8n.execute('scFaultsRead');
    const reads = rig.door.records.filter((r) => r.method === 'GET');
    const failedAttempts = reads.filter((r) => r.status !== 200);
    console.log(
      `real n8n reads under faults: ${run.status}; ${reads.length} requests, ${failedAttempts.length} failed ` +
        `(${failedAttempts.map((r) => r.status || 'dropped').join(', ')}) and were retried`,
    );
    expect(failedAttempts.length).toBeGreaterThanOrEqual(4); // the injected faults happened
    // Every failed attempt was one a read may retry, and was retried unless it was the read's fifth.
    for (const attempt of failedAttempts) expect([0, 429, 500, 502]).toContain(attempt.status);
    if (run.status === 'success') {
      const [credits] = run.items('Credits');
      expect(credits!.json.total_remaining_credits).toBe(rig.emulator.control.credits(rig.token));
      const client = new Stablecog({ apiToken: rig.token, baseUrl: rig.emulator.url });
      const all: string[] = [];
      for await (const output of client.outputs.iterate({ per_page: 300 })) all.push(output.id);
      expect(run.items('Outputs').map((i) => i.json.id).sort()).toEqual(all.sort());
    } else {
      // Out of retries: a clear error naming the request and the status, after five attempts in a row.
      expect(run.errorMessage).toMatch(/Stablecog.*(GET|rate|limit|server)/i);
      expect(run.errorMessage).not.toMatch(/TypeError|undefined|Cannot read/);
      const streak = reads.slice(-5);
      expect(streak.every((r) => r.status !== 200)).toBe(true);
    }
  });
});

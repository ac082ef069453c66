/**
 * A batch in a real n8n: 20 items through Generate with Parallel Requests = 4 on a Pro plan
 * (3 slots + 1 in flight). Output order and pairedItem follow the input exactly, every image is
 * stored, and the emulator never sees more than the plan's slots in use, nor anything waiting.
 */
import {
  items,
  jpegSize,
  manualTrigger,
  peakUsage,
  type StablecogSuite,
  startStablecogSuite,
  workflow,
} from '@stablecog/testkit/n8n';

jest.setTimeout(180_000);

describe('Stablecog batch of 20 items in n8n', () => {
  let sc: StablecogSuite;
  const PRO_IN_FLIGHT = 4; // qMax 3, plus the one more the server lets through

  beforeAll(async () => {
    sc = await startStablecogSuite({ plan: 'pro', credits: 100, latencyMs: 400 });
    await sc.n8n.importWorkflows([
      workflow('scBatch20', 'Batch of 20', [
        manualTrigger(),
        ...items(20, (i) => ({ prompt: `batch item ${i}` })),
        sc.stablecog('Generate', {
          resource: 'image',
          operation: 'generate',
          prompt: '={{ $json.prompt }}',
          options: { width: 256, height: 256, concurrency: PRO_IN_FLIGHT },
        }),
      ]),
    ]);
  }, 600_000);

  afterAll(async () => {
    await sc?.close();
  });

  it('keeps order and pairedItem, stores every image, and stays within the plan’s slots', async () => {
    const { result: run, maxRunning, maxWaiting } = await peakUsage(sc.emulator, sc.token, () =>
      sc.n8n.executeOk('scBatch20'),
    );
    const generated = run.items('Generate');
    expect(generated.map((item) => [item.json.prompt, item.pairedItem])).toEqual(
      Array.from({ length: 20 }, (_, i) => [`batch item ${i}`, { item: i }]),
    );
    expect(new Set(generated.map((item) => item.json.id)).size).toBe(20);
    for (const item of generated) {
      expect(Number.isInteger(item.json.seed)).toBe(true);
      expect(jpegSize(sc.n8n.readBinary(item.binary!.data))).toEqual({ width: 256, height: 256 });
    }

    expect(maxRunning).toBe(PRO_IN_FLIGHT); // parallel, using every slot
    expect(maxWaiting).toBe(0); // and never more than the plan runs at once
    const charges = sc.emulator.control.ledger({ token: sc.token }).filter((e) => e.kind === 'charge');
    expect(charges).toHaveLength(20);
    expect(run.text).not.toContain(sc.token);
  });
});

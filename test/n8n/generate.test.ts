/**
 * Image → Generate and Image → Upscale in a real n8n (the packed package, installed as n8n
 * installs it) against the emulator: item JSON, the JPEG bytes n8n stored, the credits charged,
 * and image downloads that carry no token.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  jpegSize,
  manualTrigger,
  type StablecogSuite,
  startStablecogSuite,
  useStablecogCredential,
  workflow,
} from '@stablecog/testkit/n8n';

jest.setTimeout(180_000);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('Stablecog Generate and Upscale in n8n', () => {
  let sc: StablecogSuite;

  const generate = () =>
    sc.stablecog('Generate', {
      resource: 'image',
      operation: 'generate',
      prompt: 'A lighthouse on a cliff at sunset, oil painting',
      options: { width: 512, height: 384, seed: 1234, numOutputs: 1 },
    });

  beforeAll(async () => {
    sc = await startStablecogSuite({ credits: 100 });
    const trigger = (type: string) => ({
      name: 'New Output',
      type,
      typeVersion: 1,
      credentials: useStablecogCredential(sc.credential),
    });
    await sc.n8n.importWorkflows([
      // A polling trigger cannot run from the CLI, but n8n builds every node of a workflow it runs.
      workflow('scTriggerLoads', 'Trigger present', [manualTrigger(), trigger('n8n-nodes-stablecog.stablecogTrigger')], []),
      workflow('scUnknownNode', 'Unknown node present', [manualTrigger(), trigger('n8n-nodes-stablecog.noSuchNode')], []),
      workflow('scGenerate', 'Generate', [manualTrigger(), generate()]),
      workflow('scUpscale', 'Generate then upscale', [
        manualTrigger(),
        generate(),
        sc.stablecog('Upscale', {
          resource: 'image',
          operation: 'upscale',
          source: 'output',
          outputId: { __rl: true, mode: 'id', value: '={{ $json.id }}' },
          options: {},
        }),
      ]),
    ]);
  }, 600_000); // the first run may install n8n (minutes, progress printed)

  afterAll(async () => {
    await sc?.close();
  });

  it('is installed as n8n installs a community package: no runtime dependencies, nothing else fetched', () => {
    const installed = path.join(sc.n8n.userFolder, '.n8n', 'nodes', 'node_modules', 'n8n-nodes-stablecog');
    const manifest = JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest.dependencies ?? {}).toEqual({});
    expect(fs.existsSync(path.join(installed, 'node_modules'))).toBe(false);
    expect(fs.readdirSync(installed).sort()).toEqual(expect.arrayContaining(['dist', 'package.json']));
  });

  it('n8n loads the trigger node type from the installed package (and refuses an unknown one)', async () => {
    const [present, unknown] = await Promise.allSettled([
      sc.n8n.executeOk('scTriggerLoads'),
      sc.n8n.execute('scUnknownNode'),
    ]);
    expect(present.status).toBe('fulfilled');
    expect(unknown.status === 'rejected' && String(unknown.reason)).toContain(
      'Unrecognized node type: n8n-nodes-stablecog.noSuchNode',
    );
  });

  it('generates an image, stores its JPEG and charges one credit', async () => {
    const run = await sc.n8n.executeOk('scGenerate');
    const [item, ...more] = run.items('Generate');
    expect(more).toEqual([]);
    expect(item.pairedItem).toEqual({ item: 0 });
    expect(item.json).toMatchObject({
      prompt: 'A lighthouse on a cliff at sunset, oil painting',
      seed: 1234,
      width: 512,
      height: 384,
      num_outputs: 1,
      remaining_credits: 99,
    });
    expect(item.json.id).toMatch(UUID);
    expect(item.json.image_url).toMatch(new RegExp(`^${sc.emulator.cdnUrl}/[0-9a-f-]{36}\\.jpeg$`));

    const binary = item.binary?.data;
    expect(binary).toMatchObject({ mimeType: 'image/jpeg', fileName: `${item.json.id}.jpeg` });
    expect(jpegSize(sc.n8n.readBinary(binary!))).toEqual({ width: 512, height: 384 });

    const charges = sc.emulator.control.ledger({ token: sc.token }).filter((e) => e.outputIds?.includes(item.json.id));
    expect(charges).toMatchObject([{ kind: 'charge', amount: 1, operation: 'generate' }]);
    expect(run.text).not.toContain(sc.token);
  });

  it('upscales the generated output by its id', async () => {
    const run = await sc.n8n.executeOk('scUpscale');
    const [generated] = run.items('Generate');
    const [upscaled, ...more] = run.items('Upscale');
    expect(more).toEqual([]);
    expect(upscaled.pairedItem).toEqual({ item: 0 });
    expect(upscaled.json.input).toBe(generated.json.id);
    expect(upscaled.json.id).toMatch(UUID);
    expect(upscaled.json.upscaled_image_url).toMatch(new RegExp(`^${sc.emulator.cdnUrl}/[0-9a-f-]{36}\\.jpeg$`));

    const size = jpegSize(sc.n8n.readBinary(upscaled.binary!.data));
    expect(size.width / size.height).toBeCloseTo(512 / 384, 2);
    expect(size.width).toBeGreaterThan(512);

    const ledger = sc.emulator.control.ledger({ token: sc.token });
    expect(ledger.filter((e) => e.operation === 'upscale')).toMatchObject([{ kind: 'charge', amount: 1 }]);
    expect(run.text).not.toContain(sc.token);
  });

  it('downloads images from the CDN without the Authorization header', () => {
    const cdn = sc.emulator.control.requests({ origin: 'cdn' });
    expect(cdn.length).toBeGreaterThanOrEqual(3); // two generated images and one upscaled image
    for (const request of cdn) expect(request.headers).not.toHaveProperty('authorization');
    const api = sc.emulator.control.requests({ origin: 'api' }).filter((r) => r.path.endsWith('/create'));
    for (const request of api) expect(request.headers.authorization).toBe(`Bearer ${sc.token}`);
  });
});

import { Stablecog } from '@stablecog/client';
import { UPSCALE_MODELS } from '@stablecog/emulator';
import { App, startHarness, withTimeBudget, zapierFailure, type Harness } from './helpers';

const upscale = App.creates.upscale_image.operation.perform;
const generate = App.creates.generate_image.operation.perform;

let h: Harness;
let generated: { id: string; image_url: string };
beforeAll(async () => {
  h = await startHarness(1000);
  generated = (await h.appTester(generate, h.bundle({ prompt: 'a small house by a lake', size: 'custom', width: '512', height: '512' }))) as typeof generated;
});
afterAll(() => h.close());

const upscaleRequests = () => h.emulator.control.requests({ origin: 'api' }).filter((r) => r.path === '/v1/image/upscale/create');

describe('Upscale Image', () => {
  it('lists outputs for the Output dropdown through the New Image Output trigger, labelled by prompt', async () => {
    const choices = (await h.appTester(App.triggers.new_image_output.operation.perform, h.bundle({}, { isFillingDynamicDropdown: true }))) as Array<{ id: string; prompt: string }>;
    expect(choices[0]).toMatchObject({ id: generated.id, prompt: 'a small house by a lake' });
    expect(App.creates.upscale_image.operation.inputFields).toEqual(
      expect.arrayContaining([expect.objectContaining({ key: 'output_id', dynamic: 'new_image_output.id.prompt' })]),
    );
  });

  it('upscales an output picked in the dropdown (by id), once; again for free', async () => {
    const credits = h.emulator.control.credits(h.token);
    const result = (await h.appTester(upscale, h.bundle({ output_id: generated.id }))) as Record<string, any>;
    expect(result.image_url).toMatch(new RegExp(`^${h.emulator.cdnUrl}/[0-9a-f-]{36}\\.jpeg$`));
    expect(result.image_url).not.toBe(generated.image_url);
    expect(result.image_file).toMatch(/^hydrate\|\|\|/);
    expect(result).toMatchObject({ source: generated.id, model_id: UPSCALE_MODELS[0]!.id, remaining_credits: credits - 1 });
    expect(result.outputs).toEqual([{ id: result.id, image_url: result.image_url, image_file: result.image_file }]);

    // Stablecog answers an output upscaled before with the same image, free.
    const again = (await h.appTester(upscale, h.bundle({ output_id: generated.id }))) as Record<string, any>;
    expect(again.image_url).toBe(result.image_url);
    expect(h.emulator.control.credits(h.token)).toBe(credits - 1);
    expect(result.message).toBe('');
    expect(again.message).toMatch(/upscaled before, so this cost nothing/);
  });

  it('upscales an image file given as a link: downloaded without the token, sent as multipart', async () => {
    const before = upscaleRequests().length;
    const result = (await h.appTester(upscale, h.bundle({ image: generated.image_url, model_id: UPSCALE_MODELS[0]!.id }))) as Record<string, any>;
    expect(result.image_url).toMatch(/\.jpeg$/);
    const [request] = upscaleRequests().slice(before);
    expect(request!.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    const download = h.emulator.control.requests({ origin: 'cdn' }).filter((r) => generated.image_url.endsWith(r.path)).pop()!;
    expect(download.status).toBe(200);
    expect(download.headers.authorization).toBeUndefined();
  });

  it.each([
    ['neither an output nor an image', {}, /^Output or Image: neither is set/],
    ['both an output and an image', { output_id: '5d8e2c4a-91b3-4f6e-a0d7-3c2b1e9f8a64', image: 'https://example.com/a.png' }, /^Output and Image: both are set/],
    ['an output that is no id', { output_id: 'my best image' }, /^Output: "my best image" is not an output ID/],
    ['an image that is no link', { image: 'C:\\photos\\cat.png' }, /^Image: "C:\\photos\\cat\.png" is not a file or a link/],
    ['a model that is no id', { output_id: '5d8e2c4a-91b3-4f6e-a0d7-3c2b1e9f8a64', model_id: 'SwinIR' }, /^Model: must be an id like .* \(got "SwinIR"\)\. Pick a model from the dropdown/],
  ])('refuses %s before any request', async (_name, inputData, message) => {
    const before = h.apiRequestCount();
    const failure = await zapierFailure(h.appTester(upscale, h.bundle(inputData)));
    expect(failure.name).toBe('AppError');
    expect(failure.message).toMatch(message);
    expect(h.apiRequestCount()).toBe(before);
  });

  it('an upscale slower than the budget stops (halted, never re-sent) and says a second run of that output is free', async () => {
    const fresh = (await h.appTester(generate, h.bundle({ prompt: 'another house', size: 'custom', width: '512', height: '512' }))) as typeof generated;
    h.emulator.control.configure({ upscaleLatencyMs: 5_000 });
    try {
      const before = upscaleRequests().length;
      const failure = await withTimeBudget(1_000, () => zapierFailure(h.appTester(upscale, h.bundle({ output_id: fresh.id }))));
      expect(failure.name).toBe('HaltedError');
      expect(failure.message).toMatch(new RegExp(`Upscaled Image URL of output ${fresh.id}.*running this step again then costs nothing`));
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(upscaleRequests().length - before).toBe(1);
    } finally {
      h.emulator.control.configure({ upscaleLatencyMs: 50 });
    }
  });

  it('an output of someone else → the server’s output_not_found, named as the Output or Image field', async () => {
    const failure = await zapierFailure(h.appTester(upscale, h.bundle({ output_id: '00000000-0000-4000-8000-000000000000' })));
    expect(failure.name).toBe('AppError');
    expect(failure.message).toMatch(/^Output: that output is not in this account\. .*nothing was charged\.$/);
    expect(failure.message).not.toMatch(/output_not_found/);
  });

  it('an s3:// object that does not exist is named as the Image field, not init_image_url', async () => {
    const { object } = await new Stablecog({ apiToken: h.token, baseUrl: h.emulator.url }).images.upload({
      data: new Uint8Array(await (await fetch(generated.image_url)).arrayBuffer()),
    });
    const missing = object.replace(/[^/]+$/, '00000000-0000-4000-8000-000000000000.png');
    const failure = await zapierFailure(h.appTester(upscale, h.bundle({ image: missing })));
    expect(failure.message).toMatch(/^Image: /);
    expect(failure.message).not.toMatch(/init_image_url|Starting Image|image-to-image/i);
  });

  it('an image over 1024 × 1024 pixels → says so in words, naming the Image field', async () => {
    const big = (await h.appTester(
      generate,
      h.bundle({ prompt: 'a big one', size: 'custom', width: '1536', height: '1536', show_advanced: 'true', inference_steps: '12' }),
    )) as { image_url: string };
    const failure = await zapierFailure(h.appTester(upscale, h.bundle({ image: big.image_url })));
    expect(failure.message).toMatch(/^Image: .*larger than 1,048,576 pixels \(1024 × 1024\) or unreachable/);
    expect(failure.message).not.toMatch(/image_url_width_height_error/);
  });
});

/**
 * Bad form values in the Zapier app (zapier-platform-core's app tester, real HTTP to the emulator):
 * whatever a Zap maps into a field (text, numbers, lists, objects, links to files that are no
 * images), an invalid value fails the step with an error naming the field as the form labels it,
 * before any request to the API, and never as a crash.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { startEmulator, type Emulator } from '@stablecog/emulator';
import { badBoolean, badNumber, badUrl, nonImageBytes, propertyParams, structured } from '@stablecog/testkit';
import { App, zapierFailure, zapierRunner, type ZapierRunner } from '@stablecog/testkit/zapier';

jest.setTimeout(300_000);

// At most about 240 steps in this file: zapier-platform-core ends a process after 250 (see @stablecog/testkit/zapier).

let emulator: Emulator;
let token: string;
let zap: ZapierRunner;
/** A file host for mapped links: `/<hex>` answers those bytes as image/png. */
let fileHost: http.Server;
let fileUrl: (bytes: Uint8Array) => string;

beforeAll(async () => {
  emulator = await startEmulator({ latencyMs: 0, rateLimit: false });
  token = emulator.control.createAccount({ credits: 100, plan: 'pro' }).token;
  zap = zapierRunner(emulator.url, token);
  fileHost = http.createServer((req, res) => {
    const bytes = Buffer.from((req.url ?? '/').slice(1).split('.')[0]!, 'hex');
    res.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': bytes.length });
    res.end(bytes);
  });
  await new Promise<void>((resolve) => fileHost.listen(0, '127.0.0.1', resolve));
  const { port } = fileHost.address() as AddressInfo;
  fileUrl = (bytes) => `http://127.0.0.1:${port}/${Buffer.from(bytes).toString('hex')}.png`;
});
afterAll(async () => {
  await new Promise((resolve) => fileHost?.close(resolve));
  await emulator?.close();
});

const apiRequests = () => emulator.control.requests({ origin: 'api' }).filter((r) => r.headers.authorization === `Bearer ${token}`).length;

/**
 * Zapier form values: usually text, but a mapping can bring numbers, lists and objects (JSON: no
 * BigInt). A list of one value is that value to the app (as Zapier's text fields render it), so
 * lists here have two or more.
 */
const formValue = (values: fc.Arbitrary<unknown>) =>
  fc
    .tuple(values, fc.boolean())
    .filter(([v]) => typeof v !== 'bigint' && (!Array.isArray(v) || v.length >= 2))
    .map(([v, asText]) => (asText && typeof v === 'number' && Number.isFinite(v) ? String(v) : v));

/** Asserts that a step fails with a plain Zapier error naming `label`, having sent nothing to the API. */
async function expectRefused(method: unknown, inputData: Record<string, unknown>, label: string): Promise<void> {
  const before = apiRequests();
  const failure = await zapierFailure(zap.run(method, inputData));
  expect({ name: failure.name, message: failure.message }).toEqual({ name: 'AppError', message: expect.stringContaining(`${label}:`) });
  expect(failure.message).not.toMatch(/is not a function|Cannot read prop|TypeError|RangeError/);
  expect(apiRequests()).toBe(before);
}

const generateImage = () => App.creates.generate_image.operation.perform;
const upscaleImage = () => App.creates.upscale_image.operation.perform;

/** Generate Image's fields, labelled as on the form, with the values each must refuse. */
const GENERATE_FIELDS: Array<[key: string, label: string, values: fc.Arbitrary<unknown>, extra?: Record<string, unknown>]> = [
  ['prompt', 'Prompt', fc.constantFrom('', '   ', '\n\t')],
  ['num_outputs', 'Number of Images', badNumber({ min: 1, max: 4, integer: true })],
  ['seed', 'Seed', badNumber({ min: 0, integer: true })],
  ['width', 'Width', badNumber({ min: 256, max: 1536, integer: true }), { size: 'custom', height: '512' }],
  ['height', 'Height', badNumber({ min: 256, max: 1536, integer: true }), { size: 'custom', width: '512' }],
  ['size', 'Size', fc.constantFrom('5:4', 'huge', '1024x1024')],
  ['if_slow', 'If Stablecog Is Still Working', fc.constantFrom('retry', 'wait', 'HALT!')],
  ['model_id', 'Model', fc.constantFrom('flux', 'FLUX.1', '0a99668b', '{{123__id}}')],
  ['guidance_scale', 'Guidance Scale', badNumber({ min: 1, max: 30 }), { show_advanced: 'true' }],
  ['inference_steps', 'Inference Steps', badNumber({ min: 10, integer: true }), { show_advanced: 'true' }],
  ['scheduler_id', 'Scheduler', fc.constantFrom('euler', 'not-an-id'), { show_advanced: 'true' }],
  ['init_image', 'Starting Image', badUrl, { show_advanced: 'true' }],
  ['prompt_strength', 'Prompt Strength', badNumber({ min: 0, max: 1 }), { show_advanced: 'true', init_image: 'http://127.0.0.1:9/a.png' }],
  ['submit_to_gallery', 'Submit to Gallery', badBoolean, { show_advanced: 'true' }],
];

describe('Zapier app: bad form values are refused before any request', () => {
  it('Generate Image: an invalid value in any field (property)', async () => {
    const cases = fc.oneof(
      ...GENERATE_FIELDS.map(([key, label, values, extra = {}]) =>
        formValue(values)
          // A value Zapier renders as empty text means "not given" (blank fields are optional).
          .filter((v) => String(v ?? '').trim() !== '' || key === 'prompt')
          .map((value) => ({ inputData: { prompt: 'a lighthouse', ...extra, [key]: value }, label })),
      ),
    );
    await fc.assert(
      fc.asyncProperty(cases, async ({ inputData, label }) => expectRefused(generateImage(), inputData, label)),
      propertyParams(100, 40),
    );
  });

  it('Upscale Image: a bad output ID, image link or model, both or neither (property)', async () => {
    const cases = fc.oneof(
      fc.constantFrom('flux', 'not-an-id', '12345', '{{123__id}}').map((output_id) => ({ inputData: { output_id }, label: 'Output' })),
      formValue(fc.oneof(badUrl, structured)).filter((v) => String(v ?? '').trim() !== '').map((image) => ({ inputData: { image }, label: 'Image' })),
      fc.constantFrom('flux', 'swinir').map((model_id) => ({ inputData: { output_id: '5d8e2c4a-91b3-4f6e-a0d7-3c2b1e9f8a64', model_id }, label: 'Model' })),
      fc.constant({ inputData: { output_id: '5d8e2c4a-91b3-4f6e-a0d7-3c2b1e9f8a64', image: 'http://127.0.0.1:9/a.png' }, label: 'Output and Image' }),
      fc.constant({ inputData: {}, label: 'Output or Image' }),
    );
    await fc.assert(
      fc.asyncProperty(cases, async ({ inputData, label }) => expectRefused(upscaleImage(), inputData, label)),
      propertyParams(60, 25),
    );
  });

  it('Upscale Image and Generate Image: a mapped file that is no JPEG, PNG or WebP (or empty) is downloaded, judged and never sent (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(nonImageBytes, fc.constant(new Uint8Array(0))), fc.boolean(), async (bytes, upscale) => {
        const before = apiRequests();
        const inputData = upscale
          ? { image: fileUrl(bytes) }
          : { prompt: 'a lighthouse', show_advanced: 'true', init_image: fileUrl(bytes) };
        const failure = await zapierFailure(zap.run(upscale ? upscaleImage() : generateImage(), inputData));
        expect(failure.name).toBe('AppError');
        expect(failure.message).toMatch(upscale ? /^Image: / : /^Starting Image: /);
        expect(failure.message).toMatch(bytes.length ? /JPEG, PNG or WebP/ : /empty/);
        // Generate Image loads the models first (free); neither sends the file or creates anything.
        const sent = emulator.control.requests({ origin: 'api' }).slice(before).map((r) => r.path);
        expect(sent.filter((path) => !path.endsWith('/models'))).toEqual([]);
      }),
      propertyParams(40, 15),
    );
    expect(emulator.control.ledger({ token })).toEqual([]);
  });

  it('Find Image Outputs: a bad seed or time (property)', async () => {
    const cases = fc.oneof(
      formValue(badNumber({ min: 0, integer: true }))
        .filter((v) => String(v ?? '').trim() !== '')
        .map((seed) => ({ inputData: { seed }, label: 'Seed' })),
      fc.constantFrom('yesterday-ish', '2025-13-45T99:00:00Z', 'abc', '{{zap_meta_human_now}}').map((since) => ({ inputData: { prompt: 'x', since }, label: 'Since' })),
    );
    await fc.assert(
      fc.asyncProperty(cases, async ({ inputData, label }) => expectRefused(App.searches.find_image_outputs.operation.perform, inputData, label)),
      propertyParams(40, 20),
    );
  });

  it('Generate Image: too many inference steps for the chosen size are refused after the free models lookup, with no create', async () => {
    const before = emulator.control.requests({ origin: 'api' }).length;
    const inputData = { prompt: 'a lighthouse', size: '1:1', show_advanced: 'true', inference_steps: '40' };
    const failure = await zapierFailure(zap.run(generateImage(), inputData));
    expect(failure.message).toMatch(/^Inference Steps: width × height × inference_steps must be at most 31,457,280/);
    expect(emulator.control.requests({ origin: 'api' }).slice(before).map((r) => r.path)).toEqual(['/v1/image/generation/models']);
  });

  it('a valid model id that Stablecog does not offer is refused after the free models lookup, with no create', async () => {
    const before = emulator.control.requests({ origin: 'api' }).length;
    const failure = await zapierFailure(zap.run(generateImage(), { prompt: 'a lighthouse', model_id: '00000000-0000-4000-8000-000000000000' }));
    expect(failure.message).toMatch(/^Model: no available model has the id/);
    expect(emulator.control.requests({ origin: 'api' }).slice(before).map((r) => r.path)).toEqual(['/v1/image/generation/models']);
  });
});

/**
 * Bad form values in the Activepieces piece (each action's `run` with engine-shaped contexts, real
 * HTTP to the emulator): whatever a flow maps into a field, after the engine's own conversion
 * (a Number field gets `Number(value)`, so text becomes NaN), an invalid value fails the step with
 * an error naming the field by its display name, before any request to the API, and never as a crash.
 */
import fc from 'fast-check';
import { startEmulator, type Emulator } from '@stablecog/emulator';
import { badId, badUrl, nonImageBytes, propertyParams } from '@stablecog/testkit';
import { findOutputs } from '../../packages/activepieces-stablecog/src/lib/actions/find-outputs';
import { generateImage } from '../../packages/activepieces-stablecog/src/lib/actions/generate-image';
import { listOutputs } from '../../packages/activepieces-stablecog/src/lib/actions/list-outputs';
import { upscaleImage } from '../../packages/activepieces-stablecog/src/lib/actions/upscale-image';
import { engineFor, type Engine } from '../../packages/activepieces-stablecog/test/helpers';

jest.setTimeout(300_000);

let emulator: Emulator;
let engine: Engine;

beforeAll(async () => {
  emulator = await startEmulator({ latencyMs: 0, rateLimit: false });
  engine = engineFor(emulator.url, emulator.control.createAccount({ credits: 100, plan: 'pro' }).token);
});
afterAll(async () => await emulator?.close());

const apiRequests = () => emulator.control.requests({ origin: 'api' }).length;

/** What reaches a Number field after the engine's conversion: numbers out of range, non-integers, NaN, infinities. */
function engineNumber(rules: { min: number; max?: number; integer?: boolean }): fc.Arbitrary<number> {
  const { min, max = Number.MAX_SAFE_INTEGER, integer = false } = rules;
  const choices: Array<fc.Arbitrary<number>> = [
    fc.double({ max: min, noNaN: true, noDefaultInfinity: true }).filter((v) => v < min),
    fc.constantFrom(NaN, Infinity, -Infinity),
  ];
  if (max < Number.MAX_SAFE_INTEGER) choices.push(fc.double({ min: max, noNaN: true, noDefaultInfinity: true }).filter((v) => v > max));
  if (integer) choices.push(fc.double({ min, max: Math.min(max, 1e9), noNaN: true }).filter((v) => !Number.isInteger(v)));
  return fc.oneof(...choices);
}

/** Text a flow maps into a text or dropdown field (the engine passes text through). */
const text = (values: fc.Arbitrary<unknown>) => values.filter((v): v is string => typeof v === 'string' && v.trim() !== '');

/** Asserts that a step fails naming `label`, having sent nothing to the API. */
async function expectRefused(run: () => Promise<unknown>, label: string): Promise<void> {
  const before = apiRequests();
  let message = '';
  try {
    await run();
  } catch (err) {
    message = (err as Error).message;
  }
  expect(message).toMatch(new RegExp(`^${label}: `));
  expect(message).not.toMatch(/is not a function|Cannot read prop|TypeError|RangeError/);
  expect(apiRequests()).toBe(before);
}

/** Generate Image's fields, by display name, with the values each must refuse (after the engine's conversion). */
const GENERATE_FIELDS: Array<[key: string, label: string, values: fc.Arbitrary<unknown>, extra?: Record<string, unknown>]> = [
  ['prompt', 'Prompt', fc.constantFrom('', '   ', '\n\t')],
  ['num_outputs', 'Number of Images', engineNumber({ min: 1, max: 4, integer: true })],
  ['seed', 'Seed', engineNumber({ min: 0, integer: true })],
  ['width', 'Width', engineNumber({ min: 256, max: 1536, integer: true }), { height: 512 }],
  ['height', 'Height', engineNumber({ min: 256, max: 1536, integer: true }), { width: 512 }],
  ['aspect_ratio', 'Aspect Ratio', fc.constantFrom('5:4', 'huge', '1024x1024')],
  ['model_id', 'Model', text(badId)],
  ['scheduler_id', 'Scheduler', text(badId)],
  ['guidance_scale', 'Guidance Scale', engineNumber({ min: 1, max: 30 })],
  ['inference_steps', 'Inference Steps', engineNumber({ min: 10, integer: true }), { width: 512, height: 512 }],
  ['init_image_url', 'Starting Image URL', text(badUrl)],
  ['mask_image_url', 'Mask Image URL', text(badUrl)],
  ['prompt_strength', 'Prompt Strength', engineNumber({ min: 0, max: 1 }), { init_image_url: 'http://127.0.0.1:9/a.png' }],
];

const file = (data: Uint8Array) => ({ filename: 'mapped.png', extension: 'png', data: Buffer.from(data), base64: '' });

describe('Activepieces piece: bad form values are refused before any request', () => {
  it('Generate Image: an invalid value in any field (property)', async () => {
    const cases = fc.oneof(
      ...GENERATE_FIELDS.map(([key, label, values, extra = {}]) =>
        values.map((value) => ({ values: { prompt: 'a lighthouse', ...extra, [key]: value }, label })),
      ),
    );
    await fc.assert(
      fc.asyncProperty(cases, async ({ values, label }) =>
        expectRefused(() => generateImage.run(engine.actionContext(generateImage.props, values as never)), label),
      ),
      propertyParams(150, 40),
    );
  });

  it('Generate Image and Upscale Image: a file that is no JPEG, PNG or WebP (or is empty) is judged and never sent (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(nonImageBytes, fc.constant(new Uint8Array(0))), fc.constantFrom('init_image', 'mask_image', 'upscale'), async (bytes, where) => {
        const run =
          where === 'upscale'
            ? () => upscaleImage.run(engine.actionContext(upscaleImage.props, { image_file: file(bytes) }))
            : () => generateImage.run(engine.actionContext(generateImage.props, { prompt: 'a lighthouse', [where]: file(bytes) }));
        await expectRefused(run, { init_image: 'Starting Image', mask_image: 'Mask Image', upscale: 'Image File' }[where]);
      }),
      propertyParams(40, 15),
    );
    expect(emulator.control.ledger({})).toEqual([]);
  });

  it('Upscale Image: a bad output ID or image link, both or neither (property)', async () => {
    const cases = fc.oneof(
      text(badUrl).filter((v) => !/^[0-9a-f]{8}-/i.test(v.trim())).map((image) => ({ values: { image }, label: 'Image' })),
      fc.constant({ values: { image: '5d8e2c4a-91b3-4f6e-a0d7-3c2b1e9f8a64', image_file: file(Buffer.from('x')) }, label: 'Image' }),
      fc.constant({ values: {}, label: 'Image' }),
      text(badId).map((model_id) => ({ values: { image: '5d8e2c4a-91b3-4f6e-a0d7-3c2b1e9f8a64', model_id }, label: 'Upscale Model' })),
    );
    await fc.assert(
      fc.asyncProperty(cases, async ({ values, label }) =>
        expectRefused(() => upscaleImage.run(engine.actionContext(upscaleImage.props, values as never)), label),
      ),
      propertyParams(60, 25),
    );
  });

  it('Find Outputs and List Outputs: a bad seed, time or limit (property)', async () => {
    const cases = fc.oneof(
      engineNumber({ min: 0, integer: true }).map((seed) => ({ run: () => findOutputs.run(engine.actionContext(findOutputs.props, { seed })), label: 'Seed' })),
      fc
        .constantFrom('yesterday-ish', '2025-13-45T99:00:00Z', 'abc')
        .map((since) => ({ run: () => findOutputs.run(engine.actionContext(findOutputs.props, { prompt: 'x', since })), label: 'Since' })),
      fc
        .oneof(engineNumber({ min: 1, integer: true }).filter((v) => !(v > 300)), fc.double({ min: 1, max: 300, noNaN: true }).filter((v) => !Number.isInteger(v)))
        .map((limit) => ({ run: () => listOutputs.run(engine.actionContext(listOutputs.props, { limit })), label: 'Limit' })),
    );
    await fc.assert(
      fc.asyncProperty(cases, async ({ run, label }) => expectRefused(run, label)),
      propertyParams(60, 25),
    );
  });
});

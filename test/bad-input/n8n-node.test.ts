/**
 * Bad parameters of the n8n node, run cheaply and by the hundred in n8n's own engine (n8n-core's
 * WorkflowExecute with the built package, the n8n package's test harness) against the emulator:
 * every invalid value, arriving through an expression from the item (as data from an earlier node
 * does), stops the item with an error naming the parameter as the node shows it, before any
 * request. The real n8n gets a few of these cases in n8n-real.test.ts.
 */
import fc from 'fast-check';
import { startEmulator, type Emulator } from '@stablecog/emulator';
import { runNode, type RunNodeOptions, type RunNodeResult, type TestCredentials } from '../../packages/n8n-nodes-stablecog/test/harness';
import { BAD_GENERATE_VALUES, badId, badText, badUrl, nonImageBytes, PNG_1X1, propertyParams } from '@stablecog/testkit';

jest.setTimeout(300_000);

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ latencyMs: 0, rateLimit: false });
});
afterAll(async () => {
  await emulator?.close();
});

/** A fresh account, so that "no request" is exact. */
function account(): TestCredentials {
  return { apiToken: emulator.control.createAccount({ credits: 100, plan: 'pro' }).token, baseUrl: emulator.url };
}
const requestsOf = (credentials: TestCredentials) =>
  emulator.control.requests({ origin: 'api' }).filter((r) => r.headers.authorization === `Bearer ${credentials.apiToken}`).length;

/** Messages that mean the node crashed on the value instead of judging it. */
const CRASH = /is not a function|Cannot read prop|undefined is not|TypeError|RangeError|\[object Object\]/;

/**
 * Runs the node on one item carrying `value` (parameters read it with `{{ $json.v }}`), and
 * asserts that it stopped before any request with an error naming `label`.
 */
async function expectRefused(parameters: INodeParameters, label: string, input: INodeExecutionData[]): Promise<void> {
  const credentials = account();
  let message: string;
  let description = '';
  try {
    const result: RunNodeResult = await runNode({ credentials, parameters, input });
    expect(result.status).toBe('error');
    message = result.error?.message ?? '';
    description = String(result.error?.description ?? '');
  } catch (err) {
    // n8n itself refused the parameter (a resource locator's pattern) before the node ran.
    message = (err as Error).message;
  }
  expect(message).toContain(label);
  expect(`${message} ${description}`).not.toMatch(CRASH);
  expect(requestsOf(credentials)).toBe(0);
  expect(emulator.control.credits(credentials.apiToken)).toBe(100);
}

type INodeParameters = RunNodeOptions['parameters'];
type INodeExecutionData = NonNullable<RunNodeOptions['input']>[number];

const item = (v: unknown): INodeExecutionData[] => [{ json: { v } as never }];
const binaryItem = (bytes: Uint8Array): INodeExecutionData[] => [
  { json: {}, binary: { data: { data: Buffer.from(bytes).toString('base64'), mimeType: 'image/png', fileName: 'input.png' } } },
];

const generate = (options: Record<string, unknown> = {}, top: Record<string, unknown> = {}): INodeParameters => ({
  resource: 'image',
  operation: 'generate',
  prompt: 'a lighthouse at dawn',
  ...top,
  options: { width: 512, height: 512, downloadImages: false, ...options },
});

/** Generate's parameters, as the node labels them, with the values each must refuse. */
const GENERATE_OPTIONS: Array<[name: string, label: string, values: fc.Arbitrary<unknown>]> = [
  ['width', 'Options → Width', BAD_GENERATE_VALUES.width],
  ['height', 'Options → Height', BAD_GENERATE_VALUES.height],
  ['numOutputs', 'Options → Number of Images', BAD_GENERATE_VALUES.num_outputs],
  ['guidanceScale', 'Options → Guidance Scale', BAD_GENERATE_VALUES.guidance_scale],
  ['inferenceSteps', 'Options → Inference Steps', BAD_GENERATE_VALUES.inference_steps],
  ['seed', 'Options → Seed', BAD_GENERATE_VALUES.seed],
  ['initImageUrl', 'Options → Init Image URL', BAD_GENERATE_VALUES.init_image_url],
  ['promptStrength', 'Options → Prompt Strength', BAD_GENERATE_VALUES.prompt_strength],
  ['negativePrompt', 'Options → Negative Prompt', BAD_GENERATE_VALUES.negative_prompt],
  ['scheduler', 'Options → Scheduler', BAD_GENERATE_VALUES.scheduler_id],
  ['submitToGallery', 'Options → Submit to Gallery', BAD_GENERATE_VALUES.submit_to_gallery],
];

describe('n8n node (n8n-core engine): bad parameters stop the item before any request', () => {
  it('Image → Generate: any invalid option, prompt or model (property)', async () => {
    const cases = fc.oneof(
      ...GENERATE_OPTIONS.map(([name, label, values]) => values.map((v) => ({ parameters: generate({ [name]: '={{ $json.v }}' }), label, v }))),
      fc.oneof(fc.constantFrom('', '   ', '\n\t', null), badText).map((v) => ({ parameters: generate({}, { prompt: '={{ $json.v }}' }), label: 'Prompt', v })),
      badId.map((v) => ({ parameters: generate({}, { model: { __rl: true, mode: 'id', value: '={{ $json.v }}' } }), label: 'Model', v })),
    );
    await fc.assert(
      fc.asyncProperty(cases, async ({ parameters, label, v }) => expectRefused(parameters, label, item(v))),
      propertyParams(200, 40),
    );
  });

  it('Image → Generate: an init image that is no JPEG, PNG or WebP, or empty (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(nonImageBytes, fc.constant(new Uint8Array(0))), async (bytes) =>
        expectRefused(generate({ initImageBinaryField: 'data' }), 'Binary Field', binaryItem(bytes)),
      ),
      propertyParams(100, 20),
    );
  });

  it('Image → Upscale: a bad image URL, output ID, binary image or model (property)', async () => {
    const upscale = (source: string, extra: Record<string, unknown>, options: Record<string, unknown> = {}): INodeParameters => ({
      resource: 'image',
      operation: 'upscale',
      source,
      ...extra,
      options: { downloadImages: false, ...options },
    });
    const cases = fc.oneof(
      fc.oneof(badUrl, fc.constantFrom('', '  ')).map((v) => ({ parameters: upscale('url', { imageUrl: '={{ $json.v }}' }), label: 'Output / Image URL', input: item(v) })),
      badId.map((v) => ({ parameters: upscale('output', { outputId: { __rl: true, mode: 'id', value: '={{ $json.v }}' } }), label: 'Output', input: item(v) })),
      fc.oneof(nonImageBytes, fc.constant(new Uint8Array(0))).map((bytes) => ({ parameters: upscale('binary', { inputBinaryField: 'data' }), label: 'Input Binary Field', input: binaryItem(bytes) })),
      // A falsy model (false, 0) means "not set" to the node: Stablecog's default model.
      badId
        .filter((v) => Boolean(v))
        .map((v) => ({ parameters: upscale('url', { imageUrl: 'http://127.0.0.1:9/a.png' }, { model: '={{ $json.v }}' }), label: 'Options → Upscale Model', input: item(v) })),
    );
    await fc.assert(
      fc.asyncProperty(cases, async ({ parameters, label, input }) => expectRefused(parameters, label, input)),
      propertyParams(200, 40),
    );
  });

  it('Output → Get Many: a bad limit or filter (property)', async () => {
    const getMany = (extra: Record<string, unknown>, filters: Record<string, unknown> = {}): INodeParameters => ({
      resource: 'output',
      operation: 'getMany',
      returnAll: false,
      limit: 10,
      ...extra,
      filters,
      options: {},
    }) as INodeParameters;
    const cases = fc.oneof(
      // The node checks Limit only through the page size it derives (1–300): 0, negatives, fractions
      // above 300, lists that coerce to numbers ([], [5]) and BigInts slip through: see the known gaps.
      fc.oneof(
        fc.double({ min: 1, max: 300, noNaN: true }).filter((n) => !Number.isInteger(n)),
        fc.constantFrom('abc', NaN, '12px', ['a'], { n: 5 }),
        fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3, noNullPrototype: true }),
      ).map((v) => ({
        parameters: getMany({ limit: '={{ $json.v }}' }),
        label: 'Limit',
        v,
      })),
      fc.constantFrom(['flux'], ['0a99668b'], 'not-an-id').map((v) => ({ parameters: getMany({}, { models: '={{ $json.v }}' }), label: 'Filters → Models', v })),
      fc.constantFrom(['accepted'], ['public', 'approved'], 'bogus').map((v) => ({ parameters: getMany({}, { galleryStatus: '={{ $json.v }}' }), label: 'Filters → Gallery Status', v })),
      fc.constantFrom(['5:4'], ['16:9'], 'square').map((v) => ({ parameters: getMany({}, { aspectRatio: '={{ $json.v }}' }), label: 'Filters → Aspect Ratio', v })),
      badText.filter((v) => typeof v !== 'number').map((v) => ({ parameters: getMany({}, { search: '={{ $json.v }}' }), label: 'Filters → Search', v })),
    );
    await fc.assert(
      fc.asyncProperty(cases, async ({ parameters, label, v }) => expectRefused(parameters, label, item(v))),
      propertyParams(150, 30),
    );
  });

  it('with "continue (using error output)": each bad item goes to the error output, the good ones are generated', async () => {
    const credentials = account();
    const widths: unknown[] = [512, 'abc', [512], 256, -1, { w: 1 }, NaN];
    const result = await runNode({
      credentials,
      parameters: generate({ width: '={{ $json.v }}' }),
      input: widths.map((v) => ({ json: { v } as never })),
      onError: 'continueErrorOutput',
    });
    const [made, failed] = result.outputs;
    expect(made!.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 3 }]);
    expect(failed!.map((i) => i.pairedItem)).toEqual([1, 2, 4, 5, 6].map((index) => ({ item: index })));
    for (const error of failed!) {
      expect(String(error.json.error)).toMatch(/^Options → Width: /);
      expect(error.json.details).toMatchObject({ code: 'validation' });
    }
    expect(emulator.control.ledger({ token: credentials.apiToken }).filter((e) => e.kind === 'charge')).toHaveLength(2);
  });
});

// Gaps reported here and fixed in the node (its options went unchecked, or crashed on a value of
// the wrong type): each option is now read through one checked parameter reader.
describe('n8n node: known gaps in its own options (reported)', () => {
  it('Options → Put Output In Field given an object: a clear error, not "trim is not a function"', async () => {
    await expectRefused(generate({ binaryPropertyName: '={{ $json.v }}', downloadImages: true }), 'Put Output', item({ a: 1 }));
  });
  it('Options → Init Image Binary Field given an object: a clear error, not "trim is not a function"', async () => {
    await expectRefused(generate({ initImageBinaryField: '={{ $json.v }}' }), 'Init Image Binary Field', item({ a: 1 }));
  });
  it('Upscale → Input Binary Field given an object: a clear error, not "trim is not a function"', async () => {
    const parameters = { resource: 'image', operation: 'upscale', source: 'binary', inputBinaryField: '={{ $json.v }}', options: {} };
    await expectRefused(parameters, 'Input Binary Field', item({ a: 1 }));
  });
  it('Options → Parallel Requests "abc": an error naming the option, not a RangeError about "limit"', async () => {
    await expectRefused(generate({ concurrency: '={{ $json.v }}' }), 'Parallel Requests', item('abc'));
  });
  it('Options → Timeout (Seconds) "abc" or -5: refused, not sent without a timeout or reported as a lost create', async () => {
    await expectRefused(generate({ timeout: '={{ $json.v }}' }), 'Timeout', item('abc'));
    await expectRefused(generate({ timeout: '={{ $json.v }}' }), 'Timeout', item(-5));
  });
  it('Options → Aspect Ratio "5:4": refused, not silently replaced by the model’s default size', async () => {
    await expectRefused(generate({ aspectRatio: '={{ $json.v }}', width: undefined, height: undefined }), 'Aspect Ratio', item('5:4'));
  });
  it('Output → Get Many with Limit 0, -5, [] or 988.5: refused, not an empty, one-item or cut result', async () => {
    const parameters = { resource: 'output', operation: 'getMany', returnAll: false, limit: '={{ $json.v }}', filters: {}, options: {} };
    await expectRefused(parameters, 'Limit', item(0));
    await expectRefused(parameters, 'Limit', item(-5));
    await expectRefused(parameters, 'Limit', item([]));
    await expectRefused(parameters, 'Limit', item(988.5));
  });
  it('Output → Get Many with a BigInt Limit: refused, not "Cannot convert a BigInt value to a number"', async () => {
    const parameters = { resource: 'output', operation: 'getMany', returnAll: false, limit: '={{ $json.v }}', filters: {}, options: {} };
    await expectRefused(parameters, 'Limit', item(5n));
  });

  it('a valid 1 × 1 PNG in the init image field is uploaded and used (the checks above are not over-eager)', async () => {
    const credentials = account();
    const result = await runNode({ credentials, parameters: generate({ initImageBinaryField: 'data' }), input: binaryItem(PNG_1X1) });
    expect(result.status).toBe('success');
    expect(String(result.outputs[0]![0]!.json.init_image_url ?? '')).toMatch(/^s3:\/\//);
  });
});

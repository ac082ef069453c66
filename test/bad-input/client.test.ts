/**
 * Bad input through the client, over real HTTP to the emulator: every invalid value of every field
 * is a ValidationError that names the field, thrown before a single request (the emulator's log
 * shows none, the ledger no charge), and nothing else ever escapes (no TypeError, no unhandled
 * rejection). And the other way round: whatever the client lets through, the server accepts.
 */
import fc from 'fast-check';
import {
  OutcomeUnknownError,
  Stablecog,
  StablecogError,
  ValidationError,
  type GenerateInput,
} from '@stablecog/client';
import { GENERATION_MODELS, startEmulator, type Emulator } from '@stablecog/emulator';
import {
  BAD_GENERATE_VALUES,
  badBoolean,
  badId,
  badNumber,
  badText,
  badUrl,
  malformedPrefixedUrl,
  nonImageBytes,
  PNG_1X1,
  propertyParams,
  structured,
} from '@stablecog/testkit';

jest.setTimeout(300_000);

let emulator: Emulator;
let token: string;
let client: Stablecog;
const escaped: unknown[] = [];
const onEscape = (reason: unknown) => escaped.push(reason);

beforeAll(async () => {
  process.on('unhandledRejection', onEscape);
  process.on('uncaughtException', onEscape);
  emulator = await startEmulator({ latencyMs: 0, rateLimit: false });
  token = emulator.control.createAccount({ credits: 1_000_000, plan: 'ultimate' }).token;
  client = new Stablecog({ apiToken: token, baseUrl: emulator.url, maxRetries: 0 });
});
afterAll(async () => {
  await emulator?.close();
  process.off('unhandledRejection', onEscape);
  process.off('uncaughtException', onEscape);
  expect(escaped).toEqual([]); // nothing crashed outside the promises the tests awaited
});

/** Requests this account has sent (every route), and credits charged. */
const sent = () => emulator.control.requests({ origin: 'api' }).filter((r) => r.headers.authorization === `Bearer ${token}`).length;
const charges = () => emulator.control.ledger({ token }).filter((e) => e.kind === 'charge').length;

/**
 * Asserts that `call` fails with a client-side ValidationError naming `field` (or a part of it),
 * with a message and a hint, and that nothing was sent or charged.
 */
async function expectRefusedBeforeSending(call: () => Promise<unknown>, field: string): Promise<ValidationError> {
  const [requestsBefore, chargesBefore] = [sent(), charges()];
  let error: unknown;
  try {
    await call();
  } catch (err) {
    error = err;
  }
  if (!(error instanceof ValidationError)) {
    throw new Error(`expected a ValidationError naming ${field}, got ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
  }
  expect(error.status).toBeUndefined(); // found by the client, not the server
  const fields = error.issues.map((issue) => issue.field);
  expect(fields.some((f) => f === field || f.startsWith(`${field}.`))).toBe(true);
  expect(error.message).toContain(field);
  expect(error.hint.length).toBeGreaterThan(10);
  expect(sent()).toBe(requestsBefore);
  expect(charges()).toBe(chargesBefore);
  return error;
}

/** A valid generate input the properties spoil one field of. */
const BASE: GenerateInput = { prompt: 'a lighthouse at dawn', width: 512, height: 512, num_outputs: 1 };

/** For every generate field, the values it must refuse. */
const BAD_GENERATE_FIELDS: Record<string, fc.Arbitrary<unknown>> = {
  prompt: fc.oneof(fc.constantFrom('', '   ', '\n\t', '\u00a0\u2028', null, undefined), badText),
  ...BAD_GENERATE_VALUES,
};

describe('generate: bad input is refused before sending', () => {
  it('refuses an invalid value of any field, naming the field (property)', async () => {
    const fieldAndValue = fc.oneof(
      ...Object.entries(BAD_GENERATE_FIELDS).map(([field, values]) => values.map((value) => ({ field, value }))),
    );
    await fc.assert(
      fc.asyncProperty(fieldAndValue, async ({ field, value }) => {
        await expectRefusedBeforeSending(() => client.images.generate({ ...BASE, [field]: value } as GenerateInput), field);
      }),
      propertyParams(),
    );
  });

  it('names every bad field at once', async () => {
    const err = await expectRefusedBeforeSending(
      () => client.images.generate({ prompt: ' ', width: 'abc', num_outputs: 9, seed: -1 } as GenerateInput),
      'prompt',
    );
    expect(err.issues.map((i) => i.field).sort()).toEqual(['num_outputs', 'prompt', 'seed', 'width']);
  });

  it.each([
    ['"abc" for width', { width: 'abc' }, 'width', /must be a number \(got "abc"\)/],
    ['an array for width', { width: [512] }, 'width', /must be a number/],
    ['an object for height', { height: { px: 512 } }, 'height', /must be a number/],
    ['a negative width', { width: -512 }, 'width', /at least 256/],
    ['a huge height', { height: 1e12 }, 'height', /at most 1536/],
    ['NaN for guidance', { guidance_scale: NaN }, 'guidance_scale', /number/],
    ['Infinity for the seed', { seed: Infinity }, 'seed', /number/],
    ['a fractional number of images', { num_outputs: 1.5 }, 'num_outputs', /whole number/],
    ['1536 × 1536 at 30 steps', { width: 1536, height: 1536 }, 'width', /31,457,280/],
    ['a control character in a number', { width: '512\u0000' }, 'width', /number/],
    ['an FTP init image', { init_image_url: 'ftp://example.com/a.png' }, 'init_image_url', /http/],
    ['a javascript: mask', { mask_image_url: 'javascript:alert(1)' }, 'mask_image_url', /http/],
    ['"yes" for gallery', { submit_to_gallery: 'yes' }, 'submit_to_gallery', /true or false/],
    ['a model name instead of its id', { model_id: 'FLUX.1' }, 'model_id', /id like/],
  ])('refuses %s', async (_label, patch, field, message) => {
    const err = await expectRefusedBeforeSending(() => client.images.generate({ ...BASE, ...patch } as GenerateInput), field);
    expect(err.message).toMatch(message);
  });

  it('refuses inputs that are no object of fields', async () => {
    for (const input of [null, undefined, 'a lighthouse', 42, ['a lighthouse']]) {
      const [requestsBefore] = [sent()];
      const err = await client.images.generate(input as unknown as GenerateInput).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ValidationError);
      expect((err as Error).message).toMatch(/object/);
      expect(sent()).toBe(requestsBefore);
    }
  });

  it('refuses a malformed URL with an accepted scheme (no host, brackets, spaces) before sending', async () => {
    await fc.assert(
      fc.asyncProperty(malformedPrefixedUrl, fc.constantFrom('init_image_url', 'mask_image_url'), async (url, field) => {
        await expectRefusedBeforeSending(() => client.images.generate({ ...BASE, [field]: url }), field);
      }),
      { numRuns: 20 },
    );
  });
});

describe('generate: what the client lets through, the server accepts', () => {
  const activeModels = GENERATION_MODELS.filter((m) => m.is_active).map((m) => m.id);
  /** Mostly valid values, sometimes not: so that both outcomes happen often. */
  const mostly = (valid: fc.Arbitrary<unknown>, invalid: fc.Arbitrary<unknown>) =>
    fc.option(fc.oneof({ arbitrary: valid, weight: 8 }, { arbitrary: invalid, weight: 1 }), { nil: undefined });
  const size = fc.oneof(
    fc.integer({ min: 256, max: 1024 }),
    fc.integer({ min: 256, max: 1024 }).map((n) => `${n}`),
    fc.constantFrom('512.0', ' 512 ', '0x200', '1e3', '768'),
  );
  const input = fc.record({
    prompt: fc.oneof(
      fc.string({ maxLength: 80 }),
      fc.string({ unit: 'grapheme', maxLength: 600 }),
      fc.string({ unit: 'binary', maxLength: 100 }),
      fc.constantFrom('emu_nsfw a forbidden picture', '\u0000\u001b[31mred\u001b[0m', '  \n\t  '),
    ),
    negative_prompt: mostly(fc.string({ maxLength: 40 }), badText),
    model_id: mostly(fc.constantFrom(...activeModels, ''), badId),
    scheduler_id: mostly(fc.uuid(), badId),
    width: mostly(size, fc.constantFrom(2048, 'abc', 100, [512])),
    height: mostly(size, fc.constantFrom(2048, 'abc', 100, { px: 512 })),
    num_outputs: mostly(fc.oneof(fc.integer({ min: 1, max: 4 }), fc.constantFrom('2', '4.0')), fc.constantFrom(0, 5, 'two')),
    guidance_scale: mostly(fc.oneof(fc.double({ min: 1, max: 30, noNaN: true }), fc.constant('7.5')), fc.constantFrom(0, 31, 'x', NaN)),
    inference_steps: mostly(fc.oneof(fc.integer({ min: 10, max: 30 }), fc.constant('13')), fc.constantFrom(9, '9.5', Infinity, 40, 500)),
    seed: mostly(fc.oneof(fc.integer({ min: 0, max: 2 ** 31 - 2 }), fc.constant('42')), fc.constantFrom(-1, 1.5, '1e400')),
    prompt_strength: mostly(fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constant('.5')), fc.constantFrom(2, -0.1)),
    submit_to_gallery: mostly(fc.oneof(fc.boolean(), fc.constantFrom('true', 'FALSE')), fc.constantFrom('yes', 1)),
  });

  it('either refuses before sending, or the server answers 200 (property)', async () => {
    let accepted = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(input, async (fields) => {
        const definedFields = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as GenerateInput;
        const requestsBefore = sent();
        try {
          const result = await client.images.generate(definedFields);
          accepted++;
          expect(result.outputs.length).toBeLessThanOrEqual(4);
          // The numbers went out as numbers: the server never saw "512.0" (Go refuses it).
          if (definedFields.width !== undefined) expect(result.settings?.width).toBe(Number(String(definedFields.width).trim()));
        } catch (err) {
          if (err instanceof ValidationError && err.status === undefined) {
            refused++;
            expect(sent()).toBe(requestsBefore);
            return;
          }
          // The only server refusal the client cannot foresee: the content filter (nothing charged).
          expect(err).toBeInstanceOf(StablecogError);
          expect({ code: (err as StablecogError).code, message: (err as Error).message }).toMatchObject({ code: 'content_policy' });
        }
      }),
      propertyParams(200, 50),
    );
    console.log(`client generate property: ${accepted} accepted by the server, ${refused} refused before sending`);
    expect(accepted).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
  });
});

describe('the size check with the model’s default size', () => {
  it('refuses too many inference steps for the default size before sending', async () => {
    await expectRefusedBeforeSending(() => client.images.generate({ prompt: 'a lighthouse', inference_steps: 40 }), 'inference_steps');
  });

  it('refuses them when only one side is given', async () => {
    await expectRefusedBeforeSending(() => client.images.generate({ prompt: 'a lighthouse', width: 512, inference_steps: 500 }), 'inference_steps');
  });
});

describe('huge prompts (the server keeps 500 bytes)', () => {
  // The client's decision: a long prompt is sent whole, as the API takes it; the server cuts it at
  // 500 bytes (even inside a character), and the recovery search still recognises it.
  it('sends a prompt over 500 bytes; the server keeps the first 500, and the search finds it', async () => {
    const prompt = `${'🦊 a red fox in the snow, '.repeat(40)}the end`; // about 1,100 bytes, cut inside an emoji
    const result = await client.images.generate({ prompt, num_outputs: 1, width: 256, height: 256, seed: 4242 });
    const [stored] = (await client.outputs.list({ per_page: 1 })).outputs;
    expect(stored!.id).toBe(result.outputs[0]!.id);
    expect(Buffer.byteLength(stored!.generation.prompt!.text, 'utf8')).toBeLessThanOrEqual(500);
    const found = await client.outputs.find({ prompt, seed: 4242, since: Date.now() - 60_000 });
    expect(found.map((o) => o.id)).toEqual([result.outputs[0]!.id]);
  });

  it('a lost create with a 1 MiB prompt is found again by that prompt', async () => {
    const prompt = `a very long prompt ${'x'.repeat(1024 * 1024)}`;
    emulator.control.injectFaults({ route: 'generate', kind: 'drop', times: 1 });
    const err = (await client.images.generate({ prompt, num_outputs: 1, width: 256, height: 256 }).catch((e: unknown) => e)) as OutcomeUnknownError;
    expect(err).toBeInstanceOf(OutcomeUnknownError);
    const found = await client.outputs.find({ prompt: err.prompt!, seed: err.seed!, since: err.startedAt });
    expect(found).toHaveLength(1);
  });

  it('a prompt that makes the body larger than the API’s 10 MiB is refused before sending, naming the prompt', async () => {
    const err = await expectRefusedBeforeSending(() => client.images.generate({ prompt: 'x'.repeat(11 * 1024 * 1024) }), 'prompt');
    expect(err.message).toMatch(/at most 10 MiB/);
  });
});

describe('uploads: the 10 MiB limit counts the whole request body, not the file', () => {
  /** A valid PNG of exactly `size` bytes (a 1 × 1 image, then padding the decoder ignores). */
  const png = (size: number) => Buffer.concat([PNG_1X1, Buffer.alloc(size - PNG_1X1.length)]);

  it('an image of exactly 10 MiB (10,485,760 bytes) is refused before sending: with its form headers the body is larger', async () => {
    const upload = await expectRefusedBeforeSending(() => client.images.upload({ data: png(10_485_760) }), 'data');
    expect(upload.message).toMatch(/the image is 10,485,760 bytes.*at most 10,485,760 bytes \(10 MiB\) in all, so the image may be at most [\d,]+ bytes/);
    await expectRefusedBeforeSending(() => client.images.upscale({ file: { data: png(10_485_760) } }), 'file');
  });

  it('the largest image the check lets through is accepted by the server; one byte more is refused before sending', async () => {
    const err = await expectRefusedBeforeSending(() => client.images.upload({ data: png(10_485_760) }), 'data');
    const largest = Number(/may be at most ([\d,]+) bytes/.exec(err.message)![1]!.replace(/,/g, ''));
    expect(largest).toBeGreaterThan(10_485_760 - 400);
    await expect(client.images.upload({ data: png(largest) })).resolves.toMatchObject({ object: expect.stringMatching(/^s3:\/\//) });
    await expectRefusedBeforeSending(() => client.images.upload({ data: png(largest + 1) }), 'data');
  });
});

describe('upscale, upload, outputs and find: bad input is refused before sending', () => {
  it('upscale: a bad input, image bytes or model id (property)', async () => {
    const cases = fc.oneof(
      badUrl.filter((v) => typeof v !== 'string' || !/^[0-9a-f-]{36}$/i.test(v.trim())).map((input) => ({ call: { input }, field: 'input' })),
      fc.constantFrom('', '  ').map((input) => ({ call: { input }, field: 'input' })),
      nonImageBytes.map((data) => ({ call: { file: { data } }, field: 'file' })),
      fc.constantFrom(new Uint8Array(0), Buffer.alloc(0)).map((data) => ({ call: { file: { data } }, field: 'file' })),
      fc.oneof(fc.string(), structured).map((data) => ({ call: { file: { data } }, field: 'file' })),
      fc.constantFrom('image/gif', 'text/plain', 'image/svg+xml').map((contentType) => ({ call: { file: { data: PNG_1X1, contentType } }, field: 'file' })),
      badId.map((model_id) => ({ call: { input: '5d8e2c4a-91b3-4f6e-a0d7-3c2b1e9f8a64', model_id }, field: 'model_id' })),
    );
    await fc.assert(
      fc.asyncProperty(cases, async ({ call, field }) => {
        await expectRefusedBeforeSending(() => client.images.upscale(call as never), field);
      }),
      propertyParams(),
    );
  });

  it('upload: bytes that are no JPEG, PNG or WebP, empty bytes, or no bytes (property)', async () => {
    const data = fc.oneof(nonImageBytes, fc.constant(new Uint8Array(0)), fc.string(), structured);
    await fc.assert(
      fc.asyncProperty(data, async (bytes) => {
        await expectRefusedBeforeSending(() => client.images.upload({ data: bytes } as never), 'data');
      }),
      propertyParams(),
    );
  });

  it('outputs.list: a bad page size, filter or cursor (property)', async () => {
    const cases = fc.oneof(
      badNumber({ min: 1, max: 300, integer: true }).map((v) => ({ per_page: v, field: 'per_page' })),
      fc.oneof(fc.constantFrom('accepted', 'public', 'APPROVED!'), structured.filter((v) => !Array.isArray(v))).map((v) => ({ gallery_status: v, field: 'gallery_status' })),
      fc.constantFrom('16:9', '1x1', 'square', '2.4-1').map((v) => ({ aspect_ratio: v, field: 'aspect_ratio' })),
      fc.constantFrom('newest', 'ASC ', 'random').filter((v) => !/^(asc|desc)$/.test(v.trim())).map((v) => ({ order: v, field: 'order' })),
      fc.constantFrom('flux', 'not-a-uuid,0a99668b-45bd-4f7e-aa9c-f9aaa41ef13b').map((v) => ({ model_ids: v, field: 'model_ids' })),
      badBoolean.map((v) => ({ is_favorited: v, field: 'is_favorited' })),
      fc.oneof(fc.dictionary(fc.string(), fc.string()), fc.constant(NaN), fc.boolean()).map((v) => ({ cursor: v, field: 'cursor' })),
      badText.filter((v) => typeof v !== 'number').map((v) => ({ search: v, field: 'search' })),
    );
    await fc.assert(
      fc.asyncProperty(cases, async ({ field, ...query }) => {
        await expectRefusedBeforeSending(() => client.outputs.list(query as never), field);
      }),
      propertyParams(),
    );
  });

  it('outputs.find: a bad time, seed or prompt (property)', async () => {
    const cases = fc.oneof(
      fc.oneof(fc.constantFrom('yesterday', '2025-13-45', 'abc', ''), structured, fc.boolean()).map((since) => ({ query: { seed: 1, since }, field: 'since' })),
      badNumber({ min: 0, integer: true }).map((seed) => ({ query: { seed, since: Date.now() }, field: 'seed' })),
      badText.map((prompt) => ({ query: { prompt, since: Date.now() }, field: 'prompt' })),
    );
    await fc.assert(
      fc.asyncProperty(cases, async ({ query, field }) => {
        await expectRefusedBeforeSending(() => client.outputs.find(query as never), field);
      }),
      propertyParams(),
    );
  });
});

import { ValidationError } from '../../src/core/errors';
import { generate, listOutputs, randomSeed, upload, upscale } from '../../src/core/operations';

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const JPEG = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]);
const WEBP = Uint8Array.from([0x52, 0x49, 0x46, 0x46, 1, 0, 0, 0, 0x57, 0x45, 0x42, 0x50]);
const MODEL = '0a99668b-45bd-4f7e-aa9c-f9aaa41ef13b';

function validationError(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ValidationError) return err;
    throw err;
  }
  throw new Error('expected a ValidationError');
}

const bodyOf = (input: Parameters<typeof generate.build>[0]) =>
  (generate.build(input, { random: () => 0.5 }).body as { value: Record<string, unknown> }).value;

describe('generate input', () => {
  it('sends only the given fields, numbers coerced from form text, and always a seed', () => {
    const body = bodyOf({ prompt: 'a cat', width: '512', height: 768, num_outputs: '2', guidance_scale: ' 7.5 ', submit_to_gallery: 'TRUE', negative_prompt: '' });
    expect(body).toEqual({ prompt: 'a cat', width: 512, height: 768, num_outputs: 2, guidance_scale: 7.5, submit_to_gallery: true, seed: randomSeed(() => 0.5) });
  });

  it('treats "" and null as absent, so the server applies its defaults', () => {
    const body = bodyOf({ prompt: 'a cat', model_id: '', width: null, seed: '', init_image_url: '  ' });
    expect(Object.keys(body).sort()).toEqual(['prompt', 'seed']);
  });

  it('keeps a given seed and picks one in [0, 2^31-1) otherwise', () => {
    expect(bodyOf({ prompt: 'x', seed: 42 }).seed).toBe(42);
    expect(bodyOf({ prompt: 'x', seed: '0' }).seed).toBe(0);
    expect(randomSeed(() => 0)).toBe(0);
    expect(randomSeed(() => 0.9999999999)).toBeLessThan(2 ** 31 - 1);
    const spec = generate.build({ prompt: 'x' }, { random: () => 0.25 });
    expect(spec.recovery).toEqual({ prompt: 'x', seed: Math.floor(0.25 * (2 ** 31 - 1)) });
  });

  it('names every bad field, with the value it got', () => {
    const err = validationError(() => generate.build({ prompt: '   ', width: 2048, height: 100, num_outputs: 'abc', guidance_scale: 31, seed: -1, inference_steps: 9.5 }));
    expect(err.issues).toEqual([
      { field: 'prompt', message: 'must not be empty' },
      { field: 'width', message: 'must be at most 1536 (got 2048)' },
      { field: 'height', message: 'must be at least 256 (got 100)' },
      { field: 'num_outputs', message: 'must be a number (got "abc")' },
      { field: 'guidance_scale', message: 'must be at most 30 (got 31)' },
      { field: 'inference_steps', message: 'must be a whole number (got 9.5)' },
      { field: 'seed', message: 'must be at least 0 (got -1)' },
    ]);
    expect(err.message).toContain('width: must be at most 1536 (got 2048)');
    expect(err.field).toBe('prompt');
    expect(err.code).toBe('validation');
    expect(err.operation).toBe('generate');
    expect(err.hint).toMatch(/Describe the image/);
    expect(err.hint).toMatch(/256 to 1536/);
  });

  it('requires a prompt', () => {
    expect(validationError(() => generate.build({} as never)).message).toBe('prompt: is required');
    expect(validationError(() => generate.build({ prompt: 5 } as never)).message).toBe('prompt: must be text (got 5)');
    expect(validationError(() => generate.build(null as never)).message).toMatch(/must be an object/);
  });

  it('enforces width × height × steps ≤ 31,457,280 with steps defaulting to 30', () => {
    expect(() => bodyOf({ prompt: 'x', width: 1024, height: 1024 })).not.toThrow();
    const big = validationError(() => generate.build({ prompt: 'x', width: 1536, height: 1536 }));
    expect(big.field).toBe('width');
    expect(big.message).toContain('1536 × 1536 × 30 = 70,778,880');
    expect(() => bodyOf({ prompt: 'x', width: 1536, height: 1536, inference_steps: 13 })).not.toThrow();
    expect(validationError(() => generate.build({ prompt: 'x', width: 1536, height: 1536, inference_steps: 14 })).field).toBe('inference_steps');
  });

  it('checks ids, image URLs and prompt strength', () => {
    const err = validationError(() =>
      generate.build({ prompt: 'x', model_id: 'flux', init_image_url: 'ftp://x/y.png', mask_image_url: 'file.png', prompt_strength: 1.5 }),
    );
    expect(err.issues.map((i) => i.field)).toEqual(['model_id', 'init_image_url', 'prompt_strength', 'mask_image_url']);
    expect(() => bodyOf({ prompt: 'x', model_id: MODEL, init_image_url: 's3://abc/def.png', prompt_strength: '0.3' })).not.toThrow();
  });

  it('parses image URLs: a malformed one with an accepted scheme is refused, naming the field', () => {
    for (const url of ['https://', 'http://[::1', 'http:// spaces .com/a.png', 'https://exa mple.com/a.png', 'http://%zz/a.png', 's3://', 's3://bucket/']) {
      for (const field of ['init_image_url', 'mask_image_url'] as const) {
        const err = validationError(() => generate.build({ prompt: 'x', [field]: url }));
        expect(err.field).toBe(field);
        expect(err.message).toMatch(new RegExp(`^${field}: is not a well-formed URL`));
      }
      expect(validationError(() => upscale.build({ input: url })).message).toMatch(/^input: is not a well-formed URL/);
    }
    // The server compares schemes in lower case.
    expect(validationError(() => generate.build({ prompt: 'x', init_image_url: 'HTTPS://example.com/a.png' })).message).toMatch(/must start with/);
    const fine = ['https://example.com/a.png?X-Amz-Signature=a%20b', 'http://[::1]:8080/a.png', 's3://5ec2e770/0a99668b-45bd-4f7e-aa9c-f9aaa41ef13b.png'];
    for (const url of fine) {
      expect(bodyOf({ prompt: 'x', init_image_url: url }).init_image_url).toBe(url); // sent exactly as given
      expect(upscale.build({ input: url }).body).toEqual({ kind: 'json', value: { input: url } });
    }
  });

  it('describes a blocking, charged request with a long timeout', () => {
    const spec = generate.build({ prompt: 'x' });
    expect(spec).toMatchObject({ method: 'POST', path: '/v1/image/generation/create', auth: true, retry: 'charged', timeoutMs: 600_000 });
    expect(generate.build({ prompt: 'x' }, { timeoutMs: 5 }).timeoutMs).toBe(5);
  });
});

describe('upscale input', () => {
  it('sends an output id, URL or s3 object as JSON', () => {
    for (const input of [MODEL, 'https://example.com/a.png', 's3://bucket/x.webp']) {
      const spec = upscale.build({ input, model_id: '' });
      expect(spec.body).toEqual({ kind: 'json', value: { input } });
      expect(spec.recovery).toEqual({ input });
      expect(spec.retry).toBe('charged');
    }
  });

  it('sends bytes as multipart with the sniffed type and a filename', () => {
    const spec = upscale.build({ file: { data: PNG }, model_id: MODEL });
    expect(spec.body).toEqual({
      kind: 'multipart',
      parts: [
        { name: 'file', kind: 'file', data: PNG, filename: 'image.png', contentType: 'image/png' },
        { name: 'data', kind: 'field', value: JSON.stringify({ model_id: MODEL }) },
      ],
    });
  });

  it('refuses anything else', () => {
    expect(validationError(() => upscale.build({ input: 'cat.png' })).message).toBe(
      'input: must be an output id (uuid), an http(s) URL or an s3:// object',
    );
    expect(validationError(() => upscale.build({ file: { data: Uint8Array.from([1, 2, 3]) } })).field).toBe('file');
    expect(validationError(() => upscale.build({ file: { data: 'abc' as never } })).field).toBe('file.data');
  });
});

describe('upload input', () => {
  it('recognises JPEG, PNG and WebP and names the file after its type', () => {
    const parts = (data: Uint8Array) => (upload.build({ data }).body as { parts: Array<Record<string, unknown>> }).parts[0];
    expect(parts(JPEG)).toMatchObject({ filename: 'image.jpg', contentType: 'image/jpeg' });
    expect(parts(WEBP)).toMatchObject({ filename: 'image.webp', contentType: 'image/webp' });
    expect(upload.build({ data: PNG, filename: 'me.png' }).body).toMatchObject({ parts: [{ filename: 'me.png' }] });
  });

  it('refuses empty, oversized and non-image bytes before sending', () => {
    expect(validationError(() => upload.build({ data: new Uint8Array(0) })).message).toBe('data: must not be empty');
    const big = new Uint8Array(10 * 1024 * 1024 + 1);
    big.set(JPEG);
    expect(validationError(() => upload.build({ data: big })).message).toBe('data: must be at most 10 MiB (got 10.0 MiB)');
    expect(validationError(() => upload.build({ data: Uint8Array.from([0x47, 0x49, 0x46, 0x38]) })).message).toMatch(/JPEG, PNG or WebP/);
    expect(validationError(() => upload.build({ data: PNG, contentType: 'image/gif' })).field).toBe('contentType');
  });
});

describe('outputs query', () => {
  it('passes the cursor back exactly, lists comma-joined, booleans as text', () => {
    const cursor = '2025-01-02T03:04:05.123456Z';
    const spec = listOutputs.build({ per_page: '100', cursor, model_ids: [MODEL, MODEL], gallery_status: 'submitted, approved', is_favorited: 'false', order: 'asc' });
    expect(spec.query).toEqual({
      per_page: 100,
      cursor,
      model_ids: `${MODEL},${MODEL}`,
      scheduler_ids: undefined,
      gallery_status: 'submitted,approved',
      is_favorited: false,
      aspect_ratio: undefined,
      search: undefined,
      order: 'asc',
    });
    expect(listOutputs.build({ cursor: 150 }).query?.cursor).toBe('150');
    expect(listOutputs.build(undefined).query?.cursor).toBeUndefined();
  });

  it('refuses what the server would refuse', () => {
    expect(validationError(() => listOutputs.build({ per_page: 301 })).message).toBe('per_page: must be at most 300 (got 301)');
    expect(validationError(() => listOutputs.build({ order: 'newest' })).message).toBe('order: must be asc or desc (got "newest")');
  });
});

/**
 * fast-check arbitraries for hostile input: what forms, mappings and careless callers send where a
 * number, an id, a URL, a boolean or image bytes belong. Each arbitrary yields values the field must
 * REFUSE (shared by the client, n8n and Zapier bad-input suites).
 */
import fc from 'fast-check';

/** Text that is no number even after trimming ("abc", "12px", "1,5", Arabic-Indic digits…). */
export const nonNumericText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('abc', '12px', '1,5', '--1', '5 5', 'NaN', 'one', '½', '0x', '1e', '٥١٢', '512abc', '{{ $json.width }}', '\u0000'),
  fc.string({ minLength: 1, maxLength: 20 }).filter((s) => s.trim() !== '' && Number.isNaN(Number(s.trim()))),
);

/** NaN and the infinities, as numbers and as text. */
export const nonFinite: fc.Arbitrary<number | string> = fc.constantFrom(NaN, Infinity, -Infinity, 'Infinity', '-Infinity', '1e400');

/** Values of no scalar type: lists, objects, big integers (booleans are added where they are wrong). */
export const structured: fc.Arbitrary<unknown> = fc.oneof(
  fc.array(fc.oneof(fc.integer(), fc.string()), { maxLength: 3 }),
  // Objects as JSON makes them (n8n items and Zapier bundles are JSON): with a prototype.
  fc.dictionary(fc.string({ maxLength: 5 }), fc.oneof(fc.integer(), fc.string()), { maxKeys: 3, noNullPrototype: true }),
  fc.bigInt(),
);

/** A number field's refusals: out of range (as numbers and as text), non-integers, text, NaN, wrong types. */
export function badNumber(rules: { min: number; max?: number; integer?: boolean }): fc.Arbitrary<unknown> {
  const { min, max = Number.MAX_SAFE_INTEGER, integer = false } = rules;
  const outOfRange = fc
    .oneof(fc.double({ max: min, noNaN: true, noDefaultInfinity: true }), fc.double({ min: max, noNaN: true, noDefaultInfinity: true }))
    .filter((v) => v < min || v > max);
  const choices: Array<fc.Arbitrary<unknown>> = [outOfRange, outOfRange.map(String), nonNumericText, nonFinite, structured, fc.boolean()];
  if (integer) {
    choices.push(fc.double({ min, max: Math.min(max, 1e9), noNaN: true }).filter((v) => !Number.isInteger(v)));
  }
  return fc.oneof(...choices);
}

/** A text field's refusals: anything but text (null and undefined mean "not given"). */
export const badText: fc.Arbitrary<unknown> = fc.oneof(fc.integer(), fc.double(), fc.boolean(), structured);

/** An id field's refusals: text that is no 8-4-4-4-12 hex id, or no text at all. */
export const badId: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom('flux', '0a99668b', '0a99668b-45bd-4f7e-aa9c-f9aaa41ef13', '0a99668b-45bd-4f7e-aa9c-f9aaa41ef13bb', 'zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz', '{{123__id}}'),
  fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() !== '' && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s.trim())),
  badText,
);

/** URLs with an accepted scheme that are still no URL: no host, brackets, spaces. */
export const malformedPrefixedUrl: fc.Arbitrary<string> = fc.constantFrom(
  'https://',
  'http://',
  's3://',
  'http://[::1',
  'http:// spaces .com/a.png',
  'https://exa mple.com/a.png',
  'http://%zz/a.png',
);

/** URLs of schemes the API does not take, malformed ones, or no URL at all. */
export const badUrl: fc.Arbitrary<unknown> = fc.oneof(
  malformedPrefixedUrl,
  fc.constantFrom(
    'ftp://example.com/a.png',
    'javascript:alert(1)',
    'www.example.com/a.png',
    'file:///etc/passwd',
    'data:image/png;base64,iVBORw0KGgo=',
    '//example.com/a.png',
    'example.com',
    'http:/example.com/a.png',
    'https:example.com/a.png',
  ),
  fc.webUrl().map((url) => url.replace(/^https?/, 'gopher')),
  fc.string({ minLength: 1, maxLength: 30 }).filter((s) => s.trim() !== '' && !/^(https?|s3):\/\//i.test(s.trim())),
  badText,
);

/** A boolean field's refusals: text other than true/false, numbers, lists, objects. */
export const badBoolean: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom('yes', 'no', 'on', '1', '0', 'TRUE!', 'enabled'),
  fc.string({ minLength: 1, maxLength: 10 }).filter((s) => s.trim() !== '' && !/^(true|false)$/i.test(s.trim())),
  fc.integer(),
  structured,
);

/**
 * For every generate field but the prompt (the API's names), the values it must refuse in an input
 * of 512 × 512: the size check allows up to 120 steps there, so 121 and more are refused too.
 */
export const BAD_GENERATE_VALUES = {
  negative_prompt: badText,
  model_id: badId,
  scheduler_id: badId,
  width: badNumber({ min: 256, max: 1536, integer: true }),
  height: badNumber({ min: 256, max: 1536, integer: true }),
  num_outputs: badNumber({ min: 1, max: 4, integer: true }),
  guidance_scale: badNumber({ min: 1, max: 30 }),
  inference_steps: fc.oneof(badNumber({ min: 10, max: 120, integer: true }), fc.integer({ min: 121, max: 10 ** 9 })),
  seed: badNumber({ min: 0, integer: true }),
  init_image_url: badUrl,
  prompt_strength: badNumber({ min: 0, max: 1 }),
  mask_image_url: badUrl,
  submit_to_gallery: badBoolean,
} satisfies Record<string, fc.Arbitrary<unknown>>;

/** Magic numbers of the images the API takes. */
const IMAGE_MAGIC = [
  [0xff, 0xd8, 0xff], // JPEG
  [0x89, 0x50, 0x4e, 0x47], // PNG
];
const isImage = (bytes: Uint8Array) =>
  IMAGE_MAGIC.some((magic) => magic.every((b, i) => bytes[i] === b)) ||
  (bytes.length >= 12 && Buffer.from(bytes.subarray(0, 4)).toString('latin1') === 'RIFF' && Buffer.from(bytes.subarray(8, 12)).toString('latin1') === 'WEBP');

/** Bytes that are no JPEG, PNG or WebP: documents, other image types, random bytes, nothing. */
export const nonImageBytes: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.constantFrom(
    Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj'),
    Buffer.from('GIF89a\x01\x00\x01\x00\x80\x00\x00', 'latin1'),
    Buffer.from('BM6\x00\x00\x00\x00\x00\x00\x006\x00\x00\x00', 'latin1'),
    Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'),
    Buffer.from('PK\x03\x04', 'latin1'),
    Buffer.from('{"image":"not really"}'),
    Buffer.from([0xff, 0xd8]), // a JPEG's first two bytes only
  ),
  fc.uint8Array({ minLength: 1, maxLength: 64 }).filter((bytes) => !isImage(bytes)),
);

/** A 1 × 1 PNG. */
export const PNG_1X1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

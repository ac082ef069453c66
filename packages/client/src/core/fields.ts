/**
 * zod building blocks for input fields that may come from a form (n8n, Zapier, the CLI): numbers
 * and booleans may arrive as strings, and an empty string means "not given".
 */
import { z } from 'zod';

/** Empty strings and null mean the field was left empty. */
const isEmpty = (value: unknown): boolean =>
  value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

/**
 * An optional number that also accepts its text form (`"512"`), checked by `rules` after coercion.
 * `"abc"` is an issue on the field, never NaN sent to the server.
 */
export function formNumber<T extends z.ZodType<number, number>>(rules: T) {
  return z
    .union([z.number(), z.string(), z.null()], { error: 'must be a number' })
    .optional()
    .transform((value, ctx): number | undefined => {
      if (isEmpty(value)) return undefined;
      if (typeof value === 'number') return value;
      const parsed = Number((value as string).trim());
      if (Number.isNaN(parsed)) {
        ctx.addIssue({ code: 'custom', message: `must be a number (got "${value}")` });
        return z.NEVER;
      }
      return parsed;
    })
    .pipe(rules.optional());
}

/** An optional string, trimmed; empty means absent. */
export function formString<T extends z.ZodType<string, string>>(rules: T) {
  return z
    .union([z.string(), z.null()], { error: 'must be text' })
    .optional()
    .transform((value) => (isEmpty(value) ? undefined : (value as string).trim()))
    .pipe(rules.optional());
}

/** An optional boolean that also accepts `"true"` / `"false"` (any case). */
export function formBoolean() {
  return z
    .union([z.boolean(), z.string(), z.null()], { error: 'must be true or false' })
    .optional()
    .transform((value, ctx): boolean | undefined => {
      if (isEmpty(value)) return undefined;
      if (typeof value === 'boolean') return value;
      const text = (value as string).trim().toLowerCase();
      if (text === 'true') return true;
      if (text === 'false') return false;
      ctx.addIssue({ code: 'custom', message: `must be true or false (got "${value}")` });
      return z.NEVER;
    });
}

/** An optional list given as an array or as comma-separated text; sent comma-joined. */
export function formList<T extends z.ZodType<string, string>>(item: T) {
  return z
    .union([z.string(), z.array(z.string()), z.null()], { error: 'must be a list or comma-separated text' })
    .optional()
    .transform((value) => {
      if (isEmpty(value)) return undefined;
      const items = (Array.isArray(value) ? value : (value as string).split(','))
        .map((entry) => entry.trim())
        .filter((entry) => entry !== '');
      return items.length ? items : undefined;
    })
    .pipe(z.array(item).optional());
}

/** Matches an id of the API (any UUID version). */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An 8-4-4-4-12 hex id, as the API uses for models, schedulers and outputs. */
export const uuid = () =>
  z.string().regex(UUID_PATTERN, { error: 'must be an id like 0a99668b-45bd-4f7e-aa9c-f9aaa41ef13b' });

/** The schemes the server accepts, exactly as it compares them (lower case). */
export const IMAGE_URL_SCHEME = /^(https?|s3):\/\//;
/** What is wrong with a URL the WHATWG parser refuses. */
export const MALFORMED_URL =
  'is not a well-formed URL (it needs a host name, no spaces, and for s3:// an object key): ' +
  'e.g. https://example.com/image.png, or the s3:// object images.upload() returns';

/**
 * Whether `text` is an image URL the server can use: an http(s) URL that the WHATWG URL parser
 * accepts, with a host; or an `s3://<bucket>/<key>` object, as `images.upload` returns them.
 */
export function isImageUrl(text: string): boolean {
  if (!IMAGE_URL_SCHEME.test(text)) return false;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return false;
  }
  if (url.hostname === '') return false;
  return url.protocol !== 's3:' || url.pathname.length > 1;
}

/** An image URL field (http(s) or s3://). */
export const imageUrl = () =>
  z
    .string()
    .regex(IMAGE_URL_SCHEME, { error: 'must start with http://, https:// or s3://', abort: true })
    .refine(isImageUrl, { error: MALFORMED_URL });

/** A response number that may be missing or null. */
export const optionalNumber = z.number().nullish();
/** A response string that may be missing or null. */
export const optionalString = z.string().nullish();

/**
 * Input schemas: the server's own validation rules (API-BEHAVIOR.md §5–§8), checked before anything
 * is sent. Field names are the API's. The TypeScript input types are inferred from these schemas.
 */
import { z } from 'zod';
import { formBoolean, formList, formNumber, formString, uuid, UUID_PATTERN } from './fields';
import { ASPECT_RATIO_NAMES } from './generate/sizes';
import { DEFAULT_INFERENCE_STEPS, MAX_SIDE, MIN_INFERENCE_STEPS, MIN_SIDE, pixelStepsProblem } from './size-limit';

/** Largest request body the API's proxy accepts (10 MiB); bigger uploads get an HTML 413 page. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
/** Image types the API accepts as input. */
export const IMAGE_CONTENT_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;

/** The schemes the server accepts, exactly as it compares them (lower case). */
const IMAGE_URL_SCHEME = /^(https?|s3):\/\//;
const MALFORMED_URL =
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

const imageUrl = () =>
  z
    .string()
    .regex(IMAGE_URL_SCHEME, { error: 'must start with http://, https:// or s3://', abort: true })
    .refine(isImageUrl, { error: MALFORMED_URL });

/** Input of `images.generate` (POST /v1/image/generation/create). */
export const GenerateInputSchema = z
  .object({
    /** What to draw. Required; the server collapses whitespace and keeps 500 bytes. */
    prompt: z.string().trim().min(1),
    negative_prompt: formString(z.string()),
    /** A generation model id from `models.generation()`; the server's default model when absent. */
    model_id: formString(uuid()),
    /**
     * A scheduler of that model. The server would silently replace one the model does not offer;
     * pre-flight refuses it instead.
     */
    scheduler_id: formString(uuid()),
    /**
     * Not an API field: Stablecog's size for this aspect ratio and the chosen model (see `sizeFor`),
     * filled in by pre-flight. A width or height given as well wins for its side.
     */
    aspect_ratio: formString(z.enum(ASPECT_RATIO_NAMES, { error: `must be one of ${ASPECT_RATIO_NAMES.join(', ')}` })),
    width: formNumber(z.number().int().min(MIN_SIDE).max(MAX_SIDE)),
    height: formNumber(z.number().int().min(MIN_SIDE).max(MAX_SIDE)),
    /** How many images (1 credit each); the server's default is 2. */
    num_outputs: formNumber(z.number().int().min(1).max(4)),
    guidance_scale: formNumber(z.number().min(1).max(30)),
    /** Only used for the server's size check; the model's own step count is used to generate. */
    inference_steps: formNumber(z.number().int().min(MIN_INFERENCE_STEPS)),
    /** A random one is picked (and sent) when absent, so a lost result can be found again. */
    seed: formNumber(z.number().int().min(0).max(Number.MAX_SAFE_INTEGER)),
    /** img2img source: an http(s) URL of a JPEG/PNG/WebP, or an `s3://` object from `images.upload`. */
    init_image_url: formString(imageUrl()),
    /** How far img2img may depart from the init image, 0–1 (server default 0.5). */
    prompt_strength: formNumber(z.number().min(0).max(1)),
    /** Inpainting mask (same rules as `init_image_url`). */
    mask_image_url: formString(imageUrl()),
    /** Submit the outputs to the public gallery (always true for free accounts). */
    submit_to_gallery: formBoolean(),
  })
  .superRefine((input, ctx) => {
    // Without both sizes the model's defaults count: `checkAgainstModels` does that with the model list.
    if (input.width === undefined || input.height === undefined) return;
    const message = pixelStepsProblem(input.width, input.height, input.inference_steps ?? DEFAULT_INFERENCE_STEPS);
    if (message) ctx.addIssue({ code: 'custom', path: [input.inference_steps === undefined ? 'width' : 'inference_steps'], message });
  });

/** What `images.generate` accepts (numbers may be given as text, as forms do). */
export type GenerateInput = z.input<typeof GenerateInputSchema>;
/** A validated generate input, as sent (before the seed is filled in). */
export type GenerateParams = z.output<typeof GenerateInputSchema>;

/** An image given as bytes, for `images.upload` and `images.upscale({ file })`. */
export const FileInputSchema = z.object({
  // z.custom, not z.instanceof: a Buffer is a Uint8Array<ArrayBufferLike> and must type-check.
  data: z
    .custom<Uint8Array>((data) => data instanceof Uint8Array, { error: 'must be the image bytes (a Uint8Array or Buffer)' })
    .refine((data) => data.byteLength > 0, { error: 'must not be empty' })
    .refine((data) => data.byteLength <= MAX_UPLOAD_BYTES, {
      error: (issue) =>
        `must be at most 10 MiB (got ${((issue.input as Uint8Array).byteLength / 1048576).toFixed(1)} MiB)`,
    }),
  /** Sent as the part's filename; `image.<ext>` when absent. */
  filename: formString(z.string()),
  /** Detected from the bytes when absent. */
  contentType: formString(z.enum(IMAGE_CONTENT_TYPES, { error: 'must be image/jpeg, image/png or image/webp' })),
});

/** An image given as bytes. */
export type FileInput = z.input<typeof FileInputSchema>;
/** A validated file input. */
export type FileParams = z.output<typeof FileInputSchema>;

const upscaleModelId = formString(uuid());

/** Upscale of an existing image: an output id (uuid), an http(s) URL or an `s3://` object. */
export const UpscaleFromInputSchema = z.object({
  input: z
    .string()
    .trim()
    .min(1, { abort: true })
    .refine((input) => UUID_PATTERN.test(input) || IMAGE_URL_SCHEME.test(input), {
      error: 'must be an output id (uuid), an http(s) URL or an s3:// object',
      abort: true,
    })
    .refine((input) => UUID_PATTERN.test(input) || isImageUrl(input), { error: MALFORMED_URL }),
  model_id: upscaleModelId,
});

/** Upscale of image bytes, sent as multipart (the server stores the file, then upscales it). */
export const UpscaleFromFileSchema = z.object({ file: FileInputSchema, model_id: upscaleModelId });

/** Input of `images.upscale` (POST /v1/image/upscale/create). */
export const UpscaleInputSchema = z.union([UpscaleFromInputSchema, UpscaleFromFileSchema]);

/** What `images.upscale` accepts. */
export type UpscaleInput = z.input<typeof UpscaleInputSchema>;
/** A validated upscale input. */
export type UpscaleParams = z.output<typeof UpscaleInputSchema>;

/** Output filters the list query really applies (API-BEHAVIOR.md §8). */
export const GALLERY_STATUSES = ['not_submitted', 'submitted', 'approved', 'rejected', 'waiting_for_approval'] as const;
/** Aspect-ratio presets the list query can filter on. */
export const ASPECT_RATIOS = ['1-1', '16-9', '9-16', '2-3', '3-2', '4-5', '2_4-1'] as const;

/** Query of `outputs.list` / `outputs.iterate` (GET /v1/image/generation/outputs). */
export const OutputsQuerySchema = z.object({
  /** 1–300 outputs per page (server default 50). */
  per_page: formNumber(z.number().int().min(1).max(300)),
  /** The `next` value of the previous page, passed back exactly as received. */
  cursor: z
    .union([z.string(), z.number(), z.null()], { error: 'must be the `next` value of a previous page' })
    .optional()
    .transform((cursor) => (cursor === null || cursor === undefined || cursor === '' ? undefined : String(cursor))),
  model_ids: formList(uuid()),
  scheduler_ids: formList(uuid()),
  gallery_status: formList(z.enum(GALLERY_STATUSES, { error: `must be one of ${GALLERY_STATUSES.join(', ')}` })),
  is_favorited: formBoolean(),
  aspect_ratio: formList(z.enum(ASPECT_RATIOS, { error: `must be one of ${ASPECT_RATIOS.join(', ')}` })),
  /** Semantic search: switches the server to CLIP search with an integer offset cursor. */
  search: formString(z.string()),
  /** `desc` (newest first, the default) or `asc`. */
  order: formString(z.enum(['asc', 'desc'], { error: 'must be asc or desc' })),
});

/** What `outputs.list` accepts. */
export type OutputsQuery = z.input<typeof OutputsQuerySchema>;
/** A validated outputs query. */
export type OutputsParams = z.output<typeof OutputsQuerySchema>;

/** Criteria of `outputs.find`: the prompt and seed of a lost generate, and when it was sent. */
export const FindOutputsQuerySchema = z.object({
  /** Matched exactly (after the whitespace folding the server applies). */
  prompt: formString(z.string()),
  seed: formNumber(z.number().int().min(0)),
  /** When the lost request was started (a Date, an ISO string or epoch milliseconds). */
  since: z
    .union([z.date(), z.string(), z.number()], { error: 'must be a date (Date, ISO text or epoch ms)' })
    .transform((since, ctx) => {
      const ms = since instanceof Date ? since.getTime() : typeof since === 'number' ? since : Date.parse(since);
      if (Number.isNaN(ms)) {
        ctx.addIssue({ code: 'custom', message: `must be a valid date (got "${String(since)}")` });
        return z.NEVER;
      }
      return ms;
    }),
  /** Stop after this many matches. */
  limit: formNumber(z.number().int().min(1)),
  /** Allowance for the difference between this machine's clock and the server's (default 2 min). */
  clockSkewMs: formNumber(z.number().min(0)),
});

/** What `outputs.find` accepts. */
export type FindOutputsQuery = z.input<typeof FindOutputsQuerySchema>;
/** Validated find criteria (`since` in epoch milliseconds). */
export type FindOutputsParams = z.output<typeof FindOutputsQuerySchema>;

/**
 * What a generate takes and returns: the server's own validation rules (shared/behavior/README.md
 * § Sizes, § Models), checked before anything is sent, and the result as the server sends it.
 */
import { z } from 'zod';
import type { FilteredImages } from './filtered';
import { formBoolean, formNumber, formString, imageUrl, optionalNumber, optionalString, uuid } from '../fields';
import { ASPECT_RATIO_NAMES } from './sizes';
import { DEFAULT_INFERENCE_STEPS, MAX_SIDE, MIN_INFERENCE_STEPS, MIN_SIDE, pixelStepsProblem } from './size-limit';

/** Input of `images.generate` (POST /v1/image/generation/create). */
export const GenerateInputSchema = z
  .object({
    /** What to draw. Required; the server folds whitespace and cuts a prompt over 500 characters to 500 bytes. */
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

/** Settings the server echoes after a generate (the seed used is `seed`). */
export const GenerationSettingsSchema = z.looseObject({
  model_id: optionalString,
  scheduler_id: optionalString,
  width: optionalNumber,
  height: optionalNumber,
  num_outputs: optionalNumber,
  guidance_scale: optionalNumber,
  /** The model's own step count, which the server used (not the one sent). */
  inference_steps: optionalNumber,
  seed: optionalNumber,
  init_image_url: optionalString,
  mask_image_url: optionalString,
  prompt_strength: optionalNumber,
});

/** One generated image. */
export const GeneratedImageSchema = z.looseObject({
  /** The generation-output id: what `images.upscale({ input })` takes. */
  id: z.string(),
  /** The JPEG on the image CDN. */
  url: z.string(),
  /** Same as `url`. */
  image_url: optionalString,
});

/** Result of `images.generate`. `outputs` may be shorter than asked when the NSFW filter drops images. */
export const GenerateResultSchema = z.looseObject({
  outputs: z.array(GeneratedImageSchema),
  /** Balance after this request was charged. */
  remaining_credits: optionalNumber,
  settings: GenerationSettingsSchema.optional(),
});

/**
 * Result of `images.generate`. `filtered` is the client's: set when the worker's content filter
 * dropped images (how many were asked, made and charged).
 */
export type GenerateResult = z.infer<typeof GenerateResultSchema> & { filtered?: FilteredImages };
/** One generated image. */
export type GeneratedImage = z.infer<typeof GeneratedImageSchema>;

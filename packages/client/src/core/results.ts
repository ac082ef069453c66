/**
 * Response schemas: the shapes the server really returns (shared/behavior/README.md; V3 outputs).
 * Parsed leniently: unknown fields are kept and optional ones may be missing, but the fields a
 * caller cannot do without (ids, image URLs, the outputs array) must be there. Times stay strings
 * exactly as sent (the `next` cursor has microseconds a Date would lose).
 */
import { z } from 'zod';
import type { FilteredImages } from './generate/filtered';

const id = z.string();
const optionalNumber = z.number().nullish();
const optionalString = z.string().nullish();

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
  id,
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

/** One upscaled image. Use `upscaled_image_url ?? url`: for an already upscaled output, `url` is the original. */
export const UpscaledImageSchema = z.looseObject({
  id,
  url: z.string(),
  upscaled_image_url: optionalString,
});

/** Result of `images.upscale`. */
export const UpscaleResultSchema = z.looseObject({
  outputs: z.array(UpscaledImageSchema),
  remaining_credits: optionalNumber,
  settings: z.looseObject({ model_id: optionalString, input: optionalString }).optional(),
});

/** Result of `images.upload`: the object to pass as `init_image_url` or upscale `input`. */
export const UploadResultSchema = z.looseObject({ object: z.string() });

const promptText = z.looseObject({ id: optionalString, text: z.string() });

/** The generation an output belongs to (sibling outputs share it). */
export const OutputGenerationSchema = z.looseObject({
  id,
  created_at: optionalString,
  started_at: optionalString,
  completed_at: optionalString,
  user: z.looseObject({ username: optionalString, identifier: optionalString }).nullable().optional(),
  prompt: promptText.optional(),
  negative_prompt: promptText.optional(),
  model_id: optionalString,
  scheduler_id: optionalString,
  width: optionalNumber,
  height: optionalNumber,
  seed: optionalNumber,
  inference_steps: optionalNumber,
  guidance_scale: optionalNumber,
  num_outputs: optionalNumber,
  init_image_url: optionalString,
  prompt_strength: optionalNumber,
});

/** One output in the history (V3 shape: one item per image, its generation embedded). */
export const OutputSchema = z.looseObject({
  id,
  image_url: z.string(),
  upscaled_image_url: optionalString,
  created_at: z.string(),
  updated_at: optionalString,
  is_favorited: z.boolean().nullish(),
  gallery_status: optionalString,
  was_auto_submitted: z.boolean().nullish(),
  is_public: z.boolean().nullish(),
  like_count: optionalNumber,
  is_liked: z.boolean().nullish(),
  generation: OutputGenerationSchema,
});

/** One page of `outputs.list`. Pass `next` back as `cursor`, unchanged, for the following page. */
export const OutputsPageSchema = z.looseObject({
  /** Approximate count of outputs; only on the first page (no cursor sent). */
  total: optionalNumber,
  /** Cursor of the next page (a time with microseconds, or an offset in search mode); absent on the last. */
  next: z.union([z.string(), z.number()]).optional(),
  outputs: z.array(OutputSchema),
});

/** A generation model. Load these at run time: ids change. */
export const GenerationModelSchema = z.looseObject({
  id,
  name: z.string(),
  is_default: z.boolean().nullish(),
  available_schedulers: z.array(z.looseObject({ id, name: z.string() })).optional(),
  default_width: optionalNumber,
  default_height: optionalNumber,
});

/** An upscale model. */
export const UpscaleModelSchema = z.looseObject({ id, name: z.string(), is_default: z.boolean().nullish() });

/** Body of the models routes. */
export const GenerationModelsSchema = z.looseObject({ models: z.array(GenerationModelSchema) });
/** Body of the upscale models route. */
export const UpscaleModelsSchema = z.looseObject({ models: z.array(UpscaleModelSchema) });

/** The server's generation defaults. `scheduler_id` is the global default, not the model's. */
export const GenerationDefaultsSchema = z.looseObject({
  model_id: optionalString,
  scheduler_id: optionalString,
  width: optionalNumber,
  height: optionalNumber,
  num_outputs: optionalNumber,
  guidance_scale: optionalNumber,
  inference_steps: optionalNumber,
  prompt_strength: optionalNumber,
});

/** The server's upscale defaults. */
export const UpscaleDefaultsSchema = z.looseObject({ model_id: optionalString });

/** Credit balances: the total, and each non-expired credit pack (refunds appear as their own row). */
export const CreditsSchema = z.looseObject({
  total_remaining_credits: z.number(),
  credits: z
    .array(
      z.looseObject({
        id: optionalString,
        remaining_amount: optionalNumber,
        expires_at: optionalString,
        type: z
          .looseObject({ id: optionalString, name: optionalString, amount: optionalNumber, description: optionalString })
          .optional(),
      }),
    )
    .optional(),
});

/**
 * Result of `images.generate`. `filtered` is the client's: set when the worker's content filter
 * dropped images (how many were asked, made and charged).
 */
export type GenerateResult = z.infer<typeof GenerateResultSchema> & { filtered?: FilteredImages };
/** One generated image. */
export type GeneratedImage = z.infer<typeof GeneratedImageSchema>;
/** Result of `images.upscale`. */
export type UpscaleResult = z.infer<typeof UpscaleResultSchema>;
/** One upscaled image. */
export type UpscaledImage = z.infer<typeof UpscaledImageSchema>;
/** Result of `images.upload`. */
export type UploadResult = z.infer<typeof UploadResultSchema>;
/** One output of the history. */
export type Output = z.infer<typeof OutputSchema>;
/** One page of the history. */
export type OutputsPage = z.infer<typeof OutputsPageSchema>;
/** A generation model. */
export type GenerationModel = z.infer<typeof GenerationModelSchema>;
/** An upscale model. */
export type UpscaleModel = z.infer<typeof UpscaleModelSchema>;
/** The server's generation defaults. */
export type GenerationDefaults = z.infer<typeof GenerationDefaultsSchema>;
/** The server's upscale defaults. */
export type UpscaleDefaults = z.infer<typeof UpscaleDefaultsSchema>;
/** Credit balances. */
export type Credits = z.infer<typeof CreditsSchema>;

/**
 * The MCP tools' input shapes, taken field by field from the core's input schemas (one source for
 * every bound), without the form coercion: an agent sends JSON, so its JSON Schema says `integer,
 * 256–1536`, not "number or text". The core validates again when the call runs (cross-field rules).
 */
import { z } from 'zod';
import { FindOutputsQuerySchema, GenerateInputSchema, OutputsQuerySchema, UpscaleFromInputSchema } from '../core';

/** A core field's own rules: a form field (`formNumber`, `formString`, `formList`) unwrapped. */
function rules(field: z.ZodType): z.ZodType {
  if (field instanceof z.ZodPipe && !(field.out instanceof z.ZodTransform)) return field.out as z.ZodType;
  return field;
}

/** Picks `fields` of a core object schema, each unwrapped and described for agents. */
function agentShape<S extends z.ZodRawShape, K extends keyof S & string>(
  shape: S,
  descriptions: Record<K, string>,
): Record<K, z.ZodType> {
  const picked = {} as Record<K, z.ZodType>;
  for (const key of Object.keys(descriptions) as K[]) picked[key] = rules(shape[key] as unknown as z.ZodType).describe(descriptions[key]);
  return picked;
}

const asksForImages = z
  .boolean()
  .optional()
  .describe('Also return the images themselves (JPEG, at most 1 MiB each) besides their URLs. Default false: URLs only.');

/** `generate_image` arguments. */
export const generateImageShape = {
  ...agentShape(GenerateInputSchema.shape, {
    prompt: 'What the image should show, in English (a prompt over 500 characters is cut to its first 500 bytes).',
    negative_prompt: 'What to keep out of the image.',
    model_id: 'A generation model id from list_models; the default model when absent.',
    scheduler_id: 'A scheduler id of that model (list_models); usually leave it out.',
    width: 'Width in pixels (256–1536). With height, width × height can be at most 1024 × 1024 at the default 30 steps.',
    height: 'Height in pixels (256–1536).',
    num_outputs: 'How many images (1–4), 1 credit each. Default 2.',
    guidance_scale: 'How closely to follow the prompt (1–30, default 7).',
    inference_steps: 'Only for larger sizes: fewer steps allow width × height × steps ≤ 31,457,280.',
    seed: 'A seed to reproduce an image; a random one is chosen (and reported) when absent.',
    init_image_url: 'img2img: an https URL of a JPEG/PNG/WebP to start from.',
    prompt_strength: 'img2img: how far to depart from init_image_url (0–1, default 0.5).',
    submit_to_gallery: 'Submit the images to the public Stablecog gallery.',
  }),
  include_images: asksForImages,
};

/** `upscale_image` arguments. */
export const upscaleImageShape = {
  ...agentShape(UpscaleFromInputSchema.shape, {
    input: 'The output id of an image (from generate_image or list_outputs), or an https URL of a JPEG/PNG/WebP.',
    model_id: 'An upscale model id from list_models; the default when absent.',
  }),
  include_images: asksForImages,
};

/** `list_outputs` arguments. */
export const listOutputsShape = agentShape(OutputsQuerySchema.shape, {
  per_page: 'How many outputs (1–300, default 50), newest first.',
  cursor: 'The `next` value of the previous list_outputs result, unchanged, for the following page.',
  is_favorited: 'Only favourited outputs.',
});

/** `find_outputs` arguments: semantic search, or the outputs of a generate whose answer was lost. */
export const findOutputsShape = {
  search: rules(OutputsQuerySchema.shape.search).describe(
    'Find earlier images by meaning, e.g. "red fox in snow" (semantic search over your outputs).',
  ),
  ...agentShape(FindOutputsQuerySchema.shape, {
    prompt: 'Recovery: the exact prompt of a generate_image call whose answer was lost.',
    seed: 'Recovery: the seed that call reported.',
    limit: 'Return at most this many outputs (default 20).',
  }),
  since: z
    .string()
    .optional()
    .describe('Recovery: when the lost call was started (ISO 8601, as its error said); outputs since then are scanned.'),
};

/** One output of the history as a flat record, the same in every front end. */
import type { Output } from './schema';

/**
 * The settings an image was made with, as every flat image record (an output, a create's image)
 * carries them under the API's names: `null` where unknown.
 */
export interface ImageSettings {
  seed: number | null;
  width: number | null;
  height: number | null;
  model_id: string | null;
  scheduler_id: string | null;
  guidance_scale: number | null;
  inference_steps: number | null;
}

/**
 * An output's fields as one flat record with the API's names. A value the API did not send is
 * `null` (never `''`: an empty prompt and an unknown one are different things); the two flags
 * default to `false` as the server's do.
 */
export interface FlatOutput extends ImageSettings {
  id: string;
  image_url: string;
  upscaled_image_url: string | null;
  created_at: string;
  generation_id: string;
  prompt: string | null;
  negative_prompt: string | null;
  gallery_status: string | null;
  is_favorited: boolean;
  is_public: boolean;
}

/** `output` as a {@link FlatOutput}. */
export function flattenOutput(output: Output): FlatOutput {
  const generation = output.generation;
  return {
    id: output.id,
    image_url: output.image_url,
    upscaled_image_url: output.upscaled_image_url ?? null,
    created_at: output.created_at,
    generation_id: generation.id,
    prompt: generation.prompt?.text ?? null,
    negative_prompt: generation.negative_prompt?.text ?? null,
    seed: generation.seed ?? null,
    width: generation.width ?? null,
    height: generation.height ?? null,
    model_id: generation.model_id ?? null,
    scheduler_id: generation.scheduler_id ?? null,
    guidance_scale: generation.guidance_scale ?? null,
    inference_steps: generation.inference_steps ?? null,
    gallery_status: output.gallery_status ?? null,
    is_favorited: output.is_favorited ?? false,
    is_public: output.is_public ?? false,
  };
}

/** The URL of an output's best image: the upscaled one when there is one. */
export function outputImageUrl(output: Output): string {
  return output.upscaled_image_url || output.image_url;
}

/**
 * What a create made, as one flat record per image (API field names), the same in every front end:
 * the settings the server echoed, else what was sent, so a record always says how to find its image
 * again (prompt and seed).
 */
import type { PreparedRequest } from '../http/execute';
import type { GenerateResult } from '../generate/schema';
import type { UpscaleResult } from '../upscale/schema';
import type { ImageSettings } from '../outputs/flatten';

/** One generated image and what it was made from. */
export interface GeneratedImageRecord extends ImageSettings {
  id: string;
  image_url: string;
  prompt: string;
  negative_prompt?: string;
  num_outputs: number | null;
  init_image_url?: string;
  mask_image_url?: string;
  prompt_strength?: number;
  remaining_credits: number | null;
}

/** One upscaled image. `upscaled_image_url` is the result (`url` may be the original). */
export interface UpscaledImageRecord {
  id: string;
  upscaled_image_url: string;
  url: string;
  input: string | null;
  model_id: string | null;
  remaining_credits: number | null;
}

/** The body a prepared generate sent (its validated, pre-flight checked input, seed included). */
interface SentGenerate {
  prompt?: string;
  negative_prompt?: string;
  seed?: number;
  model_id?: string;
  num_outputs?: number;
}

/**
 * One record per image of a generate's `result`; `sent` is the prepared request it answers. An
 * empty list means the safety filter removed every image (not refunded: shared/behavior/README.md
 * § Creates and charging): the front end should say so.
 */
export function generatedImages(result: GenerateResult, sent: PreparedRequest<GenerateResult>): GeneratedImageRecord[] {
  const body = (sent.spec.body?.kind === 'json' ? sent.spec.body.value : {}) as SentGenerate;
  const settings = result.settings ?? {};
  return result.outputs.map((output) => ({
    id: output.id,
    image_url: output.image_url ?? output.url,
    prompt: body.prompt ?? '',
    ...(body.negative_prompt ? { negative_prompt: body.negative_prompt } : {}),
    seed: settings.seed ?? body.seed ?? null,
    width: settings.width ?? null,
    height: settings.height ?? null,
    model_id: settings.model_id ?? body.model_id ?? null,
    scheduler_id: settings.scheduler_id ?? null,
    guidance_scale: settings.guidance_scale ?? null,
    inference_steps: settings.inference_steps ?? null,
    num_outputs: settings.num_outputs ?? body.num_outputs ?? null,
    ...(settings.init_image_url ? { init_image_url: settings.init_image_url } : {}),
    ...(settings.mask_image_url ? { mask_image_url: settings.mask_image_url } : {}),
    ...(typeof settings.prompt_strength === 'number' ? { prompt_strength: settings.prompt_strength } : {}),
    remaining_credits: result.remaining_credits ?? null,
  }));
}

/** One record per image of an upscale's `result`; `sent` is the prepared request it answers. */
export function upscaledImages(result: UpscaleResult, sent: PreparedRequest<UpscaleResult>): UpscaledImageRecord[] {
  return result.outputs.map((output) => ({
    id: output.id,
    upscaled_image_url: output.upscaled_image_url ?? output.url,
    url: output.url,
    input: result.settings?.input ?? sent.spec.recovery?.input ?? null,
    model_id: result.settings?.model_id ?? null,
    remaining_credits: result.remaining_credits ?? null,
  }));
}

/** `POST /v1/image/generation/create`: the generate operation, its checks and its error fields. */
import { errorFields, CREATE_TIMEOUT_MS, defined, parser, same, type Operation } from '../http/operation';
import { validate } from '../validation';
import { preflightGenerate } from './preflight';
import { GenerateInputSchema, GenerateResultSchema, type GenerateInput, type GenerateParams, type GenerateResult } from './schema';

/** A seed the server would also pick: an integer in [0, 2^31 - 1). */
export function randomSeed(random: () => number = Math.random): number {
  return Math.floor(random() * (2 ** 31 - 1));
}

/** Checks a generate input. The seed stays absent when not given (`build` picks one). */
export function validateGenerateInput(input: GenerateInput): GenerateParams {
  return validate(GenerateInputSchema, input, 'generate');
}

/**
 * The field each server error of a generate is about (shared/behavior/README.md § Errors). The
 * body of a generate is its text, so a body too large for the proxy is the prompt's doing.
 */
const GENERATE_ERROR_FIELDS = errorFields(
  [
    [/^width/i, 'width'],
    [/^height/i, 'height'],
    [/^guidance scale/i, 'guidance_scale'],
    [/^(inference steps|pick fewer inference steps)/i, 'inference_steps'],
    [/^number of outputs/i, 'num_outputs'],
    [/^(invalid_model_id|invalid_model_or_scheduler)/i, 'model_id'],
    [/^invalid_scheduler_id/i, 'scheduler_id'],
    [/^(invalid_init_image_url|init_image_not_found|image_url_width_height_error)/i, 'init_image_url'],
    [/^(invalid_mask_image_url|mask_image_not_found)/i, 'mask_image_url'],
  ],
  () => 'prompt',
);

/**
 * `POST /v1/image/generation/create`: blocks until the images exist. Always sends a seed. Its
 * pre-flight checks the model and scheduler against the model list and turns `aspect_ratio` into
 * Stablecog's size for the model.
 */
export const generate: Operation<GenerateInput, GenerateResult> = {
  name: 'generate',
  build(input, ctx) {
    const { aspect_ratio: aspectRatio, ...params } = validateGenerateInput(input);
    const seed = params.seed ?? randomSeed(ctx?.random);
    return {
      operation: 'generate',
      method: 'POST',
      path: '/v1/image/generation/create',
      body: { kind: 'json', value: defined({ ...params, seed }) },
      auth: true,
      timeoutMs: ctx?.timeoutMs ?? CREATE_TIMEOUT_MS,
      retry: 'charged',
      recovery: { prompt: params.prompt, seed },
      ...(aspectRatio === undefined ? {} : { aspectRatio }),
    };
  },
  preflight: preflightGenerate,
  parse: parser(GenerateResultSchema, 'a generation result', same, GENERATE_ERROR_FIELDS),
};

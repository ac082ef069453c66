/** `POST /v1/image/generation/create`: the generate operation, its checks and its error fields. */
import { errorFields, CREATE_TIMEOUT_MS, defined, parser, same, type Operation } from '../http/operation';
import { ValidationError } from '../errors';
import { MAX_UPLOAD_BYTES } from '../upload/schema';
import { validate } from '../validation';
import { filteredImages } from './filtered';
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
 * Refuses a generate body larger than the API's proxy accepts (it would answer 413 after the whole
 * upload). Only the text fields can make it that large, and the prompt is the one people fill.
 */
function checkJsonBodySize(value: unknown): void {
  const bytes = new TextEncoder().encode(JSON.stringify(value)).byteLength;
  if (bytes <= MAX_UPLOAD_BYTES) return;
  const problem = `makes the request ${(bytes / 1048576).toFixed(1)} MiB; the server accepts at most 10 MiB (and cuts a prompt over 500 characters to its first 500 bytes)`;
  throw new ValidationError({
    operation: 'generate',
    message: `prompt: ${problem}`,
    hint: 'Shorten the prompt (and negative prompt) to at most 500 characters: the server cuts a longer one to its first 500 bytes.',
    issues: [{ field: 'prompt', message: problem }],
  });
}

const parseResult = parser(GenerateResultSchema, 'a generation result', same, GENERATE_ERROR_FIELDS);

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
    const value = defined({ ...params, seed });
    checkJsonBodySize(value);
    return {
      operation: 'generate',
      method: 'POST',
      path: '/v1/image/generation/create',
      body: { kind: 'json', value },
      auth: true,
      timeoutMs: ctx?.timeoutMs ?? CREATE_TIMEOUT_MS,
      retry: 'charged',
      recovery: { prompt: params.prompt, seed },
      ...(aspectRatio === undefined ? {} : { aspectRatio }),
    };
  },
  preflight: preflightGenerate,
  parse: (raw, ctx) => {
    const result = parseResult(raw, ctx);
    const filtered = filteredImages(result, ctx.spec);
    return filtered ? { ...result, filtered } : result;
  },
};

import { execute, type CallOptions, type Runtime } from '../core/execute';
import type { FileInput, GenerateInput, UpscaleInput } from '../core/inputs';
import { checkAgainstModels, needsModelList } from '../core/model-checks';
import { generate, upload, upscale } from '../core/operations';
import type { GenerateResult, UploadResult, UpscaleResult } from '../core/results';
import { validateGenerateInput } from '../core/validators';
import { GenerationModelCache } from './model-cache';

/** Creating images: generate, upscale, upload. Creates block until done and cost credits. */
export class ImagesResource {
  private readonly models: GenerationModelCache;

  constructor(private readonly runtime: Runtime) {
    this.models = new GenerationModelCache(runtime);
  }

  /**
   * Generates images (1 credit each). Blocks until they exist (seconds to minutes). A seed is always
   * sent (a random one when absent) and echoed in `settings.seed`. Never retried once it may have
   * reached the server: an answer lost in transit raises OutcomeUnknownError (see `outputs.find`).
   *
   * @example
   * const { outputs } = await client.images.generate({ prompt: 'a lighthouse at dawn', num_outputs: 2 });
   */
  async generate(input: GenerateInput, options?: CallOptions): Promise<GenerateResult> {
    await this.checkWithModelList(input, options);
    return execute(generate, input, this.runtime, options);
  }

  /**
   * Without both width and height the server uses the model's default size, and crashes on an
   * unknown `model_id`: only then is the input checked against the (cached) model list.
   */
  private async checkWithModelList(input: GenerateInput, options?: CallOptions): Promise<void> {
    if (!mayNeedModelList(input)) return; // the common case costs nothing, not even a second validation
    const params = validateGenerateInput(input);
    if (needsModelList(params)) checkAgainstModels(params, await this.models.get(options));
  }

  /**
   * Upscales an output (`{ input: outputId }`), an image URL or `s3://` object (`{ input }`), or
   * image bytes (`{ file: { data } }`, sent as multipart). 1 credit; free for an output that is
   * already upscaled. Use `outputs[0].upscaled_image_url ?? outputs[0].url`.
   */
  upscale(input: UpscaleInput, options?: CallOptions): Promise<UpscaleResult> {
    return execute(upscale, input, this.runtime, options);
  }

  /** Uploads a JPEG, PNG or WebP (≤ 10 MiB) and returns its `s3://` object for `init_image_url` or upscale `input`. */
  upload(file: FileInput, options?: CallOptions): Promise<UploadResult> {
    return execute(upload, file, this.runtime, options);
  }
}

/** A quick look at the raw input: the model list can matter only with a model, steps or one side given. */
function mayNeedModelList(input: GenerateInput): boolean {
  if (input === null || typeof input !== 'object') return false; // the create's validation says what is wrong
  const given = (value: unknown) => value !== undefined && value !== null && value !== '';
  if (given(input.width) && given(input.height)) return false;
  return given(input.model_id) || given(input.inference_steps) || given(input.width) || given(input.height);
}

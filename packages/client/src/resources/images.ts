import { ValidationError } from '../core/errors';
import { execute, type CallOptions, type Runtime } from '../core/execute';
import type { FileInput, GenerateInput, UpscaleInput } from '../core/inputs';
import { generate, generationModels, upload, upscale } from '../core/operations';
import { hintForField } from '../core/validation';
import { validateGenerateInput } from '../core/validators';
import type { GenerateResult, UploadResult, UpscaleResult } from '../core/results';

/** Creating images: generate, upscale, upload. Creates block until done and cost credits. */
export class ImagesResource {
  constructor(private readonly runtime: Runtime) {}

  /**
   * Generates images (1 credit each). Blocks until they exist (seconds to minutes). A seed is always
   * sent (a random one when absent) and echoed in `settings.seed`. Never retried once it may have
   * reached the server: an answer lost in transit raises OutcomeUnknownError (see `outputs.find`).
   *
   * @example
   * const { outputs } = await client.images.generate({ prompt: 'a lighthouse at dawn', num_outputs: 2 });
   */
  async generate(input: GenerateInput, options?: CallOptions): Promise<GenerateResult> {
    await this.checkModelWithoutSize(input, options);
    return execute(generate, input, this.runtime, options);
  }

  /**
   * The real server crashes (the connection drops, as if the outcome were unknown) on an unknown
   * `model_id` sent without width and height; only then, check the id against the model list first.
   */
  private async checkModelWithoutSize(input: GenerateInput, options?: CallOptions): Promise<void> {
    if (!input?.model_id) return; // the common case costs nothing
    const params = validateGenerateInput(input);
    if (!params.model_id || (params.width !== undefined && params.height !== undefined)) return;
    const models = await execute(generationModels, undefined, this.runtime, options);
    if (models.some((model) => model.id.toLowerCase() === params.model_id!.toLowerCase())) return;
    throw new ValidationError({
      operation: 'generate',
      message: `model_id: ${params.model_id} is not one of the available models`,
      hint: `${hintForField('model_id')} (A hidden model works only with width and height given.)`,
      issues: [{ field: 'model_id', message: 'is not one of the available models' }],
    });
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

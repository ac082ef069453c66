import { execute, type CallOptions, type Runtime } from '../core/execute';
import type { FileInput, GenerateInput, UpscaleInput } from '../core/inputs';
import { generate, upload, upscale } from '../core/operations';
import type { GenerateResult, UploadResult, UpscaleResult } from '../core/results';

/** Creating images: generate, upscale, upload. Creates block until done and cost credits. */
export class ImagesResource {
  constructor(private readonly runtime: Runtime) {}

  /**
   * Generates images (1 credit each). Blocks until they exist (seconds to minutes). A seed is always
   * sent (a random one when absent) and echoed in `settings.seed`. Never retried once it may have
   * reached the server: an answer lost in transit raises OutcomeUnknownError (see `outputs.find`).
   * Checked before anything is sent, against the (cached) model list when it matters: an unknown
   * model, a scheduler the model does not offer, `aspect_ratio` turned into Stablecog's size.
   *
   * @example
   * const { outputs } = await client.images.generate({ prompt: 'a lighthouse at dawn', num_outputs: 2 });
   */
  generate(input: GenerateInput, options?: CallOptions): Promise<GenerateResult> {
    return execute(generate, input, this.runtime, options);
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

import { execute, type CallOptions, type Runtime } from '../core/http/execute';
import { generationDefaults, upscaleDefaults } from '../core/operations';
import type { GenerationDefaults, UpscaleDefaults } from '../core/models/schema';

/** The server's default settings. No token needed. */
export class DefaultsResource {
  constructor(private readonly runtime: Runtime) {}

  /** Generation defaults (`scheduler_id` is the global default, not the model's). */
  generation(options?: CallOptions): Promise<GenerationDefaults> {
    return execute(generationDefaults, undefined, this.runtime, options);
  }

  /** Upscale defaults (`model_id`). */
  upscale(options?: CallOptions): Promise<UpscaleDefaults> {
    return execute(upscaleDefaults, undefined, this.runtime, options);
  }
}

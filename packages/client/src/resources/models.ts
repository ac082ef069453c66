import { execute, type CallOptions, type Runtime } from '../core/http/execute';
import { generationModels, upscaleModels } from '../core/operations';
import type { GenerationModel, UpscaleModel } from '../core/models/schema';

/** The models the API offers now (load them at run time: ids change). No token needed. */
export class ModelsResource {
  constructor(private readonly runtime: Runtime) {}

  /** Generation models, each with its schedulers and default size. */
  generation(options?: CallOptions): Promise<GenerationModel[]> {
    return execute(generationModels, undefined, this.runtime, options);
  }

  /** Upscale models. */
  upscale(options?: CallOptions): Promise<UpscaleModel[]> {
    return execute(upscaleModels, undefined, this.runtime, options);
  }
}

import { execute, type CallOptions, type Runtime } from '../core/execute';
import { generationModels } from '../core/operations';
import type { GenerationModel } from '../core/results';

/** How long a fetched model list is reused for input checks: models change rarely, requests count against the rate limit. */
export const MODEL_LIST_TTL_MS = 60_000;

/**
 * The generation models as input checks need them: fetched when first needed, then reused for a
 * minute, so a batch of generates costs one lookup. Failed lookups are not kept.
 */
export class GenerationModelCache {
  #cached?: { at: number; models: GenerationModel[] };

  constructor(private readonly runtime: Runtime) {}

  /** The model list, fetched unless one younger than {@link MODEL_LIST_TTL_MS} is at hand. */
  async get(options?: CallOptions): Promise<GenerationModel[]> {
    const now = this.runtime.now ?? Date.now;
    if (this.#cached && now() - this.#cached.at < MODEL_LIST_TTL_MS) return this.#cached.models;
    const models = await execute(generationModels, undefined, this.runtime, options);
    this.#cached = { at: now(), models };
    return models;
  }
}

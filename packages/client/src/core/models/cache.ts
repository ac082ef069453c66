/**
 * The generation models as pre-flight checks need them, cached per Runtime: single-flight (callers
 * that ask while a fetch is under way share it, so a batch of N generates costs one request) and
 * time-bounded (reused for a minute: models change rarely, and requests count against the per-IP
 * rate limit). A failed fetch is not kept.
 */
import type { CallOptions, Runtime } from '../execute';
import type { GenerationModel } from '../results';

/** How long a fetched model list is reused for input checks. */
export const MODEL_LIST_TTL_MS = 60_000;

interface Entry {
  /** When the fetch completed (epoch ms); undefined while it is under way. */
  at?: number;
  models: Promise<GenerationModel[]>;
}

const cache = new WeakMap<Runtime, Entry>();

/**
 * The generation model list of `runtime`'s API: fetched when first needed, then shared by every
 * caller of the same Runtime for {@link MODEL_LIST_TTL_MS}.
 */
export function cachedGenerationModels(
  runtime: Runtime,
  fetch: (options?: CallOptions) => Promise<GenerationModel[]>,
): Promise<GenerationModel[]> {
  const now = runtime.now ?? Date.now;
  const entry = cache.get(runtime);
  if (entry && (entry.at === undefined || now() - entry.at < MODEL_LIST_TTL_MS)) return entry.models;
  const fresh: Entry = {
    models: fetch().then(
      (models) => {
        fresh.at = now();
        return models;
      },
      (error: unknown) => {
        if (cache.get(runtime) === fresh) cache.delete(runtime);
        throw error;
      },
    ),
  };
  cache.set(runtime, fresh);
  return fresh.models;
}

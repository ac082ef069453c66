/**
 * The generation models as pre-flight checks need them, cached per Runtime: single-flight (callers
 * that ask while a fetch is under way share it, so a batch of N generates costs one request) and
 * time-bounded (reused for a minute: models change rarely, and requests count against the per-IP
 * rate limit). A failed fetch is not kept.
 */
import type { CallOptions, Runtime } from '../http/execute';
import type { GenerationModel } from './schema';

/** How long a fetched model list is reused for input checks. */
export const MODEL_LIST_TTL_MS = 60_000;

interface Entry {
  /** When the fetch completed (epoch ms); undefined while it is under way. */
  at?: number;
  models: Promise<GenerationModel[]>;
}

/** Keyed by `runtime.cacheScope`, or by the Runtime itself. */
const cache = new WeakMap<object, Entry>();

/**
 * The generation model list of `runtime`'s API: fetched when first needed, then shared by every
 * caller of the same Runtime for {@link MODEL_LIST_TTL_MS}.
 */
export function cachedGenerationModels(
  runtime: Runtime,
  fetch: (options?: CallOptions) => Promise<GenerationModel[]>,
): Promise<GenerationModel[]> {
  const now = runtime.now ?? Date.now;
  const key = runtime.cacheScope ?? runtime;
  const entry = cache.get(key);
  if (entry && (entry.at === undefined || now() - entry.at < MODEL_LIST_TTL_MS)) return entry.models;
  const fresh: Entry = {
    models: fetch().then(
      (models) => {
        fresh.at = now();
        return models;
      },
      (error: unknown) => {
        if (cache.get(key) === fresh) cache.delete(key);
        throw error;
      },
    ),
  };
  cache.set(key, fresh);
  return fresh.models;
}

import { formatMicros } from '../clock';
import { ASPECT_RATIO_SIZES, type OutputsQuery, type RangeFilter } from '../validation/outputs-query';
import type { Output } from './gallery';

/** One page of outputs: `next` is a time cursor, or an integer offset in search mode. */
export interface OutputsPage {
  total?: number;
  next?: string | number;
  outputs: Output[];
}

type Filter = (o: Output) => boolean;

/**
 * sc-go's `(min ≤ v ≤ max) OR v IN list` when both a bound and a list are set, else each condition
 * alone (`database/repository/generation_queries.go` `ApplyUserGenerationsFilters`; 0 = unset).
 */
function inRange(f: RangeFilter, v: number): boolean {
  const { min, max, list } = f;
  const listed = list !== undefined && list.length > 0;
  if ((min || max) && listed) {
    if (min && max) return (v >= min && v <= max) || list!.includes(v);
    return (min ? v >= min : v <= max) || list!.includes(v);
  }
  return (!listed || list!.includes(v)) && (!max || v <= max) && (!min || v >= min);
}

/** Each filter sc-go knows, built from the query (undefined when the query does not set it). */
const FILTERS: Record<string, (q: OutputsQuery, owner: string) => Filter | undefined> = {
  model: (q) => q.modelIds && ((o) => q.modelIds!.includes(o.generation.modelId)),
  scheduler: (q) => q.schedulerIds && ((o) => q.schedulerIds!.includes(o.generation.schedulerId)),
  gallery: (q) => q.galleryStatus && ((o) => q.galleryStatus!.includes(o.galleryStatus)),
  favorite: (q) => (q.isFavorited === undefined ? undefined : (o) => o.isFavorited === q.isFavorited),
  // `is_liked=true` lists public outputs the user liked; nobody likes anything in the emulator.
  liked: (q) => (q.isLiked ? () => false : undefined),
  aspect: (q) => {
    const sizes = q.aspectRatios?.flatMap((r) => ASPECT_RATIO_SIZES[r]);
    return sizes && ((o) => sizes.some(([w, h]) => o.generation.width === w && o.generation.height === h));
  },
  // Every output listed here is the caller's (`owner`), so `lower(u.username) IN (…)` is about the caller.
  username: (q, owner) => (q.usernames && !q.usernames.includes(owner.toLowerCase()) ? () => false : undefined),
  size: (q) => (o) => inRange(q.width, o.generation.width) && inRange(q.height, o.generation.height),
  steps: (q) => (o) => inRange(q.inferenceSteps, o.generation.inferenceSteps),
  guidance: (q) => (o) => inRange(q.guidanceScale, o.generation.guidanceScale),
  upscaled: (q) => (q.upscaled === 'any' ? undefined : (o) => (o.upscaledImageUrl !== undefined) === (q.upscaled === 'only')),
  prompt: (q) => (q.promptId === undefined ? undefined : (o) => o.generation.prompt.id === q.promptId),
  date: (q) => (o) => (q.startMicros === undefined || o.generation.createdAt >= q.startMicros) && (q.endMicros === undefined || o.generation.createdAt <= q.endMicros),
  auto: (q) => (q.wasAutoSubmitted === undefined ? undefined : (o) => o.wasAutoSubmitted === q.wasAutoSubmitted),
  // Stands in for the real CLIP + Qdrant semantic search: every word must appear in the prompt.
  search: (q) => {
    const words = q.search?.toLowerCase().split(/\s+/).filter(Boolean);
    return words && ((o) => words.every((w) => o.generation.prompt.text.toLowerCase().includes(w)));
  },
};

/** What the list query applies: sc-go `database/repository/gallery_queries.go` `RetrieveMostRecentGalleryDataV3`. */
const LIST = ['model', 'scheduler', 'gallery', 'favorite', 'liked', 'aspect', 'username'];
/**
 * `total` comes from `generation_queries.go` `GetGenerationCount` (`ApplyUserGenerationsFilters`),
 * which applies sizes, steps, guidance, upscaled, prompt, dates and auto-submission, but no username.
 */
const TOTAL = ['model', 'scheduler', 'gallery', 'favorite', 'liked', 'aspect', 'size', 'steps', 'guidance', 'upscaled', 'prompt', 'date', 'auto'];
const SEARCH = ['search', 'model', 'scheduler', 'favorite', 'size', 'date', 'auto'];

function combined(q: OutputsQuery, names: string[], owner: string): Filter {
  const filters = names.map((name) => FILTERS[name](q, owner)).filter((f): f is Filter => f !== undefined);
  return (o) => filters.every((f) => f(o));
}

/**
 * Lists a user's outputs (`sorted`: oldest first; `owner`: the user's username) for a parsed query,
 * paged as the real handler pages.
 */
export function listOutputs(sorted: readonly Output[], q: OutputsQuery, owner: string): OutputsPage {
  const page: OutputsPage = { outputs: [] };
  if (q.search) {
    const hits = sorted.filter(combined(q, SEARCH, owner)).reverse();
    if (q.cursorOffset === undefined) page.total = hits.length;
    const offset = q.cursorOffset ?? 0;
    page.outputs = hits.slice(offset, offset + q.perPage);
    if (hits.length > offset + q.perPage) page.next = offset + q.perPage;
    return page;
  }

  if (q.cursorMicros === undefined) page.total = sorted.filter(combined(q, TOTAL, owner)).length;
  const keep = combined(q, LIST, owner);
  const desc = q.order === 'desc';
  const cursor = q.cursorMicros;
  // Like counts are all 0 here, so the like-count sorts keep the time order.
  for (let n = 0; n < sorted.length; n++) {
    const o = sorted[desc ? sorted.length - 1 - n : n];
    if (cursor !== undefined && (desc ? o.createdAt >= cursor : o.createdAt <= cursor)) continue;
    if (!keep(o)) continue;
    if (page.outputs.length === q.perPage) {
      // The like-count sorts compute an offset the handler never returns: no `next` at all.
      if (!q.sortByLikes) page.next = formatMicros(page.outputs[page.outputs.length - 1].createdAt);
      break;
    }
    page.outputs.push(o);
  }
  return page;
}

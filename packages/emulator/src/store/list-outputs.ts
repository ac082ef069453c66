import { formatMicros } from '../clock';
import { ASPECT_RATIO_SIZES, type OutputsQuery } from '../validation/outputs-query';
import type { Output } from './gallery';

/** One page of outputs: `next` is a time cursor, or an integer offset in search mode. */
export interface OutputsPage {
  total?: number;
  next?: string | number;
  outputs: Output[];
}

type Filter = (o: Output) => boolean;

/** Each filter the server knows, built from the query (undefined when the query does not set it). */
const FILTERS: Record<string, (q: OutputsQuery) => Filter | undefined> = {
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
  size: (q) => (o) => {
    const { width: w, height: h } = o.generation;
    return (q.minWidth === undefined || w >= q.minWidth) && (q.maxWidth === undefined || w <= q.maxWidth) &&
      (q.minHeight === undefined || h >= q.minHeight) && (q.maxHeight === undefined || h <= q.maxHeight) &&
      (!q.widths || q.widths.includes(w)) && (!q.heights || q.heights.includes(h));
  },
  date: (q) => (o) => (q.startMicros === undefined || o.generation.createdAt >= q.startMicros) && (q.endMicros === undefined || o.generation.createdAt <= q.endMicros),
  auto: (q) => (q.wasAutoSubmitted === undefined ? undefined : (o) => o.wasAutoSubmitted === q.wasAutoSubmitted),
  // Stands in for the real CLIP + Qdrant semantic search: every word must appear in the prompt.
  search: (q) => {
    const words = q.search?.toLowerCase().split(/\s+/).filter(Boolean);
    return words && ((o) => words.every((w) => o.generation.prompt.text.toLowerCase().includes(w)));
  },
};

/** What the list query applies (the rest is parsed and ignored, as on the real server). */
const LIST = ['model', 'scheduler', 'gallery', 'favorite', 'liked', 'aspect'];
/** `total` comes from another query that also applies sizes, dates and auto-submission. */
const TOTAL = [...LIST, 'size', 'date', 'auto'];
const SEARCH = ['search', 'model', 'scheduler', 'favorite', 'size', 'date', 'auto'];

function combined(q: OutputsQuery, names: string[]): Filter {
  const filters = names.map((name) => FILTERS[name](q)).filter((f): f is Filter => f !== undefined);
  return (o) => filters.every((f) => f(o));
}

/** Lists a user's outputs (`sorted`: oldest first) for a parsed query, paged as the real handler pages. */
export function listOutputs(sorted: readonly Output[], q: OutputsQuery): OutputsPage {
  const page: OutputsPage = { outputs: [] };
  if (q.search) {
    const hits = sorted.filter(combined(q, SEARCH)).reverse();
    if (q.cursorOffset === undefined) page.total = hits.length;
    const offset = q.cursorOffset ?? 0;
    page.outputs = hits.slice(offset, offset + q.perPage);
    if (hits.length > offset + q.perPage) page.next = offset + q.perPage;
    return page;
  }

  if (q.cursorMicros === undefined) page.total = sorted.filter(combined(q, TOTAL)).length;
  const keep = combined(q, LIST);
  const desc = q.order === 'desc';
  const cursor = q.cursorMicros;
  for (let n = 0; n < sorted.length; n++) {
    const o = sorted[desc ? sorted.length - 1 - n : n];
    if (cursor !== undefined && (desc ? o.createdAt >= cursor : o.createdAt <= cursor)) continue;
    if (!keep(o)) continue;
    if (page.outputs.length === q.perPage) {
      page.next = formatMicros(page.outputs[page.outputs.length - 1].createdAt);
      break;
    }
    page.outputs.push(o);
  }
  return page;
}

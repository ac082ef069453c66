import { parseRfc3339 } from '../clock';
import { parseUuid } from '../ids';
import { GALLERY_STATUSES, type GalleryStatus } from '../store/gallery';

/** A numeric filter sc-go combines as `(min ≤ v ≤ max) OR v IN list` (0 means unset). */
export interface RangeFilter {
  min: number;
  max: number;
  list?: number[];
}

/**
 * The query of `GET /v1/image/generation/outputs`, parsed as sc-go's
 * `server/requests/query_generation.go` `ParseURLQueryParameters` parses it. Every known parameter
 * is checked (a malformed one is a 400 with sc-go's free-text message), but the list query and the
 * `total` query each apply only some of them (see `store/list-outputs.ts`).
 */
export interface OutputsQuery {
  perPage: number;
  order: 'asc' | 'desc';
  /** Search mode: the cursor is an integer offset. */
  search?: string;
  cursorMicros?: number;
  cursorOffset?: number;
  /** `sort=top|trending`: like-count order, which never gives a `next` cursor. */
  sortByLikes: boolean;
  modelIds?: string[];
  schedulerIds?: string[];
  galleryStatus?: GalleryStatus[];
  isFavorited?: boolean;
  /** Only `true` parses; it also sets sc-go's `IsPublic`. */
  isLiked?: boolean;
  aspectRatios?: string[];
  /** Lower-cased usernames. */
  usernames?: string[];
  width: RangeFilter;
  height: RangeFilter;
  inferenceSteps: RangeFilter;
  guidanceScale: RangeFilter;
  upscaled: 'any' | 'only' | 'not';
  promptId?: string;
  startMicros?: number;
  endMicros?: number;
  wasAutoSubmitted?: boolean;
}

/**
 * The exact sizes each `aspect_ratio` value matches: sc-go compares with its preset sizes, not with
 * the ratio, so e.g. 1000×1000 or 1360×768 is in no aspect ratio. Copied from sc-go
 * `discobot/aspectratio/aspectratio.go` `GetAllWidthHeightCombos` (widths[i] × heights[i]),
 * applied in `database/repository/generation_queries.go` (and `gallery_queries.go`).
 */
export const ASPECT_RATIO_SIZES: Record<string, Array<[number, number]>> = {
  '16-9': [[1280, 720], [1024, 576], [768, 432]],
  '1-1': [[1024, 1024], [768, 768], [512, 512]],
  '2-3': [[832, 1248], [608, 912], [512, 768]],
  '3-2': [[1248, 832], [912, 608], [768, 512]],
  '9-16': [[720, 1280], [576, 1024], [432, 768]],
  '4-5': [[896, 1120], [672, 840], [512, 640]],
  '2_4-1': [[1536, 640], [1152, 480], [768, 320]],
};

export type QueryCheck = { ok: true; query: OutputsQuery } | { ok: false; error: string };

class QueryError extends Error {}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const INT32_MAX = 2 ** 31 - 1;
const FLOAT32_MAX = 3.4028234663852886e38;

/** Go's `strconv.Atoi` (64-bit int): undefined when it fails. */
function atoi(text: string): bigint | undefined {
  if (!/^[+-]?\d+$/.test(text)) return undefined;
  const n = BigInt(text);
  return n < INT64_MIN || n > INT64_MAX ? undefined : n;
}

/** Go's `strconv.ParseFloat(s, 32)`: decimal, hex, inf and nan forms; out of float32 range fails. */
function parseFloat32(text: string): number | undefined {
  const t = text.toLowerCase();
  let n: number;
  if (/^[+-]?(inf|infinity)$/.test(t)) n = t.startsWith('-') ? -Infinity : Infinity;
  else if (/^[+-]?nan$/.test(t)) n = NaN;
  else if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(t)) n = Number(t);
  else {
    const hex = /^([+-]?)0x([0-9a-f]*)\.?([0-9a-f]*)p([+-]?\d+)$/.exec(t);
    if (!hex || (hex[2] + hex[3]).length === 0) return undefined;
    const mantissa = parseInt(hex[2] + hex[3] || '0', 16) / 16 ** hex[3].length;
    n = (hex[1] === '-' ? -1 : 1) * mantissa * 2 ** Number(hex[4]);
  }
  return Number.isFinite(n) && Math.abs(n) > FLOAT32_MAX ? undefined : n;
}

/**
 * Parses the query string of an outputs request with sc-go's rules and words: `per_page` first
 * (`server/api/rest/user.go` `HandleQueryGenerations`), then every filter present (an empty value
 * is present: `?model_ids=` fails), then the cursor.
 */
export function parseOutputsQuery(params: URLSearchParams): QueryCheck {
  // Go reads the first value of each key.
  const get = (name: string): string | undefined => params.get(name) ?? undefined;
  const fail = (message: string): never => {
    throw new QueryError(message);
  };
  /** An int32 field: `invalid <label>: v`, `<label> too large: n`; Go's int32 conversion wraps. */
  const int32 = (v: string, label: string): number => {
    const n = atoi(v) ?? fail(`invalid ${label}: ${v}`);
    if (n > BigInt(INT32_MAX)) fail(`${label} too large: ${n}`);
    return Number(BigInt.asIntN(32, n));
  };
  const float32 = (v: string, label: string): number => parseFloat32(v) ?? fail(`invalid ${label}: ${v}`);
  const trueFalse = (name: string): boolean | undefined => {
    const v = get(name);
    if (v === undefined) return undefined;
    if (v.toLowerCase() === 'true') return true;
    if (v.toLowerCase() === 'false') return false;
    return fail(`invalid ${name}: '${v}' expected 'true' or 'false'`);
  };
  const list = (name: string): string[] | undefined => get(name)?.split(',');

  try {
    const perPageText = get('per_page') || undefined;
    let perPage = 50;
    if (perPageText !== undefined) {
      const n = atoi(perPageText);
      if (n === undefined) fail('per_page must be an integer');
      perPage = Number(n);
      if (perPage < 1 || perPage > 300) fail('per_page must be between 1 and 300');
    }

    const query: OutputsQuery = {
      perPage,
      order: 'desc',
      search: get('search') || undefined,
      sortByLikes: false,
      width: { min: 0, max: 0 },
      height: { min: 0, max: 0 },
      inferenceSteps: { min: 0, max: 0 },
      guidanceScale: { min: 0, max: 0 },
      upscaled: 'any',
    };
    query.modelIds = list('model_ids')?.map((v) => parseUuid(v) ?? fail(`invalid model id: ${v}`));
    query.schedulerIds = list('scheduler_ids')?.map((v) => parseUuid(v) ?? fail(`invalid scheduler id: ${v}`));
    for (const [field, name, label] of [['height', 'height', 'height'], ['width', 'width', 'width'], ['inferenceSteps', 'inference_steps', 'inference steps']] as const) {
      const min = get(`min_${name}`);
      if (min !== undefined) query[field].min = int32(min, `min ${label}`);
      const max = get(`max_${name}`);
      if (max !== undefined) query[field].max = int32(max, `max ${label}`);
    }
    const minGuidance = get('min_guidance_scale');
    if (minGuidance !== undefined) query.guidanceScale.min = float32(minGuidance, 'min guidance scale');
    const maxGuidance = get('max_guidance_scale');
    if (maxGuidance !== undefined) query.guidanceScale.max = float32(maxGuidance, 'max guidance scale');
    query.width.list = list('widths')?.map((v) => int32(v, 'width'));
    query.height.list = list('heights')?.map((v) => int32(v, 'height'));
    query.inferenceSteps.list = list('inference_steps')?.map((v) => int32(v, 'inference step'));
    query.guidanceScale.list = list('guidance_scales')?.map((v) => float32(v, 'guidance scale'));

    const order = get('order');
    if (order !== undefined) {
      if (order.toLowerCase() !== 'asc' && order.toLowerCase() !== 'desc') fail(`invalid order: '${order}' expected 'asc' or 'desc'`);
      query.order = order.toLowerCase() as 'asc' | 'desc';
    }
    const upscaled = get('upscaled');
    if (upscaled !== undefined) {
      const v = upscaled.toLowerCase();
      if (v !== 'any' && v !== 'not' && v !== 'only') fail(`invalid upscaled: '${upscaled}' expected 'any', 'not', or 'only'`);
      query.upscaled = v as OutputsQuery['upscaled'];
    }
    const oversampling = get('oversampling');
    if (oversampling !== undefined) float32(oversampling, 'oversampling');
    const gallery = get('gallery_status');
    if (gallery !== undefined) {
      query.galleryStatus = gallery.split(',').map((status) => {
        const v = status.toLowerCase() as GalleryStatus;
        if (GALLERY_STATUSES.includes(v)) return v;
        // sc-go quotes the whole value and leaves not_submitted unquoted.
        return fail(`invalid gallery_status: '${gallery}' expected 'approved', 'rejected', 'submitted', not_submitted, or 'waiting_for_approval'`);
      });
    }
    for (const name of ['start_dt', 'end_dt'] as const) {
      const v = get(name);
      if (v === undefined) continue;
      const micros = parseRfc3339(v) ?? fail(`invalid ${name}: ${v}`);
      if (name === 'start_dt') query.startMicros = micros;
      else query.endMicros = micros;
    }
    const orderBy = get('order_by');
    if (orderBy !== undefined && orderBy.toLowerCase() !== 'updated_at' && orderBy.toLowerCase() !== 'created_at') {
      fail(`invalid order_by: '${orderBy}' expected 'updated_at' or 'created_at'`);
    }
    const sort = get('sort');
    if (sort !== undefined) {
      const v = sort.toLowerCase();
      if (v !== 'trending' && v !== 'new' && v !== 'top') fail(`invalid sort: '${sort}' expected 'trending', 'new', or 'top'`);
      query.sortByLikes = v !== 'new';
    }
    query.isFavorited = trueFalse('is_favorited');
    query.wasAutoSubmitted = trueFalse('was_auto_submitted');
    trueFalse('admin_mode');
    const liked = get('is_liked');
    if (liked !== undefined) {
      if (liked.toLowerCase() !== 'true') fail(`invalid is_liked: '${liked}' expected 'true'`);
      query.isLiked = true;
    }
    const threshold = get('score_threshold');
    if (threshold !== undefined) float32(threshold, 'score_threshold');
    const promptId = get('prompt_id');
    if (promptId !== undefined) query.promptId = parseUuid(promptId) ?? fail(`invalid prompt_id: ${promptId}`);
    for (const kind of ['artifact', 'rating']) {
      for (const op of ['lte', 'gte']) {
        const name = `aesthetic_${kind}_score_${op}`;
        const v = get(name);
        if (v !== undefined) float32(v, name);
      }
    }
    query.usernames = list('username')?.map((v) => v.toLowerCase());
    query.aspectRatios = list('aspect_ratio')?.map((v) => (v.toLowerCase() in ASPECT_RATIO_SIZES ? v.toLowerCase() : fail(`invalid aspect_ratio: ${v}`)));

    const cursor = get('cursor') || undefined;
    if (cursor !== undefined) {
      if (query.search) {
        if (!/^\d+$/.test(cursor) || BigInt(cursor) >= 2n ** 64n) fail('cursor must be a valid uint');
        query.cursorOffset = Number(cursor);
      } else {
        query.cursorMicros = parseRfc3339(cursor) ?? fail('cursor must be a valid iso time string');
      }
    }
    return { ok: true, query };
  } catch (err) {
    if (err instanceof QueryError) return { ok: false, error: err.message };
    throw err;
  }
}

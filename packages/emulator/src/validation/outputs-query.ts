import { parseRfc3339 } from '../clock';
import { parseUuid } from '../ids';
import { GALLERY_STATUSES, type GalleryStatus } from '../store/gallery';

/**
 * The query of `GET /v1/image/generation/outputs`, parsed as the server parses it: every known
 * parameter is checked (a malformed one is a 400 with a free-text message), but the list query
 * applies only some of them (see `listOutputs`).
 */
export interface OutputsQuery {
  perPage: number;
  order: 'asc' | 'desc';
  /** Search mode: the cursor is an integer offset. */
  search?: string;
  cursorMicros?: number;
  cursorOffset?: number;
  modelIds?: string[];
  schedulerIds?: string[];
  galleryStatus?: GalleryStatus[];
  isFavorited?: boolean;
  isLiked?: boolean;
  aspectRatios?: string[];
  // Applied in search mode only.
  minWidth?: number;
  maxWidth?: number;
  minHeight?: number;
  maxHeight?: number;
  widths?: number[];
  heights?: number[];
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

const GO_BOOL: Record<string, boolean> = { 1: true, t: true, T: true, TRUE: true, true: true, True: true, 0: false, f: false, F: false, FALSE: false, false: false, False: false };

/** Parses the query string of an outputs request. */
export function parseOutputsQuery(params: URLSearchParams): QueryCheck {
  const get = (name: string): string | undefined => params.get(name) || undefined;
  const int = (name: string, message = `${name} must be an integer`): number | undefined => {
    const v = get(name);
    if (v === undefined) return undefined;
    if (!/^[+-]?\d+$/.test(v)) throw new QueryError(message);
    return Number(v);
  };
  const float = (name: string): number | undefined => {
    const v = get(name);
    if (v === undefined) return undefined;
    const n = Number(v);
    if (v.trim() === '' || !Number.isFinite(n)) throw new QueryError(`${name} must be a number`);
    return n;
  };
  const bool = (name: string): boolean | undefined => {
    const v = get(name);
    if (v === undefined) return undefined;
    if (!(v in GO_BOOL)) throw new QueryError(`${name} must be a boolean`);
    return GO_BOOL[v];
  };
  const time = (name: string): number | undefined => {
    const v = get(name);
    if (v === undefined) return undefined;
    const t = parseRfc3339(v);
    if (t === undefined) throw new QueryError(`${name} must be a valid iso time string`);
    return t;
  };
  const list = (name: string): string[] | undefined => get(name)?.split(',');
  const intList = (name: string): number[] | undefined =>
    list(name)?.map((v) => {
      if (!/^[+-]?\d+$/.test(v)) throw new QueryError(`invalid ${name}: ${v}`);
      return Number(v);
    });
  const uuidList = (name: string, label: string): string[] | undefined =>
    list(name)?.map((v) => parseUuid(v) ?? (() => { throw new QueryError(`invalid ${label}: ${v}`); })());
  const oneOf = <T extends string>(name: string, values: readonly T[]): T | undefined => {
    const v = get(name);
    if (v !== undefined && !values.includes(v as T)) throw new QueryError(`invalid ${name}: ${v}`);
    return v as T | undefined;
  };

  try {
    const perPage = int('per_page', 'per_page must be an integer') ?? 50;
    if (perPage < 1 || perPage > 300) throw new QueryError('per_page must be between 1 and 300');
    const search = get('search');
    const query: OutputsQuery = { perPage, order: oneOf('order', ['asc', 'desc'] as const) ?? 'desc', search };
    const cursor = get('cursor');
    if (cursor !== undefined) {
      if (search) {
        if (!/^\d+$/.test(cursor)) throw new QueryError('cursor must be a valid uint');
        query.cursorOffset = Number(cursor);
      } else {
        query.cursorMicros = parseRfc3339(cursor);
        if (query.cursorMicros === undefined) throw new QueryError('cursor must be a valid iso time string');
      }
    }
    query.modelIds = uuidList('model_ids', 'model id');
    query.schedulerIds = uuidList('scheduler_ids', 'scheduler id');
    query.galleryStatus = list('gallery_status')?.map((v) => {
      if (!GALLERY_STATUSES.includes(v as GalleryStatus)) throw new QueryError(`invalid gallery_status: ${v}`);
      return v as GalleryStatus;
    });
    query.aspectRatios = list('aspect_ratio')?.map((v) => {
      if (!(v in ASPECT_RATIO_SIZES)) throw new QueryError(`invalid aspect_ratio: ${v}`);
      return v;
    });
    query.isFavorited = bool('is_favorited');
    query.isLiked = bool('is_liked');
    query.wasAutoSubmitted = bool('was_auto_submitted');
    query.minWidth = int('min_width');
    query.maxWidth = int('max_width');
    query.minHeight = int('min_height');
    query.maxHeight = int('max_height');
    query.widths = intList('widths');
    query.heights = intList('heights');
    query.startMicros = time('start_dt');
    query.endMicros = time('end_dt');
    // Parsed and checked, but ignored by the list query (as on the real server).
    int('min_inference_steps');
    int('max_inference_steps');
    intList('inference_steps');
    float('min_guidance_scale');
    float('max_guidance_scale');
    list('guidance_scales')?.forEach((v) => {
      if (!Number.isFinite(Number(v)) || v.trim() === '') throw new QueryError(`invalid guidance_scales: ${v}`);
    });
    oneOf('upscaled', ['any', 'only', 'not'] as const);
    oneOf('order_by', ['created_at', 'updated_at'] as const);
    oneOf('sort', ['new', 'top', 'trending'] as const);
    const promptId = get('prompt_id');
    if (promptId !== undefined && !parseUuid(promptId)) throw new QueryError(`invalid prompt id: ${promptId}`);
    float('score_threshold');
    for (const kind of ['artifact', 'rating']) for (const op of ['lte', 'gte']) float(`aesthetic_${kind}_score_${op}`);
    return { ok: true, query };
  } catch (err) {
    if (err instanceof QueryError) return { ok: false, error: err.message };
    throw err;
  }
}

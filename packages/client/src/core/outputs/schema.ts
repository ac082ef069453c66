/**
 * The output history: the list query (the filters the server really applies,
 * shared/behavior/README.md § Outputs list), the criteria of `outputs.find`, and the V3 items.
 */
import { z } from 'zod';
import { formBoolean, formList, formNumber, formString, optionalNumber, optionalString, uuid } from '../fields';

/** Output filters the list query really applies (shared/behavior/README.md § Outputs list). */
export const GALLERY_STATUSES = ['not_submitted', 'submitted', 'approved', 'rejected', 'waiting_for_approval'] as const;
/** Aspect-ratio presets the list query can filter on. */
export const ASPECT_RATIOS = ['1-1', '16-9', '9-16', '2-3', '3-2', '4-5', '2_4-1'] as const;

/** Query of `outputs.list` / `outputs.iterate` (GET /v1/image/generation/outputs). */
export const OutputsQuerySchema = z.object({
  /** 1–300 outputs per page (server default 50). */
  per_page: formNumber(z.number().int().min(1).max(300)),
  /** The `next` value of the previous page, passed back exactly as received. */
  cursor: z
    .union([z.string(), z.number(), z.null()], { error: 'must be the `next` value of a previous page' })
    .optional()
    .transform((cursor) => (cursor === null || cursor === undefined || cursor === '' ? undefined : String(cursor))),
  model_ids: formList(uuid()),
  scheduler_ids: formList(uuid()),
  gallery_status: formList(z.enum(GALLERY_STATUSES, { error: `must be one of ${GALLERY_STATUSES.join(', ')}` })),
  is_favorited: formBoolean(),
  aspect_ratio: formList(z.enum(ASPECT_RATIOS, { error: `must be one of ${ASPECT_RATIOS.join(', ')}` })),
  /** Semantic search: switches the server to CLIP search with an integer offset cursor. */
  search: formString(z.string()),
  /** `desc` (newest first, the default) or `asc`. */
  order: formString(z.enum(['asc', 'desc'], { error: 'must be asc or desc' })),
});

/** What `outputs.list` accepts. */
export type OutputsQuery = z.input<typeof OutputsQuerySchema>;
/** A validated outputs query. */
export type OutputsParams = z.output<typeof OutputsQuerySchema>;

/** Criteria of `outputs.find`: the prompt and seed of a lost generate, and when it was sent. */
export const FindOutputsQuerySchema = z.object({
  /** Matched exactly (after the whitespace folding the server applies). */
  prompt: formString(z.string()),
  seed: formNumber(z.number().int().min(0)),
  /** When the lost request was started (a Date, an ISO string or epoch milliseconds). */
  since: z
    .union([z.date(), z.string(), z.number()], { error: 'must be a date (Date, ISO text or epoch ms)' })
    .transform((since, ctx) => {
      const ms = since instanceof Date ? since.getTime() : typeof since === 'number' ? since : Date.parse(since);
      if (Number.isNaN(ms)) {
        ctx.addIssue({ code: 'custom', message: `must be a valid date (got "${String(since)}")` });
        return z.NEVER;
      }
      return ms;
    }),
  /** Stop after this many matches. */
  limit: formNumber(z.number().int().min(1)),
  /** Allowance for the difference between this machine's clock and the server's (default 2 min). */
  clockSkewMs: formNumber(z.number().min(0)),
});

/** What `outputs.find` accepts. */
export type FindOutputsQuery = z.input<typeof FindOutputsQuerySchema>;
/** Validated find criteria (`since` in epoch milliseconds). */
export type FindOutputsParams = z.output<typeof FindOutputsQuerySchema>;

const promptText = z.looseObject({ id: optionalString, text: z.string() });

/** The generation an output belongs to (sibling outputs share it). */
export const OutputGenerationSchema = z.looseObject({
  id: z.string(),
  created_at: optionalString,
  started_at: optionalString,
  completed_at: optionalString,
  user: z.looseObject({ username: optionalString, identifier: optionalString }).nullable().optional(),
  prompt: promptText.optional(),
  negative_prompt: promptText.optional(),
  model_id: optionalString,
  scheduler_id: optionalString,
  width: optionalNumber,
  height: optionalNumber,
  seed: optionalNumber,
  inference_steps: optionalNumber,
  guidance_scale: optionalNumber,
  num_outputs: optionalNumber,
  init_image_url: optionalString,
  prompt_strength: optionalNumber,
});

/** One output in the history (V3 shape: one item per image, its generation embedded). */
export const OutputSchema = z.looseObject({
  id: z.string(),
  image_url: z.string(),
  upscaled_image_url: optionalString,
  created_at: z.string(),
  updated_at: optionalString,
  is_favorited: z.boolean().nullish(),
  gallery_status: optionalString,
  was_auto_submitted: z.boolean().nullish(),
  is_public: z.boolean().nullish(),
  like_count: optionalNumber,
  is_liked: z.boolean().nullish(),
  generation: OutputGenerationSchema,
});

/** One page of `outputs.list`. Pass `next` back as `cursor`, unchanged, for the following page. */
export const OutputsPageSchema = z.looseObject({
  /** Approximate count of outputs; only on the first page (no cursor sent). */
  total: optionalNumber,
  /** Cursor of the next page (a time with microseconds, or an offset in search mode); absent on the last. */
  next: z.union([z.string(), z.number()]).optional(),
  outputs: z.array(OutputSchema),
});

/** One output of the history. */
export type Output = z.infer<typeof OutputSchema>;
/** One page of the history. */
export type OutputsPage = z.infer<typeof OutputsPageSchema>;

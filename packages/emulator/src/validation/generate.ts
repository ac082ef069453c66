import { findGenerationModel, findScheduler, defaultGenerationModel, type GenerationModel } from '../catalog';
import type { Decoded } from './go-json';

/** The fields of the server's generation request struct (what the body may set). */
export const GENERATE_FIELDS = {
  prompt: 'string',
  negative_prompt: 'string',
  model_id: 'uuid',
  scheduler_id: 'uuid',
  width: 'int32',
  height: 'int32',
  inference_steps: 'int32',
  guidance_scale: 'float32',
  num_outputs: 'int32',
  seed: 'int64',
  init_image_url: 'string',
  mask_image_url: 'string',
  prompt_strength: 'float32',
  submit_to_gallery: 'bool',
  stream_id: 'string',
  ui_id: 'string',
  process_type: 'string',
  output_image_extension: 'string',
} as const;

export type GenerateBody = Decoded<typeof GENERATE_FIELDS>;

/** A generation request after defaults and checks, as the server goes on with it. */
export interface GenerationRequest {
  prompt: string;
  negativePrompt: string;
  model: GenerationModel;
  schedulerId: string;
  width: number;
  height: number;
  /** What the client sent (or 30): used only by the checks; the model's default is what runs. */
  requestedSteps: number;
  guidanceScale: number;
  /** May be 0: the credit deduction then fails with `insufficient_credits`. */
  numOutputs: number;
  seed: number;
  initImageUrl?: string;
  maskImageUrl?: string;
  promptStrength?: number;
  submitToGallery: boolean;
}

export type GenerateCheck =
  | { ok: true; request: GenerationRequest }
  | { ok: false; error: string }
  /** An unknown model without a size: the real handler dereferences nil and the connection drops. */
  | { ok: false; crash: true };

export const LIMITS = { minSize: 256, maxSize: 1536, minSteps: 10, maxPixelSteps: 1024 * 1024 * 30, maxOutputs: 4, minGuidance: 1, maxGuidance: 30 };
const MAX_PROMPT_LENGTH = 500;
/** Go's `unicode.IsSpace`, which `strings.Fields` splits on (JavaScript's `\s` has U+FEFF, lacks U+0085). */
const GO_WHITESPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;
const IMAGE_URL = /^(s3|https?):\/\//;

/**
 * sc-go `utils.FormatPrompt`: whitespace runs folded as `strings.Fields` does; a prompt of more than
 * 500 characters (runes) is cut to its first 500 bytes (which may cut a character).
 */
export function formatPrompt(text: string): string {
  const collapsed = text.split(GO_WHITESPACE).filter(Boolean).join(' ');
  if ([...collapsed].length <= MAX_PROMPT_LENGTH) return collapsed;
  return Buffer.from(collapsed, 'utf8').subarray(0, MAX_PROMPT_LENGTH).toString('utf8');
}

/** A random seed as the server picks one: [0, 2^31 - 1). */
export const randomSeed = (): number => Math.floor(Math.random() * (2 ** 31 - 1));

/**
 * Applies the server's defaults, then its checks, in its order (sc-go
 * `server/requests/create_generation.go` `Validate`: sizes, guidance, steps, outputs, and only then
 * the model). Does not look at credits or images.
 */
export function checkGenerate(body: GenerateBody): GenerateCheck {
  const modelId = body.model_id ?? defaultGenerationModel().id;
  const model = findGenerationModel(modelId);
  // `ApplyDefaults` reads the unknown model's default size through a nil pointer: a panic.
  if (!model && (body.width === undefined || body.height === undefined)) return { ok: false, crash: true };

  // An unknown or incompatible scheduler is silently replaced by the model's default.
  const requestedScheduler = body.scheduler_id && findScheduler(body.scheduler_id);
  const schedulerId = model && requestedScheduler && model.scheduler_ids.includes(requestedScheduler.id) ? requestedScheduler.id : model?.default_scheduler_id;

  const width = body.width ?? model!.default_width;
  const height = body.height ?? model!.default_height;
  const steps = body.inference_steps ?? 30;
  const guidance = body.guidance_scale ?? 7;
  const numOutputs = body.num_outputs === undefined || body.num_outputs < 0 ? 2 : body.num_outputs;

  if (height > LIMITS.maxSize) return { ok: false, error: `Height is too large, max is: ${LIMITS.maxSize}` };
  if (height < LIMITS.minSize) return { ok: false, error: `Height is too small, min is: ${LIMITS.minSize}` };
  if (width > LIMITS.maxSize) return { ok: false, error: `Width is too large, max is: ${LIMITS.maxSize}` };
  if (width < LIMITS.minSize) return { ok: false, error: `Width is too small, min is: ${LIMITS.minSize}` };
  if (guidance < LIMITS.minGuidance) return { ok: false, error: `Guidance scale is too small, min is: ${LIMITS.minGuidance.toFixed(6)}` };
  if (guidance > LIMITS.maxGuidance) return { ok: false, error: `Guidance scale is too large, max is: ${LIMITS.maxGuidance.toFixed(6)}` };
  if (steps < LIMITS.minSteps) return { ok: false, error: `Inference steps is too small, min is: ${LIMITS.minSteps}` };
  // The product is int32 in Go and wraps: 1024 × 1024 × 2048 is -2^31 and passes.
  if (Math.imul(Math.imul(width, height), steps) > LIMITS.maxPixelSteps) {
    return { ok: false, error: `Pick fewer inference steps or smaller dimensions: ${width} - ${height} - ${steps}` };
  }
  if (numOutputs > LIMITS.maxOutputs) return { ok: false, error: `Number of outputs can't be more than ${LIMITS.maxOutputs}` };
  if (!model || !model.is_active) return { ok: false, error: 'invalid_model_id' };
  if (body.init_image_url && !IMAGE_URL.test(body.init_image_url)) return { ok: false, error: 'invalid_init_image_url' };
  if (body.mask_image_url && !IMAGE_URL.test(body.mask_image_url)) return { ok: false, error: 'invalid_mask_image_url' };

  const initImageUrl = body.init_image_url || undefined;
  const strength = body.prompt_strength ?? (initImageUrl ? 0.5 : undefined);
  return {
    ok: true,
    request: {
      prompt: formatPrompt(body.prompt ?? ''),
      negativePrompt: formatPrompt(body.negative_prompt ?? ''),
      model,
      schedulerId: schedulerId!,
      width,
      height,
      requestedSteps: steps,
      guidanceScale: guidance,
      numOutputs,
      seed: body.seed === undefined || body.seed < 0 ? randomSeed() : body.seed,
      initImageUrl,
      maskImageUrl: body.mask_image_url || undefined,
      promptStrength: strength === undefined ? undefined : Math.min(1, Math.max(0, strength)),
      submitToGallery: body.submit_to_gallery ?? false,
    },
  };
}

/** The `settings` object of create answers (and of errors after validation). */
export function generationSettings(request: GenerationRequest): Record<string, unknown> {
  return {
    model_id: request.model.id,
    scheduler_id: request.schedulerId,
    width: request.width,
    height: request.height,
    num_outputs: request.numOutputs,
    guidance_scale: request.guidanceScale,
    inference_steps: request.model.default_inference_steps,
    seed: request.seed,
    ...(request.initImageUrl !== undefined && { init_image_url: request.initImageUrl }),
    ...(request.maskImageUrl !== undefined && { mask_image_url: request.maskImageUrl }),
    ...(request.promptStrength !== undefined && { prompt_strength: request.promptStrength }),
  };
}

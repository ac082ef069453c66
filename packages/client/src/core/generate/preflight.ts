/**
 * Pre-flight of a generate: the checks that need the model list, run by `execute` (and
 * `prepareRequest`) for every front end before the create is sent. Without both width and height
 * the server uses the model's default size (and its size rule then applies to that), and it
 * crashes on an unknown `model_id` sent without a size (shared/behavior/README.md § Models); a
 * scheduler the model does not offer is refused; an aspect ratio becomes Stablecog's own size for
 * the model.
 */
import { ValidationError } from '../errors';
import type { GenerateParams } from '../inputs';
import type { RequestSpec } from '../request';
import type { GenerationModel } from '../results';
import { DEFAULT_INFERENCE_STEPS, MAX_PIXEL_STEPS, MAX_SIDE, maxStepsFor, MIN_INFERENCE_STEPS, pixelStepsProblem } from '../size-limit';
import { hintForField } from '../validation';
import { sizeFor } from './sizes';

/** The server lists an operation's pre-flight may need, fetched only when asked for (and cached). */
export interface ServerLists {
  generationModels(): Promise<GenerationModel[]>;
}

/** A generate body as sent: the validated input without the aspect ratio, with its seed. */
type GenerateBody = Omit<GenerateParams, 'aspect_ratio'> & { seed: number };

/** The model a generate will use: the one asked for (any case), or the server's default. */
export function chosenModel(models: readonly GenerationModel[], modelId: string | undefined): GenerationModel | undefined {
  const wanted = modelId?.toLowerCase();
  return wanted ? models.find((m) => m.id.toLowerCase() === wanted) : models.find((m) => m.is_default);
}

/**
 * Runs the model-list checks of a built generate spec, fetching the list only when something
 * depends on it. Returns the spec to send (with the aspect ratio turned into width and height);
 * throws a ValidationError naming the field, before anything is sent.
 */
export async function preflightGenerate(spec: RequestSpec, lists: ServerLists): Promise<RequestSpec> {
  if (spec.body?.kind !== 'json') return spec;
  const body = spec.body.value as GenerateBody;
  const { aspectRatio, ...rest } = spec;
  const sizeMissing = body.width === undefined || body.height === undefined;
  const needsList = needsModelList(body) || body.scheduler_id !== undefined || (aspectRatio !== undefined && sizeMissing);
  if (!needsList) return rest;
  const models = await lists.generationModels();
  let sized = body;
  if (aspectRatio !== undefined && sizeMissing) {
    const size = sizeFor(aspectRatio, chosenModel(models, body.model_id));
    sized = { ...body, width: body.width ?? size.width, height: body.height ?? size.height };
  }
  checkAgainstModels(sized, models);
  checkScheduler(sized, models);
  return { ...rest, body: { kind: 'json', value: sized } };
}

/**
 * Checks that the scheduler is one the model offers (when the list says which it offers). A model
 * the list does not show (a hidden one, sent with a full size) is left to the server.
 */
export function checkScheduler(params: Pick<GenerateParams, 'model_id' | 'scheduler_id'>, models: readonly GenerationModel[]): void {
  const schedulerId = params.scheduler_id?.toLowerCase();
  if (schedulerId === undefined) return;
  const model = chosenModel(models, params.model_id);
  const offered = model?.available_schedulers;
  if (!model || !offered?.length || offered.some((s) => s.id.toLowerCase() === schedulerId)) return;
  const names = offered.map((s) => `${s.name} (${s.id})`).join(', ');
  throw new ValidationError({
    operation: 'generate',
    message: `scheduler_id: ${params.scheduler_id} is not one of the schedulers ${model.name} offers`,
    hint: `Use one of ${model.name}'s schedulers: ${names}; or leave scheduler_id empty.`,
    issues: [{ field: 'scheduler_id', message: `is not one of the schedulers ${model.name} offers` }],
  });
}

/**
 * Whether `checkAgainstModels` has anything to check, so that the list is fetched only then: a
 * model id without a full size, or steps (or one side) that could exceed the limit at some size.
 */
export function needsModelList(params: Omit<GenerateParams, 'aspect_ratio'>): boolean {
  const { width, height, inference_steps: steps, model_id: modelId } = params;
  if (width !== undefined && height !== undefined) return false; // the input schema checked the size
  if (modelId !== undefined) return true;
  // Nothing given: the default model's own size at the default steps, which the server accepts.
  if (steps === undefined && width === undefined && height === undefined) return false;
  return (width ?? MAX_SIDE) * (height ?? MAX_SIDE) * (steps ?? DEFAULT_INFERENCE_STEPS) > MAX_PIXEL_STEPS;
}

/**
 * Checks a validated generate input against the generation models as the server will: the model
 * (or the default one) must be listed when no full size is given, and its default size fills in
 * the missing sides of the size rule. Throws a ValidationError naming the field; returns otherwise.
 */
export function checkAgainstModels(params: Omit<GenerateParams, 'aspect_ratio'>, models: readonly GenerationModel[]): void {
  if (params.width !== undefined && params.height !== undefined) return;
  const model = chosenModel(models, params.model_id);
  if (!model) {
    if (params.model_id) throw unknownModel(params.model_id);
    return; // no default model listed: left to the server
  }
  const width = params.width ?? model.default_width;
  const height = params.height ?? model.default_height;
  if (typeof width !== 'number' || typeof height !== 'number') return; // the list does not say: left to the server
  const steps = params.inference_steps ?? DEFAULT_INFERENCE_STEPS;
  const problem = pixelStepsProblem(width, height, steps);
  if (problem) throw tooManySteps(params, model, { width, height, steps }, problem);
}

function unknownModel(modelId: string): ValidationError {
  return new ValidationError({
    operation: 'generate',
    message: `model_id: ${modelId} is not one of the available models`,
    hint: `${hintForField('model_id')} (A hidden model works only with width and height given.)`,
    issues: [{ field: 'model_id', message: 'is not one of the available models' }],
  });
}

function tooManySteps(
  params: Omit<GenerateParams, 'aspect_ratio'>,
  model: GenerationModel,
  size: { width: number; height: number; steps: number },
  problem: string,
): ValidationError {
  // Blame what was given: the steps, else the one side given (the other is the model's default).
  const field = params.inference_steps !== undefined ? 'inference_steps' : params.width !== undefined ? 'width' : 'height';
  const defaults =
    params.width === undefined && params.height === undefined
      ? `at the default size of ${model.name} (${size.width} × ${size.height})`
      : `with the default ${params.width === undefined ? 'width' : 'height'} of ${model.name}`;
  const allowed = maxStepsFor(size.width, size.height);
  const fewerSteps =
    allowed >= MIN_INFERENCE_STEPS ? `send at most ${allowed} inference_steps at ${size.width} × ${size.height}, or ` : '';
  return new ValidationError({
    operation: 'generate',
    message: `${field}: ${problem} ${defaults}`,
    hint:
      `To fix it, ${fewerSteps}give both width and height with width × height × inference_steps at most ` +
      `${MAX_PIXEL_STEPS.toLocaleString('en-US')} (e.g. 1024 × 1024 at 30 steps, or 768 × 768 at up to ${maxStepsFor(768, 768)}).`,
    issues: [{ field, message: `${problem} ${defaults}` }],
  });
}

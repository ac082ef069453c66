/**
 * Checks of a generate input that need the model list: without both width and height the server
 * uses the model's default size (and its size rule then applies to that), and it crashes on an
 * unknown `model_id` sent without a size. Pure: the caller fetches the list (and may cache it).
 */
import { ValidationError } from './errors';
import type { GenerateParams } from './inputs';
import type { GenerationModel } from './results';
import { DEFAULT_INFERENCE_STEPS, MAX_PIXEL_STEPS, MAX_SIDE, maxStepsFor, MIN_INFERENCE_STEPS, pixelStepsProblem } from './size-limit';
import { hintForField } from './validation';

/**
 * Whether `checkAgainstModels` has anything to check, so that the list is fetched only then: a
 * model id without a full size, or steps (or one side) that could exceed the limit at some size.
 */
export function needsModelList(params: GenerateParams): boolean {
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
export function checkAgainstModels(params: GenerateParams, models: readonly GenerationModel[]): void {
  if (params.width !== undefined && params.height !== undefined) return;
  const wanted = params.model_id?.toLowerCase();
  const model = wanted ? models.find((m) => m.id.toLowerCase() === wanted) : models.find((m) => m.is_default);
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
  params: GenerateParams,
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

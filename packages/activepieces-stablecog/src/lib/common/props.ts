/**
 * Form fields more than one action uses: the model and scheduler dropdowns (loaded from the API,
 * the scheduler list following the chosen model) and the upscale model dropdown. A loader never
 * throws: the engine would show only "Throws an error, reconnect or refresh the page", so it says
 * what is wrong in the placeholder instead.
 */
import { Property } from '@activepieces/pieces-framework';
import { execute, operations, StablecogError, type GenerationModel } from '@stablecog/client';
import { stablecogAuth } from '../auth';
import { runtimeFor, type ConnectionValue } from './client';

type Options<T> = { disabled?: boolean; placeholder?: string; options: Array<{ label: string; value: T }> };

/** A disabled dropdown that says why it is empty. */
function unavailable(error: unknown, what: string): Options<string> {
  const reason = error instanceof StablecogError ? `${error.message} ${error.hint}` : `Could not load the ${what}.`;
  return { disabled: true, placeholder: reason, options: [] };
}

function noConnection(): Options<string> {
  return { disabled: true, placeholder: 'Connect your Stablecog account first.', options: [] };
}

/** The generation models, default first, labelled so the default is recognisable. */
export async function loadGenerationModels(auth: ConnectionValue | undefined): Promise<Options<string>> {
  if (!auth) return noConnection();
  try {
    const models = await execute(operations.generationModels, undefined, runtimeFor(auth));
    const ordered = [...models].sort((a, b) => Number(Boolean(b.is_default)) - Number(Boolean(a.is_default)));
    return {
      placeholder: 'Stablecog’s default model',
      options: ordered.map((model) => ({ label: model.is_default ? `${model.name} (default)` : model.name, value: model.id })),
    };
  } catch (error) {
    return unavailable(error, 'models');
  }
}

/** The schedulers of the chosen model (or of the default model when none is chosen). */
export async function loadSchedulers(auth: ConnectionValue | undefined, modelId: unknown): Promise<Options<string>> {
  if (!auth) return noConnection();
  try {
    const models = await execute(operations.generationModels, undefined, runtimeFor(auth));
    const model: GenerationModel | undefined =
      typeof modelId === 'string' && modelId ? models.find((m) => m.id === modelId) : models.find((m) => m.is_default);
    if (!model) return { disabled: true, placeholder: 'Pick a model from the Model list first.', options: [] };
    return {
      placeholder: `${model.name}’s default scheduler`,
      options: (model.available_schedulers ?? []).map((s) => ({ label: s.name, value: s.id })),
    };
  } catch (error) {
    return unavailable(error, 'schedulers');
  }
}

/** The upscale models. */
export async function loadUpscaleModels(auth: ConnectionValue | undefined): Promise<Options<string>> {
  if (!auth) return noConnection();
  try {
    const models = await execute(operations.upscaleModels, undefined, runtimeFor(auth));
    return {
      placeholder: 'Stablecog’s default upscale model',
      options: models.map((model) => ({ label: model.name, value: model.id })),
    };
  } catch (error) {
    return unavailable(error, 'upscale models');
  }
}

/** Model (generation), loaded from Stablecog. */
export const generationModelProp = Property.Dropdown<string, false, typeof stablecogAuth>({
  auth: stablecogAuth,
  displayName: 'Model',
  description: 'Leave empty for Stablecog’s default model.',
  required: false,
  refreshers: [],
  options: async ({ auth }) => loadGenerationModels(auth as ConnectionValue | undefined),
});

/** Scheduler, refreshed when the Model changes. */
export const schedulerProp = Property.Dropdown<string, false, typeof stablecogAuth>({
  auth: stablecogAuth,
  displayName: 'Scheduler',
  description: 'The sampler; the list shows the chosen model’s schedulers. Leave empty for the model’s default.',
  required: false,
  refreshers: ['model_id'],
  options: async ({ auth, model_id }) => loadSchedulers(auth as ConnectionValue | undefined, model_id),
});

/** Upscale model, loaded from Stablecog. */
export const upscaleModelProp = Property.Dropdown<string, false, typeof stablecogAuth>({
  auth: stablecogAuth,
  displayName: 'Upscale Model',
  description: 'Leave empty for Stablecog’s default upscale model.',
  required: false,
  refreshers: [],
  options: async ({ auth }) => loadUpscaleModels(auth as ConnectionValue | undefined),
});

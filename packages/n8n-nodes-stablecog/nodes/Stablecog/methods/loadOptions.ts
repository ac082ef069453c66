/** Dropdown options loaded from the API (models and schedulers change: never hard-coded). */
import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { chosenModel, execute as call, operations } from '@stablecog/client/core';
import { toLoadError } from '../../../helpers/errors';
import { byName, loadGenerationModels, modelOption } from '../../../helpers/models';
import { createRuntime } from '../../../helpers/transport';

export { getGenerationModels } from '../../../helpers/models';

/** The schedulers of the chosen model (of the default model when none is chosen). */
export async function getSchedulers(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const modelId = this.getCurrentNodeParameter('model', { extractValue: true }) as string | undefined;
	const models = await loadGenerationModels(this);
	const model = chosenModel(models, modelId || undefined) ?? chosenModel(models, undefined);
	return (model?.available_schedulers ?? []).map((s) => ({ name: s.name, value: s.id })).sort(byName);
}

/** Every scheduler of every model, once. */
export async function getAllSchedulers(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const seen = new Map<string, string>();
	for (const model of await loadGenerationModels(this)) {
		for (const scheduler of model.available_schedulers ?? []) seen.set(scheduler.id, scheduler.name);
	}
	return [...seen].map(([value, name]) => ({ name, value })).sort(byName);
}

/** The upscale models. */
export async function getUpscaleModels(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	try {
		const models = await call(operations.upscaleModels, undefined, await createRuntime(this));
		return models.map(modelOption).sort(byName);
	} catch (error) {
		throw toLoadError(this.getNode(), error);
	}
}

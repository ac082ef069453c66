/** Dropdown options loaded from the API (models and schedulers change: never hard-coded). */
import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { allSchedulerChoices, execute as call, modelChoices, operations, schedulerChoices } from '@stablecog/client/core';
import { toLoadError } from '../../../helpers/errors';
import { loadGenerationModels } from '../../../helpers/models';
import { createRuntime } from '../../../helpers/transport';

export { getGenerationModels } from '../../../helpers/models';

/** The schedulers of the chosen model (of the default model when none is chosen). */
export async function getSchedulers(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const modelId = this.getCurrentNodeParameter('model', { extractValue: true }) as string | undefined;
	return schedulerChoices(await loadGenerationModels(this), modelId);
}

/** Every scheduler of every model, once. */
export async function getAllSchedulers(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return allSchedulerChoices(await loadGenerationModels(this));
}

/** The upscale models. */
export async function getUpscaleModels(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	try {
		return modelChoices(await call(operations.upscaleModels, undefined, await createRuntime(this)));
	} catch (error) {
		throw toLoadError(this.getNode(), error);
	}
}

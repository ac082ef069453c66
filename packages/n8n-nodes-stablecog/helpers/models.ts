/** The generation models, as both nodes' dropdowns load them (ids change: never hard-coded). */
import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { execute as call, modelChoices, operations, type GenerationModel } from '@stablecog/client/core';
import { toLoadError } from './errors';
import { createRuntime } from './transport';

/** The generation models, or an n8n error saying why they could not be loaded. */
export async function loadGenerationModels(context: ILoadOptionsFunctions): Promise<GenerationModel[]> {
	try {
		return await call(operations.generationModels, undefined, await createRuntime(context));
	} catch (error) {
		throw toLoadError(context.getNode(), error);
	}
}

/** The generation models (a loadOptions method of both nodes). */
export async function getGenerationModels(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return modelChoices(await loadGenerationModels(this));
}

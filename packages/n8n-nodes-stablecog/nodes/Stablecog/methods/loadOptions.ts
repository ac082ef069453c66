/** Dropdown options loaded from the API (models and schedulers change: never hard-coded). */
import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { execute as call, operations } from '@stablecog/client/core';
import { toLoadError } from '../shared/errors';
import { createRuntime } from '../transport';

async function generationModels(context: ILoadOptionsFunctions) {
	try {
		return await call(operations.generationModels, undefined, await createRuntime(context));
	} catch (error) {
		throw toLoadError(context.getNode(), error);
	}
}

const byName = (a: INodePropertyOptions, b: INodePropertyOptions) => a.name.localeCompare(b.name);

/** The schedulers of the chosen model (of the default model when none is chosen). */
export async function getSchedulers(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const modelId = this.getCurrentNodeParameter('model', { extractValue: true }) as string | undefined;
	const models = await generationModels(this);
	const model = models.find((m) => m.id === modelId) ?? models.find((m) => m.is_default);
	return (model?.available_schedulers ?? []).map((s) => ({ name: s.name, value: s.id })).sort(byName);
}

/** Every scheduler of every model, once. */
export async function getAllSchedulers(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const seen = new Map<string, string>();
	for (const model of await generationModels(this)) {
		for (const scheduler of model.available_schedulers ?? []) seen.set(scheduler.id, scheduler.name);
	}
	return [...seen].map(([value, name]) => ({ name, value })).sort(byName);
}

/** The generation models. */
export async function getGenerationModels(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return (await generationModels(this))
		.map((m) => ({ name: m.is_default ? `${m.name} (default)` : m.name, value: m.id }))
		.sort(byName);
}

/** The upscale models. */
export async function getUpscaleModels(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	try {
		const models = await call(operations.upscaleModels, undefined, await createRuntime(this));
		return models
			.map((m) => ({ name: m.is_default ? `${m.name} (default)` : m.name, value: m.id }))
			.sort(byName);
	} catch (error) {
		throw toLoadError(this.getNode(), error);
	}
}

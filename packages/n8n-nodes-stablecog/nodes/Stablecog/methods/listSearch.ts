/** Searchable lists behind the resource locators (Model, Output). */
import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { execute as call, operations } from '@stablecog/client/core';
import { toLoadError } from '../../../helpers/errors';
import { createRuntime } from '../../../helpers/transport';

/** Generation models whose name contains the filter. */
export async function searchGenerationModels(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	try {
		const models = await call(operations.generationModels, undefined, await createRuntime(this));
		const wanted = filter?.trim().toLowerCase() ?? '';
		return {
			results: models
				.filter((m) => m.name.toLowerCase().includes(wanted))
				.sort((a, b) => Number(Boolean(b.is_default)) - Number(Boolean(a.is_default)) || a.name.localeCompare(b.name))
				.map((m) => ({ name: m.is_default ? `${m.name} (default)` : m.name, value: m.id })),
		};
	} catch (error) {
		throw toLoadError(this.getNode(), error);
	}
}

/** Recent outputs, newest first (the filter is a text search), one page at a time. */
export async function searchOutputs(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	try {
		const page = await call(
			operations.listOutputs,
			{ per_page: 50, cursor: paginationToken, search: filter },
			await createRuntime(this),
		);
		return {
			results: page.outputs.map((output) => {
				const prompt = output.generation.prompt?.text ?? 'Untitled';
				const short = prompt.length > 60 ? `${prompt.slice(0, 59)}…` : prompt;
				return {
					name: `${short} (${output.created_at.slice(0, 16).replace('T', ' ')})`,
					value: output.id,
					url: output.upscaled_image_url || output.image_url,
				};
			}),
			...(page.next === undefined || page.outputs.length === 0
				? {}
				: { paginationToken: String(page.next) }),
		};
	} catch (error) {
		throw toLoadError(this.getNode(), error);
	}
}

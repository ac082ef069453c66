/** Searchable lists behind the resource locators (Model, Output). */
import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { execute as call, modelChoices, operations, outputChoice } from '@stablecog/client/core';
import { toLoadError } from '../../../helpers/errors';
import { loadGenerationModels } from '../../../helpers/models';
import { createRuntime } from '../../../helpers/transport';

/** Generation models whose name contains the filter, the default one first. */
export async function searchGenerationModels(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	return { results: modelChoices(await loadGenerationModels(this), { search: filter, defaultFirst: true }) };
}

/** Recent outputs, newest first (the filter is a text search), one page at a time. */
export async function searchOutputs(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	try {
		const query = { per_page: 50, cursor: paginationToken, search: filter };
		const page = await call(operations.listOutputs, query, await createRuntime(this));
		const more = page.next !== undefined && page.outputs.length > 0;
		return { results: page.outputs.map(outputChoice), ...(more ? { paginationToken: String(page.next) } : {}) };
	} catch (error) {
		throw toLoadError(this.getNode(), error);
	}
}

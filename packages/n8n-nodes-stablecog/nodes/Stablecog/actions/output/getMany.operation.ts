/** Output → Get Many: your outputs, newest first, page by page with the server's cursor. */
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import {
	ASPECT_RATIO_FILTER_CHOICES,
	GALLERY_STATUS_CHOICES,
	execute as call,
	collectOutputs,
	operations,
	validateOutputsQuery,
	type OutputsQuery,
} from '@stablecog/client/core';
import { runForEachItem } from '../../items/batch';
import { modelsFilter, optionsCollection, simplifyParameter } from '../../../../helpers/descriptions';
import { outputJson } from '../../../../helpers/outputs';
import { readBoolean, readNumber, readOption } from '../../../../helpers/parameters';
import { createRuntime } from '../../../../helpers/transport';

const returnAllParameter: INodeProperties = {
	displayName: 'Return All',
	name: 'returnAll',
	type: 'boolean',
	default: false,
	description: 'Whether to return all results or only up to a given limit',
};

const limitParameter: INodeProperties = {
	displayName: 'Limit',
	name: 'limit',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: 50,
	description: 'Max number of results to return',
	displayOptions: { show: { returnAll: [false] } },
};

const orderOption: INodeProperties = {
	displayName: 'Order',
	name: 'order',
	type: 'options',
	default: 'desc',
	options: [
		{ name: 'Newest First', value: 'desc' },
		{ name: 'Oldest First', value: 'asc' },
	],
};

/** This operation's parameters (its resource adds the display options). */
export const properties: INodeProperties[] = [
	returnAllParameter,
	limitParameter,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Aspect Ratio',
				name: 'aspectRatio',
				type: 'multiOptions',
				default: [],
				description: 'Only outputs of these preset sizes',
				options: [...ASPECT_RATIO_FILTER_CHOICES],
			},
			{
				displayName: 'Gallery Status',
				name: 'galleryStatus',
				type: 'multiOptions',
				default: [],
				description: 'Only outputs with one of these public gallery states',
				options: [...GALLERY_STATUS_CHOICES],
			},
			{
				displayName: 'Is Favorited',
				name: 'isFavorited',
				type: 'boolean',
				default: true,
				description: 'Whether to return only favorited outputs (on) or only the others (off)',
			},
			modelsFilter,
			{
				displayName: 'Scheduler Names or IDs',
				name: 'schedulers',
				type: 'multiOptions',
				typeOptions: { loadOptionsMethod: 'getAllSchedulers' },
				default: [],
				description:
					'Only outputs made with these schedulers. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Search',
				name: 'search',
				type: 'string',
				default: '',
				placeholder: 'e.g. lighthouse at sunset',
				description:
					'Find outputs whose images match this text (semantic search, best matches first)',
			},
		],
	},
	simplifyParameter,
	optionsCollection([
		orderOption,
	]),
];

interface Filters {
	aspectRatio?: string[];
	galleryStatus?: string[];
	isFavorited?: boolean;
	models?: string[];
	schedulers?: string[];
	search?: string;
}

interface PreparedList {
	query: OutputsQuery;
	/** Undefined: every output. */
	limit?: number;
	simplify: boolean;
}

const fieldLabels = { per_page: 'Limit' };

/** Lists outputs for every input item (use "Execute Once" to list them once). */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const signal = this.getExecutionCancelSignal();
	return await runForEachItem<PreparedList>(this, {
		fieldLabels,
		prepare: (itemIndex) => {
			const returnAll = readBoolean(this, itemIndex, 'returnAll', returnAllParameter) ?? false;
			const limit = returnAll
				? undefined
				: (readNumber(this, itemIndex, 'limit', limitParameter) ?? Number(limitParameter.default));
			const filters = this.getNodeParameter('filters', itemIndex, {}) as Filters;
			const order = readOption(this, itemIndex, 'options.order', orderOption);
			const query: OutputsQuery = {
				model_ids: filters.models,
				scheduler_ids: filters.schedulers,
				gallery_status: filters.galleryStatus,
				is_favorited: filters.isFavorited,
				aspect_ratio: filters.aspectRatio,
				search: filters.search,
				order,
			};
			validateOutputsQuery(query); // checked now: nothing is sent for bad input
			const simplify = readBoolean(this, itemIndex, 'simplify', simplifyParameter) ?? true;
			return { query, ...(limit === undefined ? {} : { limit }), simplify };
		},
		run: async ({ query, limit, simplify }) => {
			const runtime = await createRuntime(this);
			const listPage = async (page: OutputsQuery) =>
				await call(operations.listOutputs, page, runtime, signal ? { signal } : {});
			const outputs = await collectOutputs(listPage, query, limit);
			return outputs.map((output) => ({ json: outputJson(output, simplify) }));
		},
	});
}

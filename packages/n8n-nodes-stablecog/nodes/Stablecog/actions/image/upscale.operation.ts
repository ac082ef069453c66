/** Image → Upscale: `POST /v1/image/upscale/create` from an output, a URL or a binary field. */
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import {
	operations,
	prepareRequest,
	sendPrepared,
	upscaledImages,
	type PreparedRequest,
	type UpscaleInput,
	type UpscaleResult,
} from '@stablecog/client/core';
import { readImageFile } from '../../items/binary';
import {
	binaryPropertyNameOption,
	concurrencyOption,
	downloadImagesOption,
	optionsCollection,
	timeoutOption,
} from '../../../../helpers/descriptions';
import type { ImageResult } from '../../../../helpers/images';
import { runImageOperation } from '../../items/imageOperation';
import { readOption, readString } from '../../../../helpers/parameters';

/** Where the image to upscale comes from. */
const sourceParameter: INodeProperties = {
	displayName: 'Image Source',
	name: 'source',
	type: 'options',
	noDataExpression: true,
	default: 'output',
	options: [
		{
			name: 'Binary Field',
			value: 'binary',
			description: 'An image in a binary field of the input item (JPEG, PNG or WebP)',
		},
		{
			name: 'Output',
			value: 'output',
			description: 'One of your Stablecog outputs, e.g. the result of Generate',
		},
		{
			name: 'URL',
			value: 'url',
			description: 'An image on the web (JPEG, PNG or WebP, at most 1,048,576 pixels)',
		},
	],
};

/** The binary field that holds the image, when the source is Binary Field. */
const inputBinaryFieldParameter: INodeProperties = {
	displayName: 'Input Binary Field',
	name: 'inputBinaryField',
	type: 'string',
	required: true,
	default: 'data',
	placeholder: 'e.g. data',
	description: 'The binary field of the input item that holds the image (at most 10 MiB)',
	displayOptions: { show: { source: ['binary'] } },
};

/** This operation's parameters (its resource adds the display options). */
export const properties: INodeProperties[] = [
	sourceParameter,
	{
		displayName: 'Output',
		name: 'outputId',
		type: 'resourceLocator',
		required: true,
		default: { mode: 'list', value: '' },
		description: 'The output to upscale (upscaling an output that already was is free)',
		displayOptions: { show: { source: ['output'] } },
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchOutputs', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. {{ $json.id }}',
				validation: [
					{
						type: 'regex',
						properties: {
							regex: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$',
							errorMessage: 'An output ID looks like 8f0d2c4e-3a1b-4c5d-9e6f-7a8b9c0d1e2f',
						},
					},
				],
			},
		],
	},
	{
		displayName: 'Image URL',
		name: 'imageUrl',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. https://example.com/photo.jpg',
		description: 'The http(s) URL of the image to upscale',
		displayOptions: { show: { source: ['url'] } },
	},
	inputBinaryFieldParameter,
	optionsCollection([
		downloadImagesOption(true),
		concurrencyOption,
		binaryPropertyNameOption,
		timeoutOption,
		{
			displayName: 'Upscale Model Name or ID',
			name: 'model',
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getUpscaleModels' },
			default: '',
			description:
				'The upscale model; Stablecog’s default when left out. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
	]),
];

/** The Options that are API fields, passed on as they are: the client checks them. */
interface UpscaleOptions {
	model?: string;
}

const fieldLabels = {
	model_id: 'Options → Upscale Model',
	input: 'Output / Image URL',
	file: 'Input Binary Field',
};

/** Upscales one image per input item. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await runImageOperation(this, {
		fieldLabels,
		prepare: async (itemIndex, runtime, callOptions) => {
			const source = readOption(this, itemIndex, 'source', sourceParameter);
			const options = this.getNodeParameter('options', itemIndex, {}) as UpscaleOptions;
			const model = options.model ? { model_id: options.model } : {};
			let input: UpscaleInput;
			if (source === 'binary') {
				const field = readString(this, itemIndex, 'inputBinaryField', inputBinaryFieldParameter) as string;
				input = { file: await readImageFile(this, itemIndex, field, 'Input Binary Field'), ...model };
			} else if (source === 'url') {
				input = { input: this.getNodeParameter('imageUrl', itemIndex) as string, ...model };
			} else {
				const id = this.getNodeParameter('outputId', itemIndex, '', { extractValue: true }) as string;
				input = { input: id, ...model };
			}
			return await prepareRequest(operations.upscale, input, runtime, callOptions);
		},
		create: async (prepared, runtime, options) =>
			toImages(await sendPrepared(prepared, runtime, options), prepared),
	});
}

/** One item per upscaled image. */
function toImages(result: UpscaleResult, sent: PreparedRequest<UpscaleResult>): ImageResult[] {
	return upscaledImages(result, sent).map((image) => ({ id: image.id, url: image.upscaled_image_url, json: { ...image } }));
}

/** Image → Generate: `POST /v1/image/generation/create`, one output item per image. */
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import {
	ASPECT_RATIO_CHOICES,
	filteredNotice,
	generatedImages,
	noImagesLeft,
	operations,
	prepareRequest,
	sendPrepared,
	sortedChoices,
	withInitImage,
	type CallOptions,
	type GenerateInput,
	type GenerateResult,
	type PreparedRequest,
	type Runtime,
	type UploadResult,
} from '@stablecog/client/core';
import { readImageFile } from '../../items/binary';
import {
	binaryPropertyNameOption,
	concurrencyOption,
	downloadImagesOption,
	optionsCollection,
	timeoutOption,
} from '../../../../helpers/descriptions';
import { StablecogNodeProblem } from '../../../../helpers/errors';
import type { ImageResult } from '../../../../helpers/images';
import { runImageOperation } from '../../items/imageOperation';
import { readOption, readString } from '../../../../helpers/parameters';

/**
 * Options → Aspect Ratio: Stablecog's own sizes (the core's table), so Output → Get Many's Aspect
 * Ratio filter finds what was made here. The size shown is the one for the default models; a
 * smaller model gets Stablecog's smaller size of the same ratio.
 */
const aspectRatioOption: INodeProperties = {
	displayName: 'Aspect Ratio',
	name: 'aspectRatio',
	type: 'options',
	default: 'default',
	description:
		'The image size, as Stablecog’s own aspect ratios (the size shown is for the default models; a smaller model gets Stablecog’s smaller size of the same ratio). Width and Height, when set, override it.',
	options: sortedChoices([{ name: 'Model Default', value: 'default' }, ...ASPECT_RATIO_CHOICES]),
};

/** Options → Init Image Binary Field: an init image from the input item. */
const initImageBinaryFieldOption: INodeProperties = {
	displayName: 'Init Image Binary Field',
	name: 'initImageBinaryField',
	type: 'string',
	default: 'data',
	placeholder: 'e.g. data',
	description:
		'Start from the image in this binary field of the input item (JPEG, PNG or WebP, at most 10 MiB); it is uploaded to Stablecog first',
};

/** Options → Mask Image Binary Field: an inpainting mask from the input item. */
const maskImageBinaryFieldOption: INodeProperties = {
	displayName: 'Mask Image Binary Field',
	name: 'maskImageBinaryField',
	type: 'string',
	default: 'mask',
	placeholder: 'e.g. mask',
	description:
		'Inpainting: the mask in this binary field of the input item (JPEG, PNG or WebP, at most 10 MiB) marks the part of the init image to repaint; it is uploaded to Stablecog first',
};

/** This operation's parameters (its resource adds the display options). */
export const properties: INodeProperties[] = [
	{
		displayName: 'Prompt',
		name: 'prompt',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. A lighthouse on a cliff at sunset, oil painting',
		description: 'What the image should show',
		typeOptions: { rows: 3 },
	},
	{
		displayName: 'Model',
		name: 'model',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		description: 'The model to generate with. Leave empty for Stablecog’s default model.',
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchGenerationModels', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 0a99668b-45bd-4f7e-aa9c-f9aaa41ef13b',
				validation: [
					{
						type: 'regex',
						properties: {
							regex: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$',
							errorMessage: 'A model ID looks like 0a99668b-45bd-4f7e-aa9c-f9aaa41ef13b',
						},
					},
				],
			},
		],
	},
	optionsCollection([
		aspectRatioOption,
		downloadImagesOption(true),
		{
			displayName: 'Guidance Scale',
			name: 'guidanceScale',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 30, numberPrecision: 1 },
			default: 7,
			description: 'How closely the image follows the prompt (1 to 30)',
		},
		{
			displayName: 'Height',
			name: 'height',
			type: 'number',
			typeOptions: { minValue: 256, maxValue: 1536 },
			default: 1024,
			description:
				'Image height in pixels (256 to 1536). Width × height may be at most 1,048,576 at 30 steps.',
		},
		{
			displayName: 'Inference Steps',
			name: 'inferenceSteps',
			type: 'number',
			typeOptions: { minValue: 10 },
			default: 30,
			description:
				'Stablecog checks width × height × steps ≤ 31,457,280 with this value, then generates with the model’s own step count. Lower it to allow sizes above one megapixel.',
		},
		initImageBinaryFieldOption,
		{
			displayName: 'Init Image URL',
			name: 'initImageUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://example.com/photo.jpg',
			description: 'Start from the image at this http(s) URL (JPEG, PNG or WebP, at most 5 MiB)',
		},
		maskImageBinaryFieldOption,
		{
			displayName: 'Mask Image URL',
			name: 'maskImageUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://example.com/mask.png',
			description:
				'Inpainting: the mask at this http(s) URL or s3:// object marks the part of the init image to repaint (JPEG, PNG or WebP)',
		},
		{
			displayName: 'Negative Prompt',
			name: 'negativePrompt',
			type: 'string',
			default: '',
			placeholder: 'e.g. blurry, text, watermark',
			description: 'What the image should not show',
		},
		{
			displayName: 'Number of Images',
			name: 'numOutputs',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 4 },
			default: 1,
			description:
				'How many images to make from this item (1 to 4). Each image costs one credit and becomes its own output item.',
		},
		concurrencyOption,
		{
			displayName: 'Prompt Strength',
			name: 'promptStrength',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
			default: 0.5,
			description:
				'With an init image: how far the result may move away from it (0 keeps it, 1 ignores it)',
		},
		binaryPropertyNameOption,
		{
			displayName: 'Scheduler Name or ID',
			name: 'scheduler',
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getSchedulers', loadOptionsDependsOn: ['model.value'] },
			default: '',
			description:
				'The sampler, among those the model offers. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		{
			displayName: 'Seed',
			name: 'seed',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 0,
			description:
				'Start from this seed: the same seed, prompt and settings give the same image. Leave this option out for a random seed. The seed used is always returned.',
		},
		{
			displayName: 'Submit to Gallery',
			name: 'submitToGallery',
			type: 'boolean',
			default: false,
			description:
				'Whether to submit the images to Stablecog’s public gallery (outputs of free accounts are always public)',
		},
		timeoutOption,
		{
			displayName: 'Width',
			name: 'width',
			type: 'number',
			typeOptions: { minValue: 256, maxValue: 1536 },
			default: 1024,
			description:
				'Image width in pixels (256 to 1536). Width × height may be at most 1,048,576 at 30 steps.',
		},
	]),
];

/** The Options that are API fields, passed on as they are: the client checks them. */
interface GenerateOptions {
	guidanceScale?: number;
	height?: number | null;
	inferenceSteps?: number;
	initImageUrl?: string;
	maskImageUrl?: string;
	negativePrompt?: string;
	numOutputs?: number;
	promptStrength?: number;
	scheduler?: string;
	seed?: number | string | null;
	submitToGallery?: boolean;
	width?: number | null;
}

/** An image of the input item to upload right before the generate, and the field its object fills. */
interface ImageUpload {
	field: 'init_image_url' | 'mask_image_url';
	request: PreparedRequest<UploadResult>;
}

interface GenerateRequest {
	generate: PreparedRequest<GenerateResult>;
	/** Init image and mask from binary fields of the input item. */
	uploads: ImageUpload[];
}

/** Generates images for every input item. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await runImageOperation<GenerateRequest>(this, {
		prepare: async (itemIndex, runtime, callOptions) => await prepare(this, itemIndex, runtime, callOptions),
		create: async ({ generate, uploads }, runtime, options) => {
			let sent = generate;
			for (const { field, request } of uploads) {
				sent = withInitImage(sent, (await sendPrepared(request, runtime, options)).object, field);
			}
			return toImages(await sendPrepared(sent, runtime, options), sent);
		},
	});
}

async function prepare(
	context: IExecuteFunctions,
	itemIndex: number,
	runtime: Runtime,
	callOptions: CallOptions,
): Promise<GenerateRequest> {
	const prompt = context.getNodeParameter('prompt', itemIndex) as string;
	const modelId = context.getNodeParameter('model', itemIndex, '', { extractValue: true }) as string;
	const options = context.getNodeParameter('options', itemIndex, {}) as GenerateOptions;
	const aspectRatio = readOption(context, itemIndex, 'options.aspectRatio', aspectRatioOption);
	const binaryField = readString(context, itemIndex, 'options.initImageBinaryField', initImageBinaryFieldOption);
	const maskField = readString(context, itemIndex, 'options.maskImageBinaryField', maskImageBinaryFieldOption);
	const input: GenerateInput = {
		prompt,
		negative_prompt: options.negativePrompt,
		model_id: modelId,
		scheduler_id: options.scheduler,
		aspect_ratio: aspectRatio === 'default' ? undefined : aspectRatio,
		width: options.width,
		height: options.height,
		// The API's own default is 2 images (2 credits): ask for one unless told otherwise.
		num_outputs: options.numOutputs ?? 1,
		guidance_scale: options.guidanceScale,
		inference_steps: options.inferenceSteps,
		seed: options.seed,
		init_image_url: options.initImageUrl,
		mask_image_url: options.maskImageUrl,
		prompt_strength: options.promptStrength,
		submit_to_gallery: options.submitToGallery,
	};
	// Validated, checked against the model list and built once; the seed is fixed now, so a lost
	// result can be found by it.
	const generate = await prepareRequest(operations.generate, input, runtime, callOptions);
	const uploads: ImageUpload[] = [];
	const images = [
		{ field: 'init_image_url', binaryField, url: options.initImageUrl, name: 'Init Image' },
		{ field: 'mask_image_url', binaryField: maskField, url: options.maskImageUrl, name: 'Mask Image' },
	] as const;
	for (const image of images) {
		if (!image.binaryField) continue;
		if (String(image.url ?? '').trim()) {
			throw new StablecogNodeProblem(
				'invalid_parameter',
				`Options → ${image.name} URL and Options → ${image.name} Binary Field are both set`,
				`Keep only one of the two ${image.name.toLowerCase()} options.`,
			);
		}
		const file = await readImageFile(context, itemIndex, image.binaryField, `Options → ${image.name} Binary Field`);
		uploads.push({ field: image.field, request: await prepareRequest(operations.upload, file, runtime, callOptions) });
	}
	return { generate, uploads };
}

/** One item per image, with what it was made from; none at all is the content filter's doing. */
function toImages(result: GenerateResult, sent: PreparedRequest<GenerateResult>): ImageResult[] {
	const images = generatedImages(result, sent);
	const { filtered } = result;
	if (images.length === 0) {
		const { message, hint } = noImagesLeft(filtered);
		throw new StablecogNodeProblem('no_images', message, hint);
	}
	const notice = filtered ? filteredNotice(filtered) : undefined;
	const dropped = notice ? { ...notice.facts, message: notice.message } : {};
	return images.map((image) => ({ id: image.id, url: image.image_url, json: { ...image, ...dropped } }));
}

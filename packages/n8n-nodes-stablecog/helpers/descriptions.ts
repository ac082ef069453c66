/** Parameters several operations share, and what both nodes' descriptions share, defined once. */
import type { INodeCredentialDescription, INodeProperties, Icon } from 'n8n-workflow';
import { RUNS_AT_ONCE_BY_PLAN } from '@stablecog/client/core';
import { CREDENTIAL_TYPE } from './transport';

/** Both nodes' icon (the paths are relative to `nodes/<Node>/`, where each node lives). */
export const stablecogIcon: Icon = {
	light: 'file:../../icons/stablecog.svg',
	dark: 'file:../../icons/stablecog.dark.svg',
};

/** Both nodes' credential. */
export const stablecogCredentials: INodeCredentialDescription[] = [{ name: CREDENTIAL_TYPE, required: true }];

/** The Options collection of an operation (its options sorted by display name, as n8n asks). */
export function optionsCollection(options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options,
	};
}

/** Options → Download Images, for operations that return images. */
export function downloadImagesOption(downloadByDefault: boolean): INodeProperties {
	const downloadImages: INodeProperties = {
		displayName: 'Download Images',
		name: 'downloadImages',
		type: 'boolean',
		default: true,
		description:
			'Whether to download each image into the binary data of its item. Off: only the URLs are returned (faster). The JSON always carries the URLs.',
	};
	return downloadByDefault ? downloadImages : { ...downloadImages, default: false };
}

/** Options → Put Output in Field: where Download Images puts each image. */
export const binaryPropertyNameOption: INodeProperties = {
	displayName: 'Put Output in Field',
	name: 'binaryPropertyName',
	type: 'string',
	default: 'data',
	placeholder: 'e.g. data',
	hint: 'The image file is saved as <output ID>.jpeg',
	description: 'The name of the binary field that receives each downloaded image',
};

/** A filter on the generation model of outputs (Output → Get Many, the trigger). */
export const modelsFilter: INodeProperties = {
	displayName: 'Model Names or IDs',
	name: 'models',
	type: 'multiOptions',
	typeOptions: { loadOptionsMethod: 'getGenerationModels' },
	default: [],
	description:
		'Only outputs of these models. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

/** Options → Parallel Requests: how many input items run at the same time. */
export const concurrencyOption: INodeProperties = {
	displayName: 'Parallel Requests',
	name: 'concurrency',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 10 },
	default: 1,
	description:
		`How many input items to process at the same time. The default 1 suits every plan: Stablecog runs a few requests at once per account (${RUNS_AT_ONCE_BY_PLAN}), so set this to your plan’s number to go faster; more than that only wait on Stablecog’s side. Output order always follows the input.`,
};

/** Options → Timeout: how long to wait for a blocking create. */
export const timeoutOption: INodeProperties = {
	displayName: 'Timeout (Seconds)',
	name: 'timeout',
	type: 'number',
	// At most an hour: Stablecog answers or gives up within minutes, and far larger values would
	// overflow the request timer, which then fires at once.
	typeOptions: { minValue: 30, maxValue: 3600 },
	default: 600,
	description:
		'How long to wait for Stablecog to answer. A create holds the connection until the images exist, and Stablecog gives up after 240 s (and refunds). If this runs out first, the images may still be made and charged: find them with Output → Get Many.',
};

/** Output fields of an output in its short form (Simplify). */
export const simplifyParameter: INodeProperties = {
	displayName: 'Simplify',
	name: 'simplify',
	type: 'boolean',
	default: true,
	description:
		'Whether to return a simplified version of each output (IDs, URLs, prompt, seed, size, model) instead of the raw data',
};

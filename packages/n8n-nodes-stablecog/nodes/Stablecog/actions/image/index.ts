import type { INodeProperties } from 'n8n-workflow';
import * as generate from './generate.operation';
import * as upscale from './upscale.operation';

export { generate, upscale };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['image'] } },
		options: [
			{
				name: 'Generate',
				value: 'generate',
				action: 'Generate images from a prompt',
				description:
					'Make images from a prompt (1 credit per image). Waits until they exist, up to a few minutes.',
			},
			{
				name: 'Upscale',
				value: 'upscale',
				action: 'Upscale an image',
				description: 'Enlarge an output, an image URL or a binary image (1 credit)',
			},
		],
		default: 'generate',
	},
	...generate.description,
	...upscale.description,
];

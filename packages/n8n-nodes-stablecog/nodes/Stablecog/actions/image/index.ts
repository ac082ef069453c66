import { defineResource } from '../resource';
import * as generate from './generate.operation';
import * as upscale from './upscale.operation';

export const image = defineResource('image', [
	{
		name: 'Generate',
		value: 'generate',
		action: 'Generate images from a prompt',
		description:
			'Make images from a prompt (1 credit per image). Waits until they exist, up to a few minutes.',
		module: generate,
	},
	{
		name: 'Upscale',
		value: 'upscale',
		action: 'Upscale an image',
		description: 'Enlarge an output, an image URL or a binary image (1 credit)',
		module: upscale,
	},
]);

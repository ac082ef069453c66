import { defineResource } from '../resource';
import * as generate from './generate.operation';
import * as upscale from './upscale.operation';

export const image = defineResource('image', [
	{
		name: 'Generate',
		value: 'generate',
		action: 'Generate images from a prompt',
		toolDescription:
			'Generate images from a text prompt with Stablecog. Costs 1 credit per image (1 to 4 images per call). Takes seconds to a few minutes: wait for the answer. Returns per image: id, image_url, seed and remaining_credits. If a result says the answer was lost, the images were probably made and charged: never call this tool again for the same request; find them with the Stablecog outputs tool (same prompt and seed) a minute later.',
		description:
			'Make images from a prompt (1 credit per image). Waits until they exist, up to a few minutes.',
		module: generate,
	},
	{
		name: 'Upscale',
		value: 'upscale',
		action: 'Upscale an image',
		toolDescription:
			'Upscale an image with Stablecog: an output id from a generate result, or an image URL. Costs 1 credit (free for an output already upscaled). Takes seconds to a few minutes. If a result says the answer was lost, never call this tool again for the same image: its result appears as upscaled_image_url in the Stablecog outputs tool.',
		description: 'Enlarge an output, an image URL or a binary image (1 credit)',
		module: upscale,
	},
]);

import { defineResource } from '../resource';
import * as getMany from './getMany.operation';

export const output = defineResource('output', [
	{
		name: 'Get Many',
		value: 'getMany',
		action: 'Get many outputs',
		toolDescription:
			'Free. Lists your Stablecog images, newest first: id, image_url, prompt, seed, created_at. Use it to find images again, including those of a generate call whose answer was lost (match its prompt and seed).',
		description: 'List your generated images, newest first',
		module: getMany,
	},
]);

import { defineResource } from '../resource';
import * as getMany from './getMany.operation';

export const model = defineResource('model', [
	{
		name: 'Get Many',
		value: 'getMany',
		action: 'Get many models',
		toolDescription:
			'Free. The Stablecog models: ids, names and default sizes.',
		description: 'List the generation or upscale models Stablecog offers',
		module: getMany,
	},
]);

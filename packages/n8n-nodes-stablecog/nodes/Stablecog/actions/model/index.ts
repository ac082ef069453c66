import { defineResource } from '../resource';
import * as getMany from './getMany.operation';

export const model = defineResource('model', [
	{
		name: 'Get Many',
		value: 'getMany',
		action: 'Get many models',
		description: 'List the generation or upscale models Stablecog offers',
		module: getMany,
	},
]);

import { defineResource } from '../resource';
import * as getMany from './getMany.operation';

export const output = defineResource('output', [
	{
		name: 'Get Many',
		value: 'getMany',
		action: 'Get many outputs',
		description: 'List your generated images, newest first',
		module: getMany,
	},
]);

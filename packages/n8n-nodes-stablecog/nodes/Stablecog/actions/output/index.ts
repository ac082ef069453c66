import type { INodeProperties } from 'n8n-workflow';
import * as getMany from './getMany.operation';

export { getMany };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['output'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many outputs',
				description: 'List your generated images, newest first',
			},
		],
		default: 'getMany',
	},
	...getMany.description,
];

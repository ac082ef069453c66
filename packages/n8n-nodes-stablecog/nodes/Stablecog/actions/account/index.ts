import type { INodeProperties } from 'n8n-workflow';
import * as getCredits from './getCredits.operation';

export { getCredits };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['account'] } },
		options: [
			{
				name: 'Get Credits',
				value: 'getCredits',
				action: 'Get the credit balance',
				description: 'Return the remaining credits of the account',
			},
		],
		default: 'getCredits',
	},
	...getCredits.description,
];

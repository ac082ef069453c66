import { defineResource } from '../resource';
import * as getCredits from './getCredits.operation';

export const account = defineResource('account', [
	{
		name: 'Get Credits',
		value: 'getCredits',
		action: 'Get the credit balance',
		description: 'Return the remaining credits of the account',
		module: getCredits,
	},
]);

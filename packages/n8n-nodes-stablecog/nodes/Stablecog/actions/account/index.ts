import { defineResource } from '../resource';
import * as getCredits from './getCredits.operation';

export const account = defineResource('account', [
	{
		name: 'Get Credits',
		value: 'getCredits',
		action: 'Get the credit balance',
		toolDescription:
			'Free. The Stablecog credits left (total_remaining_credits). Generating costs 1 credit per image, upscaling 1 credit: check the balance before spending.',
		description: 'Return the remaining credits of the account',
		module: getCredits,
	},
]);

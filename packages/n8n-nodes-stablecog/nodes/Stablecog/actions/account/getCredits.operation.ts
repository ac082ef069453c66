/** Account → Get Credits: the credit balance and its packs. */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { execute as call, operations } from '@stablecog/client/core';
import { runForEachItem } from '../../items/batch';
import { createRuntime } from '../../../../helpers/transport';

/** This operation has no parameters. */
export const properties: INodeProperties[] = [];

/** One item with `total_remaining_credits` and the `credits` packs. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const signal = this.getExecutionCancelSignal();
	return await runForEachItem<null>(this, {
		prepare: () => null,
		run: async () => {
			const runtime = await createRuntime(this);
			const credits = await call(operations.credits, undefined, runtime, signal ? { signal } : {});
			return [{ json: credits as IDataObject }];
		},
	});
}

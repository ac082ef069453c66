/** Model → Get Many: the generation or upscale models Stablecog offers right now. */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { execute as call, operations } from '@stablecog/client/core';
import { runForEachItem } from '../../items/batch';
import { readOption } from '../../../../helpers/parameters';
import { createRuntime } from '../../../../helpers/transport';

const modelTypeParameter: INodeProperties = {
	displayName: 'Model Type',
	name: 'modelType',
	type: 'options',
	default: 'generation',
	options: [
		{ name: 'Generation', value: 'generation', description: 'Models that make images from a prompt' },
		{ name: 'Upscale', value: 'upscale', description: 'Models that enlarge images' },
	],
};

/** This operation's parameters (its resource adds the display options). */
export const properties: INodeProperties[] = [modelTypeParameter];

/** One item per model. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const signal = this.getExecutionCancelSignal();
	return await runForEachItem<string>(this, {
		prepare: (itemIndex) => readOption(this, itemIndex, 'modelType', modelTypeParameter) ?? 'generation',
		run: async (modelType) => {
			const runtime = await createRuntime(this);
			const options = signal ? { signal } : {};
			const models =
				modelType === 'upscale'
					? await call(operations.upscaleModels, undefined, runtime, options)
					: await call(operations.generationModels, undefined, runtime, options);
			return models.map((model) => ({ json: { ...model, type: modelType } as IDataObject }));
		},
	});
}

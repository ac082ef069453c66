/**
 * What Generate and Upscale share: a blocking create per input item, a few at a time (Options →
 * Parallel Requests), then one output item per image with the image downloaded (Options →
 * Download Images). The downloads go to the CDN, not to Stablecog, so they run outside the limit
 * and never keep a Stablecog slot idle.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import type { Runtime } from '@stablecog/client/core';
import { createRuntime } from '../transport';
import { runForEachItem } from './batch';
import { concurrencyOption, timeoutOption } from './descriptions';
import { downloadSettings, imageItems, type DownloadSettings, type ImageResult } from './images';
import { readNumber } from './parameters';

/** One image operation. */
export interface ImageOperation<Input> {
	/** Where each API field is set in this operation, for validation messages. */
	fieldLabels?: Record<string, string>;
	/** Reads and validates item `itemIndex`'s API input. Sends nothing. */
	prepare(itemIndex: number): Promise<Input>;
	/** Sends the create (and whatever it needs first) and returns the images it made. */
	create(input: Input, runtime: Runtime, options: { signal?: AbortSignal }): Promise<ImageResult[]>;
}

interface PreparedImages<Input> {
	input: Input;
	download: DownloadSettings;
	timeoutMs?: number;
}

/** Runs an image operation over every input item. */
export async function runImageOperation<Input>(
	context: IExecuteFunctions,
	operation: ImageOperation<Input>,
): Promise<INodeExecutionData[]> {
	const concurrency = readNumber(context, 0, 'options.concurrency', concurrencyOption) ?? 1;
	const signal = context.getExecutionCancelSignal();
	// An AI agent gets only the JSON of the items: downloading would be wasted work.
	const toolMode = typeof context.isToolExecution === 'function' && context.isToolExecution();
	return await runForEachItem<PreparedImages<Input>, ImageResult[]>(context, {
		concurrency,
		...(operation.fieldLabels ? { fieldLabels: operation.fieldLabels } : {}),
		prepare: async (itemIndex) => {
			const input = await operation.prepare(itemIndex);
			const timeout = readNumber(context, itemIndex, 'options.timeout', timeoutOption);
			const download = downloadSettings(context, itemIndex, true);
			return {
				input,
				download: toolMode ? { ...download, download: false } : download,
				...(timeout === undefined ? {} : { timeoutMs: timeout * 1000 }),
			};
		},
		run: async ({ input, timeoutMs }) =>
			await operation.create(input, await createRuntime(context, timeoutMs), signal ? { signal } : {}),
		finish: async (images, { download }) => await imageItems(context, images, download, signal),
	});
}

/**
 * What Generate and Upscale share: a blocking create per input item, a few at a time (Options →
 * Parallel Requests), then one output item per image with the image downloaded (Options →
 * Download Images). Every item's request is prepared (validated, checked against the model list,
 * built) once, before the first create; the downloads go to the CDN, not to Stablecog, so they run
 * outside the limit and never keep a Stablecog slot idle.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import type { CallOptions, Runtime } from '@stablecog/client/core';
import { runForEachItem } from './batch';
import { concurrencyOption, timeoutOption } from '../../../helpers/descriptions';
import { downloadSettings, imageItems, type DownloadSettings, type ImageResult } from '../../../helpers/images';
import { readNumber } from '../../../helpers/parameters';
import { createRuntime } from '../../../helpers/transport';

/** One image operation. */
export interface ImageOperation<Prepared> {
	/** Where each API field is set in this operation, for validation messages. */
	fieldLabels?: Record<string, string>;
	/**
	 * Reads item `itemIndex`'s parameters and prepares its request(s) with `prepareRequest`: bad
	 * input and an unknown model are refused here, before any item's create. Costs no credits.
	 */
	prepare(itemIndex: number, runtime: Runtime, options: CallOptions): Promise<Prepared>;
	/** Sends the prepared create (and whatever it needs first) and returns the images it made. */
	create(prepared: Prepared, runtime: Runtime, options: CallOptions): Promise<ImageResult[]>;
}

interface PreparedImages<Prepared> {
	prepared: Prepared;
	download: DownloadSettings;
}

/** Runs an image operation over every input item. */
export async function runImageOperation<Prepared>(
	context: IExecuteFunctions,
	operation: ImageOperation<Prepared>,
): Promise<INodeExecutionData[]> {
	const concurrency = readNumber(context, 0, 'options.concurrency', concurrencyOption) ?? 1;
	const signal = context.getExecutionCancelSignal();
	const withSignal: CallOptions = signal ? { signal } : {};
	// An AI agent gets only the JSON of the items: downloading would be wasted work.
	const toolMode = typeof context.isToolExecution === 'function' && context.isToolExecution();
	// One runtime for the whole execution, so every item shares its model list (one fetch).
	let runtime: Promise<Runtime> | undefined;
	const sharedRuntime = async () => await (runtime ??= createRuntime(context));
	return await runForEachItem<PreparedImages<Prepared>, ImageResult[]>(context, {
		concurrency,
		...(operation.fieldLabels ? { fieldLabels: operation.fieldLabels } : {}),
		prepare: async (itemIndex) => {
			const timeout = readNumber(context, itemIndex, 'options.timeout', timeoutOption);
			const download = downloadSettings(context, itemIndex, true);
			const options = { ...withSignal, ...(timeout === undefined ? {} : { timeoutMs: timeout * 1000 }) };
			return {
				prepared: await operation.prepare(itemIndex, await sharedRuntime(), options),
				download: toolMode ? { ...download, download: false } : download,
			};
		},
		run: async ({ prepared }) => await operation.create(prepared, await sharedRuntime(), withSignal),
		finish: async (images, { download }) => await imageItems(context, images, download, signal),
	});
}

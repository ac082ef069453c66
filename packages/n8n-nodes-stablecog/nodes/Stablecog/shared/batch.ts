/**
 * One operation over every input item: all items are read and validated first (bad input costs no
 * credits and sends nothing), then the requests run `concurrency` at a time. Output order and
 * `pairedItem` follow the input items whatever finishes first.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { mapLimit, mapLimitSettled } from '@stablecog/client/core';
import { errorItem, toNodeError } from './errors';

/** How one operation handles its items. */
export interface ItemOperation<Prepared> {
	/** Reads and validates item `itemIndex`'s parameters; sends nothing. Throws on bad input. */
	prepare(itemIndex: number): Prepared | Promise<Prepared>;
	/** Does the work for one prepared item; the items it returns get their `pairedItem` here. */
	run(prepared: Prepared, itemIndex: number): Promise<INodeExecutionData[]>;
	/** How many items may run at once (default 1). */
	concurrency?: number;
	/** Where each API field is set in this operation, for validation messages. */
	fieldLabels?: Record<string, string>;
}

type Prepared<P> = { itemIndex: number; value: P };

/** Runs `operation` over the node's input items and returns its output items in input order. */
export async function runForEachItem<P>(
	context: IExecuteFunctions,
	operation: ItemOperation<P>,
): Promise<INodeExecutionData[]> {
	const node = context.getNode();
	const continueOnFail = context.continueOnFail();
	const count = context.getInputData().length;
	const results: INodeExecutionData[][] = Array.from({ length: count }, () => []);
	const fail = (error: unknown, itemIndex: number) => {
		const nodeError = toNodeError(node, error, itemIndex, operation.fieldLabels);
		if (!continueOnFail) throw nodeError;
		results[itemIndex] = [errorItem(nodeError, error, itemIndex)];
	};

	// 1. Every item's input, before any request.
	const ready: Array<Prepared<P>> = [];
	for (let itemIndex = 0; itemIndex < count; itemIndex++) {
		try {
			ready.push({ itemIndex, value: await operation.prepare(itemIndex) });
		} catch (error) {
			fail(error, itemIndex);
		}
	}

	// 2. The requests, a few at a time.
	const paired = (itemIndex: number, items: INodeExecutionData[]) =>
		items.map((item) => ({ ...item, pairedItem: { item: itemIndex } }));
	const work = async ({ itemIndex, value }: Prepared<P>) =>
		paired(itemIndex, await operation.run(value, itemIndex));
	const limit = Math.max(1, Math.floor(operation.concurrency ?? 1));
	if (continueOnFail) {
		const settled = await mapLimitSettled(ready, limit, work);
		settled.forEach((outcome, position) => {
			const { itemIndex } = ready[position];
			if (outcome.status === 'fulfilled') results[itemIndex] = outcome.value;
			else fail(outcome.reason, itemIndex);
		});
	} else {
		// On the first failure no new item starts; the ones in flight finish (a create cannot be
		// called back), then the failure is reported with its item.
		const outputs = await mapLimit(ready, limit, async (prepared) => {
			try {
				return await work(prepared);
			} catch (error) {
				throw toNodeError(node, error, prepared.itemIndex, operation.fieldLabels);
			}
		});
		outputs.forEach((items, position) => (results[ready[position].itemIndex] = items));
	}
	return results.flat();
}

/**
 * One operation over every input item: all items are read and validated first (bad input costs no
 * credits and sends nothing), then the requests run `concurrency` at a time. Output order and
 * `pairedItem` follow the input items whatever finishes first.
 *
 * Only `run` (the Stablecog requests) holds one of the `concurrency` places. `finish` (e.g. image
 * downloads from the CDN) starts as soon as its item's `run` is done and overlaps the next items'
 * requests, so a Stablecog slot never waits for a download.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { mapLimit, mapLimitSettled } from '@stablecog/client/core';
import { errorItem, toNodeError } from '../../../helpers/errors';

/** How one operation handles its items. */
export interface ItemOperation<Prepared, Made = INodeExecutionData[]> {
	/** Reads and validates item `itemIndex`'s parameters; sends nothing. Throws on bad input. */
	prepare(itemIndex: number): Prepared | Promise<Prepared>;
	/** The Stablecog requests for one prepared item; at most `concurrency` run at once. */
	run(prepared: Prepared, itemIndex: number): Promise<Made>;
	/**
	 * Turns what `run` made into the item's output items, outside the concurrency limit. It runs
	 * after a create that may have been charged, so it should not throw for what the user paid for
	 * (a failed download keeps the item). Without it, `run` returns the output items.
	 */
	finish?(made: Made, prepared: Prepared, itemIndex: number): Promise<INodeExecutionData[]>;
	/** How many items may run at once (default 1). */
	concurrency?: number;
	/** Where each API field is set in this operation, for validation messages. */
	fieldLabels?: Record<string, string>;
}

type Prepared<P> = { itemIndex: number; value: P };
type Finished = PromiseSettledResult<INodeExecutionData[]>;

const settle = async (work: Promise<INodeExecutionData[]>): Promise<Finished> =>
	await work.then(
		(value) => ({ status: 'fulfilled', value }),
		(reason: unknown) => ({ status: 'rejected', reason }),
	);

/** Runs `operation` over the node's input items and returns its output items in input order. */
export async function runForEachItem<P, M = INodeExecutionData[]>(
	context: IExecuteFunctions,
	operation: ItemOperation<P, M>,
): Promise<INodeExecutionData[]> {
	const node = context.getNode();
	// As an agent's tool, a failure is an error item (what happened, how to fix it, a lost create's
	// seed) the model can relay: n8n would hand the model the bare message only.
	const continueOnFail = context.continueOnFail() || node.type.endsWith('Tool');
	const count = context.getInputData().length;
	const results: INodeExecutionData[][] = Array.from({ length: count }, () => []);
	const nodeError = (error: unknown, itemIndex: number) =>
		toNodeError(node, error, itemIndex, operation.fieldLabels);
	const fail = (error: unknown, itemIndex: number) => {
		if (!continueOnFail) throw nodeError(error, itemIndex);
		results[itemIndex] = [errorItem(nodeError(error, itemIndex), error, itemIndex)];
	};
	const paired = (itemIndex: number, items: INodeExecutionData[]) =>
		items.map((item) => ({ ...item, pairedItem: { item: itemIndex } }));

	// 1. Every item's input, before any request.
	const ready: Array<Prepared<P>> = [];
	for (let itemIndex = 0; itemIndex < count; itemIndex++) {
		try {
			ready.push({ itemIndex, value: await operation.prepare(itemIndex) });
		} catch (error) {
			fail(error, itemIndex);
		}
	}

	// 2. The requests, a few at a time; each item's finish starts when its requests are done and
	// is not awaited here, so the place goes to the next item at once.
	const finish = operation.finish ?? (async (made: M) => made as unknown as INodeExecutionData[]);
	const finished: Array<Promise<Finished>> = [];
	let finishFailure: ReturnType<typeof nodeError> | undefined;
	const start = async (prepared: Prepared<P>, position: number) => {
		const { itemIndex, value } = prepared;
		const made = await operation.run(value, itemIndex);
		finished[position] = settle(finish(made, value, itemIndex)).then((outcome) => {
			if (outcome.status === 'rejected') finishFailure ??= nodeError(outcome.reason, itemIndex);
			return outcome;
		});
	};

	if (continueOnFail) {
		const created = await mapLimitSettled(ready, limitOf(operation), start);
		for (const [position, { itemIndex }] of ready.entries()) {
			const outcome = created[position].status === 'fulfilled' ? await finished[position] : created[position];
			if (outcome.status === 'fulfilled') results[itemIndex] = paired(itemIndex, outcome.value);
			else fail(outcome.reason, itemIndex);
		}
		return results.flat();
	}

	// On the first failure no new item starts; the ones in flight finish (a create cannot be
	// called back) and so do the downloads of the items made, then the failure is reported with
	// its item.
	await mapLimit(ready, limitOf(operation), async (prepared, position) => {
		if (finishFailure) throw finishFailure;
		try {
			await start(prepared, position);
		} catch (error) {
			throw nodeError(error, prepared.itemIndex);
		}
	}).finally(async () => await Promise.all(finished));
	for (const [position, { itemIndex }] of ready.entries()) {
		const outcome = await finished[position];
		if (outcome.status === 'rejected') throw nodeError(outcome.reason, itemIndex);
		results[itemIndex] = paired(itemIndex, outcome.value);
	}
	return results.flat();
}

function limitOf(operation: { concurrency?: number }): number {
	return Math.max(1, Math.floor(operation.concurrency ?? 1));
}

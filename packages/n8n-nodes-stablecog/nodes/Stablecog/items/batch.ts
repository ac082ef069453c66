/**
 * One operation over every input item, run by the core's batch runner (every item prepared before
 * the first request, a few requests at a time, downloads outside the limit, results in input
 * order); this file only turns items and failures into n8n's terms: `pairedItem`, "On Error", and
 * the node error naming the item.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { BatchItemFailure, runBatch, runBatchSettled, type BatchOperation } from '@stablecog/client/core';
import { errorItem, toNodeError } from '../../../helpers/errors';

/** How one operation handles its items (see the core's `BatchOperation`). */
export interface ItemOperation<Prepared, Made = INodeExecutionData[]>
	extends Omit<BatchOperation<Prepared, Made, INodeExecutionData[]>, 'finish'> {
	/** Turns what `run` made into the item's output items; without it, `run` returns them. */
	finish?: BatchOperation<Prepared, Made, INodeExecutionData[]>['finish'];
	/** Where each API field is set in this operation, for validation messages. */
	fieldLabels?: Record<string, string>;
}

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
	const nodeError = (error: unknown, itemIndex: number) =>
		toNodeError(node, error, itemIndex, operation.fieldLabels);
	const paired = (itemIndex: number, items: INodeExecutionData[]) =>
		items.map((item) => ({ ...item, pairedItem: { item: itemIndex } }));
	const batch: BatchOperation<P, M, INodeExecutionData[]> = {
		...operation,
		finish: operation.finish ?? (async (made: M) => made as unknown as INodeExecutionData[]),
	};

	if (continueOnFail) {
		const outcomes = await runBatchSettled(count, batch);
		return outcomes.flatMap((outcome, itemIndex) =>
			outcome.status === 'fulfilled'
				? paired(itemIndex, outcome.value)
				: [errorItem(nodeError(outcome.reason, itemIndex), outcome.reason, itemIndex)],
		);
	}
	try {
		const results = await runBatch(count, batch);
		return results.flatMap((items, itemIndex) => paired(itemIndex, items));
	} catch (error) {
		const failure = error instanceof BatchItemFailure ? error : new BatchItemFailure(0, error);
		throw nodeError(failure.cause, failure.index);
	}
}

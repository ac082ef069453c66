/**
 * A resource of the Stablecog node: its Operation list and each operation's parameters (shown only
 * for that resource and operation), and the execute function of each operation.
 */
import type { IExecuteFunctions, INodeExecutionData, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import type { NodeMap } from './node.type';

/** What an `<operation>.operation.ts` module exports. */
export interface OperationModule {
	/** The operation's own parameters, without display options. */
	properties: INodeProperties[];
	/** Runs the operation over the node's input items. */
	execute(this: IExecuteFunctions): Promise<INodeExecutionData[]>;
}

/** An operation as the Operation list shows it (`action` is its name for an AI agent). */
export interface OperationEntry<Operation extends string = string> extends INodePropertyOptions {
	value: Operation;
	action: string;
	module: OperationModule;
}

/** A resource: its parameters, and the execute function of each of its operations. */
export interface Resource<R extends keyof NodeMap = keyof NodeMap> {
	/** The Operation parameter of this resource, then each operation's parameters. */
	description: INodeProperties[];
	/** Operation value → its execute function. */
	operations: Record<NodeMap[R], OperationModule['execute']>;
}

/** The resource `resource` with `operations` (exactly its operations in NodeMap); the first is the default. */
export function defineResource<R extends keyof NodeMap>(resource: R, operations: Array<OperationEntry<NodeMap[R]>>): Resource<R> {
	const defaultOperation = operations[0].value;
	return {
		description: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: [resource] } },
				options: operations.map(({ name, value, action, description }) => ({ name, value, action, description })),
				default: defaultOperation,
			},
			...operations.flatMap(({ value, module }) =>
				updateDisplayOptions({ show: { resource: [resource], operation: [value] } }, module.properties),
			),
		],
		operations: Object.fromEntries(operations.map(({ value, module }) => [value, module.execute])) as Resource<R>['operations'],
	};
}

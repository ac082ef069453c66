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
	/**
	 * What an AI agent is told when this operation is its tool: what it costs, how long it takes,
	 * and what to do after a lost answer. The Stablecog Tool's editable Description defaults to it.
	 */
	toolDescription: string;
	module: OperationModule;
}

/**
 * The Stablecog Tool's Description, one per operation, shown only in the tool (`@tool`). A node
 * that declares `toolDescription` keeps n8n from adding its generic one ("<action> in Stablecog").
 */
function toolDescriptionProperty(resource: string, { value, toolDescription }: OperationEntry): INodeProperties {
	return {
		displayName: 'Description',
		name: 'toolDescription',
		type: 'string',
		typeOptions: { rows: 4 },
		default: toolDescription,
		description: 'What the AI agent is told about this tool: what it costs and how to use it',
		displayOptions: { show: { '@tool': [true], resource: [resource], operation: [value] } },
	};
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
			...operations.map((operation) => toolDescriptionProperty(resource, operation)),
			...operations.flatMap(({ value, module }) =>
				updateDisplayOptions({ show: { resource: [resource], operation: [value] } }, module.properties),
			),
		],
		operations: Object.fromEntries(operations.map(({ value, module }) => [value, module.execute])) as Resource<R>['operations'],
	};
}

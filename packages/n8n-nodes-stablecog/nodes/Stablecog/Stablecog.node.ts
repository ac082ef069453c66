/**
 * Stablecog: generate and upscale images, list outputs, models and credits.
 *
 * Programmatic rather than declarative: a create blocks for minutes and must never be retried
 * blindly, images are downloaded from another origin into binary data, uploads are multipart,
 * and items run a few at a time. Each operation is a module of
 * `actions/<resource>/<operation>.operation.ts` with its own `properties` and `execute`; its
 * resource (`actions/<resource>/index.ts`) lists it in the Operation parameter.
 */
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import { account } from './actions/account';
import { image } from './actions/image';
import { model } from './actions/model';
import { output } from './actions/output';
import type { Resource } from './actions/resource';
import { listSearch, loadOptions } from './methods';
import { stablecogCredentials, stablecogIcon } from '../../helpers/descriptions';

const resources: Record<string, Resource> = { account, image, model, output };

export class Stablecog implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Stablecog',
		name: 'stablecog',
		icon: stablecogIcon,
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Generate and upscale AI images with Stablecog',
		defaults: { name: 'Stablecog' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: stablecogCredentials,
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Account', value: 'account' },
					{ name: 'Image', value: 'image' },
					{ name: 'Model', value: 'model' },
					{ name: 'Output', value: 'output' },
				],
				default: 'image',
			},
			...image.description,
			...output.description,
			...model.description,
			...account.description,
		],
	};

	methods = { loadOptions, listSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const resource = this.getNodeParameter('resource', 0) as string;
		const operation = this.getNodeParameter('operation', 0) as string;
		const run = resources[resource]?.operations[operation];
		if (!run) {
			throw new NodeOperationError(
				this.getNode(),
				`The operation "${operation}" of resource "${resource}" is not supported`,
				{ description: 'Pick a resource and an operation from the lists.' },
			);
		}
		return [await run.call(this)];
	}
}

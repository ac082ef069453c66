/**
 * Stablecog: generate and upscale images, list outputs, models and credits.
 *
 * Programmatic rather than declarative: a create blocks for minutes and must never be retried
 * blindly, images are downloaded from another origin into binary data, uploads are multipart,
 * and items run a few at a time. The description lives here; each operation is a module of
 * `actions/<resource>/<operation>.operation.ts` with its own `description` and `execute`.
 */
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import * as account from './actions/account';
import * as image from './actions/image';
import * as model from './actions/model';
import * as output from './actions/output';
import { listSearch, loadOptions } from './methods';

type OperationExecute = (this: IExecuteFunctions) => Promise<INodeExecutionData[]>;

/** resource → operation → its execute function. */
const router: Record<string, Record<string, OperationExecute>> = {
	image: { generate: image.generate.execute, upscale: image.upscale.execute },
	output: { getMany: output.getMany.execute },
	model: { getMany: model.getMany.execute },
	account: { getCredits: account.getCredits.execute },
};

export class Stablecog implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Stablecog',
		name: 'stablecog',
		icon: { light: 'file:../../icons/stablecog.svg', dark: 'file:../../icons/stablecog.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Generate and upscale AI images with Stablecog',
		defaults: { name: 'Stablecog' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'stablecogApi', required: true }],
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
		const run = router[resource]?.[operation];
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

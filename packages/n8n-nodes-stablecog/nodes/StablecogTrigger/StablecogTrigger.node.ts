/**
 * Stablecog Trigger: starts a workflow for each new output (image) of the account, by polling
 * the outputs list. The first poll after activation only records what already exists.
 */
import type {
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import {
	execute as call,
	findNewOutputs,
	operations,
	outputImageUrl,
	type Output,
	type OutputsQuery,
	type PollState,
} from '@stablecog/client/core';
import {
	binaryPropertyNameOption,
	downloadImagesOption,
	modelsFilter,
	optionsCollection,
	simplifyParameter,
	stablecogCredentials,
	stablecogIcon,
} from '../../helpers/descriptions';
import { toLoadError } from '../../helpers/errors';
import { downloadSettings, imageItems } from '../../helpers/images';
import { getGenerationModels } from '../../helpers/models';
import { outputJson } from '../../helpers/outputs';
import { readBoolean } from '../../helpers/parameters';
import { createRuntime } from '../../helpers/transport';

interface TriggerOptions {
	models?: string[];
}

export class StablecogTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Stablecog Trigger',
		name: 'stablecogTrigger',
		icon: stablecogIcon,
		group: ['trigger'],
		version: 1,
		subtitle: '={{"On " + ($parameter["event"] === "newOutput" ? "new output" : $parameter["event"])}}',
		description: 'Starts the workflow when a new image appears in your Stablecog outputs',
		defaults: { name: 'Stablecog Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: stablecogCredentials,
		properties: [
			{
				displayName: 'Trigger On',
				name: 'event',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'New Output',
						value: 'newOutput',
						description:
							'An image appears in your outputs (made by a workflow, the API or the Stablecog website)',
					},
				],
				default: 'newOutput',
			},
			simplifyParameter,
			optionsCollection([
				downloadImagesOption(false),
				modelsFilter,
				binaryPropertyNameOption,
			]),
		],
	};

	methods = { loadOptions: { getGenerationModels } };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		// Every option is read (and checked) before the first request.
		const simplify = readBoolean(this, 0, 'simplify', simplifyParameter) ?? true;
		const download = downloadSettings(this, 0, false);
		const options = this.getNodeParameter('options', {}) as TriggerOptions;
		const query: OutputsQuery = options.models?.length ? { model_ids: options.models } : {};
		const runtime = await createRuntime(this);
		const listPage = async (page: OutputsQuery) => await call(operations.listOutputs, page, runtime);

		let outputs: Output[];
		try {
			if (this.getMode() === 'manual') {
				// A test run shows the newest output and leaves the cursor alone.
				outputs = (await listPage({ ...query, per_page: 1 })).outputs.slice(0, 1);
			} else {
				const staticData = this.getWorkflowStaticData('node') as IDataObject & PollState;
				// n8n before 2.x has no poll budget: then allow the 5 minutes n8n gives a poll today.
				const budgetMs = typeof this.getPollBudgetMs === 'function' ? this.getPollBudgetMs() : 300_000;
				const deadline = Date.now() + budgetMs * 0.8;
				const { fresh, state } = await findNewOutputs(listPage, staticData, { query, deadline });
				staticData.newest = state.newest;
				staticData.seen = state.seen;
				outputs = fresh;
			}
		} catch (error) {
			throw toLoadError(this.getNode(), error);
		}
		if (outputs.length === 0) return null;

		const images = outputs.map((output) => ({
			id: output.id,
			url: outputImageUrl(output),
			json: outputJson(output, simplify),
		}));
		return [await imageItems(this, images, download)];
	}
}

/**
 * Runs the built package (dist/, loaded the way n8n loads a community package) inside n8n's own
 * execution engine from n8n-core: a real `WorkflowExecute`, real `ExecuteContext` / `PollContext` /
 * `LoadOptionsContext` with n8n's request and binary helpers, and a credentials helper that
 * resolves the credential's `authenticate` expression as n8n does. HTTP goes to the emulator.
 */
import { Container } from '@n8n/di';
import {
	BinaryDataService,
	ErrorReporter,
	ExecuteContext,
	ExecutionLifecycleHooks,
	LoadOptionsContext,
	PollContext,
	RoutingNode,
	SupplyDataContext,
	WorkflowExecute,
} from 'n8n-core';
import {
	ICredentialsHelper,
	NodeConnectionTypes,
	Workflow,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type ICredentials,
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestOptions,
	type INode,
	type INodeExecutionData,
	type INodeParameters,
	type INodeProperties,
	type INodeType,
	type INodeTypes,
	type IRequestOptionsSimplified,
	type IRun,
	type IRunExecutionData,
	type IWorkflowExecuteAdditionalData,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

import { loadFromPackage } from './package-files';

export const NODE_TYPE = 'n8n-nodes-stablecog.stablecog';
export const TRIGGER_TYPE = 'n8n-nodes-stablecog.stablecogTrigger';

/** The package as n8n sees it: each file of the `n8n` block, its class named after the file. */
function loadPackage() {
	const pkg = loadFromPackage('package.json') as { name: string; n8n: { nodes: string[]; credentials: string[] } };
	const instantiate = <T>(file: string, suffix: string): T => {
		const className = file.split('/').pop()!.replace(suffix, '');
		const exported = (loadFromPackage(file) as Record<string, new () => T>)[className];
		if (!exported) throw new Error(`${file} does not export a class named ${className}`);
		return new exported();
	};
	const nodes = pkg.n8n.nodes.map((file) => instantiate<INodeType>(file, '.node.js'));
	const credentials = pkg.n8n.credentials.map((file) => instantiate<ICredentialType>(file, '.credentials.js'));
	return {
		nodes: Object.fromEntries(nodes.map((node) => [`${pkg.name}.${node.description.name}`, node])),
		credentials: Object.fromEntries(credentials.map((type) => [type.name, type])),
	};
}

export const pkg = loadPackage();

/** Emits the items it is given: stands in for the node before Stablecog (n8n's Manual Trigger). */
class StartNode implements INodeType {
	description = {
		displayName: 'Start',
		name: 'start',
		group: ['input'],
		version: 1,
		description: 'Emits the test input',
		defaults: { name: 'Start' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	} as INodeType['description'];

	async execute(this: IExecuteFunctions) {
		return [this.getInputData()];
	}
}

const nodeTypes: INodeTypes = {
	getByName: (type) => (type === 'test.start' ? new StartNode() : pkg.nodes[type.replace(/Tool$/, '')]),
	getByNameAndVersion: (type) =>
		type === 'test.start' ? new StartNode() : pkg.nodes[type.replace(/Tool$/, '')],
	getKnownTypes: () => ({}),
} as INodeTypes;

/** n8n's credentials helper, reduced to what a run needs; `authenticate` resolves like n8n's. */
class CredentialsHelper extends ICredentialsHelper {
	/** How often n8n read (and, in a real n8n, decrypted from its database) a credential. */
	reads = 0;

	constructor(private readonly data: Record<string, ICredentialDataDecryptedObject>) {
		super();
	}
	getParentTypes(): string[] {
		return [];
	}
	isCredentialUsableByNode(): boolean {
		return true;
	}
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const type = pkg.credentials[typeName];
		if (typeof type.authenticate === 'function') {
			return await type.authenticate(credentials, requestOptions as IHttpRequestOptions);
		}
		if (type.authenticate?.type === 'generic' && workflow && node) {
			const resolve = (value: string) =>
				String(
					workflow.expression.getSimpleParameterValue(node, value, 'internal', { $credentials: credentials }, undefined, '') ?? '',
				);
			for (const [where, values] of Object.entries(type.authenticate.properties)) {
				const target = ((requestOptions as unknown as Record<string, IDataObject>)[where] ??= {});
				for (const [key, value] of Object.entries(values as Record<string, string>)) {
					target[resolve(key)] = resolve(value);
				}
			}
		}
		return requestOptions as IHttpRequestOptions;
	}
	async preAuthentication() {
		return undefined;
	}
	async runPreAuthentication() {
		return undefined;
	}
	async getCredentials(): Promise<ICredentials> {
		throw new Error('not used by these tests');
	}
	async getDecrypted(_data: IWorkflowExecuteAdditionalData, _node: unknown, type: string) {
		this.reads += 1;
		return { ...this.data[type] };
	}
	async updateCredentials() {}
	async updateCredentialsOauthTokenData() {}
	getCredentialsProperties(type: string): INodeProperties[] {
		return pkg.credentials[type].properties;
	}
}

// Binary data without a storage manager stays inline in the item (base64), as n8n's
// in-memory mode did: prepareBinaryData and getBinaryDataBuffer are otherwise n8n's own.
Container.set(
	BinaryDataService,
	new BinaryDataService(
		{ mode: 'default' } as never,
		{ error: () => undefined } as never,
		{ info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined } as never,
	),
);

// n8n reports node failures to its error tracker (Sentry, logged otherwise); a test has none.
Container.set(ErrorReporter, { error: () => undefined, warn: () => undefined, info: () => undefined } as never);

/** What the Stablecog credential holds in a test. */
export interface TestCredentials {
	apiToken: string;
	baseUrl: string;
}

function additionalData(credentials: TestCredentials, hooks?: ExecutionLifecycleHooks): IWorkflowExecuteAdditionalData {
	return {
		credentialsHelper: new CredentialsHelper({ stablecogApi: { ...credentials } }),
		executionId: 'test-execution',
		currentNodeParameters: undefined,
		restApiUrl: 'http://127.0.0.1/rest',
		instanceBaseUrl: 'http://127.0.0.1/',
		webhookBaseUrl: 'http://127.0.0.1/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1/webhook-test',
		formWaitingBaseUrl: 'http://127.0.0.1/form-waiting',
		variables: {},
		hooks,
		setExecutionStatus: () => undefined,
		sendDataToUI: () => undefined,
		logAiEvent: () => undefined,
	} as unknown as IWorkflowExecuteAdditionalData;
}

function stablecogNode(type: string, parameters: INodeParameters, extra: Partial<INode> = {}): INode {
	return {
		id: 'node-stablecog',
		name: 'Stablecog',
		type,
		typeVersion: 1,
		position: [200, 0],
		parameters,
		credentials: { stablecogApi: { id: 'cred-1', name: 'Stablecog account' } },
		...extra,
	};
}

/** How to run the node once. */
export interface RunNodeOptions {
	parameters: INodeParameters;
	credentials: TestCredentials;
	/** The items entering the node (default: one empty item). */
	input?: INodeExecutionData[];
	/** The node's "On Error" setting (default: stop the workflow). */
	onError?: INode['onError'];
	mode?: WorkflowExecuteMode;
}

/** The outcome of a run: the node's outputs (main output first), or the error it stopped with. */
export interface RunNodeResult {
	status: IRun['status'];
	outputs: INodeExecutionData[][];
	error?: { message: string; description?: string | null; [key: string]: unknown };
	run: IRun;
	/** How often the run read the credential from n8n. */
	credentialReads: number;
}

/** Runs Start → Stablecog in n8n's WorkflowExecute. */
export async function runNode(options: RunNodeOptions): Promise<RunNodeResult> {
	const start: INode = {
		id: 'node-start',
		name: 'Start',
		type: 'test.start',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const node = stablecogNode(NODE_TYPE, options.parameters, options.onError ? { onError: options.onError } : {});
	const workflow = new Workflow({
		id: 'test-workflow',
		nodes: [start, node],
		connections: { Start: { main: [[{ node: 'Stablecog', type: NodeConnectionTypes.Main, index: 0 }]] } },
		nodeTypes,
		active: false,
		settings: { executionOrder: 'v1' },
	});
	const hooks = new ExecutionLifecycleHooks(options.mode ?? 'manual', 'test-execution', {
		id: 'test-workflow',
		name: 'test',
		nodes: [start, node],
		connections: {},
		active: false,
		activeVersionId: null,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
	} as never);
	const runExecutionData = {
		startData: {},
		resultData: { runData: {} },
		executionData: {
			contextData: {},
			metadata: {},
			waitingExecution: {},
			waitingExecutionSource: null,
			nodeExecutionStack: [
				{ node: start, data: { main: [options.input ?? [{ json: {} }]] }, source: null },
			],
		},
	} as unknown as IRunExecutionData;
	const data = additionalData(options.credentials, hooks);
	const execution = new WorkflowExecute(data, options.mode ?? 'manual', runExecutionData);
	const run = await execution.processRunExecutionData(workflow);
	const task = run.data.resultData.runData.Stablecog?.[0];
	return {
		status: run.status,
		outputs: (task?.data?.main ?? []).map((items) => items ?? []),
		...(task?.error ? { error: task.error as unknown as RunNodeResult['error'] } : {}),
		run,
		credentialReads: (data.credentialsHelper as CredentialsHelper).reads,
	};
}

/** A poll of the trigger in n8n's PollContext; `staticData` persists between polls of one workflow. */
export function triggerPoller(credentials: TestCredentials, parameters: INodeParameters = {}) {
	const node = stablecogNode(TRIGGER_TYPE, parameters);
	const workflow = new Workflow({
		id: 'trigger-workflow',
		nodes: [node],
		connections: {},
		nodeTypes,
		active: true,
		staticData: {},
	});
	const trigger = pkg.nodes[TRIGGER_TYPE];
	return {
		workflow,
		async poll(mode: WorkflowExecuteMode = 'trigger') {
			const context = new PollContext(workflow, node, additionalData(credentials), mode, 'activate');
			return await trigger.poll!.call(context);
		},
		staticData: () => workflow.getStaticData('node', node),
	};
}

/** Runs one of the node's dropdown or list-search methods in n8n's LoadOptionsContext. */
export async function loadOptions(
	credentials: TestCredentials,
	parameters: INodeParameters,
	kind: 'loadOptions' | 'listSearch',
	method: string,
	...args: unknown[]
): Promise<unknown> {
	const node = stablecogNode(NODE_TYPE, parameters);
	const workflow = new Workflow({ id: 'load-options', nodes: [node], connections: {}, nodeTypes, active: false });
	const data = additionalData(credentials);
	data.currentNodeParameters = parameters;
	const context = new LoadOptionsContext(workflow, node, data, '');
	const methods = pkg.nodes[NODE_TYPE].methods as Record<string, Record<string, (...a: unknown[]) => Promise<unknown>>>;
	return await methods[kind][method].call(context, ...args);
}

/** Runs the node the way an AI agent calls it as a tool (n8n's SupplyDataContext on `ai_tool`). */
export async function runAsTool(
	credentials: TestCredentials,
	parameters: INodeParameters,
): Promise<INodeExecutionData[][]> {
	const node = stablecogNode(`${NODE_TYPE}Tool`, parameters);
	const workflow = new Workflow({ id: 'tool-workflow', nodes: [node], connections: {}, nodeTypes, active: false });
	const inputData = { [NodeConnectionTypes.AiTool]: [[{ json: {} }]] };
	const runExecutionData = { resultData: { runData: {} } } as unknown as IRunExecutionData;
	const context = new SupplyDataContext(
		workflow,
		node,
		additionalData(credentials),
		'manual',
		runExecutionData,
		0,
		[],
		inputData,
		NodeConnectionTypes.AiTool,
		{ node, data: inputData, source: null },
		[],
	);
	return (await pkg.nodes[NODE_TYPE].execute!.call(context as unknown as IExecuteFunctions)) as INodeExecutionData[][];
}

/**
 * The credential's test, as n8n's credentials tester runs it (packages/cli, not published): the
 * test request as the routing of a temporary node, run by n8n-core's RoutingNode, then the rules.
 */
export async function testCredential(credentials: TestCredentials): Promise<{ status: 'OK' | 'Error'; message: string }> {
	const credentialType = pkg.credentials.stablecogApi;
	const testRequest = credentialType.test!;
	const node: INode = {
		id: 'temp',
		name: 'Temp-Node',
		type: 'test.start',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: { stablecogApi: { id: 'cred-1', name: 'Stablecog account' } },
	};
	const nodeType: INodeType = {
		description: {
			...new StartNode().description,
			credentials: [{ name: 'stablecogApi', required: true }],
			properties: [
				{ displayName: 'Temp', name: 'temp', type: 'string', routing: { request: testRequest.request }, default: '' },
			],
		},
	};
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: { ...nodeTypes, getByNameAndVersion: () => nodeType, getByName: () => nodeType },
	});
	const inputData = { main: [[{ json: {} }]] };
	const context = new ExecuteContext(
		workflow,
		node,
		additionalData(credentials),
		'internal',
		{ resultData: { runData: {} } } as unknown as IRunExecutionData,
		0,
		[],
		inputData,
		{ node, data: {}, source: null },
		[],
	);
	const routing = new RoutingNode(context, nodeType, {
		id: 'cred-1',
		name: 'Stablecog account',
		type: 'stablecogApi',
		data: { ...credentials },
	});
	try {
		await routing.runNode();
	} catch (error) {
		const status = (error as { cause?: { response?: { status?: number } } }).cause?.response?.status;
		if (status !== undefined) {
			for (const rule of testRequest.rules ?? []) {
				if (rule.type === 'responseCode' && rule.properties.value === status) {
					return { status: 'Error', message: rule.properties.message };
				}
			}
			return { status: 'Error', message: `Received HTTP status code: ${status}` };
		}
		return { status: 'Error', message: (error as Error).message };
	}
	return { status: 'OK', message: 'Connection successful!' };
}

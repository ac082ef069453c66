/**
 * The client's errors as n8n errors: the message says what happened, the description how to fix it
 * in this node's terms, both end with `[item N]`. Only clean values are copied: never a cause, so
 * no request header (and no token) can reach an execution.
 */
import type { IDataObject, INode, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import {
	NetworkError,
	OutcomeUnknownError,
	PermissionError,
	RUNS_AT_ONCE_BY_PLAN,
	ServerTimeoutError,
	StablecogError,
	ValidationError,
	describeIssues,
	errorFacts,
	fillIn,
	lostCreateMessage,
	recoveryText,
	rejectedField,
	type RecoveryPhrases,
} from '@stablecog/client/core';

/** A failure this node raises itself (not the API): `code` is stable, like the client's codes. */
export class StablecogNodeProblem extends Error {
	constructor(
		readonly code: string,
		message: string,
		readonly hint: string,
	) {
		super(message);
	}
}

/** Where each API field is set in the node, for messages a user can act on. */
const FIELD_LABELS: Record<string, string> = {
	prompt: 'Prompt',
	negative_prompt: 'Options → Negative Prompt',
	model_id: 'Model',
	scheduler_id: 'Options → Scheduler',
	width: 'Options → Width',
	height: 'Options → Height',
	num_outputs: 'Options → Number of Images',
	guidance_scale: 'Options → Guidance Scale',
	inference_steps: 'Options → Inference Steps',
	seed: 'Options → Seed',
	init_image_url: 'Options → Init Image URL',
	mask_image_url: 'Options → Mask Image URL',
	prompt_strength: 'Options → Prompt Strength',
	submit_to_gallery: 'Options → Submit to Gallery',
	input: 'Image',
	file: 'Input Binary Field',
	data: 'Binary Field',
	per_page: 'Limit',
	model_ids: 'Filters → Models',
	scheduler_ids: 'Filters → Schedulers',
	gallery_status: 'Filters → Gallery Status',
	aspect_ratio: 'Filters → Aspect Ratio',
	search: 'Filters → Search',
};

/** How to fix each field, in this node's terms (the client's own hints name its API). */
const FIELD_HINTS: Record<string, string> = {
	prompt: 'Describe the image to generate, e.g. "a lighthouse at dawn, oil painting".',
	width:
		'Use 256 to 1536 pixels. At the default 30 steps, width × height can be at most 1,048,576 (e.g. 1024 × 1024): pick an Aspect Ratio preset, or lower Inference Steps for larger sizes.',
	height:
		'Use 256 to 1536 pixels. At the default 30 steps, width × height can be at most 1,048,576 (e.g. 1024 × 1024): pick an Aspect Ratio preset, or lower Inference Steps for larger sizes.',
	inference_steps:
		'Use at least 10 steps and keep width × height × steps at most 31,457,280 (1024 × 1024 × 30).',
	num_outputs: 'Ask for 1 to 4 images per item; each image costs one credit.',
	model_id: 'Pick a model from the list, or leave Model empty for Stablecog’s default model.',
	scheduler_id:
		'Pick a scheduler from the list (it shows the ones the chosen model offers), or leave it out for the model’s default.',
	init_image_url:
		'Use the http(s) URL of a JPEG, PNG or WebP image (at most 5 MiB), or use Init Image Binary Field instead.',
	input:
		'Use the ID of one of your outputs (e.g. the "id" of a Generate result), or the http(s) URL of a JPEG, PNG or WebP image of at most 1,048,576 pixels.',
	file: 'Use a binary field that holds a JPEG, PNG or WebP image of at most 10 MiB.',
	data: 'Use a binary field that holds a JPEG, PNG or WebP image of at most 10 MiB.',
};

/** What to check when a request got no answer. */
const NETWORK_HINTS = {
	refused:
		'Nothing reached Stablecog. Check the Base URL of the Stablecog API credential (normally https://api.stablecog.com) and the network connection.',
	timeout: 'No answer in time. Try again later, or allow more time with Options → Timeout (Seconds).',
};

/** How to fix a failure of each kind, where the client's hint would not fit n8n. */
const CODE_HINTS: Partial<Record<string, string>> = {
	authentication:
		'Open the Stablecog API credential and paste the token of an active key from https://stablecog.com/account/api-keys (it starts with "sc-").',
	permission:
		'Use an image of this account: one of its outputs, a public http(s) URL, or a binary field (the node uploads it for you).',
	rate_limited:
		'Stablecog limits requests per IP address, and cloud hosts share addresses. Wait a minute, lower Options → Parallel Requests, or turn on Retry On Fail in the node settings.',
	insufficient_credits:
		'Buy credits or wait for the free refill at https://stablecog.com/pricing, or ask for fewer images. Nothing was charged.',
	queue_full:
		`Wait for your running generations to finish, and lower Options → Parallel Requests to what your plan runs at once (${RUNS_AT_ONCE_BY_PLAN}).`,
	aborted: 'The execution was stopped; nothing more was sent.',
	unexpected_response:
		'Check the Base URL of the Stablecog API credential: it must be the API origin, https://api.stablecog.com, with no path.',
};

/** What to do after a server TIMEOUT (nothing charged): with the seed to get the same image, when known. */
const SERVER_TIMEOUT_HINTS = {
	seed: 'Nothing was charged, so it is safe to run this item again; set Options → Seed to {seed} to get the same image. Fewer images or a smaller size finish sooner.',
	noSeed: 'Nothing was charged, so it is safe to run this item again. Fewer images or a smaller size finish sooner.',
};

/** How to find the result of a lost create, in this node's terms (the core picks the sentence). */
const RECOVERY: RecoveryPhrases = {
	find_generation:
		'Do not run this item again right away: that could charge twice. Stablecog finishes the job anyway; in a minute or two, find its images with ' +
		'Stablecog → Output → Get Many (newest first): prompt "{prompt}", seed {seed}, created after {since}.',
	see_upscaled_output:
		'Do not run this item again right away: that could charge twice. In a few minutes, Output → Get Many shows the result as upscaled_image_url of output ' +
		'{output} (upscaling it again is then free).',
	check_credits:
		'Do not run this item again right away: that could charge twice. Stablecog finishes the upscale anyway (1 credit) but has no list of upscales; check ' +
		'Account → Get Credits before trying again.',
};

/** This node's advice for an error, when the client's would not fit n8n. */
function hintFor(error: StablecogError): string | undefined {
	if (error instanceof NetworkError && (error.kind === 'refused' || error.kind === 'timeout')) return NETWORK_HINTS[error.kind];
	if (error instanceof ValidationError && error.field) return FIELD_HINTS[error.field.split('.')[0]];
	// 401 is an image of another account; 403 a banned account, which only Stablecog can help with.
	if (error instanceof PermissionError && error.status === 403) return error.hint;
	if (error instanceof ServerTimeoutError) {
		return fillIn(error.seed === undefined ? SERVER_TIMEOUT_HINTS.noSeed : SERVER_TIMEOUT_HINTS.seed, { seed: error.seed });
	}
	return CODE_HINTS[error.code];
}

/**
 * The NodeApiError for a client error, keeping `message`: n8n swaps messages that mention a system
 * code (ECONNREFUSED…) for a generic sentence, and the client's is more precise (it names the host).
 */
function apiError(node: INode, error: StablecogError, message: string, description: string, itemIndex?: number): NodeApiError {
	const body = { ...errorFacts(error), message } as JsonObject;
	const httpCode = error.status === undefined ? {} : { httpCode: String(error.status) };
	const nodeError = new NodeApiError(node, body, { ...(itemIndex === undefined ? {} : { itemIndex }), message, description, ...httpCode });
	nodeError.message = message;
	return nodeError;
}

/** The n8n error for anything thrown while handling item `itemIndex`. */
export function toNodeError(
	node: INode,
	error: unknown,
	itemIndex: number,
	fieldLabels: Record<string, string> = {},
): NodeApiError | NodeOperationError {
	const labels = { ...FIELD_LABELS, ...fieldLabels };
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	const suffix = ` [item ${itemIndex}]`;
	if (error instanceof OutcomeUnknownError) {
		return apiError(node, error, lostCreateMessage(error, lostBecause(error)), recoveryText(error, RECOVERY) + suffix, itemIndex);
	}
	if (error instanceof ValidationError && error.status === undefined) {
		const top = (error.issues[0]?.field ?? '').split('.')[0];
		return new NodeOperationError(node, labels[top] ? describeIssues(error, labels) : error.message, {
			itemIndex,
			description: (FIELD_HINTS[top] ?? error.hint) + ' Nothing was sent to Stablecog.' + suffix,
		});
	}
	if (error instanceof StablecogError) {
		return apiError(node, error, rejectedField(error, labels) ?? error.message, (hintFor(error) ?? error.hint) + suffix, itemIndex);
	}
	const message = error instanceof Error ? error.message : String(error);
	const hint = error instanceof StablecogNodeProblem ? error.hint : '';
	return new NodeOperationError(node, message, { itemIndex, description: `${hint}${suffix}`.trim() });
}

/** What cut a lost create short, in this node's terms. */
function lostBecause(error: OutcomeUnknownError): string {
	if (error.reason === 'timeout' && error.timeoutMs !== undefined) {
		return `Timeout (Seconds) ran out after ${Math.round(error.timeoutMs / 1000)} s; raise it in Options`;
	}
	return error.cut;
}

/**
 * The item that stands for a failed input item when "On Error" continues. n8n routes an item to
 * the error output when its JSON has only `error`, `message` and `details`: `error` says what
 * happened, `details` holds the code, how to fix it, and the prompt and seed of a lost create.
 */
export function errorItem(
	error: NodeApiError | NodeOperationError,
	cause: unknown,
	itemIndex: number,
): INodeExecutionData {
	// The code, status and field, and for a lost create the prompt, seed and start to find it by.
	const facts = errorFacts(cause) ?? { code: codeOf(cause) };
	const details: IDataObject = { ...facts, description: error.description ?? '' };
	return { json: { error: error.message, details }, pairedItem: { item: itemIndex } };
}

function codeOf(error: unknown): string {
	if (error instanceof StablecogNodeProblem) return error.code;
	if (error instanceof NodeOperationError) return 'invalid_parameter';
	return 'unexpected';
}

/** The n8n error for a failed dropdown or list lookup (no item involved). */
export function toLoadError(node: INode, error: unknown): NodeApiError | NodeOperationError {
	if (error instanceof StablecogError) return apiError(node, error, error.message, hintFor(error) ?? error.hint);
	return new NodeOperationError(node, error instanceof Error ? error.message : String(error));
}

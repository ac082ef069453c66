/**
 * The client's pure core on n8n's own HTTP stack: every API request goes through
 * `httpRequestWithAuthentication('stablecogApi', …)`, so n8n adds the token. The token is read
 * here for one purpose only: to remove it from every response before the core reads it, since a
 * server (e.g. a misconfigured proxy at the Base URL) may echo the request into an error body that
 * messages quote. Sleeping between retries uses `sleep` from n8n-workflow (timers are not allowed).
 */
import type {
	IExecuteFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IN8nHttpFullResponse,
	IPollFunctions,
} from 'n8n-workflow';
import { sleep } from 'n8n-workflow';
import {
	lowerCaseHeaders,
	redactResponse,
	transportFailure,
	type RawResponse,
	type RequestSpec,
	type Runtime,
	type Transport,
	type TransportFailure,
} from '@stablecog/client/core';

/** The real API; the credential's Base URL overrides it (e.g. a local emulator in tests). */
export const DEFAULT_BASE_URL = 'https://api.stablecog.com';

/** The credential type every request is authenticated with. */
export const CREDENTIAL_TYPE = 'stablecogApi';

/** Any n8n context that may call the API. */
export type ApiContext = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

/** What `execute` from the client core needs, wired to n8n's helpers and the node's credential. */
export async function createRuntime(context: ApiContext, timeoutMs?: number): Promise<Runtime> {
	const credentials = await context.getCredentials<{ baseUrl?: string; apiToken?: string }>(CREDENTIAL_TYPE);
	const baseUrl = (credentials.baseUrl?.trim() || DEFAULT_BASE_URL).replace(/\/+$/, '');
	return {
		transport: createTransport(context, baseUrl, credentials.apiToken?.trim()),
		sleep: async (ms: number) => await sleep(ms),
		...(timeoutMs === undefined ? {} : { timeoutMs }),
	};
}

/**
 * A Transport that performs RequestSpecs with n8n's authenticated request helper. `secret` (the
 * token n8n sends) is removed from every response, so no error built from one can quote it.
 */
export function createTransport(context: ApiContext, baseUrl: string, secret: string | undefined): Transport {
	return {
		async send(spec: RequestSpec, signal?: AbortSignal): Promise<RawResponse> {
			const options: IHttpRequestOptions = {
				method: spec.method,
				baseURL: baseUrl,
				url: spec.path,
				qs: definedQuery(spec.query),
				headers: { Accept: 'application/json' },
				// Status codes and bodies are the client's to interpret; JSON is parsed there too.
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				encoding: 'text',
				json: false,
				timeout: spec.timeoutMs,
				// A redirect would carry the token to wherever it points: report it instead.
				disableFollowRedirect: true,
				...(signal ? { abortSignal: signal } : {}),
			};
			if (spec.body?.kind === 'json') {
				options.headers = { ...options.headers, 'Content-Type': 'application/json' };
				options.body = JSON.stringify(spec.body.value);
			} else if (spec.body?.kind === 'multipart') {
				const form = new FormData();
				for (const part of spec.body.parts) {
					if (part.kind === 'file') {
						// Blob copies any byte view; the cast only narrows TypeScript's buffer type.
						const bytes = part.data as Uint8Array<ArrayBuffer>;
						form.append(part.name, new Blob([bytes], { type: part.contentType }), part.filename);
					} else {
						form.append(part.name, part.value);
					}
				}
				options.body = form;
			}
			try {
				const response = (await context.helpers.httpRequestWithAuthentication.call(
					context,
					CREDENTIAL_TYPE,
					options,
				)) as IN8nHttpFullResponse;
				const raw: RawResponse = {
					status: response.statusCode,
					headers: lowerCaseHeaders(response.headers),
					body: response.body,
				};
				return redactResponse(raw, secret);
			} catch (error) {
				throw toTransportFailure(error, signal, baseUrl, spec.timeoutMs);
			}
		},
	};
}

function definedQuery(query: RequestSpec['query']): Record<string, string> | undefined {
	if (!query) return undefined;
	const out: Record<string, string> = {};
	for (const [key, value] of Object.entries(query)) {
		if (value !== undefined) out[key] = String(value);
	}
	return out;
}

/**
 * n8n wraps a failed request in a NodeApiError whose cause is the axios error, which holds the
 * request headers (the token). Only the error code survives into the TransportFailure.
 */
function toTransportFailure(
	error: unknown,
	signal: AbortSignal | undefined,
	baseUrl: string,
	timeoutMs: number,
): TransportFailure {
	return transportFailure(findCode(error), {
		origin: safeOrigin(baseUrl),
		timeoutMs,
		aborted: signal?.aborted === true,
		cancelled: 'the execution was cancelled',
	});
}

/** The system error code of the error or of one of its causes (n8n nests the axios error). */
function findCode(error: unknown): string | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
		const { code, cause } = current as { code?: unknown; cause?: unknown };
		if (typeof code === 'string' && /^[A-Z_]+$/.test(code)) return code;
		current = cause;
	}
	return undefined;
}

function safeOrigin(baseUrl: string): string {
	try {
		return new URL(baseUrl).origin;
	} catch {
		return 'the API';
	}
}

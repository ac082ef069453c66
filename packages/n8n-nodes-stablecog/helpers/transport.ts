/**
 * The client's pure core on n8n's own HTTP stack: every API request goes through
 * `httpRequestWithAuthentication('stablecogApi', …)`, so n8n adds the token. The credential is read
 * once per runtime: to remove the token from every response before the core reads it (a server,
 * e.g. a misconfigured proxy at the Base URL, may echo the request into an error body that messages
 * quote), and to hand it to n8n with each request, which would otherwise read and decrypt it from
 * its database again for every request (tens of ms each, before the create can leave). Sleeping
 * between retries uses `sleep` from n8n-workflow (timers are not allowed).
 */
import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	IExecuteFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IN8nHttpFullResponse,
	IPollFunctions,
} from 'n8n-workflow';
import { sleep } from 'n8n-workflow';
import {
	apiBaseUrl,
	cleanApiToken,
	platformTransport,
	type PlatformSend,
	type Runtime,
	type Transport,
} from '@stablecog/client/core';

/** The credential type every request is authenticated with. */
export const CREDENTIAL_TYPE = 'stablecogApi';

/** Any n8n context that may call the API. */
export type ApiContext = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

/** What `execute` from the client core needs, wired to n8n's helpers and the node's credential. */
export async function createRuntime(context: ApiContext, timeoutMs?: number): Promise<Runtime> {
	const credentials = await context.getCredentials<StablecogCredentials>(CREDENTIAL_TYPE);
	const baseUrl = apiBaseUrl(credentials.baseUrl);
	// The token as the credential sends it (trimmed, without a pasted "Bearer "), to redact it.
	const secret = cleanApiToken(credentials.apiToken ?? '') || undefined;
	const { id, name } = context.getNode().credentials?.[CREDENTIAL_TYPE] ?? {};
	const credential = { id: id ?? '', name: name ?? '', type: CREDENTIAL_TYPE, data: credentials };
	return {
		transport: createTransport(context, baseUrl, secret, credential),
		sleep: async (ms: number) => await sleep(ms),
		...(timeoutMs === undefined ? {} : { timeoutMs }),
	};
}

/** The Stablecog API credential's fields. */
type StablecogCredentials = ICredentialDataDecryptedObject & { baseUrl?: string; apiToken?: string };

/**
 * A Transport that performs RequestSpecs with n8n's authenticated request helper. `secret` (the
 * token n8n sends) is removed from every response by the core, so no error built from one can
 * quote it; n8n's own error (whose cause holds the request headers) never leaves this function.
 * `credential` is the decrypted credential n8n authenticates each request with.
 */
export function createTransport(
	context: ApiContext,
	baseUrl: string,
	secret: string | undefined,
	credential: ICredentialsDecrypted,
): Transport {
	const send: PlatformSend = async ({ method, url, headers, body }, spec, signal) => {
		const options: IHttpRequestOptions = {
			method,
			url,
			headers,
			...(body === undefined ? {} : { body: typeof body === 'string' ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength) }),
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
		const response = (await context.helpers.httpRequestWithAuthentication.call(
			context,
			CREDENTIAL_TYPE,
			options,
			{ credentialsDecrypted: credential },
		)) as IN8nHttpFullResponse;
		return { status: response.statusCode, headers: response.headers, body: response.body };
	};
	return platformTransport(send, { baseUrl, ...(secret ? { secret } : {}), cancelled: 'the execution was cancelled' });
}

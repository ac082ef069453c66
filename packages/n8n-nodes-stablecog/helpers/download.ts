/**
 * Image downloads from Stablecog's CDN (another origin than the API): a plain request with no
 * credential, so the token never travels to the image host.
 */
import type { IExecuteFunctions, IN8nHttpFullResponse, IPollFunctions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

/** A downloaded image. */
export interface DownloadedImage {
	data: Buffer;
	/** The Content-Type the CDN sent, `image/jpeg` when it sent none. */
	mimeType: string;
}

/** How long one image download may take. */
const DOWNLOAD_TIMEOUT_MS = 120_000;
/** Downloads are reads: retried on network failures, 429 and 5xx, with a short pause. */
const DOWNLOAD_ATTEMPTS = 3;
const RETRY_PAUSE_MS = 1_000;

/** Fetches `url` without any credential; throws an Error with a plain message when it cannot. */
export async function downloadImage(
	context: IExecuteFunctions | IPollFunctions,
	url: string,
	signal?: AbortSignal,
): Promise<DownloadedImage> {
	let problem = '';
	for (let attempt = 1; attempt <= DOWNLOAD_ATTEMPTS; attempt++) {
		if (signal?.aborted) throw new Error('the execution was cancelled');
		try {
			const response = (await context.helpers.httpRequest({
				method: 'GET',
				url,
				encoding: 'arraybuffer',
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				timeout: DOWNLOAD_TIMEOUT_MS,
				...(signal ? { abortSignal: signal } : {}),
			})) as IN8nHttpFullResponse;
			const status = response.statusCode;
			if (status >= 200 && status < 300) {
				const contentType = String(response.headers['content-type'] ?? '').split(';')[0].trim();
				return {
					data: Buffer.from(response.body as ArrayBuffer),
					mimeType: contentType.startsWith('image/') ? contentType : 'image/jpeg',
				};
			}
			problem = `the image host answered ${status}`;
			if (status !== 429 && status < 500) break;
		} catch (error) {
			const code = (error as { cause?: { code?: unknown }; code?: unknown })?.cause?.code;
			problem = `the connection failed${typeof code === 'string' ? ` (${code})` : ''}`;
		}
		if (attempt < DOWNLOAD_ATTEMPTS) await sleep(RETRY_PAUSE_MS * attempt);
	}
	throw new Error(`Downloading ${url} failed: ${problem}`);
}

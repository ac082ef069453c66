/**
 * Image downloads from Stablecog's CDN (another origin than the API): a plain request with no
 * credential, so the token never travels to the image host. The core decides what is retried.
 */
import type { IExecuteFunctions, IN8nHttpFullResponse, IPollFunctions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';
import { DOWNLOAD_TIMEOUT_MS, downloadWithRetry } from '@stablecog/client/core';

/** A downloaded image. */
export interface DownloadedImage {
	data: Buffer;
	/** The Content-Type the CDN sent, `image/jpeg` when it sent none. */
	mimeType: string;
}

/** Fetches `url` without any credential; throws an Error with a plain message when it cannot. */
export async function downloadImage(
	context: IExecuteFunctions | IPollFunctions,
	url: string,
	signal?: AbortSignal,
): Promise<DownloadedImage> {
	const request = async () => {
		const response = (await context.helpers.httpRequest({
			method: 'GET',
			url,
			encoding: 'arraybuffer',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: DOWNLOAD_TIMEOUT_MS,
			...(signal ? { abortSignal: signal } : {}),
		})) as IN8nHttpFullResponse;
		const contentType = response.headers['content-type'];
		return { status: response.statusCode, contentType: String(contentType ?? ''), body: response.body as ArrayBuffer };
	};
	const { data, mimeType } = await downloadWithRetry(url, request, {
		sleep: async (ms) => await sleep(ms),
		cancelled: 'the execution was cancelled',
		...(signal ? { signal } : {}),
	});
	return { data: Buffer.from(data), mimeType };
}

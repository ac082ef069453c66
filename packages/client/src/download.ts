/**
 * Downloading result images from the image CDN. The CDN is another origin than the API, so these
 * requests never carry the Authorization header (the API transport is not used for them).
 */
import axios from 'axios';
import { NetworkError, UnexpectedResponseError } from './core/errors';

/** An image fetched from the CDN. */
export interface DownloadedImage {
  data: Uint8Array;
  /** The Content-Type the CDN sent (the API serves `image/jpeg`). */
  contentType?: string;
}

/** Options of {@link downloadImage}. */
export interface DownloadOptions {
  signal?: AbortSignal;
  /** Default 60 s. */
  timeoutMs?: number;
}

/** Fetches an image URL (e.g. `outputs[0].url`) without any credentials. */
export async function downloadImage(url: string, options: DownloadOptions = {}): Promise<DownloadedImage> {
  let response;
  try {
    response = await axios.get<ArrayBuffer>(url, {
      responseType: 'arraybuffer',
      timeout: options.timeoutMs ?? 60_000,
      validateStatus: () => true,
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (err) {
    const code = (err as { code?: unknown })?.code;
    throw new NetworkError({
      kind: code === 'ERR_CANCELED' ? 'aborted' : code === 'ECONNABORTED' ? 'timeout' : 'network',
      message: `Could not download ${url} (${typeof code === 'string' ? code : 'network error'}).`,
      hint: 'Check the network connection; image URLs stay valid, so try again.',
    });
  }
  if (response.status < 200 || response.status >= 300) {
    throw new UnexpectedResponseError({
      status: response.status,
      message: `Downloading ${url} failed with status ${response.status}.`,
      hint: 'Check that the URL is an image URL returned by the API (outputs[].url or image_url).',
    });
  }
  const contentType = response.headers['content-type'];
  return {
    data: new Uint8Array(response.data),
    ...(typeof contentType === 'string' ? { contentType } : {}),
  };
}

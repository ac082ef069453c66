import type { App } from './app';
import { apiError, type Reply } from './http/reply';
import type { ImageInfo } from './images/sniff';
import { fetchRemoteImage } from './remote-image';
import type { Account } from './store/accounts';

/** An input image's bytes and what they are. */
export interface InputImage extends ImageInfo {
  bytes: Buffer;
}

/** The error codes one kind of input image uses, and the `settings` its error bodies carry. */
export interface InputImageErrors {
  /**
   * sc-go's worker returns its settings with every image error (`server/scworker/generate.go`,
   * `upscale.go`) and `server/api/rest/{generate,upscale}.go` attach them to the error body.
   */
  settings: unknown;
  /** 401 when the `s3://` object is another user's. */
  notOwned: string;
  /** 400 when the caller's `s3://` object does not exist. */
  notFound: string;
}

export const MiB = 1024 * 1024;

/**
 * Resolves an `s3://` object or an `http(s)` URL into the image it points at, with the real
 * server's checks: ownership of objects, and for URLs HEAD + GET within `maxBytes`. `maxArea`
 * (upscale only) limits width × height. Answers the error reply when a check fails.
 */
export async function loadInputImage(
  app: App,
  account: Account,
  url: string,
  options: InputImageErrors & { maxBytes: number; maxArea?: number },
): Promise<{ image: InputImage } | { reply: Reply }> {
  const extra = { settings: options.settings };
  const sizeError = { reply: apiError(400, 'image_url_width_height_error', extra) };
  let image: InputImage | undefined;
  if (url.startsWith('s3://')) {
    if (!url.startsWith(`s3://${account.identifier}/`)) return { reply: apiError(401, options.notOwned, extra) };
    image = app.uploads.get(url);
    if (!image) return { reply: apiError(400, options.notFound, extra) };
  } else {
    image = await fetchRemoteImage(url, options.maxBytes, app.config.remoteFetchTimeoutMs);
    if (!image) return sizeError;
  }
  if (options.maxArea !== undefined && image.width * image.height > options.maxArea) return sizeError;
  return { image };
}

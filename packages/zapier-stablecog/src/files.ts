/**
 * Images in and out of Zapier. Outputs become lazy file pointers (`z.dehydrateFile`): Zapier
 * downloads an image only when a later step uses the file. Inputs (a mapped file or a URL) are
 * downloaded here and uploaded to Stablecog, which cannot fetch presigned links itself.
 */
import type { Bundle, RawHttpResponse, ZObject } from 'zapier-platform-core';
import { MAX_UPLOAD_BYTES, type FileInput } from '@stablecog/client/core';
import { describeUrl } from './middleware';

/** Stablecog's image CDN: links to it are passed to the API as they are. */
export const STABLECOG_IMAGE_HOSTS = ['b.stablecog.com'];

/**
 * Downloads an image. The request carries no token (the middleware adds it for the API origin
 * only, and images live on other origins) and Zapier's file stasher reads the raw body.
 */
export function downloadImage(z: ZObject, url: string, timeoutMs?: number): Promise<RawHttpResponse> {
  return z.request({
    url,
    method: 'GET',
    raw: true,
    headers: { accept: 'image/jpeg, image/png, image/webp, image/*;q=0.8' },
    ...(timeoutMs ? { timeout: timeoutMs } : {}),
  });
}

/** Hydrator: copies an image into Zapier's file store when a later step asks for the file. */
export async function stashImage(z: ZObject, bundle: Bundle): Promise<string> {
  return z.stashFile(downloadImage(z, String(bundle.inputData.url)));
}

/** A file pointer for an image URL, resolved by `stashImage` only when a step needs the bytes. */
export function imageFile(z: ZObject, url: string): string {
  return z.dehydrateFile(stashImage, { url });
}

/** Whether Stablecog can take this image reference as it is (its own CDN or one of its uploads). */
export function isStablecogImage(reference: string): boolean {
  if (reference.startsWith('s3://')) return true;
  try {
    return STABLECOG_IMAGE_HOSTS.includes(new URL(reference).hostname);
  } catch {
    return false;
  }
}

/**
 * Reads the image a user gave (a Zapier file, which arrives as a URL, or any link) into bytes the
 * client can upload, refusing anything over Stablecog's 10 MiB limit before it is sent.
 */
export async function readImage(z: ZObject, url: string, field: string, timeoutMs: number): Promise<FileInput> {
  if (!/^https?:\/\//i.test(url)) {
    throw new z.errors.Error(
      `${field}: "${url.slice(0, 80)}" is not a file or a link. Map a file from an earlier step, ` +
        'or enter a link that starts with https://.',
      'invalid_image',
      400,
    );
  }
  let response: RawHttpResponse;
  try {
    response = await downloadImage(z, url, timeoutMs);
  } catch (err) {
    if (err instanceof z.errors.Error) throw err;
    throw new z.errors.Error(
      `${field}: could not download ${describeUrl(url)} (${(err as Error).message}). ` +
        'Check that the link is public, or map the file itself.',
      'image_download_failed',
      400,
    );
  }
  // One that says it is too large is not even downloaded.
  const declared = Number(response.headers.get('content-length'));
  const data = declared > MAX_UPLOAD_BYTES ? undefined : new Uint8Array(await response.buffer());
  const bytes = data?.byteLength ?? declared;
  if (!data || bytes > MAX_UPLOAD_BYTES) {
    throw new z.errors.Error(
      `${field}: the image is ${(bytes / 1048576).toFixed(1)} MiB; Stablecog accepts at most 10 MiB. Use a smaller JPEG, PNG or WebP image.`,
      'image_too_large',
      400,
    );
  }
  return { data };
}

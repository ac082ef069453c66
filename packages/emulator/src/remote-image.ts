import { sniffImage, type ImageInfo } from './images/sniff';

/** A fetched input image. */
export interface RemoteImage extends ImageInfo {
  bytes: Buffer;
}

const ACCEPTED_TYPES = ['image/jpeg', 'image/png', 'image/webp'];

/**
 * Fetches an `http(s)` input image the way the real server checks it: a HEAD that must answer
 * 200 with a Content-Length (required) within `maxBytes`, then a GET whose Content-Type must be exactly
 * `image/jpeg`, `image/png` or `image/webp`. Undefined when any check fails (the server then
 * answers `image_url_width_height_error`). The real server sets no timeout; this one does.
 */
export async function fetchRemoteImage(url: string, maxBytes: number, timeoutMs: number): Promise<RemoteImage | undefined> {
  try {
    const head = await fetch(url, { method: 'HEAD', signal: AbortSignal.timeout(timeoutMs) });
    if (head.status !== 200) return undefined;
    // sc-go utils/net.go GetImageSizeFromUrl: strconv.Atoi(Content-Length), so a missing one fails.
    const declared = head.headers.get('content-length');
    if (declared === null || !/^\d+$/.test(declared) || Number(declared) > maxBytes) return undefined;

    const get = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    if (get.status !== 200 || !ACCEPTED_TYPES.includes(get.headers.get('content-type') ?? '')) {
      await get.body?.cancel();
      return undefined;
    }
    const bytes = await readLimited(get, maxBytes);
    const info = bytes && sniffImage(bytes);
    return bytes && info ? { ...info, bytes } : undefined;
  } catch {
    return undefined;
  }
}

async function readLimited(response: Response, maxBytes: number): Promise<Buffer | undefined> {
  if (!response.body) return Buffer.alloc(0);
  const reader = response.body.getReader();
  const chunks: Buffer[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(chunks);
    size += value.length;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(Buffer.from(value));
  }
}

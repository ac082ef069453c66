import type { IncomingMessage } from 'node:http';

/** The ingress proxy's `proxy-body-size 10m`. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

/** The body is larger than the proxy accepts (answered with its HTML 413 page). */
export class BodyTooLargeError extends Error {}

/** True when the declared Content-Length is already over the limit (checked before anything else). */
export const declaresTooLarge = (req: IncomingMessage): boolean => Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES;

/** Reads the whole body, or throws BodyTooLargeError as soon as it passes the limit. */
export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new BodyTooLargeError();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

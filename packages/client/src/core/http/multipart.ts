/**
 * multipart/form-data encoding as plain bytes, so every transport (axios, n8n's helpers, Zapier's
 * z.request) sends uploads the same way without a FormData implementation of its own.
 */
import type { MultipartPart } from './request';

/** An encoded multipart body and the Content-Type header that goes with it. */
export interface EncodedMultipart {
  body: Uint8Array;
  contentType: string;
}

const encoder = new TextEncoder();

/** Quotes a header parameter value (filename, name) the way browsers do. */
const quote = (value: string): string => value.replace(/\r/g, '%0D').replace(/\n/g, '%0A').replace(/"/g, '%22');

/** The longest boundary multipart allows (RFC 2046); transports use shorter ones. */
export const MAX_BOUNDARY_LENGTH = 70;

/** The pieces of the encoded body, in order (the data itself is not copied). */
function frame(parts: readonly MultipartPart[], boundary: string): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (const part of parts) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${quote(part.name)}"`;
    if (part.kind === 'file') {
      head += `; filename="${quote(part.filename)}"\r\nContent-Type: ${part.contentType}\r\n\r\n`;
      chunks.push(encoder.encode(head), part.data, encoder.encode('\r\n'));
    } else {
      chunks.push(encoder.encode(`${head}\r\n\r\n${part.value}\r\n`));
    }
  }
  chunks.push(encoder.encode(`--${boundary}--\r\n`));
  return chunks;
}

/**
 * Encodes parts as multipart/form-data. `boundary` must not occur in the data: pass a long random
 * string of at most 70 characters (the transports use a random UUID).
 */
export function encodeMultipart(parts: readonly MultipartPart[], boundary: string): EncodedMultipart {
  if (boundary.length > MAX_BOUNDARY_LENGTH) throw new RangeError(`a multipart boundary has at most ${MAX_BOUNDARY_LENGTH} characters`);
  const chunks = frame(parts, boundary);
  const body = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0));
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

/**
 * The size of the body any transport sends for `parts`, at most: the framing with the longest
 * boundary allowed. The server's 10 MiB limit counts this whole body, not the file alone.
 */
export function multipartBodyBytes(parts: readonly MultipartPart[]): number {
  return frame(parts, '-'.repeat(MAX_BOUNDARY_LENGTH)).reduce((sum, chunk) => sum + chunk.byteLength, 0);
}

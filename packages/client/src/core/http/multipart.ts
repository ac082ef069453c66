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

/**
 * Encodes parts as multipart/form-data. `boundary` must not occur in the data: pass a long random
 * string (the transports use a random UUID).
 */
export function encodeMultipart(parts: readonly MultipartPart[], boundary: string): EncodedMultipart {
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
  const body = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0));
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

/**
 * A RequestSpec as bytes on the wire, for any HTTP stack (axios, n8n's helpers, Zapier's
 * z.request): the URL with its query, the headers, and the body encoded once (JSON text, or
 * multipart bytes). Each transport only hands these to its own stack.
 */
import { encodeMultipart } from './multipart';
import type { RequestSpec } from './request';
import { requestUrl } from './url';

/** The real API; a configured base URL (an emulator, a proxy) overrides it. */
export const DEFAULT_BASE_URL = 'https://api.stablecog.com';

/** A configured base URL as the transports use it: trimmed, no trailing slash, the real API when empty. */
export function apiBaseUrl(configured?: string | null): string {
  return (configured?.trim() || DEFAULT_BASE_URL).replace(/\/+$/, '');
}

/** The origin of `baseUrl` for messages (never a path or credentials), or "the API" when it is not a URL. */
export function originOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).origin;
  } catch {
    return 'the API';
  }
}

/** One request, ready for an HTTP stack. */
export interface EncodedRequest {
  method: RequestSpec['method'];
  url: string;
  /** `Accept`, and `Content-Type` when there is a body (no `Authorization`: the transport adds it). */
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

const randomBoundary = (): string => `stablecog-${Math.random().toString(16).slice(2)}${Date.now().toString(16)}`;

/** `spec` below `baseUrl` as method, URL, headers and body. */
export function encodeRequest(spec: RequestSpec, baseUrl: string, boundary: string = randomBoundary()): EncodedRequest {
  const request: EncodedRequest = { method: spec.method, url: requestUrl(baseUrl, spec), headers: { Accept: 'application/json' } };
  if (spec.body?.kind === 'json') {
    request.headers['Content-Type'] = 'application/json';
    request.body = JSON.stringify(spec.body.value);
  } else if (spec.body?.kind === 'multipart') {
    const encoded = encodeMultipart(spec.body.parts, boundary);
    request.headers['Content-Type'] = encoded.contentType;
    request.body = encoded.body;
  }
  return request;
}

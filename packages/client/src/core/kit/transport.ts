/**
 * A Transport over a platform's own HTTP helper (n8n's, Zapier's `z.request`, …): the core encodes
 * each request, removes the token from every response before anything reads it, and turns a failed
 * request into a TransportFailure that keeps only the system error code (the platform's error holds
 * the request headers, so the token). The platform only performs the request.
 */
import { encodeRequest, originOf, type EncodedRequest } from '../http/encode';
import { systemErrorCode, transportFailure } from '../http/failure';
import { redactResponse } from '../http/redact';
import { lowerCaseHeaders, type RawResponse, type RequestSpec, type Transport } from '../http/request';

/** Performs one encoded request on the platform's stack; answers every status, throws only when no response came. */
export type PlatformSend = (
  request: EncodedRequest,
  spec: RequestSpec,
  signal?: AbortSignal,
) => Promise<{ status: number; headers: unknown; body: RawResponse['body'] }>;

/** Where a platform transport sends, and what it keeps out of responses. */
export interface PlatformTransportOptions {
  /** The API base URL (see `apiBaseUrl`). */
  baseUrl: string;
  /** The token the platform sends, removed from every response. */
  secret?: string;
  /** How this platform says "cancelled" in a failure's message. */
  cancelled?: string;
}

/** A Transport that performs each request with `send`. */
export function platformTransport(send: PlatformSend, options: PlatformTransportOptions): Transport {
  const origin = originOf(options.baseUrl);
  return {
    async send(spec, signal) {
      let response;
      try {
        response = await send(encodeRequest(spec, options.baseUrl), spec, signal);
      } catch (error) {
        throw transportFailure(systemErrorCode(error), {
          origin,
          timeoutMs: spec.timeoutMs,
          aborted: signal?.aborted === true,
          ...(options.cancelled ? { cancelled: options.cancelled } : {}),
        });
      }
      const raw: RawResponse = { status: response.status, headers: lowerCaseHeaders(response.headers), body: response.body };
      return redactResponse(raw, options.secret);
    },
  };
}

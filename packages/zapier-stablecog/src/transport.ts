/**
 * The client core's Transport over `z.request`: every API call of the app goes through Zapier's
 * HTTP stack (its logging, secret scrubbing and middleware), and the core reads every answer.
 */
import type { Bundle, HttpRequestOptions, ZObject } from 'zapier-platform-core';
import {
  encodeRequest,
  lowerCaseHeaders,
  redactResponse,
  systemErrorCode,
  transportFailure,
  type RawResponse,
  type RequestSpec,
  type Transport,
} from '@stablecog/client/core';
import { apiToken, apiUrl } from './config';

/**
 * A Transport that sends the core's requests with `z.request` to this bundle's API origin. With a
 * `deadline` (epoch ms), no request waits past it, however many attempts came before.
 */
export function zapierTransport(z: ZObject, bundle: Bundle, deadline?: number): Transport {
  const baseUrl = apiUrl(bundle);
  const token = apiToken(bundle);
  return {
    async send(spec: RequestSpec, signal?: AbortSignal): Promise<RawResponse> {
      const timeoutMs = deadline === undefined ? spec.timeoutMs : Math.max(1, Math.min(spec.timeoutMs, deadline - Date.now()));
      const { url, method, headers, body } = encodeRequest(spec, baseUrl);
      const options = {
        url,
        method,
        headers,
        // Bytes, not text: Zapier rejects strings with {{bundle.…}} in them, and a prompt may hold one.
        ...(body === undefined ? {} : { body: Buffer.from(body) }),
        timeout: timeoutMs,
        // The core reads every status itself (and decides what a 429 means), so Zapier must not
        // throw for them first: its built-in 429 handling would skip our messages and delays.
        skipThrowForStatus: true,
        throwForThrottlingEarly: false,
        ...(signal ? { signal } : {}),
      };
      try {
        const response = await z.request(options as HttpRequestOptions & { url: string });
        // A server that echoes the request shows the token: it (and any piece of it) is removed
        // here, before the core quotes or shortens anything the server said.
        const responseHeaders = lowerCaseHeaders((response.headers as unknown as { raw(): Record<string, string[]> }).raw());
        return redactResponse({ status: response.status, headers: responseHeaders, body: response.content }, token);
      } catch (err) {
        throw asTransportFailure(err, baseUrl, timeoutMs);
      }
    },
  };
}

/** node-fetch's (under z.request) "no response", in the core's terms; anything else passes through. */
function asTransportFailure(err: unknown, origin: string, timeoutMs: number): unknown {
  const failure = err as { name?: string; type?: string };
  const aborted = failure.name === 'AbortError' || failure.type === 'aborted';
  const timedOut = failure.type === 'request-timeout' || failure.type === 'body-timeout';
  // A Zapier error from middleware (or a bug) is not a transport failure: let it through.
  if (!aborted && !timedOut && failure.type !== 'system') return err;
  return transportFailure(systemErrorCode(err), { origin, timeoutMs, aborted, timedOut });
}

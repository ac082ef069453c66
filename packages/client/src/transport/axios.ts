/**
 * The default transport for standalone Node: performs a RequestSpec with axios. It never throws for
 * an HTTP status, maps "no response" to TransportFailure kinds, and keeps the token out of every
 * error it throws (axios errors carry the request headers, so none of them escapes).
 */
import { randomUUID } from 'node:crypto';
import axios, { type AxiosInstance, type AxiosRequestConfig } from 'axios';
import { ValidationError } from '../core/errors';
import { DEFAULT_BASE_URL, encodeRequest } from '../core/http/encode';
import { systemErrorCode, transportFailure } from '../core/http/failure';
import { redactResponse } from '../core/http/redact';
import { lowerCaseHeaders, type TransportFailure, type RawResponse, type RequestSpec, type Transport, type TransportFailureKind } from '../core/http/request';

/** The real API. */
export { DEFAULT_BASE_URL };

/** Options of the axios transport. */
export interface AxiosTransportOptions {
  /** The API token (`sc-…`), sent only to `baseUrl` and only on routes that need it. */
  apiToken?: string;
  /** API origin (default https://api.stablecog.com). */
  baseUrl?: string;
  /** An axios instance to use (e.g. with a proxy agent); a fresh one by default. */
  axios?: AxiosInstance;
  /** Sent as User-Agent. */
  userAgent?: string;
}

/** A Transport that sends requests with axios. */
export function createAxiosTransport(options: AxiosTransportOptions = {}): Transport {
  const http = options.axios ?? axios.create();
  const baseUrl = options.baseUrl ?? DEFAULT_BASE_URL;
  const origin = checkedOrigin(baseUrl);
  const token = options.apiToken;
  const userAgent = options.userAgent ?? 'stablecog-client (node)';

  return {
    async send(spec: RequestSpec, signal?: AbortSignal): Promise<RawResponse> {
      const controller = new AbortController();
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, spec.timeoutMs);
      const onAbort = () => controller.abort();
      if (signal?.aborted) controller.abort();
      signal?.addEventListener('abort', onAbort, { once: true });

      const request = encodeRequest(spec, baseUrl, `stablecog-${randomUUID()}`);
      const headers: Record<string, string> = { ...request.headers, 'User-Agent': userAgent };
      if (spec.auth && token) headers.Authorization = `Bearer ${token}`;
      const config: AxiosRequestConfig = {
        method: request.method,
        url: request.url,
        headers,
        signal: controller.signal,
        responseType: 'text',
        transformResponse: [(data: unknown) => data],
        validateStatus: () => true,
        maxRedirects: 0, // a redirect is an answer to report, not to follow with the token
        maxBodyLength: Infinity,
        maxContentLength: Infinity,
      };
      const { body } = request;
      if (body !== undefined) config.data = typeof body === 'string' ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);

      try {
        const response = await http.request<string>(config);
        // Should a misconfigured server echo the request back, the token (or a piece) goes no further.
        return redactResponse({ status: response.status, headers: lowerCaseHeaders(response.headers), body: response.data }, token);
      } catch (err) {
        throw toFailure(err, timedOut ? 'timeout' : signal?.aborted ? 'aborted' : undefined, origin, spec.timeoutMs);
      } finally {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      }
    },
  };
}

/** A TransportFailure that keeps only the error code: never the axios error, which holds the headers. */
function toFailure(err: unknown, forced: TransportFailureKind | undefined, origin: string, timeoutMs: number): TransportFailure {
  const detail = err instanceof Error ? err.message.slice(0, 100) : 'unknown error';
  return transportFailure(systemErrorCode(err), { origin, timeoutMs, detail, timedOut: forced === 'timeout', aborted: forced === 'aborted' });
}


/** The origin of `baseUrl`; a ValidationError when it is not an http(s) URL (caught before any request). */
function checkedOrigin(baseUrl: string): string {
  let url: URL | undefined;
  try {
    url = new URL(baseUrl);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new ValidationError({
      message: `baseUrl: must be an http(s) URL (got ${JSON.stringify(baseUrl)})`,
      hint: `Use the API origin, e.g. ${DEFAULT_BASE_URL}.`,
      issues: [{ field: 'baseUrl', message: 'must be an http(s) URL' }],
    });
  }
  return url.origin;
}

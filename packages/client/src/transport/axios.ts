/**
 * The default transport for standalone Node: performs a RequestSpec with axios. It never throws for
 * an HTTP status, maps "no response" to TransportFailure kinds, and keeps the token out of every
 * error it throws (axios errors carry the request headers, so none of them escapes).
 */
import { randomUUID } from 'node:crypto';
import axios, { type AxiosInstance, type AxiosRequestConfig } from 'axios';
import { ValidationError } from '../core/errors';
import { transportFailure } from '../core/http/failure';
import { encodeMultipart } from '../core/multipart';
import { redactResponse } from '../core/redact';
import { lowerCaseHeaders, type TransportFailure, type RawResponse, type RequestSpec, type Transport, type TransportFailureKind } from '../core/request';
import { requestUrl } from '../core/url';

/** The real API. */
export const DEFAULT_BASE_URL = 'https://api.stablecog.com';

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

      const headers: Record<string, string> = { Accept: 'application/json', 'User-Agent': userAgent };
      if (spec.auth && token) headers.Authorization = `Bearer ${token}`;
      const config: AxiosRequestConfig = {
        method: spec.method,
        url: requestUrl(baseUrl, spec),
        headers,
        signal: controller.signal,
        responseType: 'text',
        transformResponse: [(data: unknown) => data],
        validateStatus: () => true,
        maxRedirects: 0, // a redirect is an answer to report, not to follow with the token
        maxBodyLength: Infinity,
        maxContentLength: Infinity,
      };
      if (spec.body?.kind === 'json') {
        headers['Content-Type'] = 'application/json';
        config.data = JSON.stringify(spec.body.value);
      } else if (spec.body?.kind === 'multipart') {
        const encoded = encodeMultipart(spec.body.parts, `stablecog-${randomUUID()}`);
        headers['Content-Type'] = encoded.contentType;
        config.data = Buffer.from(encoded.body.buffer, encoded.body.byteOffset, encoded.body.byteLength);
      }

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
  const code = (err as { code?: unknown })?.code;
  const codeText = typeof code === 'string' ? code : undefined;
  const detail = err instanceof Error ? err.message.slice(0, 100) : 'unknown error';
  return transportFailure(codeText, { origin, timeoutMs, detail, timedOut: forced === 'timeout', aborted: forced === 'aborted' });
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

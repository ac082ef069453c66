/**
 * The client core's Transport over `z.request`: every API call of the app goes through Zapier's
 * HTTP stack (its logging, secret scrubbing and middleware), and the core reads every answer.
 */
import { randomUUID } from 'node:crypto';
import type { Bundle, HttpRequestOptions, ZObject } from 'zapier-platform-core';
import {
  encodeMultipart,
  redactResponse,
  requestUrl,
  TransportFailure,
  type RawResponse,
  type RequestSpec,
  type Transport,
  type TransportFailureKind,
} from '@stablecog/client/core';
import { apiUrl } from './config';

/** A Transport that sends the core's requests with `z.request` to this bundle's API origin. */
export function zapierTransport(z: ZObject, bundle: Bundle): Transport {
  const baseUrl = apiUrl(bundle);
  const token = bundle.authData?.api_token?.trim();
  return {
    async send(spec: RequestSpec, signal?: AbortSignal): Promise<RawResponse> {
      const options: HttpRequestOptions & Record<string, unknown> = {
        url: requestUrl(baseUrl, spec),
        method: spec.method,
        headers: { accept: 'application/json' },
        timeout: spec.timeoutMs,
        // The core reads every status itself (and decides what a 429 means), so Zapier must not
        // throw for them first: its built-in 429 handling would skip our messages and delays.
        skipThrowForStatus: true,
        throwForThrottlingEarly: false,
        ...(signal ? { signal } : {}),
      };
      if (spec.body?.kind === 'json') {
        // Bytes, not an object: Zapier rejects strings with {{bundle.…}} in them, and a prompt may hold one.
        options.body = Buffer.from(JSON.stringify(spec.body.value));
        options.headers!['content-type'] = 'application/json';
      } else if (spec.body?.kind === 'multipart') {
        const encoded = encodeMultipart(spec.body.parts, `stablecog-${randomUUID()}`);
        options.body = Buffer.from(encoded.body);
        options.headers!['content-type'] = encoded.contentType;
      }
      try {
        const response = await z.request(options as HttpRequestOptions & { url: string });
        // A server that echoes the request shows the token: it (and any piece of it) is removed
        // here, before the core quotes or shortens anything the server said.
        return redactResponse({ status: response.status, headers: headersOf(response.headers), body: response.content }, token);
      } catch (err) {
        throw asTransportFailure(err);
      }
    },
  };
}

function headersOf(headers: { forEach(fn: (value: string, name: string) => void): void }): Record<string, string> {
  const result: Record<string, string> = {};
  headers.forEach((value, name) => {
    result[name.toLowerCase()] = value;
  });
  return result;
}

/** Why node-fetch (under z.request) got no response, in the core's terms. */
function asTransportFailure(err: unknown): unknown {
  if (err instanceof TransportFailure) return err;
  const failure = err as { name?: string; type?: string; code?: string; message?: string };
  let kind: TransportFailureKind | undefined;
  if (failure.name === 'AbortError' || failure.type === 'aborted') kind = 'aborted';
  else if (failure.type === 'request-timeout' || failure.type === 'body-timeout') kind = 'timeout';
  else if (failure.type === 'system') {
    kind = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN'].includes(failure.code ?? '') ? 'refused' : 'network';
  }
  // Anything else (a Zapier error from middleware, a bug) is not a transport failure: let it through.
  if (!kind) return err;
  return new TransportFailure(kind, failure.message ?? kind, { cause: err });
}

/**
 * What a missing response means, from the system error code the HTTP stack reports. One table
 * for every transport (axios, n8n's helpers, Zapier's z.request): whether a create may have been
 * charged depends on it.
 */
import { TransportFailure, type TransportFailureKind } from '../request';

/**
 * System error codes that mean the connection was never made, so nothing reached the server and
 * nothing was charged (shared/behavior/README.md § Lost answers).
 */
export const NOT_CONNECTED_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
]);

/**
 * The kind of transport failure for a system error `code` (`ECONNRESET`, `ENOTFOUND`, …).
 * `aborted` says the caller's AbortSignal fired, which wins over any code. An unknown or missing
 * code is `network`: the request may have reached the server.
 */
export function failureKind(code: string | undefined, aborted = false): TransportFailureKind {
  if (aborted || code === 'ERR_CANCELED') return 'aborted';
  if (code && NOT_CONNECTED_CODES.has(code)) return 'refused';
  if (code === 'ECONNABORTED' || code === 'ETIMEDOUT') return 'timeout';
  return 'network';
}

/** Where a failed request was going, for the failure's message. */
export interface FailureContext {
  /** The API origin (never a URL with a token or a path). */
  origin: string;
  /** The request's timeout, for the message of a timeout. */
  timeoutMs: number;
  /** Whether the caller's AbortSignal fired. */
  aborted?: boolean;
  /** Whether the transport's own timer ran out (whatever code the stack then reports). */
  timedOut?: boolean;
  /** What to say when there is no code (default "no error code"). */
  detail?: string;
  /** How this platform says "cancelled" (default "cancelled by the AbortSignal"). */
  cancelled?: string;
}

const duration = (ms: number): string => (ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`);

/**
 * The TransportFailure for a request that got no response, from the system error `code` only:
 * the platform's own error holds the request headers (the token) and is never kept.
 */
export function transportFailure(code: string | undefined, context: FailureContext): TransportFailure {
  const kind = context.timedOut ? 'timeout' : failureKind(code, context.aborted);
  const { origin } = context;
  const detail = code ?? context.detail ?? 'no error code';
  const messages: Record<TransportFailureKind, string> = {
    refused: `could not connect to ${origin} (${detail})`,
    network: `the connection to ${origin} broke before the answer arrived (${detail})`,
    timeout: `no answer from ${origin} within ${duration(context.timeoutMs)}`,
    aborted: context.cancelled ?? 'cancelled by the AbortSignal',
  };
  return new TransportFailure(kind, messages[kind], code === undefined ? undefined : { code });
}

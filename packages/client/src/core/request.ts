/**
 * The seam between the pure core and every HTTP stack (axios, n8n's helpers, Zapier's z.request).
 * The core only describes requests and interprets responses; a transport performs them.
 */
import type { AspectRatio } from './generate/sizes';

/** Every operation the token API offers. */
export type OperationName =
  | 'generate'
  | 'upscale'
  | 'upload'
  | 'listOutputs'
  | 'generationModels'
  | 'upscaleModels'
  | 'generationDefaults'
  | 'upscaleDefaults'
  | 'credits'
  | 'health';

/** One part of a multipart/form-data body. */
export type MultipartPart =
  | { name: string; kind: 'file'; data: Uint8Array; filename: string; contentType: string }
  | { name: string; kind: 'field'; value: string };

/** A request body: JSON, or multipart parts (see `encodeMultipart`). */
export type RequestBody =
  | { kind: 'json'; value: unknown }
  | { kind: 'multipart'; parts: MultipartPart[] };

/**
 * Whether the request may be sent again after a failure.
 * - `read`: no side effects; retried on 429, network errors and 5xx.
 * - `charged`: a create that may cost credits once it reached the server; retried only on 429,
 *   which the server answers before charging.
 */
export type RetryClass = 'read' | 'charged';

/** Everything a transport needs to perform one HTTP request. */
export interface RequestSpec {
  operation: OperationName;
  method: 'GET' | 'POST';
  /** Path below the base URL, e.g. `/v1/image/generation/create`. */
  path: string;
  /** Query parameters; undefined values are left out. Values are sent exactly as given. */
  query?: Record<string, string | number | boolean | undefined>;
  body?: RequestBody;
  /** Whether the route needs the `Authorization: Bearer` header. */
  auth: boolean;
  /** How long to wait for the whole response. */
  timeoutMs: number;
  retry: RetryClass;
  /**
   * What the request was about, so an error can tell the user how to find a create whose outcome
   * was lost (prompt and seed of a generate, input of an upscale). Never sent; never holds the token.
   */
  recovery?: RecoveryInfo;
  /**
   * A generate's aspect ratio, turned into width and height by pre-flight (it needs the model's
   * default size). Never sent; a spec that still has it has not been through `prepareRequest`.
   */
  aspectRatio?: AspectRatio;
}

/** Identifies a create so that its images can be found again in the outputs list. */
export interface RecoveryInfo {
  prompt?: string;
  seed?: number;
  /** The upscale input (output id, URL or `s3://` object); absent for a file upload. */
  input?: string;
}

/** What a transport hands back for any HTTP status (it never throws for a status). */
export interface RawResponse {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string | undefined>;
  /** The body: a string (JSON or plain text) or an already parsed JSON value. */
  body: unknown;
}

/**
 * Why a request got no HTTP response at all.
 * - `refused`: the connection was never made (DNS failure, ECONNREFUSED): nothing reached the server.
 * - `network`: the connection broke after it was made (reset, socket hang up, 502-like proxy drop).
 * - `timeout`: no complete response within `timeoutMs`.
 * - `aborted`: the caller's AbortSignal fired.
 */
export type TransportFailureKind = 'refused' | 'network' | 'timeout' | 'aborted';

/** Thrown by transports when there is no HTTP response; carries no request headers (so no token). */
export class TransportFailure extends Error {
  override readonly name = 'TransportFailure';
  readonly kind: TransportFailureKind;
  /** The system error code when there is one (`ECONNRESET`, `ENOTFOUND`, ...). */
  readonly code?: string;
  constructor(kind: TransportFailureKind, message: string, options?: { cause?: unknown; code?: string }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.kind = kind;
    if (options?.code !== undefined) this.code = options.code;
  }
}

/** Performs a RequestSpec against the API; the transport owns the base URL and the token. */
export interface Transport {
  send(spec: RequestSpec, signal?: AbortSignal): Promise<RawResponse>;
}

/**
 * A response's headers as RawResponse wants them: names in lower case, lists joined, empty values
 * dropped. Accepts a plain object or an axios-style headers object (`toJSON()`), so every
 * transport built on axios (ours, n8n's helpers) shares one conversion.
 */
export function lowerCaseHeaders(headers: unknown): RawResponse['headers'] {
  const out: RawResponse['headers'] = {};
  const source = (headers as { toJSON?: () => unknown })?.toJSON?.() ?? headers;
  for (const [name, value] of Object.entries((source ?? {}) as Record<string, unknown>)) {
    if (value === undefined || value === null) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return out;
}

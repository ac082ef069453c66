/**
 * The one error hierarchy of the client. Every error says what happened (`message`) and how to fix
 * it (`hint`); none ever holds the API token (the core never sees it, transports strip it).
 */
import type { OperationName, TransportFailureKind } from './http/request';

/** A stable, machine-readable name for each kind of failure (one per error class). */
export type ErrorCode =
  | 'authentication'
  | 'permission'
  | 'insufficient_credits'
  | 'content_policy'
  | 'validation'
  | 'rate_limited'
  | 'queue_full'
  | 'server_timeout'
  | 'server_error'
  | 'network'
  | 'outcome_unknown'
  | 'aborted'
  | 'unexpected_response';

/** What every error constructor takes. */
export interface StablecogErrorInit {
  /** What happened. */
  message: string;
  /** How to fix it. */
  hint: string;
  operation?: OperationName;
  /** The HTTP status, when the server answered. */
  status?: number;
  /** The server's own `error` string (e.g. `insufficient_credits`, `Width is too large, max is: 1536`). */
  apiError?: string;
  cause?: unknown;
}

/** Base class of every error the client throws. */
export class StablecogError extends Error {
  override readonly name: string = 'StablecogError';
  readonly code: ErrorCode;
  /** How to fix the problem, in one or two sentences for a person. */
  readonly hint: string;
  /** The operation that failed (`generate`, `listOutputs`, ...). */
  readonly operation?: OperationName;
  /** The HTTP status, when the server answered. */
  readonly status?: number;
  /** The server's own `error` string, when it sent one. */
  readonly apiError?: string;

  constructor(code: ErrorCode, init: StablecogErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = code;
    this.hint = init.hint;
    if (init.operation !== undefined) this.operation = init.operation;
    if (init.status !== undefined) this.status = init.status;
    if (init.apiError !== undefined) this.apiError = init.apiError;
  }

  /** A plain object for logs and JSON output (the message and hint included). */
  toJSON(): Record<string, unknown> {
    const { name, message, ...rest } = this as unknown as Record<string, unknown>;
    delete rest.stack;
    return { name: this.name, message: this.message, ...rest };
  }
}

/** 401 `Unauthorized`: the token is missing, malformed, unknown or deactivated. */
export class AuthenticationError extends StablecogError {
  override readonly name = 'AuthenticationError';
  constructor(init: StablecogErrorInit) {
    super('authentication', init);
  }
}

/**
 * The token is fine but may not do this: an `s3://` object of another account (401
 * `image_not_owned` / `init_image_not_owned`) or a banned account (403).
 */
export class PermissionError extends StablecogError {
  override readonly name = 'PermissionError';
  constructor(init: StablecogErrorInit) {
    super('permission', init);
  }
}

/** 400 `insufficient_credits`: the account cannot pay for the request; nothing was charged. */
export class InsufficientCreditsError extends StablecogError {
  override readonly name = 'InsufficientCreditsError';
  constructor(init: StablecogErrorInit) {
    super('insufficient_credits', init);
  }
}

/** 400 `nsfw_prompt`: moderation refused the prompt; nothing was charged. */
export class ContentPolicyError extends StablecogError {
  override readonly name = 'ContentPolicyError';
  constructor(init: StablecogErrorInit) {
    super('content_policy', init);
  }
}

/** One problem with one input field. */
export interface ValidationIssue {
  /** The field, as the API names it (`width`, `num_outputs`); `''` for the input as a whole. */
  field: string;
  /** What is wrong, e.g. `must be at most 1536 (got 2048)`. */
  message: string;
}

/**
 * Bad input: found by the client before anything was sent (`issues` lists every problem), or a
 * 400 from the server about the input (then `status` is 400 and `apiError` holds its text).
 */
export class ValidationError extends StablecogError {
  override readonly name = 'ValidationError';
  /** The first field at fault, when one is known. */
  readonly field?: string;
  readonly issues: ValidationIssue[];
  constructor(init: StablecogErrorInit & { issues: ValidationIssue[] }) {
    super('validation', init);
    this.issues = init.issues;
    const field = init.issues[0]?.field;
    if (field) this.field = field;
  }
}

/** 429: too many requests from this IP address (the limit is shared by every route). */
export class RateLimitError extends StablecogError {
  override readonly name = 'RateLimitError';
  /** How long the server asked to wait (`Retry-After`), when it said. */
  readonly retryAfterMs?: number;
  constructor(init: StablecogErrorInit & { retryAfterMs?: number }) {
    super('rate_limited', init);
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
  }
}

/** 400 `queue_limit_reached`: more than 50 requests of this account are waiting on the server. */
export class QueueFullError extends StablecogError {
  override readonly name = 'QueueFullError';
  constructor(init: StablecogErrorInit) {
    super('queue_full', init);
  }
}

/** 500 `TIMEOUT`: the server gave up after 240 s and refunded the credits; safe to try again. */
export class ServerTimeoutError extends StablecogError {
  override readonly name = 'ServerTimeoutError';
  constructor(init: StablecogErrorInit) {
    super('server_timeout', init);
  }
}

/** Any other server failure (5xx, or a status the API does not document). */
export class ServerError extends StablecogError {
  override readonly name = 'ServerError';
  constructor(init: StablecogErrorInit) {
    super('server_error', init);
  }
}

/** A request that got no response, for good: retries (where safe) did not help. */
export class NetworkError extends StablecogError {
  override readonly name = 'NetworkError';
  /** How the request failed. */
  readonly kind: TransportFailureKind;
  constructor(init: StablecogErrorInit & { kind: TransportFailureKind }) {
    super('network', init);
    this.kind = init.kind;
  }
}

/**
 * A create or upscale that may have reached the server but whose answer was lost (connection
 * dropped, timeout, 502/503/504/524). The server finishes and charges such a request anyway, so it
 * is never retried automatically: find its images with
 * `outputs.find({ prompt, seed, since: startedAt })`.
 */
export class OutcomeUnknownError extends StablecogError {
  override readonly name = 'OutcomeUnknownError';
  /** The prompt of the lost generate. */
  readonly prompt?: string;
  /** The seed the lost generate was sent with (always set for a generate). */
  readonly seed?: number;
  /** The input of the lost upscale (output id, URL or `s3://` object). */
  readonly input?: string;
  /** When the request was started (the earliest time its outputs can carry). */
  readonly startedAt: Date;
  /** What cut the request short: a transport failure kind, or `status` for a 502/503/504/524. */
  readonly reason: TransportFailureKind | 'status';
  constructor(
    init: StablecogErrorInit & {
      startedAt: Date;
      reason: TransportFailureKind | 'status';
      prompt?: string;
      seed?: number;
      input?: string;
    },
  ) {
    super('outcome_unknown', init);
    this.startedAt = init.startedAt;
    this.reason = init.reason;
    if (init.prompt !== undefined) this.prompt = init.prompt;
    if (init.seed !== undefined) this.seed = init.seed;
    if (init.input !== undefined) this.input = init.input;
  }
}

/** The caller's AbortSignal fired before the request could reach the server. */
export class AbortedError extends StablecogError {
  override readonly name = 'AbortedError';
  constructor(init: StablecogErrorInit) {
    super('aborted', init);
  }
}

/**
 * The server answered something this client does not understand: a 2xx body of the wrong shape,
 * a 404 page, a redirect. Usually `baseUrl` does not point at the Stablecog API.
 */
export class UnexpectedResponseError extends StablecogError {
  override readonly name = 'UnexpectedResponseError';
  constructor(init: StablecogErrorInit) {
    super('unexpected_response', init);
  }
}

/**
 * Reading responses: the body (JSON or plain text), the typed error for each status and `error`
 * string the server sends (shared/behavior/README.md § Errors), and lenient parsing of successful bodies.
 */
import type { z } from 'zod';
import {
  AbortedError,
  AuthenticationError,
  ContentPolicyError,
  InsufficientCreditsError,
  NetworkError,
  OutcomeUnknownError,
  PermissionError,
  QueueFullError,
  RateLimitError,
  ServerError,
  ServerTimeoutError,
  StablecogError,
  UnexpectedResponseError,
  ValidationError,
} from '../errors';
import { recoveryAdvice, type RecoveryAdvice } from '../kit/advice';
import type { RawResponse, RequestSpec, TransportFailure } from './request';
import { hintForField } from '../validation';
import { RUNS_AT_ONCE_BY_PLAN } from '../plans';

/** What parse needs besides the response: the request it answers and when it was started. */
export interface ParseContext {
  spec: RequestSpec;
  /** Epoch ms when the call started; used for OutcomeUnknownError. Defaults to now. */
  startedAt?: number;
  /** How long the server held the request that got this answer (the last attempt), in ms. */
  answeredAfterMs?: number;
  /** How the operation's server errors name its fields (each operation's parse adds its own). */
  fields?: ErrorFields;
}

/**
 * How one operation's server errors name its fields: the server reuses error names across
 * routes (shared/behavior/README.md § Errors), so each endpoint family keeps its own map.
 */
export interface ErrorFields {
  /** The field a 400's `error` string is about, in this request's terms. */
  of(apiError: string, spec: RequestSpec): string | undefined;
  /** The field that makes this request's body too large (a 413 from the proxy). */
  oversized(spec: RequestSpec): string;
}

/** A body as JSON when it is JSON, else as text. */
export interface Body {
  json?: unknown;
  text?: string;
}

const decoder = new TextDecoder();

/** Reads a body that a transport handed over as text, bytes or already-parsed JSON. */
export function readBody(body: unknown): Body {
  if (body instanceof Uint8Array) body = decoder.decode(body);
  if (typeof body !== 'string') return body === undefined || body === null ? {} : { json: body };
  const first = body.trimStart()[0];
  if (first === '{' || first === '[') {
    try {
      return { json: JSON.parse(body) };
    } catch {
      // Not JSON after all: keep it as text.
    }
  }
  return { text: body };
}

/** Parses `Retry-After` (seconds or an HTTP date) into milliseconds from `now`. */
export function retryAfterMs(headers: RawResponse['headers'], now: number): number | undefined {
  const value = headers['retry-after']?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Statuses where a create may have been accepted even though no answer arrived. */
export const OUTCOME_UNKNOWN_STATUSES: ReadonlySet<number> = new Set([502, 503, 504, 524]);

/** Server `error` codes of a 400 that say nothing to a person, in words (the field is named apart). */
const WORDS_OF_ERROR: Array<[RegExp, string]> = [
  [/^image_url_width_height_error/i, 'the image is larger than 1,048,576 pixels (1024 × 1024) or unreachable'],
  [/^output_not_found/i, 'that output is not in this account'],
  [/^(init|mask)_image_not_found/i, 'no image uploaded to this account has that s3:// name'],
];

const describeRequest = (spec: RequestSpec): string => `${spec.method} ${spec.path}`;

/** A one-line summary of a text body: an HTML page's title (or text), whitespace folded, capped. */
export function summarize(text: string): string {
  const title = /<title>([^<]*)<\/title>/i.exec(text)?.[1];
  const plain = title ?? (/<[a-z!][^>]*>/i.test(text) ? text.replace(/<[^>]*>/g, ' ') : text);
  const line = plain.replace(/\s+/g, ' ').trim();
  return line.length > 120 ? `${line.slice(0, 119)}…` : line;
}

/** The typed error for a response that is not a success. */
export function errorFromResponse(raw: RawResponse, ctx: ParseContext): StablecogError {
  const { spec } = ctx;
  const operation = spec.operation;
  const status = raw.status;
  const { json, text } = readBody(raw.body);
  const record = json && typeof json === 'object' ? (json as Record<string, unknown>) : undefined;
  const apiError = typeof record?.error === 'string' ? record.error : undefined;
  const description = typeof record?.description === 'string' ? record.description : undefined;
  const detail = apiError ?? (text ? summarize(text) : undefined);
  const said = detail ? ` (${status} ${detail}${description ? `: ${description}` : ''})` : ` (${status})`;
  const base = { operation, status, ...(apiError === undefined ? {} : { apiError }) };

  if (status === 429) {
    const wait = retryAfterMs(raw.headers, Date.now());
    return new RateLimitError({
      ...base,
      ...(wait === undefined ? {} : { retryAfterMs: wait }),
      message: `Too many requests from this IP address${said}; the client gave up retrying.`,
      hint:
        'The limit is per IP address and shared by every route (and by other users behind the same IP, as on ' +
        'n8n Cloud or Zapier). Wait a few seconds and try again, or send fewer requests at once.',
    });
  }
  if (status === 400) {
    switch (apiError) {
      case 'insufficient_credits':
        return new InsufficientCreditsError({
          ...base,
          message:
            operation === 'upload'
              ? `Uploads need a credit balance above 0${said}.`
              : `The account does not have enough credits for this request${said}; nothing was charged.`,
          hint:
            'Each generated image costs 1 credit (num_outputs per generate) and each upscale 1. Check the balance ' +
            'with credits.get(), and buy credits at https://stablecog.com/pricing or wait for the free refill.',
        });
      case 'nsfw_prompt':
        return new ContentPolicyError({
          ...base,
          message: `The prompt was refused by content moderation${said}; nothing was charged.`,
          hint: 'Rephrase the prompt (the server does not say which words were flagged).',
        });
      case 'queue_limit_reached':
        return new QueueFullError({
          ...base,
          message: `More than 50 requests of this account are already waiting on the server${said}.`,
          hint:
            'Wait for running generations to finish, and send no more at once than the plan runs (e.g. with mapLimit): ' +
            `${RUNS_AT_ONCE_BY_PLAN}.`,
        });
    }
    const field = apiError ? ctx.fields?.of(apiError, spec) : undefined;
    const words = WORDS_OF_ERROR.find(([code]) => code.test(apiError ?? ''))?.[1];
    return new ValidationError({
      ...base,
      message: `The server rejected the ${field ? `field ${field}` : 'request'}${said}; nothing was charged.`,
      hint: field ? hintForField(field) : 'Correct the input and try again; the server charges nothing for a rejected request.',
      issues: [{ field: field ?? '', message: words ?? detail ?? 'rejected by the server' }],
    });
  }
  if (status === 401) {
    if (!apiError || apiError.toLowerCase() === 'unauthorized') {
      return new AuthenticationError({
        ...base,
        message: `The API token was rejected${said}.`,
        hint:
          'Use a valid, active API key: "sc-" followed by 64 hex characters, from ' +
          'https://stablecog.com/account/api-keys (it is sent as "Authorization: Bearer <key>").',
      });
    }
    return new PermissionError({
      ...base,
      message: `The image belongs to another account${said}; the API token itself is fine.`,
      hint: 'Upload the image with this account (images.upload) and use the s3:// object it returns.',
    });
  }
  if (status === 403) {
    return new PermissionError({
      ...base,
      message: `The account is not allowed to do this${said}.`,
      hint: 'The account may be banned; contact Stablecog support.',
    });
  }
  if (status === 413) {
    const field = ctx.fields?.oversized(spec) ?? '';
    return new ValidationError({
      ...base,
      message: `The request body is larger than the server accepts${said}.`,
      hint: hintForField(field),
      issues: [{ field, message: field === 'file' ? 'must be at most 10 MiB' : 'makes the request body too large' }],
    });
  }
  if (status === 500 && apiError === 'TIMEOUT') return serverTimeout(spec, ctx, base, said);
  if (spec.retry === 'charged' && OUTCOME_UNKNOWN_STATUSES.has(status)) {
    return outcomeUnknown(spec, 'status', `a proxy answered ${status}${detail ? ` (${detail})` : ''}`, ctx.startedAt, status);
  }
  if (status >= 500 || status === 428) {
    return new ServerError({
      ...base,
      message: `The Stablecog server failed on ${describeRequest(spec)}${said}.`,
      hint:
        spec.retry === 'charged'
          ? 'The server refunds a failed generation or upscale. Try again in a while.'
          : 'This is a problem on the server; try again in a while.',
    });
  }
  return new UnexpectedResponseError({
    ...base,
    message: `The server answered ${describeRequest(spec)} with ${status}${detail ? ` (${detail})` : ''}, which the Stablecog API never does.`,
    hint: 'Check baseUrl: it must be the API origin, e.g. https://api.stablecog.com, with no path.',
  });
}

/** A duration for people: `1.5 s` below ten seconds, else whole seconds. */
const seconds = (ms: number): string => (ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`);

/** The server's wait for a worker, restarted whenever the worker reports progress (so it can be longer). */
const SERVER_WAIT_S = 240;

/**
 * 500 `TIMEOUT`: refunded, so safe to send again, and with the same seed it makes the same image.
 * Says how long the request was really held (the server restarts its 240 s wait on progress).
 */
function serverTimeout(
  spec: RequestSpec,
  ctx: ParseContext,
  base: { operation: RequestSpec['operation']; status: number; apiError?: string },
  said: string,
): ServerTimeoutError {
  const { seed, prompt } = spec.recovery ?? {};
  const waitedMs = ctx.answeredAfterMs;
  const waited = waitedMs === undefined ? `up to ${SERVER_WAIT_S} s` : seconds(waitedMs);
  const again =
    seed === undefined
      ? 'Nothing was charged, so it is safe to try again'
      : `Nothing was charged, so it is safe to try again: send seed ${seed} again to get the same image`;
  return new ServerTimeoutError({
    ...base,
    ...(seed === undefined ? {} : { seed }),
    ...(prompt === undefined ? {} : { prompt }),
    ...(waitedMs === undefined ? {} : { waitedMs }),
    message:
      `The server gave up after ${waited} without a result from its GPU workers and refunded the credits${said}` +
      (seed === undefined ? '.' : ` (seed ${seed}).`),
    hint: `${again}; fewer outputs or a smaller size finish sooner.`,
  });
}

/** Parses a successful body with `schema`, or throws UnexpectedResponseError naming what is wrong. */
export function parseSuccess<S extends z.ZodType>(raw: RawResponse, ctx: ParseContext, schema: S, what: string): z.output<S> {
  const { json } = readBody(raw.body);
  const result = json === undefined ? undefined : schema.safeParse(json);
  if (result?.success) return result.data;
  const problem = result
    ? result.error.issues
        .slice(0, 3)
        .map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`)
        .join('; ')
    : 'the body is not JSON';
  throw new UnexpectedResponseError({
    operation: ctx.spec.operation,
    status: raw.status,
    message: `The server answered ${describeRequest(ctx.spec)} with ${raw.status}, but the body is not ${what} (${problem}).`,
    hint: 'Check baseUrl: it must be the Stablecog API origin (https://api.stablecog.com), not a web page or another service.',
  });
}

/** The error for a create or upscale whose answer was lost after it may have reached the server. */
export function outcomeUnknown(
  spec: RequestSpec,
  reason: OutcomeUnknownError['reason'],
  what: string,
  startedAt: number | undefined,
  status?: number,
): OutcomeUnknownError {
  const started = new Date(startedAt ?? Date.now());
  const { prompt, seed, input } = spec.recovery ?? {};
  const advice = recoveryAdvice({ operation: spec.operation, startedAt: started, prompt, seed, input });
  const hints: Record<RecoveryAdvice['kind'], string> = {
    find_generation:
      'Do not simply send it again: that can charge twice. The server finishes the job anyway; in a minute or two ' +
      `find its images with outputs.find({ prompt, seed: ${seed}, since: "${started.toISOString()}" }) ` +
      '(prompt, seed and startedAt are on this error).',
    see_upscaled_output:
      'Do not simply send it again while it may still run: that can charge twice. In a few minutes, ' +
      `outputs.list() shows the result as upscaled_image_url of output ${input}; upscaling that output again ` +
      'is free once it has been upscaled.',
    check_credits:
      'Do not simply send it again: that can charge twice. The server finishes the upscale anyway (1 credit), ' +
      'but the API has no list of upscales to find it in; check the balance with credits.get() before retrying.',
  };
  const hint = hints[advice.kind];
  return new OutcomeUnknownError({
    operation: spec.operation,
    ...(status === undefined ? {} : { status }),
    reason,
    startedAt: started,
    ...(prompt === undefined ? {} : { prompt }),
    ...(seed === undefined ? {} : { seed }),
    ...(input === undefined ? {} : { input }),
    cut: what,
    ...(reason === 'timeout' ? { timeoutMs: spec.timeoutMs } : {}),
    message: `The ${spec.operation} request may have reached the server, but its answer was lost: ${what}. It may still complete and be charged.`,
    hint,
  });
}

/** The error for a request that got no response (after any retries). */
export function errorFromFailure(spec: RequestSpec, failure: TransportFailure, startedAt: number | undefined, attempts = 1): StablecogError {
  const mayHaveArrived = failure.kind !== 'refused';
  if (spec.retry === 'charged' && mayHaveArrived) {
    return outcomeUnknown(spec, failure.kind, failure.message, startedAt);
  }
  if (failure.kind === 'aborted') {
    return new AbortedError({
      operation: spec.operation,
      message: `${describeRequest(spec)} was cancelled by its AbortSignal.`,
      hint: 'Nothing to fix if the cancellation was intended; otherwise check what aborted the signal.',
    });
  }
  const tries = attempts > 1 ? ` (${attempts} attempts)` : '';
  const hints: Record<Exclude<TransportFailure['kind'], 'aborted'>, string> = {
    refused:
      'Nothing reached the server' +
      (spec.retry === 'charged' ? ', so nothing was charged' : '') +
      '. Check baseUrl (the API is https://api.stablecog.com) and the network connection.',
    network: 'The connection broke before the answer arrived. Try again in a while.',
    timeout: 'No answer in time. Try again later, or allow more time with the timeoutMs option.',
  };
  return new NetworkError({
    operation: spec.operation,
    kind: failure.kind,
    message: `${describeRequest(spec)} failed: ${failure.message}${tries}.`,
    hint: hints[failure.kind],
    cause: failure,
  });
}

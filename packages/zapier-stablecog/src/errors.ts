/**
 * Stablecog's errors as Zapier's error classes, with messages a Zap owner can act on: what happened
 * (from the client's core) and how to fix it in Zapier's terms. The choice of class matters:
 * - `ExpiredAuthError` (the key was rejected) pauses the Zap and asks the owner to reconnect;
 * - `HaltedError` (no credits, refused prompt, an outcome that may already be charged) stops the run
 *   without counting towards turning the Zap off, and Zapier does not replay it;
 * - `ThrottledError` (rate limit, full queue) makes Zapier run the step again later: safe, because
 *   Stablecog rejects those requests before charging anything;
 * - `Error` for everything the user must correct (bad input) or that failed on Stablecog's side.
 */
import type { Bundle, PlainInputField, ZObject } from 'zapier-platform-core';
import { apiToken } from './config';
import {
  hintForField,
  RateLimitError,
  type ErrorCode,
  redactSecret,
  StablecogError,
  ValidationError,
  describeIssues,
} from '@stablecog/client/core';

/** Field labels of an action, keyed by the API's field name, to name fields as the form does. */
export type FieldLabels = Record<string, string>;

/** The labels of fields whose key is the API's field name. */
export const labelsOf = (...fields: PlainInputField[]): FieldLabels => Object.fromEntries(fields.map((f) => [f.key, f.label ?? f.key]));

/** Zapier's wording of how to fix a field, where the client's hint speaks of code. */
const ZAPIER_FIELD_HINTS: Record<string, string> = {
  model_id: 'Pick a model from the dropdown, or leave Model empty for Stablecog’s default model.',
  scheduler_id: 'Pick a scheduler from the dropdown (it lists the chosen model’s schedulers), or leave it empty.',
  init_image_url: 'Map an image file from an earlier step, or enter a public link to a JPEG, PNG or WebP image.',
  mask_image_url: 'Map an image file from an earlier step, or enter a public link to a JPEG, PNG or WebP image.',
  input: 'Map an image file, enter a public link to a JPEG, PNG or WebP image, or pick one of your outputs.',
  file: 'Use a JPEG, PNG or WebP image of at most 10 MiB (and at most 1024 × 1024 pixels to upscale).',
  data: 'Use a JPEG, PNG or WebP image of at most 10 MiB.',
  since: 'Enter a date and time such as 2025-01-31T14:00:00Z, or a phrase Zapier understands such as "1 hour ago".',
  per_page: 'Leave the limit empty, or use 1 to 300.',
};

const hintFor = (field: string | undefined): string =>
  (field && ZAPIER_FIELD_HINTS[field.split('.')[0]!]) || hintForField(field);

/** A bad-input error naming the field as the form labels it; thrown before anything is sent. */
export function invalidInput(z: ZObject, label: string, problem: string, hint: string): Error {
  return new z.errors.Error(`${label}: ${problem}. ${hint} No image was requested, so no credits were used.`, 'invalid_input', 400);
}

/**
 * Seconds Zapier waits before running a rate-limited step again: at least 10 (the limit is per IP
 * address and Zapier's are shared, so an immediate rerun mostly meets the same burst), plus up to
 * 20 at random, so that steps throttled together are not run again together.
 */
export function throttleDelaySeconds(err: RateLimitError, random: () => number = Math.random): number {
  return Math.max(10, Math.ceil((err.retryAfterMs ?? 0) / 1000)) + Math.floor(random() * 21);
}

/**
 * How Zapier treats each kind of failure, and what a Zap owner can do about it (added to the
 * core's message). `halted` stops the run without replay; `expired` asks to reconnect.
 */
const HANDLING: Partial<Record<ErrorCode, { as: 'expired' | 'halted' | 'error'; fix: string }>> = {
  authentication: {
    as: 'expired',
    fix: 'Reconnect Stablecog in Zapier with an active API key from https://stablecog.com/account/api-keys (it starts with "sc-").',
  },
  insufficient_credits: {
    as: 'halted',
    fix:
      'Each image costs 1 credit. Buy credits at https://stablecog.com/pricing, wait for the free refill, or ask for ' +
      'fewer images.',
  },
  content_policy: { as: 'halted', fix: 'Rephrase the prompt: Stablecog does not say which words were flagged.' },
  server_timeout: { as: 'error', fix: 'Run the step again, or ask for fewer images: fewer finish sooner.' },
  // A create ends here only when it never reached Stablecog (otherwise it is outcome_unknown); reads are free.
  network: { as: 'error', fix: 'Nothing was charged. Run the step again in a few minutes.' },
  outcome_unknown: { as: 'halted', fix: 'Do not run this step again right away: that could be charged twice.' },
};

/** Zapier's error for any failure of a step; Zapier's own errors pass through unchanged. */
export function toZapierError(z: ZObject, bundle: Bundle, err: unknown, labels: FieldLabels = {}): Error {
  if (!(err instanceof StablecogError)) return err instanceof Error ? err : new z.errors.Error(String(err));
  const say = (text: string) => withoutToken(text, bundle);
  const code = err.apiError ?? err.code;
  if (err instanceof RateLimitError) {
    const delay = throttleDelaySeconds(err);
    return new z.errors.ThrottledError(
      say(
        'Stablecog is limiting requests from Zapier’s servers (the limit is per IP address, shared with other ' +
          `Zapier users). Nothing was charged; Zapier will run this step again in about ${delay} seconds.`,
      ),
      delay,
    );
  }
  if (err.code === 'queue_full') {
    return new z.errors.ThrottledError(say(`${err.message} Nothing was charged; Zapier will run this step again in about a minute.`), 60);
  }
  if (err instanceof ValidationError) return new z.errors.Error(say(describeInvalid(err, labels)), code, err.status ?? 400);
  const fix =
    err.code === 'permission'
      ? err.status === 403
        ? 'Contact Stablecog support about the account.'
        : 'Map the image file itself or a public link instead: the app then uploads it to your account.'
      : err.code === 'server_error'
        ? err.hint
        : 'This is a problem between Zapier and Stablecog; try again in a few minutes.';
  const { as, fix: known } = HANDLING[err.code] ?? { as: 'error', fix };
  const message = say(`${err.message} ${known}`);
  if (as === 'expired') return new z.errors.ExpiredAuthError(message);
  if (as === 'halted') return new z.errors.HaltedError(message);
  return new z.errors.Error(message, code, err.status);
}

/** "Width: must be at most 1536 (got 2048). Use 256 to 1536 pixels; …" */
function describeInvalid(err: ValidationError, labels: FieldLabels): string {
  const outcome = err.status
    ? 'Stablecog rejected the request; nothing was charged.'
    : 'No image was requested, so no credits were used.';
  return `${describeIssues(err, labels)}. ${hintFor(err.issues[0]?.field ?? err.field)} ${outcome}`;
}

/**
 * Defence in depth: the token (or a piece of it) never appears in a message, whatever produced it.
 * What the server said is already redacted by the transport, before the core shortened it.
 */
export function withoutToken(text: string, bundle: Bundle): string {
  return redactSecret(text, apiToken(bundle));
}

/** Wraps a perform so that whatever it throws reaches Zapier as the right error class. */
export function withZapierErrors<B extends Bundle, R>(
  perform: (z: ZObject, bundle: B) => Promise<R>,
  labels: FieldLabels | ((bundle: B) => FieldLabels) = {},
): (z: ZObject, bundle: B) => Promise<R> {
  return async (z, bundle) => {
    try {
      return await perform(z, bundle);
    } catch (err) {
      throw toZapierError(z, bundle, err, typeof labels === 'function' ? labels(bundle) : labels);
    }
  };
}

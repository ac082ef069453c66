/**
 * The retry policy, as pure functions. What may be retried depends on whether a repeat can cost
 * credits twice: a 429 and a 400 `queue_limit_reached` are answered before anything is charged, so
 * they are retried everywhere; reads are also retried on network errors and 5xx; a create or
 * upscale only when nothing reached the server (`refused`).
 */
import type { RetryClass, TransportFailureKind } from './request';

/** Limits on retrying one call. */
export interface RetryPolicy {
  /** Retries after the first attempt (0 disables retrying). */
  maxRetries: number;
  /** Cap on the total time spent waiting between attempts. */
  budgetMs: number;
  /** First backoff step; doubles with each attempt. */
  baseDelayMs: number;
  /** Largest backoff step. */
  maxDelayMs: number;
}

/** 4 retries within 30 s of waiting, backoff 0.5 s doubling up to 8 s. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxRetries: 4, budgetMs: 30_000, baseDelayMs: 500, maxDelayMs: 8_000 };

/** How one attempt ended. */
export type AttemptOutcome =
  | { kind: 'response'; status: number; retryAfterMs?: number; /** The body's `error` code, if any. */ apiError?: string }
  | { kind: 'failure'; failure: TransportFailureKind };

/** How far one call has got against its own timeout (the time budget of queue-full retries). */
export interface CallClock {
  /** Since the call's first attempt was sent. */
  elapsedMs: number;
  /** The call's timeout (a create's: 600 s unless the caller set one). */
  timeoutMs: number;
}

/**
 * 400 `queue_limit_reached`: more than 50 of the account's requests already wait on the server. It
 * is refused before anything is charged, and the queue drains at the plan's pace, so the caller
 * waits its turn within the call's own timeout rather than the short retry budget of a 429.
 */
export function isQueueFull(outcome: AttemptOutcome): boolean {
  return outcome.kind === 'response' && outcome.status === 400 && outcome.apiError === 'queue_limit_reached';
}

/** Whether an attempt that ended so may be sent again, regardless of limits. */
export function isRetryable(retry: RetryClass, outcome: AttemptOutcome): boolean {
  if (outcome.kind === 'response') {
    if (outcome.status === 429 || isQueueFull(outcome)) return true;
    return retry === 'read' && (outcome.status >= 500 || outcome.status === 408 || outcome.status === 428);
  }
  switch (outcome.failure) {
    case 'refused':
      return true;
    case 'network':
    case 'timeout':
      return retry === 'read';
    case 'aborted':
      return false;
  }
}

/**
 * How long to wait before the next attempt, or undefined to stop. The wait is `Retry-After` (when
 * the server sent one) plus full jitter over an exponential step, so clients sharing an IP spread out.
 *
 * @param attempt 0 for the first attempt.
 * @param waitedMs time already spent waiting on this call.
 * @param random a number in [0, 1).
 * @param call the call's progress against its timeout; a full queue is waited out until then
 *   (without it, a full queue is retried within the policy's limits like a 429).
 */
export function retryDelay(
  retry: RetryClass,
  outcome: AttemptOutcome,
  attempt: number,
  waitedMs: number,
  policy: RetryPolicy,
  random: () => number,
  call?: CallClock,
): number | undefined {
  if (policy.maxRetries === 0 || !isRetryable(retry, outcome)) return undefined;
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  const floor = outcome.kind === 'response' ? (outcome.retryAfterMs ?? 0) : 0;
  const delay = Math.round(floor + random() * step);
  if (call && isQueueFull(outcome)) return call.elapsedMs + delay < call.timeoutMs ? delay : undefined;
  if (attempt >= policy.maxRetries) return undefined;
  return waitedMs + delay > policy.budgetMs ? undefined : delay;
}

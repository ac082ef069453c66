/**
 * build → send → parse, with the retry policy. Everything with an effect (the transport, sleeping,
 * the clock, randomness) is injected, so n8n and Zapier run the same logic through their own helpers.
 */
import { AbortedError } from '../errors';
import type { ServerLists } from '../generate/preflight';
import { cachedGenerationModels } from '../models/cache';
import { generationModels, type Operation } from '../operations';
import { TransportFailure, type RawResponse, type RequestSpec, type Transport } from './request';
import { errorFromFailure, readBody, retryAfterMs, type ParseContext } from './response';
import { DEFAULT_RETRY_POLICY, isQueueFull, retryDelay, type AttemptOutcome, type RetryPolicy } from './retry';

/** What `execute` needs from its environment. */
export interface Runtime {
  transport: Transport;
  /** Waits `ms` (n8n: `sleep` from n8n-workflow). Need not honour `signal`: execute races it anyway. */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Epoch milliseconds (default `Date.now`). */
  now?: () => number;
  /** A number in [0, 1) for jitter and seeds (default `Math.random`). */
  random?: () => number;
  /** Retries after the first attempt (default 4; 0 disables retrying). */
  maxRetries?: number;
  /** Cap on the total time spent waiting between attempts (default 30 s). */
  retryBudgetMs?: number;
  /**
   * Shares the model cache with every Runtime that has the same scope object (e.g. all the step
   * runs of one Zapier process, each with its own transport); default: this Runtime alone.
   */
  cacheScope?: object;
  /** Timeout for every request, overriding the per-operation defaults (creates 600 s, reads 60 s). */
  timeoutMs?: number;
}

/** Per-call options. */
export interface CallOptions {
  /** Cancels the call, including a wait between retries. */
  signal?: AbortSignal;
  /** Timeout of this call's requests. */
  timeoutMs?: number;
}

/** Validates, runs the pre-flight checks, sends and parses one operation, retrying where it is safe. */
export async function execute<In, Out>(
  operation: Operation<In, Out>,
  input: In,
  runtime: Runtime,
  options: CallOptions = {},
): Promise<Out> {
  return await sendPrepared(await prepareRequest(operation, input, runtime, options), runtime, options);
}

/**
 * A request validated, built and pre-flight checked once, ready to send (see {@link prepareRequest}).
 * Its seed is fixed: a generate's `spec.recovery` says how to find its images if the answer is lost.
 */
export interface PreparedRequest<Out> {
  /** What will be sent. */
  readonly spec: RequestSpec;
  /** Reads the response to it. */
  readonly parse: (raw: RawResponse, ctx: ParseContext) => Out;
}

/**
 * Validates `input` and builds its request once, running the operation's pre-flight checks (which
 * may read the model list, cached in `runtime`); sends nothing that costs credits. A batch prepares
 * every item first, so bad input anywhere is refused before the first create, then sends each
 * with {@link sendPrepared}. Throws a ValidationError naming the field.
 */
export async function prepareRequest<In, Out>(
  operation: Operation<In, Out>,
  input: In,
  runtime: Runtime,
  options: CallOptions = {},
): Promise<PreparedRequest<Out>> {
  const timeoutMs = options.timeoutMs ?? runtime.timeoutMs;
  const built = operation.build(input, {
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    random: runtime.random ?? Math.random,
  });
  const spec = operation.preflight ? await operation.preflight(built, serverLists(runtime)) : built;
  return { spec, parse: (raw, ctx) => operation.parse(raw, ctx) };
}

/** Sends a prepared request with the retry policy and parses the answer. */
export async function sendPrepared<Out>(
  prepared: PreparedRequest<Out>,
  runtime: Runtime,
  options: Pick<CallOptions, 'signal'> = {},
): Promise<Out> {
  const { spec } = prepared;
  return await send(spec, (raw, startedAt, answeredAfterMs) => prepared.parse(raw, { spec, startedAt, answeredAfterMs }), runtime, options.signal);
}

/** The lists pre-flight checks read, fetched through `runtime` and cached in it. */
function serverLists(runtime: Runtime): ServerLists {
  return {
    generationModels: () => cachedGenerationModels(runtime, () => execute(generationModels, undefined, runtime)),
  };
}

/** Sends a built spec with retries; `parse` interprets the final response. */
export async function send<Out>(
  spec: RequestSpec,
  parse: (raw: RawResponse, startedAt: number, answeredAfterMs: number) => Out,
  runtime: Runtime,
  signal?: AbortSignal,
): Promise<Out> {
  const now = runtime.now ?? Date.now;
  const random = runtime.random ?? Math.random;
  const policy: RetryPolicy = {
    ...DEFAULT_RETRY_POLICY,
    ...(runtime.maxRetries === undefined ? {} : { maxRetries: runtime.maxRetries }),
    ...(runtime.retryBudgetMs === undefined ? {} : { budgetMs: runtime.retryBudgetMs }),
  };
  const startedAt = now();
  // Waiting out a full queue is bounded by the call's timeout, and does not use up the retries
  // and budget kept for 429s and lost connections.
  let waitedMs = 0;
  let attempt = 0;
  let queueWaits = 0;
  for (;;) {
    if (signal?.aborted) throw aborted(spec);
    let raw: RawResponse | undefined;
    let failure: TransportFailure | undefined;
    const attemptStartedAt = now();
    try {
      raw = await runtime.transport.send(spec, signal);
    } catch (err) {
      // No response is a TransportFailure; anything else (a platform's middleware error, a bug)
      // is not ours to interpret and goes to the caller unchanged.
      if (!(err instanceof TransportFailure)) throw err;
      failure = err;
    }
    const outcome: AttemptOutcome = raw
      ? { kind: 'response', status: raw.status, ...retryAfter(raw, now()), ...apiErrorOf(raw) }
      : { kind: 'failure', failure: failure!.kind };
    const queueFull = isQueueFull(outcome);
    const call = { elapsedMs: now() - startedAt, timeoutMs: spec.timeoutMs };
    const delay = retryDelay(spec.retry, outcome, queueFull ? queueWaits : attempt, waitedMs, policy, random, call);
    if (delay === undefined) {
      if (raw) return parse(raw, startedAt, now() - attemptStartedAt);
      throw errorFromFailure(spec, failure!, startedAt, attempt + queueWaits + 1);
    }
    await sleepUnlessAborted(runtime.sleep, delay, spec, signal);
    if (queueFull) {
      queueWaits++;
    } else {
      waitedMs += delay;
      attempt++;
    }
  }
}

/** The `error` code of a 400 (what tells a full queue from a bad request). */
function apiErrorOf(raw: RawResponse): { apiError?: string } {
  if (raw.status !== 400) return {};
  const { json } = readBody(raw.body);
  const error = json && typeof json === 'object' ? (json as Record<string, unknown>).error : undefined;
  return typeof error === 'string' ? { apiError: error } : {};
}

function retryAfter(raw: RawResponse, now: number): { retryAfterMs?: number } {
  if (raw.status !== 429) return {};
  const ms = retryAfterMs(raw.headers, now);
  return ms === undefined ? {} : { retryAfterMs: ms };
}

function aborted(spec: RequestSpec): AbortedError {
  return new AbortedError({
    operation: spec.operation,
    message: `${spec.method} ${spec.path} was cancelled by its AbortSignal before it was sent; nothing was charged.`,
    hint: 'Nothing to fix if the cancellation was intended; otherwise check what aborted the signal.',
  });
}

/** Sleeps, but stops at once when the signal fires (even if the injected sleep ignores it). */
async function sleepUnlessAborted(
  sleep: Runtime['sleep'],
  ms: number,
  spec: RequestSpec,
  signal: AbortSignal | undefined,
): Promise<void> {
  if (!signal) return sleep(ms);
  if (signal.aborted) throw aborted(spec);
  let onAbort: (() => void) | undefined;
  const abortPromise = new Promise<never>((_, reject) => {
    onAbort = () => reject(aborted(spec));
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    await Promise.race([sleep(ms, signal), abortPromise]);
  } catch (err) {
    if (signal.aborted) throw aborted(spec);
    throw err;
  } finally {
    signal.removeEventListener('abort', onAbort!);
  }
}

import { AbortedError, NetworkError, OutcomeUnknownError, QueueFullError, RateLimitError, ServerError } from '../../src/core/errors';
import { execute, type Runtime } from '../../src/core/http/execute';
import { credits, generate, listOutputs, upscale } from '../../src/core/operations';
import { DEFAULT_RETRY_POLICY, isRetryable, retryDelay, type AttemptOutcome } from '../../src/core/http/retry';
import { json, recordingSleep, ScriptedTransport, text, type Step } from '../helpers/scripted-transport';

const CREDITS = json(200, { total_remaining_credits: 9 });
const GENERATED = json(200, { outputs: [{ id: 'o1', url: 'https://cdn/o1.jpeg' }], remaining_credits: 8, settings: { seed: 3 } });
const TOO_MANY = text(429, 'Too Many Requests\n', { 'retry-after': '1' });
const QUEUE_FULL = json(400, { error: 'queue_limit_reached', settings: {} });

describe('retry policy', () => {
  const table: Array<[AttemptOutcome, boolean, boolean]> = [
    // outcome, read retried, charged retried
    [{ kind: 'response', status: 429 }, true, true],
    [{ kind: 'response', status: 500 }, true, false],
    [{ kind: 'response', status: 502 }, true, false],
    [{ kind: 'response', status: 524 }, true, false],
    [{ kind: 'response', status: 400 }, false, false],
    [{ kind: 'response', status: 400, apiError: 'queue_limit_reached' }, true, true],
    [{ kind: 'response', status: 400, apiError: 'insufficient_credits' }, false, false],
    [{ kind: 'response', status: 401 }, false, false],
    [{ kind: 'response', status: 200 }, false, false],
    [{ kind: 'failure', failure: 'refused' }, true, true],
    [{ kind: 'failure', failure: 'network' }, true, false],
    [{ kind: 'failure', failure: 'timeout' }, true, false],
    [{ kind: 'failure', failure: 'aborted' }, false, false],
  ];
  it.each(table)('%j: read %s, charged %s', (outcome, read, charged) => {
    expect(isRetryable('read', outcome)).toBe(read);
    expect(isRetryable('charged', outcome)).toBe(charged);
  });

  it('waits Retry-After plus full jitter over a doubling step', () => {
    const outcome: AttemptOutcome = { kind: 'response', status: 429, retryAfterMs: 1000 };
    expect(retryDelay('charged', outcome, 0, 0, DEFAULT_RETRY_POLICY, () => 0)).toBe(1000);
    expect(retryDelay('charged', outcome, 0, 0, DEFAULT_RETRY_POLICY, () => 0.999)).toBe(1500);
    expect(retryDelay('charged', outcome, 3, 0, DEFAULT_RETRY_POLICY, () => 0.999)).toBe(4996);
    expect(retryDelay('read', { kind: 'failure', failure: 'network' }, 10, 0, { ...DEFAULT_RETRY_POLICY, maxRetries: 20 }, () => 0.999)).toBe(7992);
  });

  it('stops at the retry count and the time budget', () => {
    const outcome: AttemptOutcome = { kind: 'response', status: 429, retryAfterMs: 1000 };
    expect(retryDelay('read', outcome, 4, 0, DEFAULT_RETRY_POLICY, () => 0)).toBeUndefined();
    expect(retryDelay('read', outcome, 0, 29_500, DEFAULT_RETRY_POLICY, () => 0)).toBeUndefined();
    expect(retryDelay('read', outcome, 0, 0, { ...DEFAULT_RETRY_POLICY, maxRetries: 0 }, () => 0)).toBeUndefined();
  });

  it('waits out a full queue until the call’s timeout, past the retry count and budget', () => {
    const full: AttemptOutcome = { kind: 'response', status: 400, apiError: 'queue_limit_reached' };
    const call = (elapsedMs: number) => ({ elapsedMs, timeoutMs: 600_000 });
    expect(retryDelay('charged', full, 30, 500_000, DEFAULT_RETRY_POLICY, () => 0.5, call(100_000))).toBe(4000);
    expect(retryDelay('charged', full, 30, 0, DEFAULT_RETRY_POLICY, () => 0.5, call(597_000))).toBeUndefined();
    expect(retryDelay('charged', full, 0, 0, { ...DEFAULT_RETRY_POLICY, maxRetries: 0 }, () => 0.5, call(0))).toBeUndefined();
    // Without the call's clock it is limited like a 429.
    expect(retryDelay('charged', full, 4, 0, DEFAULT_RETRY_POLICY, () => 0.5)).toBeUndefined();
  });
});

describe('execute', () => {
  function runtime(steps: Step[], extra: Partial<Runtime> = {}) {
    const transport = new ScriptedTransport(steps);
    const { sleep, waits } = recordingSleep();
    return { transport, waits, runtime: { transport, sleep, random: () => 0.5, ...extra } as Runtime };
  }

  it('rides out 429s on a create, honouring Retry-After', async () => {
    const { runtime: rt, transport, waits } = runtime([TOO_MANY, TOO_MANY, GENERATED]);
    const result = await execute(generate, { prompt: 'x', seed: 3 }, rt);
    expect(result.outputs[0]?.id).toBe('o1');
    expect(transport.sent).toHaveLength(3);
    expect(waits).toEqual([1250, 1500]);
  });

  it('waits out queue_limit_reached on a create with backoff, beyond maxRetries, sending the same body', async () => {
    const { runtime: rt, transport, waits } = runtime([QUEUE_FULL, QUEUE_FULL, QUEUE_FULL, QUEUE_FULL, QUEUE_FULL, QUEUE_FULL, GENERATED]);
    const result = await execute(generate, { prompt: 'x', seed: 3 }, rt);
    expect(result.outputs[0]?.id).toBe('o1');
    expect(transport.sent).toHaveLength(7);
    expect(new Set(transport.sent.map((s) => JSON.stringify(s.body))).size).toBe(1);
    expect(waits).toEqual([250, 500, 1000, 2000, 4000, 4000]);
  });

  it('gives up on a full queue at the call’s timeout with a QueueFullError', async () => {
    let clock = 0;
    const transport = new ScriptedTransport(Array.from({ length: 50 }, () => QUEUE_FULL));
    const sleep = async (ms: number) => {
      clock += ms;
    };
    const err = await execute(generate, { prompt: 'x' }, { transport, sleep, now: () => clock, random: () => 0.5 }, { timeoutMs: 20_000 }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(QueueFullError);
    expect(clock).toBeLessThan(20_000);
    expect(transport.sent.length).toBeGreaterThan(5);
  });

  it('a 429 after a full queue still has its own retries', async () => {
    const { runtime: rt, transport } = runtime([QUEUE_FULL, QUEUE_FULL, QUEUE_FULL, QUEUE_FULL, QUEUE_FULL, TOO_MANY, GENERATED]);
    await expect(execute(generate, { prompt: 'x' }, rt)).resolves.toMatchObject({ remaining_credits: 8 });
    expect(transport.sent).toHaveLength(7);
  });

  it('gives up on 429 after maxRetries with a RateLimitError', async () => {
    const { runtime: rt, transport } = runtime([TOO_MANY, TOO_MANY, TOO_MANY], { maxRetries: 2 });
    await expect(execute(credits, undefined, rt)).rejects.toBeInstanceOf(RateLimitError);
    expect(transport.sent).toHaveLength(3);
  });

  it('never resends a create that may have reached the server', async () => {
    for (const step of [{ fail: 'network' } as const, { fail: 'timeout' } as const, text(502, 'Bad Gateway'), text(524, '')]) {
      const { runtime: rt, transport } = runtime([step, GENERATED]);
      const err = await execute(generate, { prompt: 'lost fox', seed: 11 }, rt).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(OutcomeUnknownError);
      expect(err).toMatchObject({ prompt: 'lost fox', seed: 11, operation: 'generate' });
      expect(transport.sent).toHaveLength(1);
    }
    const { runtime: rt, transport } = runtime([{ fail: 'network' }]);
    await expect(execute(upscale, { input: 'https://x/y.png' }, rt)).rejects.toMatchObject({ name: 'OutcomeUnknownError', input: 'https://x/y.png' });
    expect(transport.sent).toHaveLength(1);
  });

  it('resends a create that never connected', async () => {
    const { runtime: rt, transport } = runtime([{ fail: 'refused' }, GENERATED]);
    await expect(execute(generate, { prompt: 'x' }, rt)).resolves.toMatchObject({ remaining_credits: 8 });
    expect(transport.sent).toHaveLength(2);
    expect(transport.sent[0]?.body).toEqual(transport.sent[1]?.body); // same seed both times
  });

  it('says nothing was charged when a create never connected', async () => {
    const { runtime: rt } = runtime([{ fail: 'refused' }], { maxRetries: 0 });
    const err = await execute(generate, { prompt: 'x' }, rt).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as NetworkError).hint).toMatch(/nothing was charged/);
  });

  it('retries reads on network errors and 5xx, then reports the last problem', async () => {
    const ok = runtime([{ fail: 'network' }, text(503, 'unavailable'), CREDITS]);
    await expect(execute(credits, undefined, ok.runtime)).resolves.toEqual({ total_remaining_credits: 9 });
    const bad = runtime([{ fail: 'network' }, { fail: 'network' }], { maxRetries: 1 });
    await expect(execute(credits, undefined, bad.runtime)).rejects.toMatchObject({ name: 'NetworkError', kind: 'network' });
    const failing = runtime([json(500, { error: 'Error getting credits' })], { maxRetries: 0 });
    await expect(execute(credits, undefined, failing.runtime)).rejects.toBeInstanceOf(ServerError);
  });

  it('does not retry client errors', async () => {
    const { runtime: rt, transport } = runtime([json(401, { error: 'Unauthorized' })]);
    await expect(execute(credits, undefined, rt)).rejects.toMatchObject({ name: 'AuthenticationError' });
    expect(transport.sent).toHaveLength(1);
  });

  it('validates before sending anything', async () => {
    const { runtime: rt, transport } = runtime([]);
    await expect(execute(generate, { prompt: 'x', num_outputs: 9 }, rt)).rejects.toMatchObject({ name: 'ValidationError', field: 'num_outputs' });
    expect(transport.sent).toHaveLength(0);
  });

  it('stops a retry wait at once when the signal fires, even if sleep ignores it', async () => {
    const controller = new AbortController();
    const transport = new ScriptedTransport([TOO_MANY, CREDITS]);
    const neverEnding = () => new Promise<void>(() => undefined);
    const pending = execute(credits, undefined, { transport, sleep: neverEnding }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 10);
    await expect(pending).rejects.toBeInstanceOf(AbortedError);
    expect(transport.sent).toHaveLength(1);
  });

  it('does not send when the signal has already fired', async () => {
    const { runtime: rt, transport } = runtime([GENERATED]);
    await expect(execute(generate, { prompt: 'x' }, rt, { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(AbortedError);
    expect(transport.sent).toHaveLength(0);
  });

  it('treats an abort during a create as an unknown outcome', async () => {
    const { runtime: rt } = runtime([{ fail: 'aborted' }]);
    await expect(execute(generate, { prompt: 'x' }, rt, { signal: new AbortController().signal })).rejects.toMatchObject({
      name: 'OutcomeUnknownError',
      reason: 'aborted',
    });
  });

  it('lets an error that is not a TransportFailure through unchanged (e.g. a platform middleware error)', async () => {
    const platformError = new Error('halted by middleware');
    const { runtime: rt, transport } = runtime([async () => Promise.reject(platformError)]);
    await expect(execute(generate, { prompt: 'x' }, rt)).rejects.toBe(platformError);
    expect(transport.sent).toHaveLength(1);
  });

  it('gives the transport the per-call timeout', async () => {
    const { runtime: rt, transport } = runtime([json(200, { outputs: [] })]);
    await execute(listOutputs, {}, rt, { timeoutMs: 1234 });
    expect(transport.sent[0]?.timeoutMs).toBe(1234);
  });
});

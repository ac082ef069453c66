/**
 * The client under fire: the emulator's fault injection (429 on 30 % of requests, 5xx on reads,
 * connections dropped before and after the charge, TIMEOUT, worker failures, slow bodies) and a
 * server that crashes mid-run and comes back on the same port (the front door). What must hold:
 * every credit charged is an image delivered or an image the recovery search finds from the
 * outcome-unknown error's prompt and seed; no input reaches the create handler twice; every read
 * succeeds within its retry budget or fails with a clear, typed error.
 */
import fc from 'fast-check';
import {
  mapLimitSettled,
  NetworkError,
  OutcomeUnknownError,
  RateLimitError,
  ServerError,
  ServerTimeoutError,
  Stablecog,
  StablecogError,
  type GenerateResult,
  type UpscaleResult,
} from '@stablecog/client';
import type { Emulator } from '@stablecog/emulator';
import {
  crashMidRun,
  creditReport,
  describeReport,
  expectEveryCreditAccounted,
  expectNoInputSentTwice,
  type FrontDoor,
  promptOf,
  propertyParams,
  settledLedger,
  useFaultRig,
} from '@stablecog/testkit';

jest.setTimeout(120_000);

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const rig = useFaultRig({ seed: 1, latencyMs: 150 }); // seeds the fault dice (and the client's jitter and seeds)
let emulator: Emulator;
let door: FrontDoor;
/** The test's account; the prompt property switches to a fresh one per run. */
let token: string;
/** How often the client asked to wait before a retry. */
let retryWaits = 0;

beforeEach(() => {
  ({ emulator, door, token } = rig);
  retryWaits = 0;
});

/**
 * A client of the front door. Waits between retries are real but 20 times shorter (the faults are
 * dice, not a clock, so only the count and the budget matter); a server that is down comes back as
 * soon as the client waits to retry, which makes the outage's length deterministic.
 */
function client(options: { timeoutMs?: number } = {}): Stablecog {
  return new Stablecog({
    apiToken: token,
    baseUrl: door.url,
    ...options,
    sleep: async (ms) => {
      retryWaits++;
      if (!door.isUp) await door.up();
      await realSleep(ms / 20);
    },
  });
}

/** The outputs the recovery search finds for an outcome-unknown generate (on a healthy server). */
async function recover(api: Stablecog, err: OutcomeUnknownError): Promise<string[]> {
  expect(err.seed).toEqual(expect.any(Number));
  expect(`${err.message} ${err.hint}`).toContain(String(err.seed)); // the error names the seed
  const found = await api.outputs.find({ prompt: err.prompt!, seed: err.seed!, since: err.startedAt });
  return found.map((o) => o.id);
}

const apiCreates = () =>
  emulator.control.requests({ origin: 'api' }).filter((r) => r.path.endsWith('/create') && r.headers.authorization === `Bearer ${token}`);

describe('the client under injected faults and a crash mid-run', () => {
  it('accounts for every credit of 40 generates and 10 upscales; no input reaches the handler twice', async () => {
    emulator.control.injectFaults([
      { route: '*', kind: '429', probability: 0.3 },
      { route: 'generate', kind: 'drop', times: 3 }, // after the charge
      { route: 'generate', kind: 'drop-before', times: 2 }, // before anything ran
      { route: 'generate', kind: 'timeout', times: 2 }, // refunded
      { route: 'generate', kind: 'worker-failure', times: 1 }, // refunded
      { route: 'generate', kind: '502', times: 1 }, // the proxy's page, nothing charged
      { route: 'generate', kind: 'slow', times: 3, delayMs: 300 },
      { route: 'upscale', kind: 'drop', times: 2 },
      { route: 'upscale', kind: 'drop-before', times: 1 },
      { route: 'upscale', kind: 'timeout', times: 1 },
    ]);
    // The server crashes while a create runs, after the 30th arrived (the counted faults are over).
    const crash = crashMidRun(door, emulator, token, { nth: 30 });
    const api = client();
    const prompts = Array.from({ length: 40 }, (_, i) => `fault batch ${i}: a lighthouse on a cliff, oil painting`);

    const generated = await mapLimitSettled(prompts, 3, (prompt, i) =>
      api.images.generate({ prompt, num_outputs: 1 + (i % 2), width: 256, height: 256 }),
    );
    const delivered = generated.flatMap((r) => (r.status === 'fulfilled' ? r.value.outputs.map((o) => o.id) : []));
    const toUpscale = generated
      .filter((r): r is PromiseFulfilledResult<GenerateResult> => r.status === 'fulfilled')
      .slice(0, 10)
      .map((r) => r.value.outputs[0]!.id);
    const upscaled = await mapLimitSettled(toUpscale, 3, (input) => api.images.upscale({ input }));
    expect(crash.happened).toBe(true);
    const { runningWhenCut } = await crash.done;
    expect(runningWhenCut).toBeGreaterThan(0);

    // Every failure is one of the client's typed errors, with a message and a hint.
    const failures = [...generated, ...upscaled].flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    for (const failure of failures) {
      expect(failure).toBeInstanceOf(StablecogError);
      expect(failure).not.toBeInstanceOf(TypeError);
      expect((failure as StablecogError).message.length).toBeGreaterThan(20);
      expect((failure as StablecogError).hint.length).toBeGreaterThan(10);
    }
    const lost = failures.filter((f): f is OutcomeUnknownError => f instanceof OutcomeUnknownError);
    const lostGenerates = lost.filter((e) => e.operation === 'generate');
    const lostUpscales = lost.filter((e) => e.operation === 'upscale');
    // The injected faults and the crash happened: 3 dropped after the charge + 2 before + 1 502 + the crash.
    expect(lostGenerates.length).toBeGreaterThanOrEqual(7);
    expect(lostUpscales.length).toBeGreaterThanOrEqual(3);
    expect(failures.filter((f) => f instanceof ServerTimeoutError).length).toBeGreaterThanOrEqual(2);
    const rateLimited = door.records.filter((r) => r.status === 429).length;
    expect(rateLimited).toBeGreaterThanOrEqual(5); // the 429s really happened (and were retried: see below)

    // The server is healthy again; the user follows the errors' advice.
    emulator.control.clearFaults();
    const createsSent = { generate: door.creates('generate'), upscale: door.creates('upscale') };
    const ledger = await settledLedger(emulator, token);
    const recovered = await Promise.all(lostGenerates.map((err) => recover(api, err)));
    const outputs = await api.outputs.list({ per_page: 300 });
    const upscalesRecovered = lostUpscales.filter((err) => outputs.outputs.find((o) => o.id === err.input)?.upscaled_image_url);
    // A recovered upscale is free to fetch again: the same image, no new charge.
    for (const err of upscalesRecovered) {
      const before = emulator.control.credits(token);
      const again = await api.images.upscale({ input: err.input! });
      expect(again.outputs[0]!.upscaled_image_url).toBe(outputs.outputs.find((o) => o.id === err.input)!.upscaled_image_url);
      expect(emulator.control.credits(token)).toBe(before);
    }

    const report = creditReport(ledger, {
      delivered,
      recovered,
      upscaled: upscaled.flatMap((r) => (r.status === 'fulfilled' ? (r.value as UpscaleResult).outputs.map((o) => o.id) : [])),
      upscalesRecovered: upscalesRecovered.length,
    });
    console.log(
      `${describeReport('client, 40 generates + 10 upscales under faults', report)}; ` +
        `${lostGenerates.length} generates and ${lostUpscales.length} upscales ended outcome-unknown, ` +
        `${rateLimited} of ${createsSent.generate.length + createsSent.upscale.length} create requests were answered 429, ` +
        `the crash cut ${runningWhenCut} running creates, ${retryWaits} retry waits`,
    );
    expectEveryCreditAccounted(report);
    expect(report.generate.recovered).toBeGreaterThanOrEqual(3); // at least the 3 drops after the charge
    expect(report.generate.refunded).toBeGreaterThanOrEqual(3); // 2 TIMEOUTs and 1 worker failure
    expect(report.upscale.recovered).toBeGreaterThanOrEqual(2);

    // No input reached the create handler twice (429s excepted), by the door's bodies and the emulator's log.
    expectNoInputSentTwice(createsSent.generate, promptOf);
    expectNoInputSentTwice(createsSent.upscale, (r) => String(r.json?.input));
    const handled = apiCreates().filter((r) => r.status !== 429);
    expect(handled.length).toBeLessThanOrEqual(prompts.length + toUpscale.length + upscalesRecovered.length);
  });

  it('retries every read within its budget: each succeeds or fails with a clear error after its last attempt', async () => {
    const api = client();
    await api.images.generate({ prompt: 'a few outputs to read', num_outputs: 4, width: 256, height: 256 });
    emulator.control.injectFaults([
      { route: '*', kind: '429', probability: 0.3 },
      { route: 'outputs', kind: '500', probability: 0.3 },
      { route: 'credits', kind: '502', probability: 0.3 },
      { route: 'models', kind: '500', probability: 0.3 },
      { route: 'outputs', kind: 'drop-before', times: 3 },
      { route: 'outputs', kind: 'slow', times: 3, delayMs: 200 },
    ]);
    crashAfterRead(door, 30);

    const reads = [
      () => api.outputs.list({ per_page: 2 }),
      () => api.credits.get(),
      () => api.models.generation(),
    ];
    const attempts: number[] = [];
    const outcomes: Array<'ok' | StablecogError> = [];
    for (let i = 0; i < 90; i++) {
      const before = door.records.length;
      try {
        await reads[i % reads.length]!();
        outcomes.push('ok');
      } catch (err) {
        expect(err).toBeInstanceOf(StablecogError);
        outcomes.push(err as StablecogError);
      }
      attempts.push(door.records.length - before);
    }
    const failed = outcomes.filter((o): o is StablecogError => o !== 'ok');
    console.log(
      `client reads under faults: ${outcomes.length - failed.length}/${outcomes.length} succeeded, ` +
        `attempts per read ${Math.min(...attempts)}–${Math.max(...attempts)}, failures: ${failed.map((f) => f.code).join(', ') || 'none'}`,
    );
    // Succeeded reads used at most 1 + 4 retries; failed ones used their whole retry count (or budget).
    expect(Math.max(...attempts)).toBeLessThanOrEqual(5);
    for (const [i, outcome] of outcomes.entries()) {
      if (outcome === 'ok') continue;
      expect(outcome).toBeInstanceOf(outcome instanceof RateLimitError ? RateLimitError : outcome instanceof NetworkError ? NetworkError : ServerError);
      expect(outcome.message).toMatch(/\d{3}|connect|connection|answer/i);
      expect(attempts[i]! >= 5 || outcome instanceof NetworkError).toBe(true);
    }
    expect(outcomes.filter((o) => o === 'ok').length).toBeGreaterThan(outcomes.length * 0.8);
    // Nothing was charged by reading.
    expect(emulator.control.ledger({ token }).filter((e) => e.kind === 'charge')).toHaveLength(1);
  });

  it('a create whose slow answer outlives the timeout is outcome-unknown and found again; a slow read is retried', async () => {
    const api = client({ timeoutMs: 400 });
    emulator.control.injectFaults([
      { route: 'generate', kind: 'slow', times: 1, delayMs: 1500 },
      { route: 'outputs', kind: 'slow', times: 1, delayMs: 1500 },
    ]);
    const err = (await api.images.generate({ prompt: 'a slow tortoise', num_outputs: 2, width: 256, height: 256 }).catch((e: unknown) => e)) as OutcomeUnknownError;
    expect(err).toBeInstanceOf(OutcomeUnknownError);
    expect(err.reason).toBe('timeout');
    const page = await api.outputs.list({ per_page: 10 }); // the slow read times out, its retry answers
    expect(page.outputs).toHaveLength(2);
    const ledger = await settledLedger(emulator, token);
    const report = creditReport(ledger, { delivered: [], recovered: [await recover(api, err)] });
    expectEveryCreditAccounted(report);
    expect(report.generate).toMatchObject({ charged: 2, recovered: 2 });
  });

  it('finds the images of a lost create whatever its prompt (unicode, control characters, over 500 bytes)', async () => {
    const prompts = fc.oneof(
      fc.string({ minLength: 1, maxLength: 80 }),
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 300 }),
      fc.string({ unit: 'binary', minLength: 1, maxLength: 200 }),
      fc.string({ unit: fc.constantFrom('\u0000', '\u0007', '\u001b', '\t', '\n', '\r', '\u00a0', '\u2028', 'é', '漢', '🦊', 'a', ' '), minLength: 1, maxLength: 700 }),
    );
    await fc.assert(
      fc.asyncProperty(prompts.filter((p) => p.trim() !== ''), fc.option(fc.integer({ min: 0, max: 2 ** 31 - 2 }), { nil: undefined }), async (prompt, seed) => {
        token = emulator.control.createAccount({ credits: 100, plan: 'pro' }).token;
        emulator.control.configure({ latencyMs: 0 });
        emulator.control.injectFaults({ route: 'generate', kind: 'drop', times: 1 });
        const api = client();
        const err = (await api.images.generate({ prompt, seed, num_outputs: 1, width: 256, height: 256 }).catch((e: unknown) => e)) as OutcomeUnknownError;
        expect(err).toBeInstanceOf(OutcomeUnknownError);
        if (seed !== undefined) expect(err.seed).toBe(seed);
        const ledger = await settledLedger(emulator, token);
        const report = creditReport(ledger, { delivered: [], recovered: [await recover(api, err)] });
        expect(report.generate.unaccounted).toEqual([]);
        expect(report.generate.recovered).toBe(1);
      }),
      propertyParams(100, 25),
    );
    emulator.control.configure({ latencyMs: 150 });
  });

  // sc-go utils.FormatPrompt folds Go's unicode.IsSpace (U+0085 yes, U+FEFF no) and cuts only a
  // prompt of more than 500 characters: the stored text, and the search for it, must agree.
  it.each([
    ['a\u0085lost\u3000fox', 'a lost fox'],
    ['a\uFEFFlost fox', 'a\uFEFFlost fox'],
    ['漢'.repeat(300), '漢'.repeat(300)],
  ])('finds the images of a lost create of a prompt folded as the server folds it: %j', async (prompt, stored) => {
    emulator.control.configure({ latencyMs: 0 });
    emulator.control.injectFaults({ route: 'generate', kind: 'drop', times: 1 });
    const api = client();
    const err = (await api.images.generate({ prompt, num_outputs: 1, width: 256, height: 256 }).catch((e: unknown) => e)) as OutcomeUnknownError;
    expect(err).toBeInstanceOf(OutcomeUnknownError);
    const ledger = await settledLedger(emulator, token);
    const listed = await api.outputs.list({ per_page: 10 });
    expect(listed.outputs.map((o) => o.generation.prompt?.text)).toEqual([stored]);
    const report = creditReport(ledger, { delivered: [], recovered: [await recover(api, err)] });
    expect(report.generate).toMatchObject({ charged: 1, recovered: 1, unaccounted: [] });
    emulator.control.configure({ latencyMs: 150 });
  });
});

/** Takes the door down when the `nth` read arrives (the read in flight is cut, reads after it are refused). */
function crashAfterRead(frontDoor: FrontDoor, nth: number): void {
  let seen = 0;
  frontDoor.onRequest.push((record) => {
    if (record.method === 'GET' && ++seen === nth) setTimeout(() => void frontDoor.down(), 0);
  });
}

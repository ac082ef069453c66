/** Every error class, produced by the emulator (or a closed port) over real HTTP; none shows the token. */
import { createServer } from 'node:net';
import { CONTENT_MARKERS } from '@stablecog/emulator';
import {
  AbortedError,
  AuthenticationError,
  ContentPolicyError,
  downloadImage,
  InsufficientCreditsError,
  NetworkError,
  OutcomeUnknownError,
  PermissionError,
  QueueFullError,
  randomSeed,
  RateLimitError,
  ServerError,
  ServerTimeoutError,
  StablecogError,
  UnexpectedResponseError,
  ValidationError,
} from '../../src';
import { eventually, everythingShownBy, useEmulator } from '../helpers/emulator';

const h = useEmulator();
const fastSleep = { sleep: async () => undefined };
const caught: Array<{ name: string; err: unknown; token: string }> = [];

/** Runs `call`, expects it to fail with `type`, and keeps the error for the token check. */
async function failure<T extends StablecogError>(call: Promise<unknown>, type: new (...args: never[]) => T): Promise<T> {
  const err = await call.then(
    () => {
      throw new Error(`expected ${type.name}, but the call succeeded`);
    },
    (e: unknown) => e,
  );
  caught.push({ name: type.name, err, token: h.token });
  expect(err).toBeInstanceOf(type);
  const typed = err as T;
  expect(typed.message).toBeTruthy();
  expect(typed.hint).toBeTruthy();
  return typed;
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

it('AuthenticationError: a bad token (401 Unauthorized)', async () => {
  const err = await failure(h.client({ apiToken: `sc-${'0'.repeat(64)}` }).credits.get(), AuthenticationError);
  expect(err).toMatchObject({ status: 401, apiError: 'Unauthorized', code: 'authentication' });
  caught.at(-1)!.token = `sc-${'0'.repeat(64)}`;
});

it('PermissionError: an s3:// object of another account (401 image_not_owned), not a credential problem', async () => {
  const client = h.client();
  const { outputs } = await client.images.generate({ prompt: 'mine', num_outputs: 1, width: 256, height: 256 });
  const { object } = await client.images.upload({ data: (await downloadImage(outputs[0]!.url)).data });
  const other = h.emulator.control.createAccount({ credits: 10 }).token;
  const err = await failure(h.client({ apiToken: other }).images.upscale({ input: object }), PermissionError);
  expect(err.status).toBe(401);
  expect(err.apiError).toMatch(/not_owned/);
  caught.at(-1)!.token = other;
});

it('InsufficientCreditsError: 400 insufficient_credits, nothing charged', async () => {
  h.emulator.control.setCredits(h.token, 1);
  const err = await failure(h.client().images.generate({ prompt: 'x', num_outputs: 2 }), InsufficientCreditsError);
  expect(err.status).toBe(400);
  expect(h.emulator.control.ledger()).toEqual([]);
});

it('ContentPolicyError: 400 nsfw_prompt, nothing charged', async () => {
  const err = await failure(h.client().images.generate({ prompt: `a ${CONTENT_MARKERS.nsfwPrompt} picture` }), ContentPolicyError);
  expect(err.apiError).toBe('nsfw_prompt');
  expect(h.emulator.control.ledger()).toEqual([]);
});

it('ValidationError: caught by the client before anything is sent', async () => {
  const err = await failure(h.client().images.generate({ prompt: 'x', width: 2048 }), ValidationError);
  expect(err.message).toBe('width: must be at most 1536 (got 2048)');
  expect(err.field).toBe('width');
  expect(err.status).toBeUndefined();
  expect(h.emulator.control.requests()).toEqual([]);
});

it('ValidationError: a 400 from the server names the field', async () => {
  const err = await failure(h.client().images.generate({ prompt: 'x', model_id: '00000000-0000-4000-8000-000000000000', width: 512, height: 512 }), ValidationError);
  expect(err).toMatchObject({ status: 400, apiError: 'invalid_model_id', field: 'model_id' });
});

it('ValidationError: an unknown model without a size is caught before the create (the real server would crash)', async () => {
  const err = await failure(h.client().images.generate({ prompt: 'x', model_id: '00000000-0000-4000-8000-000000000000' }), ValidationError);
  expect(err).toMatchObject({ field: 'model_id', status: undefined });
  expect(h.emulator.control.requests().map((r) => r.path)).toEqual(['/v1/image/generation/models']);
});

it('ValidationError: too many steps for the default model’s default size, caught after the free models lookup', async () => {
  const err = await failure(h.client().images.generate({ prompt: 'x', inference_steps: 40 }), ValidationError);
  expect(err).toMatchObject({ field: 'inference_steps', status: undefined });
  expect(err.message).toMatch(/^inference_steps: .*1024 × 1024 × 40 = 41,943,040.* at the default size of FLUX\.1/);
  expect(err.hint).toMatch(/at most 30 inference_steps/);
  expect(h.emulator.control.requests().map((r) => r.path)).toEqual(['/v1/image/generation/models']);
  expect(h.emulator.control.ledger()).toEqual([]);
});

it('the models lookup happens only when the size is not given in full, once per client for a while', async () => {
  const client = h.client();
  await client.images.generate({ prompt: 'x', num_outputs: 1 });
  await client.images.generate({ prompt: 'x', num_outputs: 1, width: 512, height: 512, inference_steps: 100 });
  for (const steps of [20, 30]) await client.images.generate({ prompt: 'x', num_outputs: 1, inference_steps: steps });
  await failure(client.images.generate({ prompt: 'x', width: 1536 }), ValidationError);
  const paths = h.emulator.control.requests().map((r) => r.path.replace('/v1/image/generation/', ''));
  expect(paths).toEqual(['create', 'create', 'models', 'create', 'create']);
});

it('the cached model list is fetched again after a minute', async () => {
  let now = Date.now();
  const client = h.client({ now: () => now });
  const lookups = () => h.emulator.control.requests().filter((r) => r.path === '/v1/image/generation/models').length;
  await client.images.generate({ prompt: 'x', num_outputs: 1, inference_steps: 20 });
  now += 59_000;
  await client.images.generate({ prompt: 'x', num_outputs: 1, inference_steps: 20 });
  expect(lookups()).toBe(1);
  now += 2_000;
  await client.images.generate({ prompt: 'x', num_outputs: 1, inference_steps: 20 });
  expect(lookups()).toBe(2);
});

it('N concurrent generates that need the model list share one fetch of it', async () => {
  const client = h.client();
  const lookups = () => h.emulator.control.requests().filter((r) => r.path === '/v1/image/generation/models').length;
  await Promise.all([1, 2, 3, 4, 5].map(() => client.images.generate({ prompt: 'x', num_outputs: 1, inference_steps: 20 })));
  expect(lookups()).toBe(1);
  expect(h.emulator.control.requests().filter((r) => r.path === '/v1/image/generation/create')).toHaveLength(5);
});

it('a failed model lookup is not kept: the next generate fetches the list again', async () => {
  const client = h.client({ maxRetries: 0 });
  h.emulator.control.injectFaults([{ route: 'models', kind: '500', times: 1 }]);
  await failure(client.images.generate({ prompt: 'x', num_outputs: 1, inference_steps: 20 }), ServerError);
  await client.images.generate({ prompt: 'x', num_outputs: 1, inference_steps: 20 });
  expect(h.emulator.control.requests().map((r) => r.path.replace('/v1/image/generation/', ''))).toEqual(['models', 'models', 'create']);
});

it('ValidationError: a scheduler the model does not offer is refused before the create, naming the field', async () => {
  const [flux] = (await h.client().models.generation()).filter((m) => m.is_default);
  const offered = new Set(flux!.available_schedulers!.map((s) => s.id));
  const other = (await h.client().models.generation()).flatMap((m) => m.available_schedulers ?? []).find((s) => !offered.has(s.id))!;
  h.emulator.control.reset();
  h.token = h.emulator.control.createAccount({ credits: 1000, plan: 'pro' }).token;
  const err = await failure(h.client().images.generate({ prompt: 'x', scheduler_id: other.id, width: 512, height: 512 }), ValidationError);
  expect(err).toMatchObject({ field: 'scheduler_id', status: undefined });
  expect(err.message).toMatch(/not one of the schedulers FLUX\.1 offers/);
  expect(h.emulator.control.requests().map((r) => r.path)).toEqual(['/v1/image/generation/models']);
});

it("aspect_ratio sends Stablecog's own size for the model, which the outputs filter finds", async () => {
  const client = h.client();
  const models = await client.models.generation();
  const kandinsky = models.find((m) => m.default_width === 768)!;
  const large = await client.images.generate({ prompt: 'wide', num_outputs: 1, aspect_ratio: '16:9' });
  expect(large.settings).toMatchObject({ width: 1280, height: 720 });
  const medium = await client.images.generate({ prompt: 'wide', num_outputs: 1, aspect_ratio: '16:9', model_id: kandinsky.id });
  expect(medium.settings).toMatchObject({ width: 1024, height: 576 });
  const found = (await client.outputs.list({ aspect_ratio: ['16-9'] })).outputs.map((o) => o.id);
  expect(found).toEqual(expect.arrayContaining([large.outputs[0]!.id, medium.outputs[0]!.id]));
});

it('RateLimitError: a 429 that outlasts the retries, with Retry-After', async () => {
  h.emulator.control.injectFaults([{ route: 'credits', kind: '429' }]);
  const err = await failure(h.client({ maxRetries: 2, ...fastSleep }).credits.get(), RateLimitError);
  expect(err).toMatchObject({ status: 429, retryAfterMs: 1000 });
  expect(err.message).toContain('Too Many Requests');
  expect(h.emulator.control.requests()).toHaveLength(3);
});

/** One create running and one waiting, with no more room in the queue: the next is refused. */
async function fillTheQueue(latencyMs: number): Promise<Array<Promise<unknown>>> {
  h.emulator.control.configure({ latencyMs, overflowLimit: 0, slots: { pro: 0 } });
  const client = h.client();
  const running = client.images.generate({ prompt: 'a', num_outputs: 1 });
  await eventually(() => expect(h.emulator.control.usage(h.token).generate).toBe(1));
  const waiting = client.images.generate({ prompt: 'b', num_outputs: 1 });
  await eventually(() => expect(h.emulator.control.usage(h.token).waiting).toBe(1));
  return [running, waiting];
}

it('QueueFullError: 400 queue_limit_reached when too many wait (retrying off)', async () => {
  const queued = await fillTheQueue(1000);
  await failure(h.client({ maxRetries: 0 }).images.generate({ prompt: 'c', num_outputs: 1 }), QueueFullError);
  await Promise.all(queued);
});

it('queue_limit_reached is waited out: the refused create is sent again and charged once', async () => {
  const queued = await fillTheQueue(500);
  const refusedFirst = await h.client().images.generate({ prompt: 'c', num_outputs: 1 });
  await Promise.all(queued);
  expect(refusedFirst.outputs).toHaveLength(1);
  const creates = h.emulator.control.requests().filter((r) => r.path === '/v1/image/generation/create');
  expect(creates.filter((r) => r.status === 400).length).toBeGreaterThan(0);
  const charges = h.emulator.control.ledger().filter((e) => e.kind === 'charge');
  expect(charges).toHaveLength(3);
});

it('ServerTimeoutError: 500 TIMEOUT, refunded, safe to try again with the seed it was sent with; says how long it really waited', async () => {
  h.emulator.control.configure({ latencyMs: 1200 });
  h.emulator.control.injectFaults([{ route: 'generate', kind: 'timeout', times: 1 }]);
  const err = await failure(h.client({ random: () => 0.5 }).images.generate({ prompt: 'slow', num_outputs: 2 }), ServerTimeoutError);
  const sent = randomSeed(() => 0.5); // the seed the client picked and sent
  expect(err).toMatchObject({ seed: sent, prompt: 'slow', waitedMs: expect.any(Number) });
  expect(err.waitedMs!).toBeGreaterThanOrEqual(1200);
  expect(err.message).toMatch(/^The server gave up after \d+\.\d s without a result .* and refunded the credits \(500 TIMEOUT\) \(seed \d+\)\.$/);
  expect(err.message).not.toContain('240');
  expect(err.hint).toMatch(new RegExp(`safe to try again: send seed ${sent} again to get the same image`));
  const ledger = h.emulator.control.ledger();
  expect(ledger.map((e) => [e.kind, e.amount])).toEqual([['charge', 2], ['refund', 2]]);
  expect(h.emulator.control.requests()).toHaveLength(1);
});

it('ServerError: a worker failure on a create (refunded), and a read that keeps failing', async () => {
  h.emulator.control.injectFaults([{ route: 'generate', kind: 'worker-failure', times: 1 }]);
  const create = await failure(h.client().images.generate({ prompt: 'x', num_outputs: 1 }), ServerError);
  expect(create.status).toBe(500);
  expect(h.emulator.control.requests()).toHaveLength(1);
  h.emulator.control.injectFaults([{ route: 'outputs', kind: '500' }]);
  await failure(h.client({ maxRetries: 1, ...fastSleep }).outputs.list(), ServerError);
});

it('NetworkError: nothing listening (refused), and a read whose connection keeps dropping', async () => {
  const port = await closedPort();
  const refused = await failure(
    h.client({ baseUrl: `http://127.0.0.1:${port}`, maxRetries: 1, ...fastSleep }).images.generate({ prompt: 'x' }),
    NetworkError,
  );
  expect(refused.kind).toBe('refused');
  expect(refused.hint).toMatch(/nothing was charged/);
  h.emulator.control.injectFaults([{ route: 'credits', kind: 'drop-before' }]);
  const dropped = await failure(h.client({ maxRetries: 2, ...fastSleep }).credits.get(), NetworkError);
  expect(dropped.kind).toBe('network');
  await eventually(() => expect(h.emulator.control.requests()).toHaveLength(3));
});

it('NetworkError: a read that times out', async () => {
  h.emulator.control.injectFaults([{ route: 'credits', kind: 'slow', delayMs: 2000 }]);
  const err = await failure(h.client({ maxRetries: 0 }).credits.get({ timeoutMs: 200 }), NetworkError);
  expect(err.kind).toBe('timeout');
});

it('OutcomeUnknownError: a create that times out on the client, with the seed to find it', async () => {
  h.emulator.control.configure({ latencyMs: 1000 });
  const err = await failure(h.client().images.generate({ prompt: 'patience', num_outputs: 1, seed: 99 }, { timeoutMs: 200 }), OutcomeUnknownError);
  expect(err).toMatchObject({ reason: 'timeout', prompt: 'patience', seed: 99, operation: 'generate' });
  await eventually(() => expect(h.emulator.control.requests()).toHaveLength(1));
});

it('OutcomeUnknownError: a 502 on an upscale', async () => {
  h.emulator.control.injectFaults([{ route: 'upscale', kind: '502', times: 1 }]);
  const err = await failure(h.client().images.upscale({ input: 'https://example.invalid/x.png' }), OutcomeUnknownError);
  expect(err).toMatchObject({ reason: 'status', status: 502, input: 'https://example.invalid/x.png' });
});

it('AbortedError: cancelled before sending; a create cancelled in flight is an unknown outcome', async () => {
  await failure(h.client().credits.get({ signal: AbortSignal.abort() }), AbortedError);
  h.emulator.control.configure({ latencyMs: 1000 });
  const lost = await failure(h.client().images.generate({ prompt: 'x', num_outputs: 1 }, { signal: AbortSignal.timeout(100) }), OutcomeUnknownError);
  expect(lost.reason).toBe('aborted');
});

it('UnexpectedResponseError: baseUrl pointing somewhere else (404 plain text)', async () => {
  const err = await failure(h.client({ baseUrl: h.emulator.cdnUrl }).credits.get(), UnexpectedResponseError);
  expect(err.status).toBe(404);
  expect(err.hint).toMatch(/baseUrl/);
});

it('UnexpectedResponseError: a 200 whose body is not the expected shape', async () => {
  const err = await failure(h.client({ baseUrl: h.emulator.controlUrl }).credits.get(), StablecogError);
  expect(err).toBeInstanceOf(UnexpectedResponseError);
});

it('no error above shows its token: message, JSON, util.inspect, causes, stacks', () => {
  expect(caught.length).toBeGreaterThanOrEqual(18);
  const leaks = caught.filter(({ err, token }) => {
    const shown = everythingShownBy(err);
    return shown.includes(token) || shown.includes(token.slice(3));
  });
  expect(leaks.map((l) => l.name)).toEqual([]);
});
